import type { Decimal } from "decimal.js";
import type { Granularity, Instant, MetricOptions, ResolvedWindow, WeekStartsOn } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { optionError } from "../internal/fail.js";
import { minorToDecimal } from "../internal/money/money.js";
import { checkGranularity, checkWeekStartsOn, periodKernel } from "../internal/time/periods.js";
import { endInstantOption, instantOption, resolveMetric } from "../internal/resolve.js";
import { columnsOf } from "../internal/book/OrderBook.js";
import { checkStreamCohortOptions, streamBook } from "../internal/stream/views.js";
import { growthCounts } from "../internal/kernels/growthAccounting.js";
import { growthBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link growthAccounting}. */
export interface GrowthAccountingOptions extends Pick<MetricOptions, "timeZone" | "asOf" | "revenue"> {
  /**
   * Length of each period (calendar periods in `timeZone`). For an accumulator: its own granularity, the only
   * one it keeps.
   * @defaultValue `"month"` (an accumulator's granularity for an accumulator)
   */
  granularity?: Granularity;
  /**
   * First day of a week (0 = Sunday … 6 = Saturday), for `granularity: "week"`.
   * @defaultValue `1` (Monday, ISO 8601)
   */
  weekStartsOn?: WeekStartsOn;
  /**
   * The first period reported is the one containing this instant. Orders before it still count as history:
   * they decide whether a customer is new, retained or resurrected.
   * @defaultValue the first order
   */
  from?: Instant;
  /**
   * The last period reported is the one containing this instant (a date-only string: the end of that day).
   * @defaultValue `asOf`
   */
  to?: Instant;
}

/** One period of a {@link GrowthAccountingResult}: customers and revenue split by where they came from. */
export interface GrowthAccountingPeriod {
  /** Stable label: `2024-03`, `2024-Q1`, … */
  label: string;
  /** Period start, ISO 8601 with the zone's offset. */
  start: string;
  /** Period end, exclusive, ISO 8601 with the zone's offset. */
  end: string;
  /** Whether the period ended by `asOf` (fully observed). */
  complete: boolean;
  /** Customers with an order in the period: new + retained + resurrected. */
  activeCustomers: number;
  /** Customers whose first order ever is in the period. */
  newCustomers: number;
  /** Active customers who were active in the previous period too. */
  retainedCustomers: number;
  /** Active customers who ordered before, but not in the previous period. */
  resurrectedCustomers: number;
  /** Customers active in the previous period with no order in this one. */
  churnedCustomers: number;
  /** (new + resurrected) / churned customers, or `null` when none churned. */
  customerQuickRatio: number | null;
  /** Revenue of the period (net of refunds unless `revenue: "gross"`): new + retained + resurrected revenue. */
  revenue: Decimal;
  /** Revenue from the period's new customers. */
  newRevenue: Decimal;
  /** Revenue from its retained customers. */
  retainedRevenue: Decimal;
  /** Revenue from its resurrected customers. */
  resurrectedRevenue: Decimal;
  /** Over the retained customers: the sum of each one's increase over their previous period's revenue. */
  expansionRevenue: Decimal;
  /** Over the retained customers: the sum of each one's decrease from their previous period's revenue. */
  contractionRevenue: Decimal;
  /** The churned customers' revenue in the previous period. */
  churnedRevenue: Decimal;
  /** (new + resurrected + expansion) / (churned + contraction) revenue, or `null` when the denominator is 0. */
  revenueQuickRatio: number | null;
}

/** Result of {@link growthAccounting}. */
export interface GrowthAccountingResult {
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  /** One record per consecutive period, oldest first. */
  periods: GrowthAccountingPeriod[];
  /** The orders' currency, or `null` when they carry none. */
  currency: string | null;
  /** The zone, observation end and revenue basis used (`from`/`to` are those of the orders, unbounded). */
  window: ResolvedWindow;
}

/**
 * Growth accounting: each calendar period's active customers and revenue split into new, retained and
 * resurrected, with the customers and revenue that churned, and the quick ratio.
 *
 * Use it to answer "where did this month's customers and revenue come from, and how many did we lose?". A
 * quick ratio above 1 means the period gained more than it lost.
 *
 * Definitions (a customer is active in a period when they placed an order in it, seen by `asOf`; every order
 * before the first period reported counts as history):
 * - new: first order ever in the period; retained: active in the previous period too; resurrected: active
 *   before, not in the previous period; churned: active in the previous period, not in this one;
 * - customers: active(t) = active(t−1) + new + resurrected − churned;
 * - revenue: revenue(t) = new + retained + resurrected revenue, and
 *   revenue(t) = revenue(t−1) + new + resurrected + expansion − contraction − churned, where expansion and
 *   contraction are the retained customers' increases and decreases against their own previous period;
 * - quick ratio: (new + resurrected) / churned for customers, (new + resurrected + expansion) /
 *   (churned + contraction) for revenue; `null` with a zero denominator.
 *
 * Source: J. Hsu, "Diligence at Social Capital, part 1: accounting for user growth" and "part 3: cohorts and
 * (revenue) LTV" (2015), https://medium.com/swlh/diligence-at-social-capital-part-1-accounting-for-user-growth-4a8a449fddfc.
 * See docs/retention.md, "Growth accounting".
 *
 * Cost: O(n + customers + P) time and memory (P periods, from the first order, or `from` if earlier, to the last
 * reported): one pass over a book whose orders come in time order per customer, else a counting sort by period
 * and a pass; 24 bytes per customer with two or more orders. Money is summed in integer minor units, one
 * `Decimal` per value.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator}.
 * @param options - see {@link GrowthAccountingOptions}.
 * @returns one record per period, under `periods`.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `granularity`, `weekStartsOn`, `from`, `to`,
 * `asOf`, `revenue`; also an accumulator asked for another granularity or week start), `INVALID_TIME_ZONE`, and
 * the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const g = growthAccounting([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
 *   { orderId: "2", customerId: "bob", placedAt: "2024-01-20", total: "20" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-02-10", total: "15" },
 *   { orderId: "4", customerId: "bob", placedAt: "2024-03-05", total: "5" },
 * ], { asOf: "2024-03-31" });
 * g.periods.map((p) => [p.label, p.newCustomers, p.retainedCustomers, p.resurrectedCustomers, p.churnedCustomers]);
 * // [["2024-01", 2, 0, 0, 0], ["2024-02", 0, 1, 0, 1], ["2024-03", 0, 0, 1, 1]]
 * g.periods[1]?.expansionRevenue.toString(); // "5"
 * g.periods[1]?.customerQuickRatio;           // 0
 * ```
 */
