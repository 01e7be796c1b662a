import type { SqlQuery, SqlTarget } from "../../sql/types.js";
import { MS_PER_DAY } from "../time/civil.js";
import type { ResolvedRetentionRate, ResolvedReturning, ResolvedSqlOptions, ResolvedSummarize } from "./options.js";
import { growthAccountingSql } from "./metrics/growthAccounting.js";
import { retentionSeriesSql } from "./metrics/retentionSeries.js";
import { cohortTableSql } from "./cohortTable.js";
import { summariesSql } from "./metrics/customerSummaries.js";
import { lifetimeValueSql } from "./metrics/historicalLifetimeValue.js";
import { joinObservation, observationCte, partCols, readTarget, sourceCte, windowConditions, withCtes, type Source } from "./writer.js";

/**
 * The SQL of each metric. The warehouse does the per-order work (windows, first orders, counts, exact sums); the
 * divisions (averages, rates) are left to `fromSqlRows`, which divides exactly as the in-process function does, so
 * both give the same numbers to the last bit.
 */

function header(s: Source, metric: string): string {
  return `retention-metrics ${metric} (${s.writer.d.name}). Parameters are bound, never pasted.`;
}

/** GROUP BY of a per-partition aggregate: `GROUP BY part` or "" (one order set). */
const groupPart = (s: Source): string => (s.partition === null ? "" : "\nGROUP BY part");

/**
 * The final SELECT's FROM: one row per partition (observation has one per partition that has orders), the
 * aggregates joined on it; or the one row of each.
 */
function fromObservation(s: Source, aggregates: ReadonlyArray<readonly [string, string]>): string {
  if (s.partition === null) return `FROM observation${aggregates.map(([a, x]) => ` CROSS JOIN ${a} AS ${x}`).join("")}`;
  return `FROM observation${aggregates.map(([a, x]) => `\n  LEFT JOIN ${a} AS ${x} ON ${x}.part = observation.part`).join("")}`;
}

const partitionKey = (s: Source): string[] => (s.partition === null ? [] : ["  observation.part AS partition_key,"]);

function summarizeSql(s: Source, o: ResolvedSummarize): string {
  const d = s.writer.d;
  const window = ["placed <= observation.as_of", ...windowConditions(s.writer, o.from, o.to)];
  const p = partCols(s);
  const money = (e: string): string => d.decimalText(`COALESCE(${e}, 0)`);
  return withCtes(header(s, "summarize"), [
    sourceCte(s),
    observationCte(s, o.asOf),
    {
      name: "ranked",
      comment: "First orders: nth = 1 is the customer's earliest order in the whole table (not only the window); ties at one\ninstant go to the smaller order id.",
      body: `SELECT ${p}customer, placed, gross, refund,\n  ROW_NUMBER() OVER (PARTITION BY ${p}customer ORDER BY placed, order_key) AS nth\nFROM source_orders`,
    },
    {
      name: "seen",
      comment: "The window: from <= placed < to, and placed <= asOf (an order after the observation end is not yet seen).",
      body: `SELECT ${partCols(s, "ranked.")}ranked.customer, ranked.placed, ranked.gross, ranked.refund, ranked.nth\nFROM ranked ${joinObservation(s, "ranked")}\nWHERE ${window.join("\n  AND ")}`,
    },
    {
      name: "order_totals",
      comment: "Orders, exact money sums (gross, refunded; of first orders), first and last order time.",
      body:
        `SELECT${s.partition === null ? "" : " part,"}\n  COUNT(*) AS order_count,\n  SUM(gross) AS gross_sum,\n  SUM(refund) AS refunded_sum,\n` +
        "  SUM(CASE WHEN nth = 1 THEN 1 ELSE 0 END) AS first_count,\n" +
        "  SUM(CASE WHEN nth = 1 THEN gross ELSE 0 END) AS first_gross_sum,\n" +
        "  SUM(CASE WHEN nth = 1 THEN refund ELSE 0 END) AS first_refunded_sum,\n" +
        `  MIN(placed) AS first_time,\n  MAX(placed) AS last_time\nFROM seen${groupPart(s)}`,
    },
    {
      name: "customer_totals",
      comment: "Customers with an order in the window; repeat customers have two or more there.",
      body:
        `SELECT${s.partition === null ? "" : " part,"}\n  COUNT(*) AS customer_count,\n  SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END) AS repeat_count\n` +
        `FROM (SELECT ${p}customer, COUNT(*) AS orders FROM seen GROUP BY ${p}customer) AS per_customer${groupPart(s)}`,
    },
  ], [
    "SELECT",
    ...partitionKey(s),
    "  COALESCE(t.order_count, 0) AS orders,",
    "  COALESCE(c.customer_count, 0) AS customers,",
    "  COALESCE(c.repeat_count, 0) AS repeat_customers,",
    `  ${money("t.gross_sum")} AS gross,`,
    `  ${money("t.refunded_sum")} AS refunded,`,
    "  COALESCE(t.first_count, 0) AS first_orders,",
    `  ${money("t.first_gross_sum")} AS first_gross,`,
    `  ${money("t.first_refunded_sum")} AS first_refunded,`,
    `  ${d.epochMs("t.first_time")} AS first_order_ms,`,
    `  ${d.epochMs("t.last_time")} AS last_order_ms,`,
    `  ${d.epochMs("observation.as_of")} AS as_of_ms`,
    fromObservation(s, [["order_totals", "t"], ["customer_totals", "c"]]),
  ].join("\n"));
}

