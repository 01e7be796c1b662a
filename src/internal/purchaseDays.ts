import { MS_PER_DAY } from "./civil.js";
import type { OrderColumns } from "./columns.js";
import type { ZoneCalendar } from "./zone.js";

/**
 * Which orders count: those with `t >= lo && t < hi && t <= end && t > after` (epoch ms). `lo`/`hi` is the
 * shared `[from, to)` window, `end` the inclusive observation end, `after` an exclusive lower bound (a
 * calibration end, for the holdout period; `-Infinity` otherwise).
 */
export interface OrderBounds {
  lo: number;
  hi: number;
  end: number;
  after: number;
}

/**
 * Per-customer purchase-day facts, indexed by dense customer index. Entries of customers without a counted
 * order (`orders[c] === 0`) are meaningless.
 *
 * A "purchase day" is a calendar day in the zone with at least one counted order; money is in integer minor
 * units on the chosen basis (net or gross).
 */
export interface PurchaseDayStats {
  /** Number of customers with at least one counted order. */
  customers: number;
  /** Counted orders per customer. */
  orders: Int32Array;
  /** Distinct purchase days per customer. */
  days: Int32Array;
  /** Local day number of the first and last purchase day. */
  firstDay: Float64Array;
  lastDay: Float64Array;
  /** Epoch ms of the first and last counted order. */
  firstTime: Float64Array;
  lastTime: Float64Array;
  /** Sum of order values (minor units); exact while a safe integer, else see `big`. */
  value: Float64Array;
  /** Sum of the values of the orders on the first purchase day (minor units). */
  firstDayValue: Float64Array;
  /** Exact BigInt sums, present only for customers whose `value` left the safe-integer range. */
  big: Map<number, { value: bigint; firstDayValue: bigint }> | null;
}

function counts(t: number, b: OrderBounds): boolean {
  return t >= b.lo && t < b.hi && t <= b.end && t > b.after;
}

/**
 * One pass over the book without sorting: per customer, order count, value sums, first/last time and day,
 * the value of the first purchase day, and the number of distinct purchase days.
 *
 * Distinct days are counted on the fly while a customer's orders arrive in non-decreasing day order (the
 * usual case: exports are chronological); customers whose orders arrive out of order are flagged and their
 * days are counted afterwards from a per-customer sorted list (see {@link purchaseDayLists}). Cost: O(n) for
 * ordered input, O(n + m log k) otherwise (m orders of out-of-order customers, k orders per customer).
 */
