import { MS_PER_DAY as DAY_MS } from "./civil.js";
import { repeatRowsOf, type OrderColumns } from "./columns.js";
import { NO_DAY, type ZoneCalendar } from "./zone.js";

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

/** Width of one customer's row in {@link CustomerFacts.hot}, in float64 slots (32 bytes). */
export const HOT_STRIDE = 4;
/** Hot float64 slot: sum of order values (minor units; exact while a safe integer, else see `big`). */
export const H_VALUE = 0;
/** Hot float64 slot: sum of the values of the orders on the first purchase day (minor units). */
export const H_FIRST_DAY_VALUE = 1;
/** Width of the same row in {@link CustomerFacts.hotInt}, in int32 slots (its int32 half starts at slot 4). */
export const HOT_INT_STRIDE = 8;
/** Hot int32 slot: number of counted orders. */
export const HI_ORDERS = 4;
/** Hot int32 slot: number of distinct purchase days. */
export const HI_DAYS = 5;
/** Hot int32 slot: local day number of the last (latest) purchase day. */
export const HI_LAST_DAY = 6;
/** Hot int32 slot: local day number of the first purchase day. */
export const HI_FIRST_DAY = 7;
/**
 * Per-customer purchase-day facts, read per dense customer index `c` with the readers below ({@link factCount}
 * and its siblings).
 *
 * Behind them, a customer with two or more orders in the book has one row of 32 bytes (one cache line at
 * most) that each of its orders reads and updates, seen through two views of one buffer:
 * `hot[r * HOT_STRIDE + H_*]` (float64: value, value of the first purchase day) and
 * `hotInt[r * HOT_INT_STRIDE + HI_*]` (int32: orders, purchase days, first and last day), where
 * `r = row[c]` ({@link OrderColumns.repeatRow}). A customer with a single order has no row: their facts are
 * those of that order, read from the book. So the rows take 32 bytes per repeat customer only (a third of the
 * customers on the heavy-tailed bench data, two thirds on the plain one), and the loop skips single orders.
 * First and last order times are not in the rows: the first comes from the book when every order counts, and
 * both are computed on demand otherwise ({@link CustomerFacts.lastTimes}), as only the records read them.
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
  /**
   * Dense indices of the customers with a counted order, ascending (= order of first appearance in the input),
   * or null when every customer of the book has one (the indices are then 0 … `customers` − 1).
   */
  counted: Int32Array | null;
  /** The rows, read per customer with {@link factCount}, {@link factDay} and {@link factUnits}. */
  rows: FactRows;
  /**
   * Per customer: epoch ms of the first counted order. When every order counts this is the book's own
   * `firstTime` column, shared: read it, never write it; otherwise it is computed on the first call (one more
   * pass over the orders).
   */
  firstTimes: () => Float64Array;
  /** Per customer: epoch ms of the last counted order, computed on the first call (one more pass). */
  lastTimes: () => Float64Array;
  /** Exact BigInt sums, present only for customers whose value left the safe-integer range. */
  big: Map<number, { value: bigint; firstDayValue: bigint }> | null;
}

/** Facts of a customer without a row, whose only order in the book is its first (`firstOrder`, `firstTime`). */
export interface SingleOrderFacts {
  /** Whether the order counts (is inside the bounds). */
  counted: (c: number) => boolean;
  /** Its value in minor units on the chosen basis. */
  value: (c: number) => number;
  /** Its local day number. */
  day: (c: number) => number;
}

/** Zeroed hot rows for `R` customers: the float64 and int32 views of one buffer. */
export function hotRows(R: number): { hot: Float64Array; hotInt: Int32Array } {
  const hot = new Float64Array(R * HOT_STRIDE);
  return { hot, hotInt: new Int32Array(hot.buffer) };
}

/**
 * The rows of {@link CustomerFacts}: customer c's row is `row[c]` (`row` null: row c), and a customer without
 * one (`row[c] < 0`, a single order in the book) is read from `single`.
 */
export interface FactRows {
  row: Int32Array | null;
  hot: Float64Array;
  hotInt: Int32Array;
  single: SingleOrderFacts | null;
}

