import type { Granularity, MetricOptions, ResolvedWindow, WeekStartsOn } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { optionError } from "../internal/fail.js";
import { resolveMetric } from "../internal/resolve.js";
import { inWindow, orderWindow } from "../internal/book/window.js";
import { checkGranularity, checkWeekStartsOn, periodKernel, periodStarts } from "../internal/time/periods.js";
import { secondOrderTimes } from "../internal/kernels/secondPurchase.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link repeatWithinPeriods}. */
export interface RepeatWithinPeriodsOptions extends Pick<MetricOptions, "timeZone" | "asOf" | "from" | "to"> {
  /**
   * k: a customer repeats when their second order falls in their acquisition period or the k calendar periods
   * after it (an integer ≥ 0; 0 means within the acquisition period itself).
   * @defaultValue `1`
   */
  periods?: number;
  /**
   * Length of a period (calendar periods in `timeZone`).
   * @defaultValue `"month"`
   */
  granularity?: Granularity;
  /**
   * First day of a week for `granularity: "week"` (0 = Sunday … 6 = Saturday).
   * @defaultValue `1` (Monday)
   */
  weekStartsOn?: WeekStartsOn;
}

/** Result of {@link repeatWithinPeriods}. */
export interface RepeatWithinPeriodsResult {
  /** repeatCustomers / customers, a fraction in [0, 1]; `null` when no acquired customer is observed long enough. */
  repeatWithinPeriods: number | null;
  /** Of `customers`, those whose second order came within k periods of acquisition. */
  repeatCustomers: number;
  /** Customers acquired in `[from, to)` whose acquisition period and the k after it have ended by `asOf`. */
  customers: number;
  /** Customers acquired in `[from, to)` left out because their k periods have not ended yet. */
  notYetObserved: number;
  /** k. */
  periods: number;
  granularity: Granularity;
  window: ResolvedWindow;
}

/**
 * Repeat within k periods of acquisition: the share of new customers whose second order came in their
 * acquisition period or the k periods after it ("bought again within 2 months of their first order").
 *
 * Use it to compare acquisition months or channels on early repeat buying with a fixed horizon, so that old and
 * new customers are measured alike (a lifetime repeat rate favours old customers).
 *
 * Formula: rate = |{c acquired in [from, to), observed through period p₀(c) + k, second order before the end of
 * period p₀(c) + k}| / |{c acquired in [from, to), observed through period p₀(c) + k}|, where p₀(c) is the
 * calendar period (in `timeZone`) of c's first order. Customers whose k periods have not ended by `asOf` are left
 * out of both and counted in `notYetObserved`, so the rate is never diluted by customers who had no time to
 * return. docs/choosing-definitions.md compares the repeat scopes.
 *
 * Source: the "N-month repeat rate" of cohort reports, e.g. https://www.shopify.com/blog/repeat-customers.
 *
 * Cost: O(n + customers) time, O(customers) memory.
 *
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link RepeatWithinPeriodsOptions}.
 * @returns the rate and its counts.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `periods`, `granularity`, `weekStartsOn`, `from`,
 * `to`, `asOf`; also for an `OrderAccumulator`), `INVALID_TIME_ZONE`, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const r = repeatWithinPeriods([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-20", total: "10" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "10" },
 *   { orderId: "4", customerId: "bob", placedAt: "2024-04-02", total: "10" },
 *   { orderId: "5", customerId: "cy", placedAt: "2024-03-05", total: "10" },
 * ], { periods: 1, asOf: "2024-03-15" });
 * [r.repeatCustomers, r.customers, r.notYetObserved]; // [1, 2, 1]: cy's March is still running
 * r.repeatWithinPeriods;                              // 0.5
 * ```
 */
export function repeatWithinPeriods(orders: OrdersInput, options?: RepeatWithinPeriodsOptions): RepeatWithinPeriodsResult {
  const r = resolveMetric(orders, options);
  const opts: RepeatWithinPeriodsOptions = options ?? {};
  const k = opts.periods ?? 1;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > 100_000) {
    throw optionError("periods", "must be a whole number of periods from 0 to 100000", opts.periods, "Pass k such as 1 (the acquisition period and the next).");
  }
  const granularity = checkGranularity(opts.granularity, "month");
  const weekStartsOn = checkWeekStartsOn(opts.weekStartsOn);
  const { cols, zone } = r;
  const kernel = periodKernel(granularity, zone, weekStartsOn);
  const startOf = periodStarts(kernel);
  const second = secondOrderTimes(cols, r.asOf);
  let customers = 0;
  let repeat = 0;
  let notYet = 0;
  // Customers acquired in the window [from, to) and seen by asOf.
  const { lo, hi } = orderWindow(r.from, r.to, r.asOf);
  for (let c = 0; c < cols.customers; c++) {
    const tf = cols.firstTime[c] as number;
    if (!inWindow(tf, lo, hi)) continue;
    const end = startOf(kernel.ofInstant(tf) + k + 1);
    if (end > r.asOf + 1) {
      notYet++;
      continue;
    }
    customers++;
    if ((second[c] as number) < end) repeat++;
  }
  return withDisplay<RepeatWithinPeriodsResult>(
    { repeatWithinPeriods: customers === 0 ? null : repeat / customers, repeatCustomers: repeat, customers, notYetObserved: notYet, periods: k, granularity, window: r.window },
    tableBundle,
  );
}
