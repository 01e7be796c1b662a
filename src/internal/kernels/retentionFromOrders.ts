import type { OrderColumns } from "../book/columns.js";
import { inWindow, orderWindow, type OrderWindow } from "../book/window.js";
import { optionError } from "../fail.js";
import type { PeriodKernel } from "../time/periods.js";

// A module constant, not the imported binding: called per order (some module loaders, e.g. Vite's SSR
// transform, turn an imported binding into a property read).
const within = inWindow;

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
  const nCust = cols.customers;
  // The seen orders: those up to asOf.
  const { lo, hi } = orderWindow(-Infinity, Infinity, asOf);
  // Group the seen orders' times by customer (counting sort), then sort each customer's times.
  const start = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) {
    if (!within(time[i] as number, lo, hi)) continue;
    const slot = (customer[i] as number) + 1;
    start[slot] = (start[slot] as number) + 1;
  }
  for (let c = 0; c < nCust; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const fill = start.slice(0, nCust);
  const times = new Float64Array(start[nCust] as number);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
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
  /**
   * Churned customers of the `churn` definition: S − retained by default, plus the new customers who were not
   * active at the end (`newLeavers: "include"`), minus the reactivated customers (`reactivations: "net"`).
   */
  churnedCustomers: number;
  /**
   * churnedCustomers / the `churn` definition's denominator (S by default, S + N with `"startPlusNew"`); with the
   * default definition 1 − retainedShare. `null` when the denominator is 0. Negative only with net reactivations
   * that outnumber the churned.
   */
  churnRate: number | null;
}

/** How churn is counted (docs/choosing-definitions.md, "Churn"); the default is the documented one. */
export interface ChurnDefinition {
  /**
   * `"start"`: churned / customers active at the start (ChartMogul). `"startPlusNew"`: churned / (customers at the
   * start + new customers) (Stripe).
   * @defaultValue `"start"`
   */
  denominator?: "start" | "startPlusNew";
  /**
   * New customers of the period who are not active at its end: `"exclude"`d from the churned, or `"include"`d.
   * @defaultValue `"exclude"`
   */
  newLeavers?: "exclude" | "include";
  /**
   * Reactivated customers (active at the end, neither at the start nor new): `"ignore"`d, or `"net"`ted out of the
   * churned (net churn).
   * @defaultValue `"ignore"`
   */
  reactivations?: "ignore" | "net";
}

/** A {@link ChurnDefinition} with every choice made (as echoed in results). */
export type ResolvedChurnDefinition = Required<ChurnDefinition>;

/** Reads a `churn` option, or throws INVALID_OPTION naming the bad field. */
export function churnOption(value: unknown): ResolvedChurnDefinition {
  if (value === undefined) return { denominator: "start", newLeavers: "exclude", reactivations: "ignore" };
  if (typeof value !== "object" || value === null) throw optionError("churn", "must be an object", value, 'Pass for example { denominator: "startPlusNew" }.');
  const v = value as ChurnDefinition;
  const pick = <T extends string>(name: string, got: unknown, allowed: readonly T[]): T => {
    if (got === undefined) return allowed[0] as T;
    if (!allowed.includes(got as T)) throw optionError(`churn.${name}`, `must be ${allowed.map((x) => `"${x}"`).join(" or ")}`, got, `Use ${allowed.map((x) => `"${x}"`).join(" or ")}.`);
    return got as T;
  };
  return {
    denominator: pick("denominator", v.denominator, ["start", "startPlusNew"] as const),
    newLeavers: pick("newLeavers", v.newLeavers, ["exclude", "include"] as const),
    reactivations: pick("reactivations", v.reactivations, ["ignore", "net"] as const),
  };
}

/** CRR, retained share and churn (of `churn`'s definition) from the counts. */
export function ratesOf(a: IntervalActivity, churn: ResolvedChurnDefinition = churnOption(undefined)): RetentionRates {
  const S = a.customersAtStart;
  let churned = S - a.retainedCustomers;
  if (churn.newLeavers === "include") churned += a.newCustomers - a.newActiveAtEnd;
  if (churn.reactivations === "net") churned -= a.reactivatedCustomers;
  const den = churn.denominator === "startPlusNew" ? S + a.newCustomers : S;
  const churnRate = den === 0 ? null : churned / den;
  if (S === 0) return { customerRetentionRate: null, retainedShare: null, churnedCustomers: churned, churnRate };
  return { customerRetentionRate: (a.customersAtEnd - a.newCustomers) / S, retainedShare: a.retainedCustomers / S, churnedCustomers: churned, churnRate };
}

/** One period of a retention series (the public `RetentionSeriesPoint`). */
export interface SeriesPoint extends IntervalActivity, RetentionRates {
  label: string;
  start: string;
  end: string;
  complete: boolean;
}

/** The start instants (epoch ms) of periods p0 … p1 + 1: the boundaries of the series' intervals. */
export function seriesBoundaries(kernel: PeriodKernel, p0: number, p1: number): number[] {
  const boundaries: number[] = [];
  for (let p = p0; p <= p1 + 1; p++) boundaries.push(kernel.start(p));
  return boundaries;
}

/**
 * The points of a retention series over periods p0 … p0 + activity.length − 1, from each period's counts: the one
 * builder behind the in-process kernel's counts and the warehouse's (`fromSqlRows`). `boundaries` are
 * {@link seriesBoundaries}; `asOf` is the last observed millisecond (inclusive), as in cohortTable, so a period
 * ending right after it is complete.
 */
export function seriesPoints(
  kernel: PeriodKernel,
  p0: number,
  boundaries: readonly number[],
  activity: readonly IntervalActivity[],
  asOf: number,
  churn: ResolvedChurnDefinition,
): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  let end = kernel.startIso(p0);
  activity.forEach((a, j) => {
    const start = end;
    end = kernel.startIso(p0 + j + 1);
    points.push({ label: kernel.label(p0 + j), start, end, ...a, ...ratesOf(a, churn), complete: (boundaries[j + 1] as number) <= asOf + 1 });
  });
  return points;
}

/**
 * The counts of {@link returningCustomerRate}: customers with an order in the base window, and of those, customers
 * with an order in the return window (each window already limited to the orders seen by `asOf`; the two do not
 * overlap). Cost: one pass over the orders, one byte per customer.
 */
export function returningCounts(cols: OrderColumns, base: OrderWindow, back: OrderWindow): { base: number; returning: number } {
  const { n, time, customer } = cols;
  const { lo: baseLo, hi: baseHi } = base;
  const { lo: backLo, hi: backHi } = back;
  // Bit 1: ordered in the base window; bit 2: ordered in the return window.
  const flags = new Uint8Array(cols.customers);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    const c = customer[i] as number;
    if (within(t, baseLo, baseHi)) flags[c] = (flags[c] as number) | 1;
    else if (within(t, backLo, backHi)) flags[c] = (flags[c] as number) | 2;
  }
  let baseCount = 0;
  let returning = 0;
  for (const f of flags) {
    if (f & 1) {
      baseCount++;
      if (f & 2) returning++;
    }
  }
  return { base: baseCount, returning };
}