/** Customer c's row, or -1 when they have none. */
function rowIndex(f: FactRows, c: number): number {
  return f.row === null ? c : (f.row[c] as number);
}

/**
 * Customer c's counted orders (`slot` {@link HI_ORDERS}) or purchase days ({@link HI_DAYS}): 0 for a customer
 * without a counted order. One reader for every consumer of the rows (records, per-fact arrays).
 */
export function factCount(f: FactRows, c: number, slot: number): number {
  const r = rowIndex(f, c);
  if (r >= 0) return f.hotInt[r * HOT_INT_STRIDE + slot] as number;
  return f.single !== null && f.single.counted(c) ? 1 : 0;
}

/** Local day number of customer c's first ({@link HI_FIRST_DAY}) or last ({@link HI_LAST_DAY}) purchase day. */
export function factDay(f: FactRows, c: number, slot: number): number {
  const r = rowIndex(f, c);
  if (r >= 0) return f.hotInt[r * HOT_INT_STRIDE + slot] as number;
  return f.single === null ? 0 : f.single.day(c);
}

/** Customer c's value ({@link H_VALUE}) or first-day value ({@link H_FIRST_DAY_VALUE}), minor units; 0 without a counted order. */
export function factUnits(f: FactRows, c: number, slot: number): number {
  const r = rowIndex(f, c);
  if (r >= 0) return f.hot[r * HOT_STRIDE + slot] as number;
  return f.single !== null && f.single.counted(c) ? f.single.value(c) : 0;
}

// A module constant, not the imported binding: read in the hot loops (see summaryRecords.ts).
const MS_PER_DAY = DAY_MS;

function counts(t: number, b: OrderBounds): boolean {
  return t >= b.lo && t < b.hi && t <= b.end && t > b.after;
}

/**
 * Local day number of instant `t`: from the per-hour day table of {@link ZoneCalendar.hourDays} (`base`,
 * `days`), and from `localDay` for an hour outside it or without a single local day. Shared by the loops of
 * this file, which take the table instead of the calendar (see {@link factsPass}).
 */
function dayOf(t: number, utc: boolean, base: number, days: Int32Array, localDay: (t: number) => number): number {
  if (utc) return Math.floor(t / MS_PER_DAY);
  const b = Math.floor(t / HOUR_MS) - base;
  const d = b >= 0 && b < days.length ? (days[b] as number) : NO_DAY;
  return d !== NO_DAY ? d : localDay(t);
}

/** The per-hour local days of `zone` over the book's orders, as {@link dayOf} reads them. */
function dayTable(cols: OrderColumns, zone: ZoneCalendar): { base: number; days: Int32Array } {
  return (zone.isUtc ? null : zone.hourDays(cols.minTime, cols.maxTime)) ?? { base: 0, days: EMPTY_DAYS };
}

/** Slots of the scalar results of {@link factsPass}. */
const O_CUSTOMERS = 0;
const O_ORDERS = 1;
const O_REPEAT = 2;
/** 1 when some customer's orders arrive out of day order (they are flagged in `flags`). */
const O_UNORDERED = 3;
/** 1 when some customer's value sum left the safe-integer range (see `big`). */
const O_UNSAFE = 4;
const OUT_SIZE = 5;
const EMPTY_DAYS = new Int32Array(0);
const HOUR_MS = 3_600_000;

/**
 * The kernel's loop. Its inputs are typed arrays, numbers, booleans and one function, never an instance of
 * one of our classes: V8 drops the map of such an instance when a collection finds none alive (between two
 * calls, say), which clears the loop's type feedback and sends each call back through deoptimisation. The
 * local day comes from the per-hour day table (`days[floor(t / 1 h) − base]`), and from `localDay` only for
 * an hour without a single local day. It keeps only what every order updates: first and last times, and the
 * list of counted customers, come from other passes when asked for (each variable less in this loop measured
 * a few per cent on the 1M bench).
 */