/** An instant lowered to whole milliseconds from above: for integer order times t, t >= x ⇔ t >= ceil(x). */
const ceilMs = (x: number): number => Math.ceil(x);

/** The final SELECT over per-customer flags: sums, one row per partition (or the one row). */
function flagSums(s: Source, cte: string, sums: readonly string[]): string[] {
  const w = s.writer;
  if (s.partition === null) {
    return ["SELECT", ...sums.map((x) => `  ${x},`), `  (SELECT ${w.d.epochMs("as_of")} FROM observation) AS as_of_ms`, `FROM ${cte}`];
  }
  return [
    "SELECT",
    ...partitionKey(s),
    ...sums.map((x) => `  ${x},`),
    `  ${w.d.epochMs("observation.as_of")} AS as_of_ms`,
    `FROM observation LEFT JOIN ${cte} ON ${cte}.part = observation.part`,
    "GROUP BY observation.part, observation.as_of",
  ];
}

function retentionRateSql(s: Source, o: ResolvedRetentionRate): string {
  const w = s.writer;
  const p = partCols(s);
  const windowMs = o.activeWithinDays * MS_PER_DAY;
  const active = (at: number): string => `placed >= ${w.instant(ceilMs(at - windowMs))} AND placed < ${w.instant(at)}`;
  const start = w.instant(o.start);
  const end = w.instant(o.end);
  return withCtes(header(s, "customerRetentionRate"), [
    sourceCte(s),
    observationCte(s, o.asOf),
    {
      name: "seen",
      comment: "Orders seen by asOf (inclusive).",
      body: `SELECT ${partCols(s, "source_orders.")}customer, placed FROM source_orders ${joinObservation(s, "source_orders")} WHERE placed <= observation.as_of`,
    },
    {
      name: "customer_activity",
      comment:
        `Active at x: an order in [x - activeWithinDays, x) (${o.activeWithinDays} days of 86,400,000 ms, elapsed time). New: the first\n` +
        "order lies in [start, end).",
      body:
        `SELECT ${p}customer,\n  MAX(CASE WHEN ${active(o.start)} THEN 1 ELSE 0 END) AS at_start,\n` +
        `  MAX(CASE WHEN ${active(o.end)} THEN 1 ELSE 0 END) AS at_end,\n` +
        `  CASE WHEN MIN(placed) >= ${start} AND MIN(placed) < ${end} THEN 1 ELSE 0 END AS is_new\n` +
        `FROM seen GROUP BY ${p}customer`,
    },
  ], [
    "-- S, E, N, S and E, new and active at the end, reactivated (active at the end, neither at the start nor new).",
    ...flagSums(s, "customer_activity", [
      "COALESCE(SUM(at_start), 0) AS customers_at_start",
      "COALESCE(SUM(at_end), 0) AS customers_at_end",
      "COALESCE(SUM(is_new), 0) AS new_customers",
      "COALESCE(SUM(at_start * at_end), 0) AS retained_customers",
      "COALESCE(SUM(CASE WHEN at_start = 0 AND at_end = 1 AND is_new = 1 THEN 1 ELSE 0 END), 0) AS new_active_at_end",
      "COALESCE(SUM(CASE WHEN at_start = 0 AND at_end = 1 AND is_new = 0 THEN 1 ELSE 0 END), 0) AS reactivated_customers",
    ]),
  ].join("\n"));
}

function returningSql(s: Source, o: ResolvedReturning): string {
  const w = s.writer;
  const base = windowConditions(w, o.baseFrom, o.baseTo);
  const back = windowConditions(w, o.returnFrom, o.returnTo);
  return withCtes(header(s, "returningCustomerRate"), [
    sourceCte(s),
    observationCte(s, o.asOf),
    {
      name: "customer_windows",
      comment: "Per customer: an order in the base window [baseFrom, baseTo), an order in the return window [returnFrom, returnTo),\nboth limited to the orders seen by asOf.",
      body:
        `SELECT ${partCols(s, "source_orders.")}customer,\n  MAX(CASE WHEN ${base.join(" AND ")} THEN 1 ELSE 0 END) AS in_base,\n` +
        `  MAX(CASE WHEN ${back.join(" AND ")} THEN 1 ELSE 0 END) AS in_return\n` +
        `FROM source_orders ${joinObservation(s, "source_orders")}\nWHERE placed <= observation.as_of\nGROUP BY ${partCols(s, "source_orders.")}customer`,
    },
  ], [
    "-- Base customers, and of those the ones who came back.",
    ...flagSums(s, "customer_windows", ["COALESCE(SUM(in_base), 0) AS base_customers", "COALESCE(SUM(in_base * in_return), 0) AS returning_customers"]),
  ].join("\n"));
}

/** The query of a metric with resolved options against a target. */
export function compileSql(o: ResolvedSqlOptions, target: SqlTarget): SqlQuery {
  const s = readTarget(target);
  if (o.metric === "retentionSeries") return s.writer.query(o.metric, retentionSeriesSql(s, o, header(s, o.metric)));
  if (o.metric === "growthAccounting") return s.writer.query(o.metric, growthAccountingSql(s, o, header(s, o.metric)));
  if (o.metric === "cohortTable") return s.writer.query(o.metric, cohortTableSql(s, o, header(s, "cohortTable"), target));
  const sql = o.metric === "customerSummaries" ? summariesSql(s, o)
    : o.metric === "historicalLifetimeValue" ? lifetimeValueSql(s, o)
    : o.metric === "summarize" ? summarizeSql(s, o) : o.metric === "customerRetentionRate" ? retentionRateSql(s, o) : returningSql(s, o);
  return s.writer.query(o.metric, sql);
}
