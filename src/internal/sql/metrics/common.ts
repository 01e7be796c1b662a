import { argumentError } from "../../fail.js";
import type { Source } from "../writer.js";

/**
 * Row readers shared by the metrics whose query returns many rows (a header row, then one row per customer or
 * cell): the header is found by its index 0, the body sorted by its index, so the rows may come in any order.
 */

export type Row = Readonly<Record<string, unknown>>;

/** Exact money: integer units at a scale. */
export interface Units {
  units: bigint;
  scale: number;
}

function bad(column: string, what: string, got: unknown): Error {
  return argumentError(`rows[].${column}`, `must be ${what}`, got, "Pass the rows of the query toSql compiled, as the driver returns them (decimals as text).");
}

function integer(v: unknown): number | null {
  const n = typeof v === "bigint" ? Number(v) : typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : null;
}

/** A whole number (a day number, an index). */
export function dayCell(row: Row, column: string): number {
  const n = integer(row[column]);
  if (n === null) throw bad(column, "a whole number", row[column]);
  return n;
}

/** The customer id cell: text (a number or bigint is read as its decimal text). */
export function customerIdCell(row: Row): string {
  const v = row.customer_id;
  if (typeof v === "string") return v;
  if (typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v))) return String(v);
  throw bad("customer_id", "the customer id as text", v);
}

/**
 * The header row (index column 0) and the other rows sorted by that column (1, 2, …). Refuses anything but an
 * array of objects with exactly one header.
 */
export function sortedRows(rows: unknown, index = "customer_index"): { header: Row; body: Row[] } {
  if (!Array.isArray(rows) || rows.some((r) => typeof r !== "object" || r === null)) {
    throw argumentError("rows", "must be the rows the query returns (objects keyed by column name)", rows, "Pass the rows of the query toSql compiled for this metric, unchanged.");
  }
  const keyed = (rows as Row[]).map((row) => {
    const k = integer(row[index]);
    if (k === null || k < 0) throw bad(index, "a whole number ≥ 0", row[index]);
    return { k, row };
  });
  const headers = keyed.filter((x) => x.k === 0);
  if (headers.length !== 1) {
    throw argumentError("rows", `must hold exactly one header row (${index} 0), got ${headers.length}`, rows.length, "Pass the rows of one order set (with partitionBy: the rows of one partition_key).");
  }
  const body = keyed.filter((x) => x.k !== 0).sort((a, b) => a.k - b.k);
  return { header: (headers[0] as { row: Row }).row, body: body.map((x) => x.row) };
}

/** a − b (b null: a), exactly. */
export function exactUnits(a: Units, b: Units | null): Units {
  if (b === null) return a;
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * 10n ** BigInt(scale - a.scale) - b.units * 10n ** BigInt(scale - b.scale), scale };
}

/** Units at a larger scale. */
export function atScale(a: Units, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

/**
 * Lists of exact amounts as integer minor units at one scale, the fewest decimal places that hold every amount
 * (as the in-process columnar views choose it), in `Float64Array`s; `exact` lists the indexes where some amount
 * is past 2^53 (then no place is dropped and `units` holds the exact values).
 */
export function moneyColumns(lists: ReadonlyArray<readonly Units[]>): { scale: number; columns: Float64Array[]; units: bigint[][]; exact: number[] | null } {
  let scale = 0;
  for (const list of lists) for (const u of list) if (u.scale > scale) scale = u.scale;
  const units = lists.map((list) => list.map((u) => atScale(u, scale)));
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  let exact: number[] | null = null;
  for (const list of units) {
    list.forEach((x, k) => {
      if (x > limit || x < -limit) (exact ??= []).includes(k) || exact.push(k);
    });
  }
  let drop = 0;
  if (exact === null) {
    drop = scale;
    for (const list of units) {
      for (const x of list) {
        while (drop > 0 && x % 10n ** BigInt(drop) !== 0n) drop--;
        if (drop === 0) break;
      }
    }
  }
  const p = 10n ** BigInt(drop);
  const columns = units.map((list) => Float64Array.from(list, (x) => Number(x / p)));
  return { scale: scale - drop, columns, units, exact };
}

/** A whole number ≥ 0 (a count). */
export function countCell(row: Row, column: string): number {
  const n = integer(row[column]);
  if (n === null || n < 0) throw bad(column, "a whole number ≥ 0", row[column]);
  return n;
}

/** Epoch milliseconds, or null. */
export function msCell(row: Row, column: string): number | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  const n = typeof v === "string" && /^-?\d+\.0*$/.test(v.trim()) ? Number.parseFloat(v) : integer(v);
  if (n === null || !Number.isSafeInteger(n)) throw bad(column, "epoch milliseconds (a whole number) or NULL", v);
  return n;
}

/** An exact decimal cell: its decimal text (a whole number or bigint is read through its decimal form). */
export function unitsCell(row: Row, column: string): Units {
  const v = row[column];
  // A float is refused unless it is a whole number: a driver that reads a DECIMAL as a double has already rounded it.
  const text =
    typeof v === "string" ? v.trim() : typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v)) ? String(v) : typeof v === "object" && v !== null && "toFixed" in v ? String(v) : null;
  const m = text === null ? null : /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (m === null) throw bad(column, "an exact decimal (as text)", v);
  const frac = m[3] ?? "";
  return { units: BigInt(`${m[1]}${m[2]}${frac}`), scale: frac.length };
}

/** `alias.part AS part, ` when the query is partitioned, else "" (named: ClickHouse keeps a qualified name otherwise). */
export const partAs = (s: Source, alias: string): string => (s.partition === null ? "" : `${alias}.part AS part, `);
