import type { Granularity, MetricOptions, ResolvedWindow, WeekStartsOn } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { optionError } from "../internal/fail.js";
import { resolveMetric } from "../internal/resolve.js";
import { inWindow, orderWindow } from "../internal/book/window.js";
import { checkGranularity, checkWeekStartsOn, periodKernel } from "../internal/time/periods.js";
import { quantileSorted, secondOrderTimes } from "../internal/kernels/secondPurchase.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link timeToSecondPurchase}. */
export interface TimeToSecondPurchaseOptions extends Pick<MetricOptions, "timeZone" | "asOf" | "from" | "to"> {
  /**
   * Length of an acquisition cohort (calendar periods in `timeZone`).
   * @defaultValue `"month"`
   */
  granularity?: Granularity;
  /**
   * First day of a week for `granularity: "week"` (0 = Sunday … 6 = Saturday).
   * @defaultValue `1` (Monday)
   */
  weekStartsOn?: WeekStartsOn;
  /**
   * The day counts N for "the share who returned within N days" (whole numbers ≥ 0).
   * @defaultValue `[30, 60, 90, 180, 365]`
   */
  withinDays?: readonly number[];
}

/** The share of a group's customers whose second order came within N days of their first. */
export interface ReturnedWithin {
  /** N, in calendar days. */
  days: number;
  /** Customers whose second order was at most N local calendar days after their first. */
  customers: number;
  /** customers / the group's size (a fraction), or `null` for an empty group. */
  share: number | null;
  /** Whether every customer of the group has been observed for N days (else the share can still rise). */
  complete: boolean;
}

/** Time-to-second-purchase statistics of one group of customers (a cohort, or all of them). */
export interface SecondPurchaseStats {
  /** Customers in the group. */
  size: number;
  /** Of them, customers with a second order by `asOf`. */
  returned: number;
  /** Median days from the first to the second order, over `returned` (`null` when none returned). */
  medianDays: number | null;
  /** First quartile of those days (`null` when none returned). */
  lowerQuartileDays: number | null;
  /** Third quartile of those days (`null` when none returned). */
  upperQuartileDays: number | null;
  /** The share who returned within each of `withinDays`. */
  returnedWithin: ReturnedWithin[];
}

/** One acquisition cohort of a {@link TimeToSecondPurchaseResult}. */
export interface SecondPurchaseCohort extends SecondPurchaseStats {
  /** Cohort label: `2024-03`, `2024-Q1`, … */
  label: string;
  /** Start of the cohort's period, ISO 8601 with the zone's offset. */
  start: string;
}

/** Result of {@link timeToSecondPurchase}. */
export interface TimeToSecondPurchaseResult {
  granularity: Granularity;
  withinDays: number[];
  /** Every customer acquired in the window, together. */
  overall: SecondPurchaseStats;
  /** One record per acquisition cohort with customers, oldest first. */
  cohorts: SecondPurchaseCohort[];
  window: ResolvedWindow;
}

/**
 * Time to second purchase: how long new customers take to order again, by acquisition cohort: the median and
 * quartiles of the days from the first to the second order, and the share who returned within N days.
 *
 * Use it to time a win-back or replenishment e-mail, and to see whether newer cohorts come back faster.
 *
 * Definitions: a customer's second order is their earliest order after the first (same instant included), seen
 * by `asOf`; its delay is the number of local calendar days between the two orders in `timeZone` (0 for the same
 * day; a DST day counts as one). A customer's cohort is the calendar period of their first order; only customers
 * whose first order lies in `[from, to)` count. Quartiles interpolate linearly between closest ranks (Hyndman &
 * Fan type 7, as R and NumPy). The share within N days is over the whole cohort and is `complete` once its last
 * customer has been observed for N days. The median is over customers who returned, so it is biased low for
 * recent cohorts (the slow returners have not returned yet): compare cohorts on complete shares.
 *
 * Source: time between first and second purchase as a repeat-purchase KPI, e.g.
 * https://www.shopify.com/blog/repeat-customers; quantiles: Hyndman & Fan (1996), "Sample quantiles in
 * statistical packages", The American Statistician 50(4).
 *
 * Cost: O(n + customers log customers) time (one pass over the orders, then a sort of the delays per cohort),
 * O(customers) memory.
 *
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link TimeToSecondPurchaseOptions}.
 * @returns the statistics of every cohort and of all customers together.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `granularity`, `weekStartsOn`, `withinDays`,
 * `from`, `to`, `asOf`; also for an `OrderAccumulator`, which keeps purchase days, not second-order times),
 * `INVALID_TIME_ZONE`, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const s = timeToSecondPurchase([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-01-25", total: "10" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-12", total: "10" },
 *   { orderId: "4", customerId: "bob", placedAt: "2024-03-12", total: "10" },
 *   { orderId: "5", customerId: "cy", placedAt: "2024-01-20", total: "10" },
 * ], { withinDays: [30], asOf: "2024-06-30" });
 * s.cohorts.map((c) => [c.label, c.size, c.returned, c.medianDays]); // [["2024-01", 3, 2, 37.5]]
 * s.cohorts[0]?.returnedWithin; // [{ days: 30, customers: 1, share: 0.3333333333333333, complete: true }]
 * ```
 */