function factsPass(
  n: number,
  time: Float64Array,
  total: Float64Array,
  refunded: Float64Array | null,
  customer: Int32Array,
  all: boolean,
  lo: number,
  hi: number,
  end: number,
  after: number,
  utc: boolean,
  base: number,
  days: Int32Array,
  localDay: (t: number) => number,
  row: Int32Array,
  hot: Float64Array,
  hotInt: Int32Array,
  flags: Uint8Array,
  out: Float64Array,
): void {
  let customers = 0;
  let orderCount = 0;
  let repeatCustomers = 0;
  let unordered = 0;
  let maxValue = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!all && (t < lo || t >= hi || t > end || t <= after)) continue;
    orderCount++;
    const c = customer[i] as number;
    const r = row[c] as number;
    if (r < 0) {
      // The customer's only order in the book: nothing to add up (its facts are read from the book).
      customers++;
      continue;
    }
    const v = refunded !== null ? (total[i] as number) - (refunded[i] as number) : (total[i] as number);
    const day = dayOf(t, utc, base, days, localDay);
    const h = r * HOT_STRIDE;
    const hi4 = r * HOT_INT_STRIDE;
    const k = hotInt[hi4 + HI_ORDERS] as number;
    hotInt[hi4 + HI_ORDERS] = k + 1;
    if (k === 0) {
      hot[h + H_VALUE] = v;
      hot[h + H_FIRST_DAY_VALUE] = v;
      hotInt[hi4 + HI_DAYS] = 1;
      hotInt[hi4 + HI_LAST_DAY] = day;
      hotInt[hi4 + HI_FIRST_DAY] = day;
      customers++;
      continue;
    }
    const sum = (hot[h + H_VALUE] as number) + v;
    hot[h + H_VALUE] = sum;
    if (sum > maxValue) maxValue = sum;
    // The last-day slot is the latest day seen so far: a later day is a new purchase day while the customer's
    // orders arrive in day order; an earlier one means they do not, and the days are counted after the pass.
    const ld = hotInt[hi4 + HI_LAST_DAY] as number;
    if (day > ld) {
      const d = hotInt[hi4 + HI_DAYS] as number;
      if (d === 1) repeatCustomers++;
      hotInt[hi4 + HI_DAYS] = d + 1;
      hotInt[hi4 + HI_LAST_DAY] = day;
    } else {
      // Not later than the latest day: the only orders that can be on or before the first purchase day.
      const fd = hotInt[hi4 + HI_FIRST_DAY] as number;
      if (day < fd) {
        hotInt[hi4 + HI_FIRST_DAY] = day;
        hot[h + H_FIRST_DAY_VALUE] = v;
      } else if (day === fd) {
        hot[h + H_FIRST_DAY_VALUE] = (hot[h + H_FIRST_DAY_VALUE] as number) + v;
      }
      if (day < ld) {
        flags[c] = 1;
        unordered = 1;
      }
    }
  }
  out[O_CUSTOMERS] = customers;
  out[O_ORDERS] = orderCount;
  out[O_REPEAT] = repeatCustomers;
  out[O_UNORDERED] = unordered;
  // Amounts are non-negative, so a customer's largest partial sum is their total; a first order alone is a
  // safe integer (the book checks every amount).
  out[O_UNSAFE] = Number.isSafeInteger(maxValue) ? 0 : 1;
}

/** The customers whose value sum is past 2^53 minor units (single orders never are: the book checks them). */
function unsafeCustomers(hot: Float64Array, row: Int32Array): number[] {
  const out: number[] = [];
  for (let c = 0; c < row.length; c++) {
    const r = row[c] as number;
    if (r >= 0 && !Number.isSafeInteger(hot[r * HOT_STRIDE + H_VALUE] as number)) out.push(c);
  }
  return out;
}

/**
 * Per customer, the earliest (`latest` false) or latest counted order time, into `out` (filled with
 * +Infinity or -Infinity respectively).
 */
function edgeTimesPass(
  n: number,
  time: Float64Array,
  customer: Int32Array,
  all: boolean,
  lo: number,
  hi: number,
  end: number,
  after: number,
  latest: boolean,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!all && (t < lo || t >= hi || t > end || t <= after)) continue;
    const c = customer[i] as number;
    if (latest ? t > (out[c] as number) : t < (out[c] as number)) out[c] = t;
  }
  return out;
}

