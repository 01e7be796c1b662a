import type { Instant, MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { MS_PER_DAY } from "../internal/time/civil.js";
import { optionError } from "../internal/fail.js";
import type { Granularity, WeekStartsOn } from "../core/types.js";
import { checkGranularity, checkPeriodSpan, checkWeekStartsOn, periodKernel } from "../internal/time/periods.js";
import { endInstantOption, instantOption, resolveMetric } from "../internal/resolve.js";
import {
  activeWithinDaysOption,
  churnOption,
  intervalActivity,
  seriesBoundaries,
  seriesPoints,
  type ChurnDefinition,
  type IntervalActivity,
  type ResolvedChurnDefinition,
  type RetentionRates,
} from "../internal/kernels/retentionFromOrders.js";
import { seriesBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link retentionSeries}. */
export interface RetentionSeriesOptions extends Pick<MetricOptions, "timeZone" | "asOf"> {
  /**
   * Length of each period (calendar periods in `timeZone`).
   * @defaultValue `"month"`
   */
  granularity?: Granularity;
  /**
   * First day of a week for `granularity: "week"`: 0 = Sunday (GA4, US calendars), 1 = Monday (ISO 8601), …
   * 6 = Saturday.
   * @defaultValue `1` (Monday)
   */
  weekStartsOn?: WeekStartsOn;
  /**
   * A customer is active at x when they ordered at t with x − activeWithinDays days ≤ t < x.
   * @defaultValue `365`
   */
  activeWithinDays?: number;
  /**
   * How churn is counted: its denominator, new customers who left, reactivations.
   * @defaultValue `{ denominator: "start", newLeavers: "exclude", reactivations: "ignore" }`: churn = 1 − retained share
   */
  churn?: ChurnDefinition;
  /**
   * The series starts with the period that contains this instant.
   * @defaultValue the first order
   */
  from?: Instant;
  /**
   * The series ends with the period that contains this instant (a date-only string: the end of that day).
   * @defaultValue `asOf`
   */
  to?: Instant;
}

/** One period of a {@link RetentionSeriesResult}. */
export interface RetentionSeriesPoint extends IntervalActivity, RetentionRates {
  /** Stable label: `2024-03`, `2024-Q1`, … */
  label: string;
  /** Period start (S is counted here), ISO 8601 with the zone's offset. */
  start: string;
  /** Period end, exclusive (E is counted here), ISO 8601 with the zone's offset. */
  end: string;
  /** Whether every order before the period end is seen (end ≤ `asOf` + 1 ms, `asOf` being inclusive), so E was fully observed. */
  complete: boolean;
}

/** Result of {@link retentionSeries}. */
export interface RetentionSeriesResult {
  granularity: Granularity;
  /** First day of a week (used by `granularity: "week"`). */
  weekStartsOn: WeekStartsOn;
  activeWithinDays: number;
  /** The churn definition used. */
  churn: ResolvedChurnDefinition;
  /** One record per consecutive period, oldest first. */
  periods: RetentionSeriesPoint[];
  /** The zone and observation end used. */
  window: ResolvedWindow;
}

/**
 * The customer retention rate of each consecutive month (or quarter, …): a time series that shows whether
 * retention work pays off.
 *
 * Each point is the order-based CRR of its period `[start, end)` (see docs/retention.md): S = customers active
 * at start, E = active at end, N = first order in the period, CRR = (E − N) / S, with the stricter
 * `retainedShare` = |S ∩ E| / S and `churnRate` = 1 − retainedShare (fractions, `null` when S = 0). Active at x:
 * an order at t with x − activeWithinDays days ≤ t < x. The last period is usually still running and has
 * `complete: false`.
 *
 * Source: CRR = (E − N) / S, e.g. https://www.hubspot.com/customer-retention-rate.
 *
 * Cost: O(n log m + customers × P) time at worst (P periods; a customer visits only the periods it can be
 * active in), O(n + customers + P) memory; a few reads of the zone database per period for its start and ISO start.
 *
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link RetentionSeriesOptions}.
 * @returns one record per period, under `periods`.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `granularity`, `weekStartsOn`, `activeWithinDays`, `from`, `to`,
 * `asOf`), `INVALID_TIME_ZONE`, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const s = retentionSeries([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
 *   { orderId: "2", customerId: "bob", placedAt: "2024-01-20", total: "10" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-02-10", total: "10" },
 * ], { activeWithinDays: 30, asOf: "2024-02-29" });
 * s.periods.map((p) => [p.label, p.customersAtStart, p.customersAtEnd, p.customerRetentionRate]);
 * // [["2024-01", 0, 2, null], ["2024-02", 2, 1, 0.5]]
 * ```
 */
export function retentionSeries(orders: OrdersInput, options?: RetentionSeriesOptions): RetentionSeriesResult {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const opts: RetentionSeriesOptions = options ?? {};
  const shared: MetricOptions = {};
  if (opts.timeZone !== undefined) shared.timeZone = opts.timeZone;
  if (opts.asOf !== undefined) shared.asOf = opts.asOf;
  const r = resolveMetric(orders, shared);
  const granularity = checkGranularity(opts.granularity, "month");
  const weekStartsOn = checkWeekStartsOn(opts.weekStartsOn);
  const days = activeWithinDaysOption(opts.activeWithinDays);
  const churn = churnOption(opts.churn);
  const from = opts.from === undefined ? r.cols.minTime : instantOption("from", opts.from, r.zone);
  const to = opts.to === undefined ? r.asOf : endInstantOption("to", opts.to, r.zone);
  if (opts.from !== undefined && opts.to !== undefined && to < from) {
    throw optionError("to", "must not be before from", opts.to, "Give the last period on or after the first.");
  }
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    return withDisplay<RetentionSeriesResult>({ granularity, weekStartsOn, activeWithinDays: days, churn, periods: [], window: r.window }, seriesBundle);
  }
  const kernel = periodKernel(granularity, r.zone, weekStartsOn);
  const p0 = kernel.ofInstant(from);
  const p1 = kernel.ofInstant(to);
  checkPeriodSpan(granularity, p0, p1);
  const boundaries = seriesBoundaries(kernel, p0, p1);
  const counts = intervalActivity(r.cols, r.asOf, boundaries, days * MS_PER_DAY);
  const periods: RetentionSeriesPoint[] = seriesPoints(kernel, p0, boundaries, counts, r.asOf, churn);
  return withDisplay<RetentionSeriesResult>({ granularity, weekStartsOn, activeWithinDays: days, churn, periods, window: r.window }, seriesBundle);
}
