import { MS_PER_DAY as DAY_MS } from "./civil.js";
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

/** Width of one customer's row in {@link CustomerFacts.facts}: one 64-byte cache line. */
export const FACTS_STRIDE = 8;
/** Slot of the counted orders in a customer's row. */
export const F_ORDERS = 0;
/** Slot of the number of distinct purchase days. */
export const F_DAYS = 1;
/** Slot of the local day number of the first purchase day. */
export const F_FIRST_DAY = 2;
/** Slot of the local day number of the last purchase day. */
export const F_LAST_DAY = 3;
/** Slot of the epoch ms of the first counted order. */
export const F_FIRST_TIME = 4;
/** Slot of the epoch ms of the last counted order. */
export const F_LAST_TIME = 5;
/** Slot of the sum of order values (minor units; exact while a safe integer, else see `big`). */
export const F_VALUE = 6;
/** Slot of the sum of the values of the orders on the first purchase day (minor units). */
export const F_FIRST_DAY_VALUE = 7;

/**
 * Per-customer purchase-day facts in one row-major Float64Array: customer `c` (dense index) owns
 * `facts[c * FACTS_STRIDE .. + FACTS_STRIDE)`, slots `F_*`. One row is one cache line, so the kernel's random
 * per-order update touches one line instead of one per fact. Rows of customers without a counted order are
 * all zero.
 *
 * A "purchase day" is a calendar day in the zone with at least one counted order; money is in integer minor
 * units on the chosen basis (net or gross).
 */
export interface CustomerFacts {
  /** Number of customers with at least one counted order (= `counted.length`). */
  customers: number;
  /** Number of counted orders. */
  orderCount: number;
  /** Customers with at least two purchase days. */
  repeatCustomers: number;
  /** Dense indices of the customers with a counted order, ascending (= order of first appearance in the input). */
  counted: Int32Array;
  /** The rows (see above). */
  facts: Float64Array;
  /** Exact BigInt sums, present only for customers whose value left the safe-integer range. */
  big: Map<number, { value: bigint; firstDayValue: bigint }> | null;
}

// A module constant, not the imported binding: read in the hot loops (see summaryRecords.ts).
const MS_PER_DAY = DAY_MS;

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
export function customerFacts(cols: OrderColumns, zone: ZoneCalendar, bounds: OrderBounds, net: boolean): CustomerFacts {
  const { n, time, total, refunded, customer } = cols;
  const C = cols.customerIds.length;
  const f = new Float64Array(C * FACTS_STRIDE);
  const seen = new Int32Array(C);
  let customers = 0;
  let orderCount = 0;
  let repeatCustomers = 0;
  let sorted = true;
  let lastSeen = -1;
  let unordered: Uint8Array | null = null;
  const useRefunds = net && refunded !== null;
  const { lo, hi, end, after } = bounds;
  const utc = zone.isUtc;
  // Usually every order counts (no window, asOf = the latest order): then the per-order bounds test is skipped.
  const all = cols.minTime >= lo && cols.minTime > after && cols.maxTime < hi && cols.maxTime <= end;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!all && (t < lo || t >= hi || t > end || t <= after)) continue;
    orderCount++;
    const c = customer[i] as number;
    const v = useRefunds ? (total[i] as number) - (refunded[i] as number) : (total[i] as number);
    const day = utc ? Math.floor(t / MS_PER_DAY) : zone.localDay(t);
    const b = c * FACTS_STRIDE;
    const k = f[b] as number;
    if (k === 0) {
      f[b] = 1;
      f[b + F_DAYS] = 1;
      f[b + F_FIRST_DAY] = day;
      f[b + F_LAST_DAY] = day;
      f[b + F_FIRST_TIME] = t;
      f[b + F_LAST_TIME] = t;
      f[b + F_VALUE] = v;
      f[b + F_FIRST_DAY_VALUE] = v;
      if (c < lastSeen) sorted = false;
      lastSeen = c;
      seen[customers++] = c;
      continue;
    }
    f[b] = k + 1;
    f[b + F_VALUE] = (f[b + F_VALUE] as number) + v;
    if (t < (f[b + F_FIRST_TIME] as number)) f[b + F_FIRST_TIME] = t;
    if (t > (f[b + F_LAST_TIME] as number)) f[b + F_LAST_TIME] = t;
    const fd = f[b + F_FIRST_DAY] as number;
    if (day < fd) {
      f[b + F_FIRST_DAY] = day;
      f[b + F_FIRST_DAY_VALUE] = v;
    } else if (day === fd) {
      f[b + F_FIRST_DAY_VALUE] = (f[b + F_FIRST_DAY_VALUE] as number) + v;
    }
    // The last-day slot is the latest day seen so far: a later day is a new purchase day while the customer's
    // orders arrive in day order; an earlier one means they do not, and the days are counted after the pass.
    const ld = f[b + F_LAST_DAY] as number;
    if (day > ld) {
      const d = f[b + F_DAYS] as number;
      if (d === 1) repeatCustomers++;
      f[b + F_DAYS] = d + 1;
      f[b + F_LAST_DAY] = day;
    } else if (day < ld) {
      if (unordered === null) unordered = new Uint8Array(C);
      unordered[c] = 1;
    }
  }
  const counted = seen.subarray(0, customers);
  if (!sorted) counted.sort();
  if (unordered !== null) {
    const lists = purchaseDayLists(cols, zone, bounds, unordered);
    for (let c = 0; c < C; c++) {
      if (unordered[c] !== 1) continue;
      const slot = c * FACTS_STRIDE + F_DAYS;
      const before = f[slot] as number;
      const exact = (lists.start[c + 1] as number) - (lists.start[c] as number);
      f[slot] = exact;
      repeatCustomers += (exact > 1 ? 1 : 0) - (before > 1 ? 1 : 0);
    }
  }
  let big: CustomerFacts["big"] = null;
  for (let j = 0; j < customers; j++) {
    const c = counted[j] as number;
    if (!Number.isSafeInteger(f[c * FACTS_STRIDE + F_VALUE] as number)) {
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
      if (zone.localDay(t) === f[c * FACTS_STRIDE + F_FIRST_DAY]) acc.firstDayValue += v;
    }
  }
  return { customers, orderCount, repeatCustomers, counted, facts: f, big };
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
  const utc = zone.isUtc;
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if (only !== null && only[c] !== 1) continue;
    const t = time[i] as number;
    if (!counts(t, bounds)) continue;
    const at = fill[c] as number;
    raw[at] = utc ? Math.floor(t / MS_PER_DAY) : zone.localDay(t);
    fill[c] = at + 1;
  }
  // Sort each bucket (insertion sort for the usual handful of orders, the built-in sort beyond) and compact
  // it to distinct days, in place.
  const start = new Int32Array(C + 1);
  let w = 0;
  for (let c = 0; c < C; c++) {
    const a = size[c] as number;
    const b = size[c + 1] as number;
    start[c] = w;
    if (b - a > 16) {
      raw.subarray(a, b).sort();
    } else {
      for (let k = a + 1; k < b; k++) {
        const d = raw[k] as number;
        let j = k - 1;
        while (j >= a && (raw[j] as number) > d) {
          raw[j + 1] = raw[j] as number;
          j--;
        }
        raw[j + 1] = d;
      }
    }
    for (let k = a; k < b; k++) {
      const d = raw[k] as number;
      if (w === (start[c] as number) || d !== raw[w - 1]) raw[w++] = d;
    }
  }
  start[C] = w;
  return { start, day: raw.subarray(0, w) };
}