/** The `count` customers with a counted order, ascending. */
function withOrders(rows: FactRows, C: number, count: number): Int32Array {
  const out = new Int32Array(count);
  let k = 0;
  for (let c = 0; c < C; c++) if (factCount(rows, c, HI_ORDERS) > 0) out[k++] = c;
  return out;
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
  const { lo, hi, end, after } = bounds;
  // Usually every order counts (no window, asOf = the latest order): then the per-order bounds test is skipped,
  // every customer's first time is the book's, and the counted customers are all of them (no list is kept).
  const all = cols.minTime >= lo && cols.minTime > after && cols.maxTime < hi && cols.maxTime <= end;
  const repeat = repeatRowsOf(cols);
  const row = repeat.row;
  const { hot, hotInt } = hotRows(repeat.rows);
  const flags = new Uint8Array(C);
  const hours = dayTable(cols, zone);
  const out = new Float64Array(OUT_SIZE);
  const useRefunds = net && refunded !== null;
  factsPass(
    n, time, total, useRefunds ? refunded : null, customer, all, lo, hi, end, after, zone.isUtc,
    hours.base, hours.days, (t) => zone.localDay(t),
    row, hot, hotInt, flags, out,
  );
  const customers = out[O_CUSTOMERS] as number;
  const orderCount = out[O_ORDERS] as number;
  let repeatCustomers = out[O_REPEAT] as number;
  const unordered = out[O_UNORDERED] === 0 ? null : flags;
  // A customer without a row has one order in the book: the book's first order, at its first time.
  const { firstOrder, firstTime } = cols;
  const single: SingleOrderFacts = {
    counted: (c: number): boolean => all || counts(firstTime[c] as number, bounds),
    value: (c: number): number => {
      const f = firstOrder[c] as number;
      return useRefunds ? (total[f] as number) - (refunded[f] as number) : (total[f] as number);
    },
    day: (c: number): number => zone.localDay(firstTime[c] as number),
  };
  const rows: FactRows = { row, hot, hotInt, single };
  const counted = customers === C ? null : withOrders(rows, C, customers);
  if (unordered !== null) {
    const lists = purchaseDayLists(cols, zone, bounds, unordered);
    for (let c = 0; c < C; c++) {
      if (unordered[c] !== 1) continue;
      const slot = (row[c] as number) * HOT_INT_STRIDE + HI_DAYS;
      const before = hotInt[slot] as number;
      const exact = (lists.start[c + 1] as number) - (lists.start[c] as number);
      hotInt[slot] = exact;
      repeatCustomers += (exact > 1 ? 1 : 0) - (before > 1 ? 1 : 0);
    }
  }
  let big: CustomerFacts["big"] = null;
  if (out[O_UNSAFE] !== 0) {
    big = new Map();
    for (const c of unsafeCustomers(hot, row)) big.set(c, { value: 0n, firstDayValue: 0n });
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
      if (zone.localDay(t) === factDay(rows, c, HI_FIRST_DAY)) acc.firstDayValue += v;
    }
  }
  const edge = (latest: boolean) => edgeTimesPass(n, time, customer, all, lo, hi, end, after, latest, new Float64Array(C).fill(latest ? -Infinity : Infinity));
  let first: Float64Array | null = all ? firstTime : null;
  let last: Float64Array | null = null;
  const firstTimes = (): Float64Array => (first ??= edge(false));
  const lastTimes = (): Float64Array => (last ??= edge(true));
  return { customers, orderCount, repeatCustomers, counted, rows, firstTimes, lastTimes, big };
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
  const { base, days } = dayTable(cols, zone);
  const localDay = (t: number): number => zone.localDay(t);
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if (only !== null && only[c] !== 1) continue;
    const t = time[i] as number;
    if (!counts(t, bounds)) continue;
    const at = fill[c] as number;
    raw[at] = dayOf(t, utc, base, days, localDay);
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
