import type { Granularity, ResolvedWindow } from "../../core/types.js";
import type { SqlDialectName, SqlTarget } from "../../sql/types.js";
import { argumentError, optionError } from "../fail.js";
import { cohortCellsFromCounts, type CohortCells, type CohortCounts } from "../kernels/cohortCells.js";
import { cohortColumnLabels, type CohortLayout } from "../kernels/cohortOptions.js";
import type { CohortMode } from "../kernels/cohortTypes.js";
import { MS_PER_DAY } from "../time/civil.js";
import type { ResolvedCohortTable } from "./cohortTableOptions.js";
import { countCell, intCell as intCellAt, msCell, unitsCell, type Row } from "./cells.js";
import { joinObservation, observationCte, partCols, sourceCte, withCtes, type Cte, type Source } from "./writer.js";

/**
 * `cohortTable` compiled to SQL: the options reader, the query and the reader of its rows.
 *
 * The warehouse does the per-order work: each customer's first order and cohort period (the local calendar
 * period in the time zone), each counted order's column (calendar periods since the cohort's, or relative windows
 * of local wall-clock days since the first order), and per (cohort, column) the orders, exact money sums and
 * distinct customers, with the marks of the cell mode (a customer's last column, first return, run of
 * consecutive columns, or brackets). The library then lays the counts out exactly as the in-process kernel does
 * (src/internal/kernels/cohortCells.ts, `cohortCellsFromCounts`): the columns, the cap, incomplete cells, the
 * cumulative sums, the average curve and every ratio, so both give the same table.
 */

// --- Dialect pieces this query needs beyond src/internal/sql/dialects.ts. ---

interface CohortDialect {
  /** Months from year 0 of a date: year × 12 + month − 1 (the library's month index). */
  monthIndex(date: string): string;
  /** Local wall-clock time of an instant in zone `tz`, as epoch milliseconds of that wall time read as UTC. */
  wallMs(ts: string, tz: string): string;
  /** A 64-bit integer (every integer output column, so UNION ALL branches agree on one type). */
  int(e: string): string;
  readonly nullInt: string;
  readonly nullText: string;
}

const COHORT_DIALECTS: Readonly<Record<SqlDialectName, CohortDialect>> = {
  duckdb: {
    monthIndex: (d) => `(year(${d}) * 12 + month(${d}) - 1)`,
    wallMs: (ts, tz) => `epoch_ms(timezone(${tz}, ${ts}))`,
    int: (e) => `CAST(${e} AS BIGINT)`,
    nullInt: "CAST(NULL AS BIGINT)",
    nullText: "CAST(NULL AS VARCHAR)",
  },
  postgres: {
    monthIndex: (d) => `(CAST(EXTRACT(YEAR FROM ${d}) AS integer) * 12 + CAST(EXTRACT(MONTH FROM ${d}) AS integer) - 1)`,
    wallMs: (ts, tz) => `CAST(FLOOR(EXTRACT(EPOCH FROM (${ts} AT TIME ZONE ${tz})) * 1000) AS bigint)`,
    int: (e) => `CAST(${e} AS bigint)`,
    nullInt: "CAST(NULL AS bigint)",
    nullText: "CAST(NULL AS text)",
  },
  clickhouse: {
    monthIndex: (d) => `(toInt64(toYear(${d})) * 12 + toInt64(toMonth(${d})) - 1)`,
    wallMs: (ts, tz) => `(toUnixTimestamp64Milli(toDateTime64(${ts}, 3, 'UTC')) + 1000 * toInt64(timeZoneOffset(toTimeZone(${ts}, ${tz}))))`,
    int: (e) => `toInt64(${e})`,
    nullInt: "CAST(NULL AS Nullable(Int64))",
    nullText: "CAST(NULL AS Nullable(String))",
  },
  bigquery: {
    monthIndex: (d) => `(EXTRACT(YEAR FROM ${d}) * 12 + EXTRACT(MONTH FROM ${d}) - 1)`,
    wallMs: (ts, tz) => `UNIX_MILLIS(TIMESTAMP(DATETIME(${ts}, ${tz})))`,
    int: (e) => `CAST(${e} AS INT64)`,
    nullInt: "CAST(NULL AS INT64)",
    nullText: "CAST(NULL AS STRING)",
  },
  snowflake: {
    monthIndex: (d) => `(YEAR(${d}) * 12 + MONTH(${d}) - 1)`,
    wallMs: (ts, tz) => `DATE_PART(EPOCH_MILLISECOND, CAST(CONVERT_TIMEZONE(${tz}, ${ts}) AS TIMESTAMP_NTZ))`,
    int: (e) => `CAST(${e} AS BIGINT)`,
    nullInt: "CAST(NULL AS BIGINT)",
    nullText: "CAST(NULL AS VARCHAR)",
  },
};

