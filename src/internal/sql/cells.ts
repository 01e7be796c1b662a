import { argumentError } from "../fail.js";

/**
 * The cells of the rows a compiled query returns, read by what they must be. Drivers differ in what they hand
 * back (a BIGINT as a number, a bigint or a string; a DECIMAL as text), so every cell is read by its kind: a whole
 * number, epoch milliseconds, or an exact decimal. A cell that is none of these is INVALID_ARGUMENT, never a
 * silently wrong number. `at` names the row in the error's field: `rows[0]` (the one row of a one-row query),
 * `rows[3]`, or `rows[]` (a row of a query whose rows may come in any order).
 */

export type Row = Readonly<Record<string, unknown>>;

/** Exact money: integer units at a scale. */
export interface Units {
  units: bigint;
  scale: number;
}

function bad(at: string, column: string, what: string, got: unknown): Error {
  return argumentError(`${at}.${column}`, `must be ${what}`, got, "Pass the rows of the query toSql compiled, as the driver returns them (decimals as text).");
}

/** A safe whole number from a number, bigint or text ("12", "-3", "12.000"), else undefined. */
function whole(v: unknown): number | undefined {
  const n = typeof v === "bigint" ? Number(v) : typeof v === "string" && /^-?\d+(\.0*)?$/.test(v.trim()) ? Number.parseFloat(v) : v;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : undefined;
}

/** A whole number (may be negative), or null for NULL. */
export function intOrNull(row: Row, column: string, at: string, what = "a whole number or NULL"): number | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  const n = whole(v);
  if (n === undefined) throw bad(at, column, what, v);
  return n;
}

/** A whole number (may be negative). */
export function intCell(row: Row, column: string, at: string): number {
  const n = intOrNull(row, column, at, "a whole number");
  if (n === null) throw bad(at, column, "a whole number", row[column]);
  return n;
}

/** A whole number ≥ 0 (a count). */
export function countCell(row: Row, column: string, at = "rows[0]"): number {
  const n = whole(row[column]);
  if (n === undefined || n < 0) throw bad(at, column, "a whole number ≥ 0", row[column]);
  return n;
}

/** Epoch milliseconds, or null (no orders). */
export function msCell(row: Row, column: string, at = "rows[0]"): number | null {
  return intOrNull(row, column, at, "epoch milliseconds (a whole number) or NULL");
}

/** An exact decimal cell as integer units at a scale. A float is refused unless whole: a driver that read a DECIMAL as a double has already rounded it. */
export function unitsCell(row: Row, column: string, at = "rows[0]"): Units {
  const v = row[column];
  const text =
    typeof v === "string" ? v.trim() : typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v)) ? String(v) : typeof v === "object" && v !== null && "toFixed" in v ? String(v) : null;
  const m = text === null ? null : /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (m === null) throw bad(at, column, "an exact decimal (as text)", v);
  const frac = m[3] ?? "";
  return { units: BigInt(`${m[1]}${m[2]}${frac}`), scale: frac.length };
}