export function growthAccounting(orders: OrdersInput, options?: GrowthAccountingOptions): GrowthAccountingResult {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const opts: GrowthAccountingOptions = options ?? {};
  const shared: MetricOptions = {};
  if (opts.timeZone !== undefined) shared.timeZone = opts.timeZone;
  if (opts.asOf !== undefined) shared.asOf = opts.asOf;
  if (opts.revenue !== undefined) shared.revenue = opts.revenue;
  const r = resolveMetric(orders, shared, true);
  if (r.stream !== null) checkStreamCohortOptions(r.stream, opts);
  const granularity = checkGranularity(opts.granularity, r.stream?.granularity ?? "month");
  const weekStartsOn = checkWeekStartsOn(opts.weekStartsOn ?? r.stream?.weekStartsOn);
  const from = opts.from === undefined ? null : instantOption("from", opts.from, r.zone);
  const to = opts.to === undefined ? null : endInstantOption("to", opts.to, r.zone);
  if (from !== null && to !== null && to < from) {
    throw optionError("to", "must not be before from", opts.to, "Give the last period on or after the first.");
  }
  const cols = r.stream === null ? r.cols : columnsOf(streamBook(r.stream));
  const periods: GrowthAccountingPeriod[] = [];
  const result = (): GrowthAccountingResult =>
    withDisplay<GrowthAccountingResult>({ granularity, weekStartsOn, periods, currency: cols.currency, window: r.window }, growthBundle);
  const first = from ?? cols.minTime;
  const last = to ?? r.asOf;
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first) return result();
  const kernel = periodKernel(granularity, r.zone, weekStartsOn);
  const p0 = kernel.ofInstantOnce(first);
  const p1 = kernel.ofInstantOnce(last);
  if (p1 - p0 > 100_000) {
    throw optionError("granularity", `gives ${p1 - p0 + 1} periods between from and to`, granularity, "Choose a coarser granularity or a shorter range.");
  }
  const g = growthCounts(cols, kernel, r.asOf, p0, p1, r.value.basis === "net");
  const money = (s: number, k: number): Decimal => minorToDecimal((g.money[s] as (number | bigint)[])[k] as number | bigint, cols.scale);
  const ratio = (num: number | bigint, den: number | bigint): number | null => (Number(den) === 0 ? null : Number(num) / Number(den));
  const m = (s: number, k: number): number | bigint => (g.money[s] as (number | bigint)[])[k] as number | bigint;
  let end = kernel.startIso(p0);
  for (let k = 0; k < g.P; k++) {
    const start = end;
    end = kernel.startIso(p0 + k + 1);
    const newC = g.newCustomers[k] as number;
    const res = g.resurrected[k] as number;
    const chu = g.churned[k] as number;
    periods.push({
      label: kernel.label(p0 + k),
      start,
      end,
      complete: kernel.start(p0 + k + 1) <= r.asOf + 1,
      activeCustomers: g.active[k] as number,
      newCustomers: newC,
      retainedCustomers: g.retained[k] as number,
      resurrectedCustomers: res,
      churnedCustomers: chu,
      customerQuickRatio: chu === 0 ? null : (newC + res) / chu,
      revenue: money(0, k),
      newRevenue: money(1, k),
      retainedRevenue: money(2, k),
      resurrectedRevenue: money(3, k),
      expansionRevenue: money(4, k),
      contractionRevenue: money(5, k),
      churnedRevenue: money(6, k),
      revenueQuickRatio: ratio(sumOf(m(1, k), m(3, k), m(4, k)), sumOf(m(6, k), m(5, k))),
    });
  }
  return result();
}

/** Sum of minor-unit amounts (numbers below 2^53, or bigints). */
function sumOf(...xs: (number | bigint)[]): number | bigint {
  return xs.some((x) => typeof x === "bigint") ? xs.reduce<bigint>((a, x) => a + BigInt(x), 0n) : xs.reduce<number>((a, x) => a + (x as number), 0);
}