/** Days of 1970-01-01 back from which week numbers stay exact (floor division of non-negative numbers only). */
const WEEK_SHIFT = 100_000;

/** The library's period index of a local date (src/internal/time/periods.ts, `ofDay`), as an SQL integer. */
function periodIndex(s: Source, c: CohortDialect, granularity: Granularity, weekStartsOn: number, date: string): string {
  const d = s.writer.d;
  switch (granularity) {
    case "day":
      return d.dayNumber(date);
    case "week":
      // floor((day − anchor) / 7), anchor = weekStartsOn − 4 (day 0 was a Thursday), shifted to stay non-negative.
      return `(${d.intDiv(`(${d.dayNumber(date)} + ${4 - weekStartsOn + 7 * WEEK_SHIFT})`, "7")} - ${WEEK_SHIFT})`;
    case "month":
      return c.monthIndex(date);
    case "quarter":
      return d.intDiv(c.monthIndex(date), "3");
    case "year":
      return d.intDiv(c.monthIndex(date), "12");
  }
}

const MODE_COMMENT: Record<CohortMode, string> = {
  classic: "classic: a customer is active in column k when they ordered in it (the distinct customers of each cell).",
  unbounded: "unbounded: a customer is active in columns 0 … their last column (marks: customers by last column).",
  byPeriod: "byPeriod: a customer is active in column k ≥ 1 once they returned in 1 … k (marks: customers by first column ≥ 1).",
  consecutive: "consecutive: a customer is active in columns 0 … s, s = their run of columns 1, 2, 3 … (marks: customers by s).",
  brackets: "brackets: a customer is active in a bracket when they ordered in any of its periods (marks: customers per bracket).",
};

