import type { Instant, MetricOptions, ResolvedWindow } from "../../core/types.js";
import { MS_PER_DAY } from "../time/civil.js";
import type { OrderColumns } from "../book/columns.js";
import { optionError } from "../fail.js";
import { instantOption, resolveMetric, type MetricInput as OrdersInput } from "../resolve.js";

/**
 * Retention computed from orders: who was active at an instant, who is new in an interval.
 *
 * Definition used throughout (docs/retention.md): a customer is **active at instant x** when they placed an
 * order at some t with `x − activeWithinDays × 86,400,000 ms ≤ t < x` (days are 24-hour days of elapsed
 * time): the window of `activeWithinDays` days that ends just before x, half-open like every period here. A customer is **new in `[a, b)`** when their first order in the whole input lies in `[a, b)`.
 * Orders after `asOf` are unseen.
 */

/** Counts for one interval `[start, end)` (counted from orders). */
export interface IntervalActivity {
  /** S: customers active at start. */
  customersAtStart: number;
  /** E: customers active at end. */
  customersAtEnd: number;
  /** N: customers whose first order lies in [start, end). */
  newCustomers: number;
  /** Customers active at start and at end (S ∩ E). */
  retainedCustomers: number;
  /** New customers active at end and not at start ((N ∩ E) \ S). */
  newActiveAtEnd: number;
  /** Customers active at end who were neither active at start nor new (E \ S \ N): lapsed and came back. */
  reactivatedCustomers: number;
}

/** Binary search: the number of elements of sorted `a` that are ≤ x. */
function countAtMost(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Binary search: the number of elements of sorted `a` that are < x (searching from index `lo`). */
function countLess(a: ArrayLike<number>, x: number, lo = 0): number {
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The shared kernel: S, E, N, retained, new-active and reactivated counts for each interval
 * `[boundaries[j], boundaries[j + 1])`, with "active" as defined above and `windowMs = activeWithinDays` in ms.
 * `boundaries` must be strictly increasing and have at least 2 entries.
 *
 * Cost: O(n + customers × B) time at worst (B = boundaries, a customer only visits the boundaries it can be
 * active at), O(n + customers) memory: orders are grouped by customer with a counting sort.
 */
export function intervalActivity(cols: OrderColumns, asOf: number, boundaries: readonly number[], windowMs: number): IntervalActivity[] {
  const B = boundaries.length;
  const out: IntervalActivity[] = [];
  for (let j = 0; j + 1 < B; j++) {
    out.push({ customersAtStart: 0, customersAtEnd: 0, newCustomers: 0, retainedCustomers: 0, newActiveAtEnd: 0, reactivatedCustomers: 0 });
  }
  const { n, time, customer, firstTime } = cols;
  const nCust = cols.customerIds.length;
  // Group the seen orders' times by customer (counting sort), then sort each customer's times.
  const start = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) {
    if ((time[i] as number) > asOf) continue;
    const slot = (customer[i] as number) + 1;
    start[slot] = (start[slot] as number) + 1;
  }
  for (let c = 0; c < nCust; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const fill = start.slice(0, nCust);
  const times = new Float64Array(start[nCust] as number);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (t > asOf) continue;
    const c = customer[i] as number;
    times[fill[c] as number] = t;
    fill[c] = (fill[c] as number) + 1;
  }
  const first = boundaries[0] as number;
  const last = boundaries[B - 1] as number;
  const activeAt = new Uint8Array(B);
  for (let c = 0; c < nCust; c++) {
    const s0 = start[c] as number;
    const s1 = start[c + 1] as number;
    if (s0 === s1) continue;
    const mine = times.subarray(s0, s1);
    mine.sort();
    const tFirst = mine[0] as number;
    const tLast = mine[mine.length - 1] as number;
    // The book's first order is the earliest; it is seen because the customer has a seen order.
    const tf = firstTime[c] as number;
    const newIn = tf >= first && tf < last ? countAtMost(boundaries, tf) - 1 : -1;
    // Boundaries this customer can be active at: tFirst < b ≤ tLast + window, i.e. indices [jLo, jHi).
    const jLo = countAtMost(boundaries, tFirst);
    const jHi = countAtMost(boundaries, tLast + windowMs);
    if (jLo >= jHi && newIn < 0) continue;
    let p = 0;
    for (let j = jLo; j < jHi; j++) {
      const b = boundaries[j] as number;
      p = countLess(mine, b, p);
      activeAt[j] = p > 0 && (mine[p - 1] as number) >= b - windowMs ? 1 : 0;
    }
    const jFrom = Math.max(0, Math.min(jLo - 1, newIn < 0 ? Infinity : newIn));
    const jTo = Math.min(B - 1, Math.max(jHi, newIn + 1));
    for (let j = jFrom; j < jTo; j++) {
      const a = j >= jLo && j < jHi ? (activeAt[j] as number) : 0;
      const e = j + 1 >= jLo && j + 1 < jHi ? (activeAt[j + 1] as number) : 0;
      const isNew = j === newIn;
      if (a === 0 && e === 0 && !isNew) continue;
      const o = out[j] as IntervalActivity;
      if (a) o.customersAtStart++;
      if (e) o.customersAtEnd++;
      if (isNew) o.newCustomers++;
      if (a && e) o.retainedCustomers++;
      else if (e && isNew) o.newActiveAtEnd++;
      else if (e) o.reactivatedCustomers++;
    }
  }
  return out;
}

/** Reads an `activeWithinDays` option: a positive finite number of days. */
export function activeWithinDaysOption(value: unknown): number {
  if (value === undefined) return 365;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw optionError("activeWithinDays", "must be a positive number of days", value, "Pass for example 365 (a customer who ordered in the last year is active) or 90.");
  }
  return value;
}

