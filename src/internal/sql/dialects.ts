import type { SqlDialectName } from "../../sql/types.js";

/**
 * The SQL dialects `toSql` writes: one object per engine with every piece of syntax that differs between them.
 * Everything else the compiled queries use (CTEs, CASE, COUNT/SUM/MIN/MAX, COALESCE, GROUP BY, ROW_NUMBER) is
 * common to the five engines. docs/warehouse-sql.md has the same facts as one table.
 *
 * Conventions of every method: arguments are SQL expressions (already quoted or parameter placeholders), the
 * result is an SQL expression. No method pastes a user value: values travel as parameters ({@link SqlParams}).
 */

/** The type a parameter is bound as. */
export type SqlParamType = "timestamp" | "text" | "integer";

/** A weekday as in `WeekStartsOn`: 0 = Sunday … 6 = Saturday. */
type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface SqlDialect {
  readonly name: SqlDialectName;
  /** One identifier, quoted: embedded quote characters are doubled (escaped), so any string is one identifier. */
  quoteIdent(name: string): string;
  /** The placeholder of parameter `index` (1-based), of type `type`. */
  placeholder(index: number, type: SqlParamType): string;
  /** Whether parameters are bound by name (`p1`, `p2`, …) rather than by position. */
  readonly namedParams: boolean;
  /** An ISO 8601 UTC text (the parameter) read as an instant (timestamp with time zone). */
  instant(text: string): string;
  /** An instant as whole epoch milliseconds (an integer). */
  epochMs(ts: string): string;
  /** The local calendar date of an instant in IANA zone `tz` (an expression, usually a parameter). */
  localDate(ts: string, tz: string): string;
  /** Days from 1970-01-01 to a date (the library's local day number). */
  dayNumber(date: string): string;
  /** The day of the week of a date: 0 = Sunday … 6 = Saturday. */
  weekday(date: string): string;
  /** A date moved by `days` (an integer expression) days. */
  addDays(date: string, days: string): string;
  /** The first day of the month of a date. */
  monthStart(date: string): string;
  /** Floor division of two non-negative integers. */
  intDiv(a: string, b: string): string;
  /** MAX of a column, NULL over no rows (ClickHouse's MAX gives the type's default there). */
  maxOrNull(expr: string): string;
  /** An exact decimal (a SUM of DECIMAL / NUMERIC) as its decimal text, so no driver reads it as a float. */
  decimalText(expr: string): string;
  /** A byte-order (binary) comparison key for a text value. */
  binaryText(expr: string): string;
}

/** The first day of the week (starting on `weekStartsOn`) of a date: `date − ((weekday − weekStartsOn + 7) mod 7)`. */
export function weekStart(d: SqlDialect, date: string, weekStartsOn: Weekday): string {
  return d.addDays(date, `-(MOD(${d.weekday(date)} + ${7 - weekStartsOn}, 7))`);
}

const doubleQuoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const backQuoted = (name: string): string => `\`${name.replace(/\\/g, "\\\\").replace(/`/g, "\\`")}\``;

const duckdb: SqlDialect = {
  name: "duckdb",
  quoteIdent: doubleQuoted,
  placeholder: (i) => `$${i}`,
  namedParams: false,
  instant: (t) => `CAST(${t} AS TIMESTAMPTZ)`,
  epochMs: (ts) => `epoch_ms(${ts})`,
  // timezone(zone, TIMESTAMPTZ) is the local wall-clock TIMESTAMP in the zone (ICU, IANA names).
  localDate: (ts, tz) => `CAST(timezone(${tz}, ${ts}) AS DATE)`,
  dayNumber: (d) => `date_diff('day', DATE '1970-01-01', ${d})`,
  weekday: (d) => `dayofweek(${d})`,
  addDays: (d, n) => `CAST(${d} + CAST(${n} AS INTEGER) AS DATE)`,
  monthStart: (d) => `CAST(date_trunc('month', ${d}) AS DATE)`,
  intDiv: (a, b) => `(${a} // ${b})`,
  maxOrNull: (e) => `MAX(${e})`,
  decimalText: (e) => `CAST(${e} AS VARCHAR)`,
  // DuckDB's default collation compares VARCHARs by bytes.
  binaryText: (e) => `CAST(${e} AS VARCHAR)`,
};