/** The query of `cohortTable`. */
export function cohortTableSql(s: Source, o: ResolvedCohortTable, header: string, target: SqlTarget): string {
  const w = s.writer;
  const d = w.d;
  const c = COHORT_DIALECTS[d.name];
  const L = o.layout;
  const p = partCols(s);
  const sg = o.segmented ? "segment, " : "";
  const relative = L.windowDays !== null;
  const tz = w.param(o.zone.timeZone, "text");
  const integer = (n: number): string => c.int(w.param(n, "integer"));
  const onPart = (a: string, b: string): string => (s.partition === null ? "" : ` AND ${a}.part = ${b}.part`);
  const window = (col: string): string[] => [
    `${col} <= observation.as_of`,
    ...(Number.isFinite(o.from) ? [`${col} >= ${w.instant(o.from)}`] : []),
    ...(Number.isFinite(o.to) ? [`${col} < ${w.instant(o.to)}`] : []),
  ];
  const period = (ts: string): string => periodIndex(s, c, L.granularity, L.weekStartsOn, d.localDate(ts, tz));
  const W = relative ? integer((L.windowDays as number) * MS_PER_DAY) : "";
  const column = relative
    ? `CASE WHEN ${c.wallMs("o.placed", tz)} < cc.l0 THEN 0 ELSE ${d.intDiv(`(${c.wallMs("o.placed", tz)} - cc.l0 + ${W})`, W)} - 1 END`
    : `${period("o.placed")} - cc.cohort`;
  const periodName = L.granularity === "week" ? `week (starting on weekday ${L.weekStartsOn}, 0 = Sunday)` : L.granularity;
  const ctes = [
    o.segmented ? segmentedSource(s, target) : sourceCte(s),
    observationCte(s, o.asOf),
    o.segmented
      ? {
          name: "first_orders",
          comment: "Each customer's first order in the whole table (not only the window), and its segment: the earliest order, ties at one\ninstant to the smaller order id.",
          body:
            `SELECT ${p}customer, placed AS first_placed, segment\n` +
            `FROM (SELECT ${p}customer, placed, segment, ROW_NUMBER() OVER (PARTITION BY ${p}customer ORDER BY placed, order_key) AS nth FROM source_orders) AS ranked\nWHERE nth = 1`,
        }
      : {
          name: "first_orders",
          comment: "Each customer's first order in the whole table (not only the window).",
          body: `SELECT ${p}customer, MIN(placed) AS first_placed\nFROM source_orders\nGROUP BY ${p}customer`,
        },
    {
      name: "cohort_customers",
      comment:
        `The customers of the table: first order in [from, to) and seen by asOf. Cohort = the ${periodName} of the first order,\n` +
        `as a period number, on the local calendar of the time zone (a parameter)${relative ? "; l0 = its local wall-clock time in ms" : ""}.`,
      body:
        `SELECT ${s.partition === null ? "" : "f.part AS part, "}f.customer AS customer,${o.segmented ? " f.segment AS segment," : ""}\n  ${period("f.first_placed")} AS cohort${relative ? `,\n  ${c.wallMs("f.first_placed", tz)} AS l0` : ""}\n` +
        `FROM first_orders AS f ${joinObservation(s, "f")}\nWHERE ${window("f.first_placed").join("\n  AND ")}`,
    },
    {
      name: "counted",
      comment: relative
        ? `The counted orders (window [from, to), seen by asOf) of the table's customers. Column k = floor((local wall time − l0) /\n${L.windowDays} days): relative windows of local wall-clock days since the first order (a DST day is one day).`
        : `The counted orders (window [from, to), seen by asOf) of the table's customers. Column k = the order's ${L.granularity} number − the\ncohort's: calendar periods since the acquisition period.`,
      body:
        `SELECT ${s.partition === null ? "" : "o.part AS part, "}o.customer AS customer, ${o.segmented ? "cc.segment AS segment, " : ""}cc.cohort AS cohort${relative ? ", cc.l0 AS l0" : ""},\n  ${column} AS k,\n  o.gross AS gross,\n  o.refund AS refund\n` +
        `FROM source_orders AS o\n  JOIN cohort_customers AS cc ON cc.customer = o.customer${onPart("cc", "o")}\n  ${joinObservation(s, "o")}\nWHERE ${window("o.placed").join("\n  AND ")}`,
    },
    {
      name: "customer_columns",
      comment: "Per customer: orders in the acquisition period (column 0), last column, first column after it.",
      body:
        `SELECT ${p}customer, ${sg}cohort${relative ? ", MIN(l0) AS l0" : ""},\n  SUM(CASE WHEN k = 0 THEN 1 ELSE 0 END) AS first_period_orders,\n` +
        `  MAX(k) AS last_k,\n  MIN(CASE WHEN k >= 1 THEN k END) AS first_return\nFROM counted\nGROUP BY ${p}customer, ${sg}cohort`,
    },
    {
      name: "cohort_rows",
      comment: `Per cohort: size, customers with two or more orders in the acquisition period${relative ? ", earliest and latest l0" : ""}.`,
      body:
        `SELECT ${p}${sg}cohort, COUNT(*) AS size,\n  SUM(CASE WHEN first_period_orders >= 2 THEN 1 ELSE 0 END) AS repeaters` +
        `${relative ? ",\n  MIN(l0) AS min_l0,\n  MAX(l0) AS max_l0" : ""}\nFROM customer_columns\nGROUP BY ${p}${sg}cohort`,
    },
    {
      name: "cells",
      comment:
        "Per cohort and column: orders, exact gross and refunded sums, distinct customers." +
        (L.cap !== Infinity && L.mode !== "brackets" ? "\nColumns from the periods option on are not shown." : ""),
      body:
        `SELECT ${p}${sg}cohort, k, COUNT(*) AS orders, SUM(gross) AS gross_sum, SUM(refund) AS refunded_sum, COUNT(DISTINCT customer) AS customers\nFROM counted\n` +
        `${L.cap !== Infinity && L.mode !== "brackets" ? `WHERE k < ${integer(L.cap)}\n` : ""}GROUP BY ${p}${sg}cohort, k`,
    },
    ...markCtes(s, o, integer),
  ];
  const nI = c.nullInt;
  const nT = c.nullText;
  const key = s.partition === null ? "" : "part AS partition_key, ";
  const branch = (kind: string, cols: string[], from: string): string =>
    `SELECT ${key}'${kind}' AS kind, ${kind === "observation" ? `${c.nullText} AS segment` : o.segmented ? "segment" : c.nullText}, ${cols.join(", ")}\nFROM ${from}`;
  const I = c.int;
  const select = [
    "-- One row per kind: the observation end, each cohort, each cell, each mark of the cell mode.",
    branch("observation", [`${nI} AS cohort`, `${nI} AS k`, `${nI} AS size`, `${nI} AS repeaters`, `${nI} AS min_wall_ms`, `${nI} AS max_wall_ms`, `${nI} AS orders`, `${nT} AS gross`, `${nT} AS refunded`, `${nI} AS customers`, `${I(d.epochMs("as_of"))} AS as_of_ms`], "observation"),
    "UNION ALL",
    branch("cohort", [I("cohort"), nI, I("size"), I("repeaters"), relative ? I("min_l0") : nI, relative ? I("max_l0") : nI, nI, nT, nT, nI, nI], "cohort_rows"),
    "UNION ALL",
    branch("cell", [I("cohort"), I("k"), nI, nI, nI, nI, I("orders"), d.decimalText("gross_sum"), d.decimalText("refunded_sum"), I("customers"), nI], "cells"),
    ...(L.mode === "classic" ? [] : ["UNION ALL", branch("mark", [I("cohort"), I("mark_column"), nI, nI, nI, nI, nI, nT, nT, I("customers"), nI], "marks")]),
  ].join("\n");
  return withCtes(`${header} Cell mode ${MODE_COMMENT[L.mode]}`, ctes, select);
}