/** The rates of one interval, from its counts. */
export interface RetentionRates {
  /** CRR = (E − N) / S, or `null` when S = 0. Can exceed the retained share (returning lapsed customers). */
  customerRetentionRate: number | null;
  /** retainedCustomers / S: the share of S still active at end, or `null` when S = 0. */
  retainedShare: number | null;
  /** 1 − retainedShare, or `null` when S = 0. */
  churnRate: number | null;
}

/** CRR, retained share and churn from the counts. */
export function ratesOf(a: IntervalActivity): RetentionRates {
  const S = a.customersAtStart;
  if (S === 0) return { customerRetentionRate: null, retainedShare: null, churnRate: null };
  const share = a.retainedCustomers / S;
  return { customerRetentionRate: (a.customersAtEnd - a.newCustomers) / S, retainedShare: share, churnRate: (S - a.retainedCustomers) / S };
}

/** Options of {@link customerRetentionRate} (orders form). */
export interface CustomerRetentionRateOptions extends Pick<MetricOptions, "timeZone" | "asOf"> {
  /** Start of the period (S is counted at this instant). A date-only string is the start of that local day. */
  start: Instant;
  /** End of the period, exclusive for new customers (E is counted at this instant). Must be after `start`. */
  end: Instant;
  /**
   * A customer is active at x when they ordered at t with x − activeWithinDays days ≤ t < x.
   * @defaultValue `365`
   */
  activeWithinDays?: number;
}

/** Result of {@link customerRetentionRate} (orders form): the counts, the rates, and the period. */
export interface OrderRetentionResult extends IntervalActivity, RetentionRates {
  /** The period start, ISO 8601 UTC. */
  start: string;
  /** The period end, ISO 8601 UTC. */
  end: string;
  /** The activity window used, in days. */
  activeWithinDays: number;
  /** Whether every order before `end` is seen (`end` ≤ `asOf` + 1 ms, `asOf` being inclusive), so E was fully observed. */
  complete: boolean;
  /** The zone and observation end used. */
  window: ResolvedWindow;
}

