import type { Granularity, WeekStartsOn } from "../../../core/types.js";
import { argumentError } from "../../fail.js";
import * as cells from "../cells.js";
import type { Row, Units } from "../cells.js";
import { weekStart, type SqlDialect } from "../dialects.js";
import type { Source } from "../writer.js";

/**
 * SQL pieces of the period metrics (retentionSeries, growthAccounting): the period index of an instant, as the
 * library's period kernel numbers periods (src/internal/time/periods.ts), an instant moved by elapsed
 * milliseconds, the previous and next value of a customer's ordered rows, and the readers of the rows those
 * queries return (many rows: one per period with a change, per partition).
 *
 * Period indices are those of `periodKernel`: the local day number (day), whole weeks since the first
 * `weekStartsOn` day on or before 1970-01-01 (week), `year × 12 + month − 1` (month), `year × 4 + quarter − 1`
 * (quarter), the year (year), all of the local date in the zone. So the query and `fromSqlRows` agree on which
 * period an index is, and labels and starts are written by the library.
 */

/** The year or month (1–12) of a date, as an integer. */
function datePart(d: SqlDialect, part: "YEAR" | "MONTH", date: string): string {
  if (d.name === "clickhouse") return part === "YEAR" ? `toInt32(toYear(${date}))` : `toInt32(toMonth(${date}))`;
  // PostgreSQL's EXTRACT gives numeric; the others an integer type.
  if (d.name === "postgres") return `CAST(EXTRACT(${part} FROM ${date}) AS integer)`;
  return `EXTRACT(${part} FROM ${date})`;
}

/** The period index (of the library's period kernel) of a local date. */
export function periodOfDate(d: SqlDialect, date: string, granularity: Granularity, weekStartsOn: WeekStartsOn): string {
  switch (granularity) {
    case "day":
      return d.dayNumber(date);
    case "week":
      // The week's first day minus a day with weekday weekStartsOn (day weekStartsOn − 4: 1970-01-01 was a
      // Thursday) is a multiple of 7, so the division is exact whatever its rounding of negatives.
      return d.intDiv(`(${d.dayNumber(weekStart(d, date, weekStartsOn))} - (${weekStartsOn - 4}))`, "7");
    case "month":
      return `(${datePart(d, "YEAR", date)} * 12 + ${datePart(d, "MONTH", date)} - 1)`;
    case "quarter":
      return `(${datePart(d, "YEAR", date)} * 4 + ${d.intDiv(`(${datePart(d, "MONTH", date)} - 1)`, "3")})`;
    case "year":
      return datePart(d, "YEAR", date);
  }
}

/** An instant moved forward by `ms` (an integer expression) milliseconds of elapsed time (never calendar days). */
export function plusMs(d: SqlDialect, ts: string, ms: string): string {
  switch (d.name) {
    case "duckdb":
      return `(${ts} + to_milliseconds(CAST(${ms} AS BIGINT)))`;
    case "postgres":
      // An interval of milliseconds only (no days part): added as elapsed time, whatever the session zone.
      return `(${ts} + CAST(${ms} AS bigint) * INTERVAL '1 millisecond')`;
    case "clickhouse":
      return `addMilliseconds(${ts}, ${ms})`;
    case "bigquery":
      return `TIMESTAMP_MILLIS(UNIX_MILLIS(${ts}) + ${ms})`;
    case "snowflake":
      return `DATEADD(MILLISECOND, ${ms}, ${ts})`;
  }
}

/**
 * The value of `expr` on the customer's previous (`lag`) or next (`lead`) row in time order, NULL at the first or
 * last row. ClickHouse has `lagInFrame`/`leadInFrame`, which read the frame (so it is the whole partition) and
 * give the type's default unless the value is nullable.
 */
export function neighbour(s: Source, which: "lag" | "lead", expr: string, order: string): string {
  const by = `PARTITION BY ${s.partition === null ? "" : "part, "}customer ORDER BY ${order}`;
  if (s.writer.d.name === "clickhouse") {
    return `${which}InFrame(toNullable(${expr})) OVER (${by} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`;
  }
  return `${which.toUpperCase()}(${expr}) OVER (${by})`;
}

/** MIN of a column, NULL over no rows (ClickHouse's MIN gives the type's default there). */
export const minOrNull = (d: SqlDialect, e: string): string => (d.name === "clickhouse" ? `minOrNull(${e})` : `MIN(${e})`);

/**
 * The CTE `series_bounds`: per partition (`k`: the partition value; no `k` for the one order set) the observation
 * end and the time of the first order of all (seen or not: the library's default start of a series).
 */
export function boundsCte(s: Source): { name: string; comment: string; body: string } {
  const d = s.writer.d;
  const body =
    s.partition === null
      ? `SELECT observation.as_of, first_order.first_placed\nFROM observation CROSS JOIN (SELECT ${minOrNull(d, "placed")} AS first_placed FROM source_orders) AS first_order`
      : `SELECT observation.part AS k, observation.as_of, first_order.first_placed\nFROM observation JOIN (SELECT part, MIN(placed) AS first_placed FROM source_orders GROUP BY part) AS first_order\n  ON first_order.part = observation.part`;
  return {
    name: "series_bounds",
    comment: "The observation end and the first order of all (seen or not): the series starts at its period unless from is given.",
    body,
  };
}

/**
 * The final SELECT: every change row joined to its bounds (a partition with no change still gets one row, its
 * period NULL; ClickHouse, which fills an unmatched row with defaults, gives period 0 and zero changes). `decimals`:
 * exact decimal columns, written as text.
 */
export function boundsSelect(s: Source, changes: string, columns: readonly string[], decimals: readonly string[] = []): string {
  const d = s.writer.d;
  return [
    "SELECT",
    ...(s.partition === null ? [] : ["  b.k AS partition_key,"]),
    "  c.period AS period,",
    ...columns.map((c) => `  COALESCE(c.${c}, 0) AS ${c},`),
    ...decimals.map((c) => `  ${d.decimalText(`COALESCE(c.${c}, 0)`)} AS ${c},`),
    `  ${d.epochMs("b.first_placed")} AS first_order_ms,`,
    `  ${d.epochMs("b.as_of")} AS as_of_ms`,
    `FROM series_bounds AS b LEFT JOIN ${changes} AS c ON ${s.partition === null ? "TRUE" : "c.k = b.k"}`,
  ].join("\n");
}

/** Cells of row `i` (./cells.ts; the error's field is `rows[i].<column>`). */
export const intOrNull = (row: Row, i: number, column: string): number | null => cells.intOrNull(row, column, `rows[${i}]`);
export const intCell = (row: Row, i: number, column: string): number => cells.intCell(row, column, `rows[${i}]`);
export const decimalCell = (row: Row, i: number, column: string): Units => cells.unitsCell(row, column, `rows[${i}]`);

/** The rows of one order set: a non-empty array of objects; the first carries the bounds. */
export function theRows(rows: unknown): Row[] {
  if (!Array.isArray(rows) || rows.length === 0 || rows.some((r) => typeof r !== "object" || r === null)) {
    throw argumentError("rows", "must be the rows the query returns (one order set: at least one row)", rows, "Pass the rows of the query toSql compiled for this metric, unchanged (of one partition_key when partitioned).");
  }
  return rows as Row[];
}

/** The bounds every row carries: the first order's time and the observation end (epoch ms, or null). */
export function boundsOf(rows: readonly Row[]): { firstMs: number | null; asOfMs: number | null } {
  const r0 = rows[0] as Row;
  return { firstMs: intOrNull(r0, 0, "first_order_ms"), asOfMs: intOrNull(r0, 0, "as_of_ms") };
}