/** `source_orders` with the segment column (NULL or "": no segment, as prepareOrders reads it). */
function segmentedSource(s: Source, target: SqlTarget): Cte {
  const name = target.columns?.segment ?? "segment";
  if (typeof name !== "string" || name === "" || name.includes("\u0000")) {
    throw optionError("columns.segment", "must be a non-empty identifier without NUL characters", name, 'Pass the column of segment labels as it is spelled in the database, such as "channel".');
  }
  const seg = s.writer.verbatimToken(s.writer.d.quoteIdent(name));
  const cte = sourceCte(s);
  const at = cte.body.lastIndexOf("\nFROM ");
  return { ...cte, comment: `${cte.comment}\nThe segment: NULL or '' is no segment.`, body: `${cte.body.slice(0, at)},\n  NULLIF(${seg}, '') AS segment${cte.body.slice(at)}` };
}

/** The CTEs of the cell mode's marks (none in mode classic, whose cells carry their distinct customers). */
function markCtes(s: Source, o: ResolvedCohortTable, integer: (n: number) => string): Array<{ name: string; comment: string; body: string }> {
  const p = partCols(s);
  const sg = o.segmented ? "segment, " : "";
  const L = o.layout;
  const histogram = (expr: string, where: string): { name: string; comment: string; body: string } => ({
    name: "marks",
    comment: MODE_COMMENT[L.mode],
    body: `SELECT ${p}${sg}cohort, ${expr} AS mark_column, COUNT(*) AS customers\nFROM customer_columns${where}\nGROUP BY ${p}${sg}cohort, ${expr}`,
  });
  switch (L.mode) {
    case "classic":
      return [];
    case "unbounded":
      return [histogram("last_k", "")];
    case "byPeriod":
      return [histogram("first_return", "\nWHERE first_return IS NOT NULL")];
    case "consecutive":
      return [
        {
          name: "return_columns",
          comment: "Each customer's distinct columns after the acquisition period, numbered in order: column k is in the run 1, 2, … k\nwhen its number is k.",
          body:
            `SELECT ${p}customer, ${sg}cohort, k, ROW_NUMBER() OVER (PARTITION BY ${p}customer ORDER BY k) AS nth\n` +
            `FROM (SELECT DISTINCT ${p}customer, ${sg}cohort, k FROM counted WHERE k >= 1) AS distinct_columns`,
        },
        {
          name: "runs",
          comment: "Per returning customer: the length of the run of columns 1, 2, 3 … (customers without one count in column 0 only).",
          body: `SELECT ${p}customer, ${sg}cohort, SUM(CASE WHEN k = nth THEN 1 ELSE 0 END) AS run\nFROM return_columns\nGROUP BY ${p}customer, ${sg}cohort`,
        },
        {
          name: "marks",
          comment: MODE_COMMENT.consecutive,
          body: `SELECT ${p}${sg}cohort, run AS mark_column, COUNT(*) AS customers\nFROM runs\nWHERE run >= 1\nGROUP BY ${p}${sg}cohort, run`,
        },
      ];
    case "brackets": {
      const b = L.brackets as [number, number][];
      const base = L.periodIndexBase;
      const cases = b.map(([first, last], j) => `    WHEN k BETWEEN ${integer(first - base)} AND ${integer(last - base)} THEN ${j + 1}`);
      return [
        {
          name: "customer_brackets",
          comment: "Each customer's distinct bracket columns: 0 = the acquisition period, j = the j-th bracket (periods between brackets: none).",
          body: `SELECT DISTINCT ${p}customer, ${sg}cohort,\n  CASE\n    WHEN k = 0 THEN 0\n${cases.join("\n")}\n  END AS bracket\nFROM counted`,
        },
        {
          name: "marks",
          comment: MODE_COMMENT.brackets,
          body: `SELECT ${p}${sg}cohort, bracket AS mark_column, COUNT(*) AS customers\nFROM customer_brackets\nWHERE bracket IS NOT NULL\nGROUP BY ${p}${sg}cohort, bracket`,
        },
      ];
    }
  }
}