/** Reads `start` / `end` style options. */
export function intervalOptions(startValue: unknown, endValue: unknown, zone: Parameters<typeof instantOption>[2], names: [string, string] = ["start", "end"]): [number, number] {
  if (startValue === undefined) throw optionError(names[0], "is required", startValue, 'Pass the start of the period, such as "2024-01-01".');
  if (endValue === undefined) throw optionError(names[1], "is required", endValue, 'Pass the end of the period, such as "2025-01-01".');
  const s = instantOption(names[0], startValue, zone);
  const e = instantOption(names[1], endValue, zone);
  if (e <= s) throw optionError(names[1], `must be later than ${names[0]}`, endValue, `Give an end after the start; the period [${names[0]}, ${names[1]}) is half-open.`);
  return [s, e];
}

/**
 * Customer retention rate computed from orders: CRR = (E − N) / S, with S, E and N counted from the orders, and
 * the stricter share of S still active at the end, and churn.
 *
 * Use it to report the textbook CRR for a period (a year, a quarter) straight from an order export. Report
 * `retainedShare` / `churnRate` next to it: CRR also credits lapsed customers who came back (and is lowered by
 * new customers who already lapsed), so the two differ (docs/retention.md).
 *
 * Definitions (days are 24-hour days of elapsed time):
 * - active at x: an order at t with x − activeWithinDays days ≤ t < x (the window that ends just before x);
 * - S = active at `start`, E = active at `end`, N = first order in the whole input within [start, end);
 * - CRR = (E − N) / S; retainedShare = |S ∩ E| / S; churnRate = 1 − retainedShare (fractions; `null` if S = 0);
 * - E = retainedCustomers + newActiveAtEnd + reactivatedCustomers.
 * S and N never overlap: a customer active at `start` ordered before it, so their first order is before `start`.
 *
 * Source: CRR = ((E − N) / S) × 100, e.g. https://www.hubspot.com/customer-retention-rate (S, E, N counts).
 *
 * Cost: O(n log m) time (m = orders of one customer), O(n + customers) memory.
 *
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link CustomerRetentionRateOptions}.
 * @returns the counts and rates.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `start`, `end`, `activeWithinDays`, `asOf`),
 * `INVALID_TIME_ZONE`, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const r = customerRetentionRate([
 *   { orderId: "1", customerId: "ann", placedAt: "2023-06-01", total: "10" },
 *   { orderId: "2", customerId: "bob", placedAt: "2023-07-01", total: "10" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-05-01", total: "10" },
 *   { orderId: "4", customerId: "cy", placedAt: "2024-03-01", total: "10" },
 * ], { start: "2024-01-01", end: "2025-01-01" });
 * [r.customersAtStart, r.customersAtEnd, r.newCustomers]; // [2, 2, 1]
 * r.customerRetentionRate; // 0.5  ((2 − 1) / 2)
 * r.retainedShare;         // 0.5  (ann)
 * r.churnRate;             // 0.5  (bob)
 * ```
 */
export function customerRetentionRateFromOrders(orders: OrdersInput, options: CustomerRetentionRateOptions): OrderRetentionResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object with start and end", options, 'Pass { start: "2024-01-01", end: "2025-01-01" }.');
  }
  const shared: MetricOptions = {};
  if (options.timeZone !== undefined) shared.timeZone = options.timeZone;
  if (options.asOf !== undefined) shared.asOf = options.asOf;
  const r = resolveMetric(orders, shared);
  const [start, end] = intervalOptions(options.start, options.end, r.zone);
  const days = activeWithinDaysOption(options.activeWithinDays);
  const [a] = intervalActivity(r.cols, r.asOf, [start, end], days * MS_PER_DAY) as [IntervalActivity];
  return {
    ...a,
    ...ratesOf(a),
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    activeWithinDays: days,
    complete: end <= r.asOf + 1,
    window: r.window,
  };
}