export function timeToSecondPurchase(orders: OrdersInput, options?: TimeToSecondPurchaseOptions): TimeToSecondPurchaseResult {
  const r = resolveMetric(orders, options);
  const opts: TimeToSecondPurchaseOptions = options ?? {};
  const granularity = checkGranularity(opts.granularity, "month");
  const weekStartsOn = checkWeekStartsOn(opts.weekStartsOn);
  if (opts.withinDays !== undefined && !Array.isArray(opts.withinDays)) {
    throw optionError("withinDays", "must be a list of whole numbers of days from 0 to 100000", opts.withinDays, "Pass day counts such as [30, 90].");
  }
  const withinDays = opts.withinDays === undefined ? [30, 60, 90, 180, 365] : [...(opts.withinDays as number[])];
  if (withinDays.some((d) => typeof d !== "number" || !Number.isInteger(d) || d < 0 || d > 100_000)) {
    throw optionError("withinDays", "must be a list of whole numbers of days from 0 to 100000", opts.withinDays, "Pass day counts such as [30, 90].");
  }
  const { cols, zone } = r;
  const kernel = periodKernel(granularity, zone, weekStartsOn);
  const second = secondOrderTimes(cols, r.asOf);
  const asOfDay = zone.localDay(r.asOf);
  // Customers acquired in [from, to) and seen by asOf, grouped by cohort period.
  const groups = new Map<number, Group>();
  const all: Group = { delays: [], size: 0, lastFirstDay: -Infinity };
  const { lo, hi } = orderWindow(r.from, r.to, r.asOf);
  for (let c = 0; c < cols.customers; c++) {
    const tf = cols.firstTime[c] as number;
    if (!inWindow(tf, lo, hi)) continue;
    const p = kernel.ofInstant(tf);
    let g = groups.get(p);
    if (g === undefined) {
      g = { delays: [], size: 0, lastFirstDay: -Infinity };
      groups.set(p, g);
    }
    const firstDay = zone.localDay(tf);
    const t2 = second[c] as number;
    const delay = Number.isNaN(t2) ? NaN : zone.localDay(t2) - firstDay;
    count(g, firstDay, delay);
    count(all, firstDay, delay);
  }
  const stats = (g: Group): SecondPurchaseStats => {
    const sorted = Float64Array.from(g.delays).sort();
    return {
      size: g.size,
      returned: sorted.length,
      medianDays: quantileSorted(sorted, 0.5),
      lowerQuartileDays: quantileSorted(sorted, 0.25),
      upperQuartileDays: quantileSorted(sorted, 0.75),
      returnedWithin: withinDays.map((days) => {
        // Delays ≤ days: the upper bound of `days` in the sorted delays.
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((sorted[mid] as number) <= days) lo = mid + 1;
          else hi = mid;
        }
        const customers = lo;
        return { days, customers, share: g.size === 0 ? null : customers / g.size, complete: g.size > 0 && asOfDay - g.lastFirstDay >= days };
      }),
    };
  };
  const cohorts: SecondPurchaseCohort[] = [...groups.keys()]
    .sort((a, b) => a - b)
    .map((p) => ({ label: kernel.label(p), start: kernel.startIso(p), ...stats(groups.get(p) as Group) }));
  return withDisplay<TimeToSecondPurchaseResult>({ granularity, withinDays, overall: stats(all), cohorts, window: r.window }, tableBundle);
}

/** One group's customers as counted: delays of those who returned, size, and the latest first-order day. */
interface Group {
  delays: number[];
  size: number;
  lastFirstDay: number;
}

/** Counts one customer (first-order day, delay to the second order or NaN) into `g`. */
function count(g: Group, firstDay: number, delay: number): void {
  g.size++;
  if (firstDay > g.lastFirstDay) g.lastFirstDay = firstDay;
  if (!Number.isNaN(delay)) g.delays.push(delay);
}