const postgres: SqlDialect = {
  name: "postgres",
  quoteIdent: doubleQuoted,
  // The type of $n is inferred from its context (every use is inside a CAST or compared with a typed column).
  placeholder: (i) => `$${i}`,
  namedParams: false,
  instant: (t) => `CAST(${t} AS timestamptz)`,
  epochMs: (ts) => `CAST(FLOOR(EXTRACT(EPOCH FROM ${ts}) * 1000) AS bigint)`,
  localDate: (ts, tz) => `CAST((${ts} AT TIME ZONE ${tz}) AS date)`,
  dayNumber: (d) => `(${d} - DATE '1970-01-01')`,
  weekday: (d) => `CAST(EXTRACT(DOW FROM ${d}) AS integer)`,
  addDays: (d, n) => `(${d} + CAST(${n} AS integer))`,
  monthStart: (d) => `CAST(date_trunc('month', ${d}) AS date)`,
  intDiv: (a, b) => `div(${a}, ${b})`,
  maxOrNull: (e) => `MAX(${e})`,
  decimalText: (e) => `CAST(${e} AS text)`,
  // The database's collation (often en_US) is not byte order; "C" is.
  binaryText: (e) => `(CAST(${e} AS text) COLLATE "C")`,
};

const clickhouse: SqlDialect = {
  name: "clickhouse",
  quoteIdent: backQuoted,
  placeholder: (i, type) => `{p${i}:${type === "integer" ? "Int64" : "String"}}`,
  namedParams: true,
  instant: (t) => `parseDateTime64BestEffort(${t}, 3, 'UTC')`,
  epochMs: (ts) => `toUnixTimestamp64Milli(toDateTime64(${ts}, 3, 'UTC'))`,
  // The zone argument must be a constant: a query parameter is one (substituted before analysis).
  localDate: (ts, tz) => `toDate(${ts}, ${tz})`,
  dayNumber: (d) => `dateDiff('day', toDate('1970-01-01'), ${d})`,
  weekday: (d) => `(toDayOfWeek(${d}) % 7)`,
  addDays: (d, n) => `addDays(${d}, ${n})`,
  monthStart: (d) => `toStartOfMonth(${d})`,
  intDiv: (a, b) => `intDiv(${a}, ${b})`,
  maxOrNull: (e) => `maxOrNull(${e})`,
  decimalText: (e) => `toString(${e})`,
  binaryText: (e) => `toString(${e})`,
};

const bigquery: SqlDialect = {
  name: "bigquery",
  quoteIdent: backQuoted,
  placeholder: (i) => `@p${i}`,
  namedParams: true,
  instant: (t) => `TIMESTAMP(${t})`,
  epochMs: (ts) => `UNIX_MILLIS(${ts})`,
  localDate: (ts, tz) => `DATE(${ts}, ${tz})`,
  dayNumber: (d) => `DATE_DIFF(${d}, DATE '1970-01-01', DAY)`,
  weekday: (d) => `(EXTRACT(DAYOFWEEK FROM ${d}) - 1)`,
  addDays: (d, n) => `DATE_ADD(${d}, INTERVAL ${n} DAY)`,
  monthStart: (d) => `DATE_TRUNC(${d}, MONTH)`,
  intDiv: (a, b) => `DIV(${a}, ${b})`,
  maxOrNull: (e) => `MAX(${e})`,
  decimalText: (e) => `CAST(${e} AS STRING)`,
  // STRING comparison is by Unicode code point (UTF-8 bytes) unless a collation is set.
  binaryText: (e) => `CAST(${e} AS STRING)`,
};

const snowflake: SqlDialect = {
  name: "snowflake",
  quoteIdent: doubleQuoted,
  placeholder: (i) => `:${i}`,
  namedParams: false,
  instant: (t) => `TO_TIMESTAMP_TZ(${t})`,
  epochMs: (ts) => `DATE_PART(EPOCH_MILLISECOND, ${ts})`,
  localDate: (ts, tz) => `CAST(CONVERT_TIMEZONE(${tz}, ${ts}) AS DATE)`,
  dayNumber: (d) => `DATEDIFF(DAY, DATE '1970-01-01', ${d})`,
  // DAYOFWEEKISO does not depend on the WEEK_START session parameter (DAYOFWEEK does): 1 = Monday … 7 = Sunday.
  weekday: (d) => `MOD(DAYOFWEEKISO(${d}), 7)`,
  addDays: (d, n) => `DATEADD(DAY, ${n}, ${d})`,
  monthStart: (d) => `DATE_TRUNC(MONTH, ${d})`,
  intDiv: (a, b) => `FLOOR(${a} / ${b})`,
  maxOrNull: (e) => `MAX(${e})`,
  decimalText: (e) => `TO_VARCHAR(${e})`,
  // Without a COLLATE specification Snowflake compares strings by UTF-8 bytes.
  binaryText: (e) => `TO_VARCHAR(${e})`,
};

const DIALECTS: Readonly<Record<SqlDialectName, SqlDialect>> = { duckdb, postgres, clickhouse, bigquery, snowflake };

/** The names `toSql` accepts as `dialect`. */
export const DIALECT_NAMES: readonly SqlDialectName[] = ["duckdb", "postgres", "clickhouse", "bigquery", "snowflake"];

/** The dialect of a name (validated by the caller with {@link DIALECT_NAMES}). */
export function dialectOf(name: SqlDialectName): SqlDialect {
  return DIALECTS[name];
}
