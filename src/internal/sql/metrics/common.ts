import { argumentError } from "../../fail.js";
import { countCell, intCell, msCell, unitsCell, type Row, type Units } from "../cells.js";
import type { Source } from "../writer.js";

export type { Row, Units };

/**
 * Row readers shared by the metrics whose query returns many rows (a header row, then one row per customer or
 * cell): the header is found by its index 0, the body sorted by its index, so the rows may come in any order.
 */

/** How a cell's error names its row: the rows come in any order. */
const AT = "rows[]";

/** A whole number (a day number, an index). */
export const dayCell = (row: Row, column: string): number => intCell(row, column, AT);

/** The customer id cell: text (a number or bigint is read as its decimal text). */
export function customerIdCell(row: Row): string {
  const v = row.customer_id;
  if (typeof v === "string") return v;
  if (typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v))) return String(v);
  throw argumentError(`${AT}.customer_id`, "must be the customer id as text", v, "Pass the rows of the query toSql compiled, as the driver returns them (decimals as text).");
}

/**
 * The header row (index column 0) and the other rows sorted by that column (1, 2, …). Refuses anything but an
 * array of objects with exactly one header.
 */
export function sortedRows(rows: unknown, index = "customer_index"): { header: Row; body: Row[] } {
  if (!Array.isArray(rows) || rows.some((r) => typeof r !== "object" || r === null)) {
    throw argumentError("rows", "must be the rows the query returns (objects keyed by column name)", rows, "Pass the rows of the query toSql compiled for this metric, unchanged.");
  }
  const keyed = (rows as Row[]).map((row) => ({ k: countCell(row, index, AT), row }));
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

/** A count, epoch milliseconds and an exact decimal of a row (./cells.ts). */
export const countCellAt = (row: Row, column: string): number => countCell(row, column, AT);
export const msCellAt = (row: Row, column: string): number | null => msCell(row, column, AT);
export const unitsCellAt = (row: Row, column: string): Units => unitsCell(row, column, AT);

/** `alias.part AS part, ` when the query is partitioned, else "" (named: ClickHouse keeps a qualified name otherwise). */
export const partAs = (s: Source, alias: string): string => (s.partition === null ? "" : `${alias}.part AS part, `);