// --- Rows → result. ---

/** A whole number (may be negative): a period number. */
const intCell = (row: Row, column: string): number => intCellAt(row, column, "rows[]");

/** The segment label of a row: text, or NULL (no segment). */
function labelCell(row: Row): string | null {
  const v = row.segment;
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") throw argumentError("rows[].segment", "must be text or NULL", v, "Pass the rows of the query toSql compiled, as the driver returns them.");
  return v;
}

/** The fields of a cohort table (without display) from the rows of its query. */
export function cohortTableFromRows(o: ResolvedCohortTable, rows: unknown): {
  granularity: Granularity;
  weekStartsOn: CohortLayout["weekStartsOn"];
  windows: "calendar" | "relative";
  windowDays: number | null;
  mode: CohortMode;
  periodIndexBase: 0 | 1;
  brackets: [number, number][] | null;
  columnLabels: string[];
  periods: number;
  customers: number;
  cohorts: CohortCells["cohorts"];
  average: CohortCells["average"];
  rankPeriod: number;
  segments: CohortCells["segments"];
  currency: null;
  window: ResolvedWindow;
} {
  if (!Array.isArray(rows) || rows.some((r) => typeof r !== "object" || r === null)) {
    throw argumentError("rows", "must be the rows of the query", rows, "Pass the rows of the query toSql compiled for this metric (of one partition), unchanged.");
  }
  const L = o.layout;
  let observation: number | null | undefined;
  const cohortRows: Array<{ label: string | null; period: number; size: number; repeaters: number; minL0: number; maxL0: number }> = [];
  const cellRows: Array<{ label: string | null; period: number; k: number; orders: number; gross: { units: bigint; scale: number }; refunded: { units: bigint; scale: number }; customers: number }> = [];
  const markRows: Array<{ label: string | null; period: number; at: number; customers: number }> = [];
  for (const row of rows as Row[]) {
    const kind = row.kind;
    if (kind === "observation") {
      if (observation !== undefined) throw argumentError("rows", "must hold one observation row", rows, "Pass the rows of one partition (filter on partition_key).");
      observation = msCell(row, "as_of_ms");
    } else if (kind === "cohort") {
      const min = msCell(row, "min_wall_ms");
      const max = msCell(row, "max_wall_ms");
      cohortRows.push({ label: labelCell(row), period: intCell(row, "cohort"), size: countCell(row, "size"), repeaters: countCell(row, "repeaters"), minL0: min ?? Infinity, maxL0: max ?? -Infinity });
    } else if (kind === "cell") {
      cellRows.push({ label: labelCell(row), period: intCell(row, "cohort"), k: intCell(row, "k"), orders: countCell(row, "orders"), gross: unitsCell(row, "gross"), refunded: unitsCell(row, "refunded"), customers: countCell(row, "customers") });
    } else if (kind === "mark") {
      markRows.push({ label: labelCell(row), period: intCell(row, "cohort"), at: intCell(row, "k"), customers: countCell(row, "customers") });
    } else {
      throw argumentError("rows[].kind", 'must be "observation", "cohort", "cell" or "mark"', kind, "Pass the rows of the query toSql compiled for cohortTable, unchanged.");
    }
  }
  if (observation === undefined) throw argumentError("rows", "must hold the observation row", rows, "Pass the rows of the query toSql compiled for this metric (of one partition), unchanged.");
  const asOf = o.asOf ?? observation ?? -Infinity;
  // Groups (segments) in label order, no segment last; rows by group, then period.
  const groupLabels = [...new Set(cohortRows.map((r) => r.label))].sort((a, b) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1));
  if (!o.segmented && groupLabels.length === 0) groupLabels.push(null);
  const groupOf = new Map(groupLabels.map((g, i) => [g, i]));
  const keyOf = (label: string | null, period: number): string => `${label === null ? "n" : `s${label}`}\u0000${period}`;
  cohortRows.sort((a, b) => (groupOf.get(a.label) as number) - (groupOf.get(b.label) as number) || a.period - b.period);
  const rowOf = new Map(cohortRows.map((r, i) => [keyOf(r.label, r.period), i]));
  const scale = cellRows.reduce((m, x) => Math.max(m, x.gross.scale, x.refunded.scale), 0);
  const at = (u: { units: bigint; scale: number }): bigint => u.units * 10n ** BigInt(scale - u.scale);
  const row = (label: string | null, period: number): number => {
    const r = rowOf.get(keyOf(label, period));
    if (r === undefined) throw argumentError("rows[].cohort", "must be a cohort of the rows", period, "Pass every row of the query (of one partition), unchanged.");
    return r;
  };
  const counts: CohortCounts = {
    scale,
    segmented: o.segmented,
    groupLabels,
    rows: cohortRows.map((r) => ({ group: groupOf.get(r.label) as number, period: r.period, size: r.size, repeaters: r.repeaters, minL0: r.minL0, maxL0: r.maxL0 })),
    cells: cellRows.map((x) => ({ row: row(x.label, x.period), k: x.k, orders: x.orders, revenue: o.revenue === "net" ? at(x.gross) - at(x.refunded) : at(x.gross), customers: x.customers })),
    marks: markRows.map((m) => ({ row: row(m.label, m.period), at: m.at, customers: m.customers })),
  };
  const cells = cohortCellsFromCounts(
    {
      zone: o.zone,
      to: o.to,
      asOf,
      granularity: L.granularity,
      weekStartsOn: L.weekStartsOn,
      windowDays: L.windowDays,
      mode: L.mode,
      brackets: L.brackets === null ? null : L.brackets.map(([a, b]) => [a - L.periodIndexBase, b - L.periodIndexBase] as const),
      periodIndexBase: L.periodIndexBase,
      cap: L.cap,
      rankPeriod: L.rankPeriod - L.periodIndexBase,
    },
    counts,
  );
  const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
  return {
    granularity: L.granularity,
    weekStartsOn: L.weekStartsOn,
    windows: L.windows,
    windowDays: L.windowDays,
    mode: L.mode,
    periodIndexBase: L.periodIndexBase,
    brackets: L.brackets,
    columnLabels: cohortColumnLabels(cells.periods, L.periodIndexBase, L.brackets),
    periods: cells.periods,
    customers: cells.customers,
    cohorts: cells.cohorts,
    average: cells.average,
    rankPeriod: L.rankPeriod,
    segments: cells.segments,
    currency: null,
    window: { from: iso(o.from), to: iso(o.to), asOf: iso(asOf), timeZone: o.zone.timeZone, revenue: o.revenue },
  };
}
