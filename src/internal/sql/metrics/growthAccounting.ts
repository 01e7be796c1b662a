import type { Granularity, Instant, MetricOptions, ResolvedWindow, RevenueBasis, WeekStartsOn } from "../../../core/types.js";
import { optionError } from "../../fail.js";
import { GROWTH_MONEY, growthPeriods, type GrowthAccountingPeriod, type GrowthCounts } from "../../kernels/growthAccounting.js";
import { endInstantOption, instantOption, zoneOption } from "../../resolve.js";
import { checkGranularity, checkPeriodSpan, checkWeekStartsOn, periodKernel } from "../../time/periods.js";
import type { ZoneCalendar } from "../../time/zone.js";
import { joinObservation, observationCte, sourceCte, withCtes, type Source } from "../writer.js";
import { boundsCte, boundsOf, boundsSelect, decimalCell, intCell, intOrNull, neighbour, periodOfDate, theRows } from "./periodSql.js";

/**
 * `growthAccounting` in SQL: each customer's active periods (a period with an order seen by asOf) with their
 * revenue, the previous and next active period in time order, and per period the sums of the transitions: new
 * (no active period before), retained (the previous active period is the one before), resurrected (else), the
 * retained ones' expansion and contraction against their previous period, and, per period, the customers who are
 * not active in the next one (churned there) with their revenue. `fromSqlRows` moves those churns one period on and
 * divides the quick ratios from the exact sums, as the in-process function does.
 */

/** Options of `growthAccounting` (as the public GrowthAccountingOptions). */
export interface SqlGrowthAccountingOptions extends Pick<MetricOptions, "timeZone" | "asOf" | "revenue"> {
  granularity?: Granularity;
  weekStartsOn?: WeekStartsOn;
  from?: Instant;
  to?: Instant;
}

export interface ResolvedGrowthAccounting {
  metric: "growthAccounting";
  zone: ZoneCalendar;
  asOf: number | null;
  revenue: RevenueBasis;
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  from: number | null;
  to: number | null;
}

/** Reads the options in the order and with the checks of the in-process `growthAccounting` (on orders, not an accumulator). */
export function resolveGrowthAccounting(options: unknown): ResolvedGrowthAccounting {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const o = (options ?? {}) as SqlGrowthAccountingOptions;
  const zone = zoneOption(o.timeZone);
  const revenue = o.revenue ?? "net";
  if (revenue !== "net" && revenue !== "gross") throw optionError("revenue", 'must be "net" or "gross"', revenue, 'Use "net" (refunds subtracted, the default) or "gross".');
  const asOf = o.asOf === undefined ? null : endInstantOption("asOf", o.asOf, zone);
  const granularity = checkGranularity(o.granularity, "month");
  const weekStartsOn = checkWeekStartsOn(o.weekStartsOn);
  const from = o.from === undefined ? null : instantOption("from", o.from, zone);
  const to = o.to === undefined ? null : endInstantOption("to", o.to, zone);
  if (from !== null && to !== null && to < from) {
    throw optionError("to", "must not be before from", o.to, "Give the last period on or after the first.");
  }
  const end = to ?? asOf;
  if (from !== null && end !== null && end >= from) {
    const k = periodKernel(granularity, zone, weekStartsOn);
    checkPeriodSpan(granularity, k.ofInstantOnce(from), k.ofInstantOnce(end));
  }
  return { metric: "growthAccounting", zone, asOf, revenue, granularity, weekStartsOn, from, to };
}

const MONEY = ["new_revenue", "retained_revenue", "resurrected_revenue", "expansion_revenue", "contraction_revenue", "churned_next_revenue"] as const;
const COUNTS = ["new_customers", "retained_customers", "resurrected_customers", "churned_next_customers"] as const;

/** The SQL of `growthAccounting`. */
export function growthAccountingSql(s: Source, o: ResolvedGrowthAccounting, header: string): string {
  const w = s.writer;
  const d = w.d;
  const p = s.partition === null ? "" : "part, ";
  const tz = w.param(o.zone.timeZone, "text");
  const period = periodOfDate(d, d.localDate("placed", tz), o.granularity, o.weekStartsOn);
  const sumIf = (cond: string, value: string): string => `SUM(CASE WHEN ${cond} THEN ${value} ELSE 0 END)`;
  return withCtes(header, [
    sourceCte(s),
    observationCte(s, o.asOf),
    boundsCte(s),
    {
      name: "customer_periods",
      comment:
        `Each customer's active periods (an order seen by asOf, inclusive; the period of its local date in the zone, ${o.granularity} periods${o.granularity === "week" ? `,\nweeks from weekday ${o.weekStartsOn} (0 = Sunday)` : ""})` +
        `, with the period's revenue (${o.revenue === "net" ? "net: total - refunded" : "gross: total"}), exact decimal sums.`,
      body:
        `SELECT ${p}customer, period, SUM(value) AS revenue\nFROM (\n  SELECT ${s.partition === null ? "" : "source_orders.part, "}customer, ${period} AS period, ${o.revenue === "net" ? "gross - refund" : "gross"} AS value\n` +
        `  FROM source_orders ${joinObservation(s, "source_orders")}\n  WHERE placed <= observation.as_of\n) AS seen\nGROUP BY ${p}customer, period`,
    },
    {
      name: "transitions",
      comment: "The customer's previous and next active periods (and the previous one's revenue), in time order.",
      body:
        `SELECT ${p}period, revenue,\n  ${neighbour(s, "lag", "period", "period")} AS prev_period,\n  ${neighbour(s, "lag", "revenue", "period")} AS prev_revenue,\n` +
        `  ${neighbour(s, "lead", "period", "period")} AS next_period\nFROM customer_periods`,
    },
    {
      name: "growth_changes",
      comment:
        "Per period: new (no active period before), retained (active in the period before), resurrected (else) customers and\n" +
        "revenue; the retained ones' expansion and contraction against their previous period; and the customers active in\n" +
        "it but not in the next period (churned in the next period, with this period's revenue).",
      body: [
        `SELECT ${s.partition === null ? "" : "part AS k, "}period,`,
        `  ${sumIf("prev_period IS NULL", "1")} AS new_customers,`,
        `  ${sumIf("prev_period = period - 1", "1")} AS retained_customers,`,
        `  ${sumIf("prev_period < period - 1", "1")} AS resurrected_customers,`,
        `  ${sumIf("next_period IS NULL OR next_period > period + 1", "1")} AS churned_next_customers,`,
        `  ${sumIf("prev_period IS NULL", "revenue")} AS new_revenue,`,
        `  ${sumIf("prev_period = period - 1", "revenue")} AS retained_revenue,`,
        `  ${sumIf("prev_period < period - 1", "revenue")} AS resurrected_revenue,`,
        `  ${sumIf("prev_period = period - 1 AND revenue > prev_revenue", "revenue - prev_revenue")} AS expansion_revenue,`,
        `  ${sumIf("prev_period = period - 1 AND revenue < prev_revenue", "prev_revenue - revenue")} AS contraction_revenue,`,
        `  ${sumIf("next_period IS NULL OR next_period > period + 1", "revenue")} AS churned_next_revenue`,
        `FROM transitions GROUP BY ${p}period`,
      ].join("\n"),
    },
  ], [
    "-- One row per active period (and per partition one row at least); money as exact decimal text.",
    boundsSelect(s, "growth_changes", COUNTS, MONEY),
  ].join("\n"));
}