export function purchaseDayStats(cols: OrderColumns, zone: ZoneCalendar, bounds: OrderBounds, net: boolean): PurchaseDayStats {
  const { n, time, total, refunded, customer } = cols;
  const C = cols.customerIds.length;
  const orders = new Int32Array(C);
  const days = new Int32Array(C);
  const firstDay = new Float64Array(C);
  const lastDay = new Float64Array(C);
  const firstTime = new Float64Array(C);
  const lastTime = new Float64Array(C);
  const value = new Float64Array(C);
  const firstDayValue = new Float64Array(C);
  let unordered: Uint8Array | null = null;
  let customers = 0;
  const useRefunds = net && refunded !== null;
  const { lo, hi, end, after } = bounds;
  const utc = zone.isUtc;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (t < lo || t >= hi || t > end || t <= after) continue;
    const c = customer[i] as number;
    const v = useRefunds ? (total[i] as number) - (refunded[i] as number) : (total[i] as number);
    const day = utc ? Math.floor(t / MS_PER_DAY) : zone.localDay(t);
    const k = orders[c] as number;
    orders[c] = k + 1;
    if (k === 0) {
      customers++;
      days[c] = 1;
      firstDay[c] = day;
      lastDay[c] = day;
      firstTime[c] = t;
      lastTime[c] = t;
      value[c] = v;
      firstDayValue[c] = v;
      continue;
    }
    value[c] = (value[c] as number) + v;
    if (t < (firstTime[c] as number)) firstTime[c] = t;
    if (t > (lastTime[c] as number)) lastTime[c] = t;
    const fd = firstDay[c] as number;
    if (day < fd) {
      firstDay[c] = day;
      firstDayValue[c] = v;
    } else if (day === fd) {
      firstDayValue[c] = (firstDayValue[c] as number) + v;
    }
    // lastDay is the latest day seen so far: a later day is a new purchase day while the customer's orders
    // arrive in day order; an earlier one means they do not, and the days are counted after the pass.
    const ld = lastDay[c] as number;
    if (day > ld) {
      days[c] = (days[c] as number) + 1;
      lastDay[c] = day;
    } else if (day < ld) {
      if (unordered === null) unordered = new Uint8Array(C);
      unordered[c] = 1;
    }
  }
  if (unordered !== null) {
    const lists = purchaseDayLists(cols, zone, bounds, unordered);
    for (let c = 0; c < C; c++) {
      if (unordered[c] === 1) days[c] = (lists.start[c + 1] as number) - (lists.start[c] as number);
    }
  }
  let big: PurchaseDayStats["big"] = null;
  for (let c = 0; c < C; c++) {
    if (!Number.isSafeInteger(value[c] as number)) {
      big ??= new Map();
      big.set(c, { value: 0n, firstDayValue: 0n });
    }
  }
  if (big !== null) {
    // Slow exact path for customers whose sums exceed 2^53 minor units (amounts are non-negative, so every
    // partial sum of a customer whose total is a safe integer is exact).
    for (let i = 0; i < n; i++) {
      const t = time[i] as number;
      if (!counts(t, bounds)) continue;
      const c = customer[i] as number;
      const acc = big.get(c);
      if (acc === undefined) continue;
      const v = BigInt(total[i] as number) - (useRefunds ? BigInt(refunded[i] as number) : 0n);
      acc.value += v;
      if (zone.localDay(t) === firstDay[c]) acc.firstDayValue += v;
    }
  }
  return { customers, orders, days, firstDay, lastDay, firstTime, lastTime, value, firstDayValue, big };
}

/** Sorted distinct purchase days per customer in CSR layout: customer c owns `day[start[c] .. start[c+1])`. */
export interface PurchaseDayLists {
  start: Int32Array;
  day: Float64Array;
}

/**
 * Sorted distinct purchase days of each customer (only those with `only[c] === 1` when `only` is given).
 * Orders are bucketed by customer (a counting sort), each bucket is sorted numerically and deduplicated.
 * Cost: O(n + m log k) time, O(n) memory.
 */
export function purchaseDayLists(cols: OrderColumns, zone: ZoneCalendar, bounds: OrderBounds, only: Uint8Array | null = null): PurchaseDayLists {
  const { n, time, customer } = cols;
  const C = cols.customerIds.length;
  const size = new Int32Array(C + 1);
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if (only !== null && only[c] !== 1) continue;
    if (!counts(time[i] as number, bounds)) continue;
    size[c + 1] = (size[c + 1] as number) + 1;
  }
  for (let c = 0; c < C; c++) size[c + 1] = (size[c + 1] as number) + (size[c] as number);
  const raw = new Float64Array(size[C] as number);
  const fill = size.slice(0, C);
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if (only !== null && only[c] !== 1) continue;
    const t = time[i] as number;
    if (!counts(t, bounds)) continue;
    const at = fill[c] as number;
    raw[at] = zone.localDay(t);
    fill[c] = at + 1;
  }
  // Sort each bucket and compact it to distinct days, in place.
  const start = new Int32Array(C + 1);
  let w = 0;
  for (let c = 0; c < C; c++) {
    const a = size[c] as number;
    const b = size[c + 1] as number;
    start[c] = w;
    if (b - a > 1) raw.subarray(a, b).sort();
    for (let k = a; k < b; k++) {
      const d = raw[k] as number;
      if (w === (start[c] as number) || d !== raw[w - 1]) raw[w++] = d;
    }
  }
  start[C] = w;
  return { start, day: raw.subarray(0, w) };
}
