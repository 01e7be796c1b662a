import type { Granularity, Instant, MetricOptions, ResolvedWindow, WeekStartsOn } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { optionError } from "../internal/fail.js";
import { checkGranularity, checkPeriodSpan, checkWeekStartsOn, periodKernel } from "../internal/time/periods.js";
import { endInstantOption, instantOption, resolveMetric } from "../internal/resolve.js";
import { columnsOf } from "../internal/book/OrderBook.js";
import { checkStreamCohortOptions, streamBook } from "../internal/stream/views.js";
import { growthCounts, growthPeriods, type GrowthAccountingPeriod } from "../internal/kernels/growthAccounting.js";
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

export type { GrowthAccountingPeriod };

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
 * reported): one pass over a book whose orders come in time order per customer, else a pass that buckets the
 * orders by period and a pass over the buckets; 12 bytes per customer with two or more orders (24 when one
 * customer's revenue in a period passes 2^31 − 1 minor units). Money is summed in integer minor units, one
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
  checkPeriodSpan(granularity, p0, p1);
  periods.push(...growthPeriods(growthCounts(cols, kernel, r.asOf, p0, p1, r.value.basis === "net"), kernel, cols.scale, r.asOf));
  return result();
}