/** The sums of one period, money in integer units at `scale`. */
interface Sums {
  counts: number[];
  money: bigint[];
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** The result fields of `growthAccounting` from the rows of one order set. */
export function growthAccountingFromRows(o: ResolvedGrowthAccounting, rowsIn: unknown): {
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  periods: GrowthAccountingPeriod[];
  currency: string | null;
  window: ResolvedWindow;
} {
  const rows = theRows(rowsIn);
  const { firstMs, asOfMs } = boundsOf(rows);
  const asOf = o.asOf ?? asOfMs ?? -Infinity;
  const window: ResolvedWindow = { from: null, to: null, asOf: iso(asOf), timeZone: o.zone.timeZone, revenue: o.revenue };
  const { granularity, weekStartsOn } = o;
  const periods: GrowthAccountingPeriod[] = [];
  // A warehouse table has no currency column in this version.
  const result = { granularity, weekStartsOn, periods, currency: null, window };
  const first = o.from ?? firstMs ?? Infinity;
  const last = o.to ?? asOf;
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first) return result;
  const kernel = periodKernel(granularity, o.zone, weekStartsOn);
  const p0 = kernel.ofInstantOnce(first);
  const p1 = kernel.ofInstantOnce(last);
  checkPeriodSpan(granularity, p0, p1);
  // Every money cell at one scale (the largest seen), so that sums and differences are of integers.
  const cells: Array<{ q: number; counts: number[]; money: Array<{ units: bigint; scale: number }> }> = [];
  let scale = 0;
  for (const [i, row] of rows.entries()) {
    const q = intOrNull(row, i, "period");
    if (q === null) continue;
    const money = MONEY.map((c) => decimalCell(row, i, c));
    for (const m of money) scale = Math.max(scale, m.scale);
    cells.push({ q, counts: COUNTS.map((c) => intCell(row, i, c)), money });
  }
  const byPeriod = new Map<number, Sums>();
  for (const c of cells) {
    let sums = byPeriod.get(c.q);
    if (sums === undefined) byPeriod.set(c.q, (sums = { counts: COUNTS.map(() => 0), money: MONEY.map(() => 0n) }));
    c.counts.forEach((v, i) => ((sums as Sums).counts[i] = ((sums as Sums).counts[i] as number) + v));
    c.money.forEach((m, i) => ((sums as Sums).money[i] = ((sums as Sums).money[i] as bigint) + m.units * 10n ** BigInt(scale - m.scale)));
  }
  // The counters of the in-process kernel, from the sums per period: a customer not active in the period after q
  // is a churn of q + 1.
  const P = p1 - p0 + 1;
  const counter = (): Float64Array => new Float64Array(P);
  const g: GrowthCounts = { p0, P, active: counter(), newCustomers: counter(), retained: counter(), resurrected: counter(), churned: counter(), money: GROWTH_MONEY.map(() => new Array<bigint>(P).fill(0n)) };
  for (let k = 0; k < P; k++) {
    const here = byPeriod.get(p0 + k);
    const before = byPeriod.get(p0 + k - 1);
    if (before !== undefined) {
      g.churned[k] = before.counts[3] as number;
      (g.money[6] as bigint[])[k] = before.money[5] as bigint;
    }
    if (here === undefined) continue;
    const [newC, retC, resC] = here.counts as [number, number, number];
    const [newR, retR, resR, expR, conR] = here.money as [bigint, bigint, bigint, bigint, bigint];
    g.newCustomers[k] = newC;
    g.retained[k] = retC;
    g.resurrected[k] = resC;
    g.active[k] = newC + retC + resC;
    [newR + retR + resR, newR, retR, resR, expR, conR].forEach((x, slot) => ((g.money[slot] as bigint[])[k] = x));
  }
  periods.push(...growthPeriods(g, kernel, scale, asOf));
  return result;
}
