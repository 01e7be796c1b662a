import type { SqlQuery, SqlTarget } from "../../sql/types.js";
import { MS_PER_DAY } from "../time/civil.js";
import type { ResolvedRetentionRate, ResolvedReturning, ResolvedSqlOptions, ResolvedSummarize } from "./options.js";
import { observationCte, readTarget, sourceCte, windowConditions, withCtes, type Source } from "./writer.js";

/**
 * The SQL of each metric. The warehouse does the per-order work (windows, first orders, counts, exact sums); the
 * divisions (averages, rates) are left to `fromSqlRows`, which divides exactly as the in-process function does, so
 * both give the same numbers to the last bit.
 */

function header(s: Source, metric: string): string {
  return `retention-metrics ${metric} (${s.writer.d.name}). Parameters are bound, never pasted.`;
}

function summarizeSql(s: Source, o: ResolvedSummarize): string {
  const d = s.writer.d;
  const window = ["placed <= observation.as_of", ...windowConditions(s.writer, o.from, o.to)];
  return withCtes(header(s, "summarize"), [
    sourceCte(s),
    observationCte(s, o.asOf),
    {
      name: "ranked",
      comment: "First orders: nth = 1 is the customer's earliest order in the whole table (not only the window); ties at one\ninstant go to the smaller order id.",
      body: "SELECT customer, placed, gross, refund,\n  ROW_NUMBER() OVER (PARTITION BY customer ORDER BY placed, order_key) AS nth\nFROM source_orders",
    },
    {
      name: "seen",
      comment: "The window: from <= placed < to, and placed <= asOf (an order after the observation end is not yet seen).",
      body: `SELECT ranked.customer, ranked.placed, ranked.gross, ranked.refund, ranked.nth\nFROM ranked CROSS JOIN observation\nWHERE ${window.join("\n  AND ")}`,
    },
    {
      name: "order_totals",
      comment: "Orders, exact money sums (gross, refunded; of first orders), first and last order time.",
      body:
        "SELECT\n  COUNT(*) AS orders,\n  COALESCE(SUM(gross), 0) AS gross,\n  COALESCE(SUM(refund), 0) AS refunded,\n" +
        "  SUM(CASE WHEN nth = 1 THEN 1 ELSE 0 END) AS first_orders,\n" +
        "  COALESCE(SUM(CASE WHEN nth = 1 THEN gross ELSE 0 END), 0) AS first_gross,\n" +
        "  COALESCE(SUM(CASE WHEN nth = 1 THEN refund ELSE 0 END), 0) AS first_refunded,\n" +
        "  MIN(placed) AS first_placed,\n  MAX(placed) AS last_placed\nFROM seen",
    },
    {
      name: "customer_totals",
      comment: "Customers with an order in the window; repeat customers have two or more there.",
      body:
        "SELECT\n  COUNT(*) AS customers,\n  COALESCE(SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END), 0) AS repeat_customers\n" +
        "FROM (SELECT customer, COUNT(*) AS orders FROM seen GROUP BY customer) AS per_customer",
    },
  ], [
    "SELECT",
    "  t.orders AS orders,",
    "  c.customers AS customers,",
    "  c.repeat_customers AS repeat_customers,",
    `  ${d.decimalText("t.gross")} AS gross,`,
    `  ${d.decimalText("t.refunded")} AS refunded,`,
    "  COALESCE(t.first_orders, 0) AS first_orders,",
    `  ${d.decimalText("t.first_gross")} AS first_gross,`,
    `  ${d.decimalText("t.first_refunded")} AS first_refunded,`,
    `  ${d.epochMs("t.first_placed")} AS first_order_ms,`,
    `  ${d.epochMs("t.last_placed")} AS last_order_ms,`,
    `  ${d.epochMs("observation.as_of")} AS as_of_ms`,
    "FROM order_totals AS t CROSS JOIN customer_totals AS c CROSS JOIN observation",
  ].join("\n"));
}

/** An instant lowered to whole milliseconds from above: for integer order times t, t >= x ⇔ t >= ceil(x). */
const ceilMs = (x: number): number => Math.ceil(x);

function retentionRateSql(s: Source, o: ResolvedRetentionRate): string {
  const w = s.writer;
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
      body: "SELECT customer, placed FROM source_orders CROSS JOIN observation WHERE placed <= observation.as_of",
    },
    {
      name: "customer_activity",
      comment:
        `Active at x: an order in [x - activeWithinDays, x) (${o.activeWithinDays} days of 86,400,000 ms, elapsed time). New: the first\n` +
        "order lies in [start, end).",
      body:
        `SELECT customer,\n  MAX(CASE WHEN ${active(o.start)} THEN 1 ELSE 0 END) AS at_start,\n` +
        `  MAX(CASE WHEN ${active(o.end)} THEN 1 ELSE 0 END) AS at_end,\n` +
        `  CASE WHEN MIN(placed) >= ${start} AND MIN(placed) < ${end} THEN 1 ELSE 0 END AS is_new\n` +
        "FROM seen GROUP BY customer",
    },
  ], [
    "-- S, E, N, S and E, new and active at the end, reactivated (active at the end, neither at the start nor new).",
    "SELECT",
    "  COALESCE(SUM(at_start), 0) AS customers_at_start,",
    "  COALESCE(SUM(at_end), 0) AS customers_at_end,",
    "  COALESCE(SUM(is_new), 0) AS new_customers,",
    "  COALESCE(SUM(at_start * at_end), 0) AS retained_customers,",
    "  COALESCE(SUM(CASE WHEN at_start = 0 AND at_end = 1 AND is_new = 1 THEN 1 ELSE 0 END), 0) AS new_active_at_end,",
    "  COALESCE(SUM(CASE WHEN at_start = 0 AND at_end = 1 AND is_new = 0 THEN 1 ELSE 0 END), 0) AS reactivated_customers,",
    `  (SELECT ${w.d.epochMs("as_of")} FROM observation) AS as_of_ms`,
    "FROM customer_activity",
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
        `SELECT customer,\n  MAX(CASE WHEN ${base.join(" AND ")} THEN 1 ELSE 0 END) AS in_base,\n` +
        `  MAX(CASE WHEN ${back.join(" AND ")} THEN 1 ELSE 0 END) AS in_return\n` +
        "FROM source_orders CROSS JOIN observation\nWHERE placed <= observation.as_of\nGROUP BY customer",
    },
  ], [
    "-- Base customers, and of those the ones who came back.",
    "SELECT",
    "  COALESCE(SUM(in_base), 0) AS base_customers,",
    "  COALESCE(SUM(in_base * in_return), 0) AS returning_customers,",
    `  (SELECT ${w.d.epochMs("as_of")} FROM observation) AS as_of_ms`,
    "FROM customer_windows",
  ].join("\n"));
}

/** The query of a metric with resolved options against a target. */
export function compileSql(o: ResolvedSqlOptions, target: SqlTarget): SqlQuery {
  const s = readTarget(target);
  const sql = o.metric === "summarize" ? summarizeSql(s, o) : o.metric === "customerRetentionRate" ? retentionRateSql(s, o) : returningSql(s, o);
  return s.writer.query(o.metric, sql);
}
