import { repeatRowsOf, type OrderColumns } from "../book/columns.js";
import { inWindow, type OrderWindow } from "../book/window.js";
import { addExact, exactSums } from "../money/exactSum.js";
import { localDayOf, localDays } from "../time/localDays.js";
import type { ZoneCalendar } from "../time/zone.js";

/** Width of one customer's hot row in {@link FactRows.hot}, in float64 slots (16 bytes). */
export const HOT_STRIDE = 2;
/** Width of the same row in {@link FactRows.hotInt}, in int32 slots (its int32 half starts at slot 2). */
export const HOT_INT_STRIDE = 4;
/** Hot float64 slot: sum of order values (minor units; exact while a safe integer, else see `big`). */
export const H_VALUE = 0;
/** Hot int32 slot: number of distinct purchase days. */
export const HI_DAYS = 2;
/** Hot int32 slot: local day number of the last (latest) purchase day. */
export const HI_LAST_DAY = 3;

/**
 * Per-customer purchase-day facts, read per dense customer index `c` with the readers below ({@link factDays}
 * and its siblings).
 *
 * Behind them, a customer with two or more orders in the book has a row `r = row[c]`
 * ({@link OrderColumns.repeatRow}):
 * - in the hot table, which the kernel's loop fills, 16 bytes seen through a float64 and an int32 view of one
 *   buffer: value (`hot[r * HOT_STRIDE + H_VALUE]`), purchase days and last purchase day
 *   (`hotInt[r * HOT_INT_STRIDE + HI_*]`). With the first purchase day (below), these are all that the counts
 *   of a result and the buy-till-you-die inputs (frequency, recency, T) need;
 * - in two columns built on their first read, each by one more pass over the orders: the counted orders
 *   ({@link FactRows.orders}, a pass that reads no time when every order counts) and the value of the first
 *   purchase day ({@link FactRows.firstDayValues}, a pass that computes each repeat order's day).
 * A customer with a single order has no row: their facts are those of that order, read from the book. So the
 * loop writes 16 bytes per repeat customer only (a third of the customers on the heavy-tailed bench data, two
 * thirds on the plain one) and skips single orders.
 *
 * The first purchase day is the local day of the first counted order time: the book's `firstTime` when every
 * order counts, else a pass ({@link CustomerFacts.firstTimes}). In a zone whose clock went back across
 * midnight within the book's span ({@link ZoneCalendar.daysNeverGoBack}) a later order can fall on an earlier
 * day; the first day is then the earliest day of an order, from {@link purchaseDayLists}. Last order times are
 * computed on demand ({@link CustomerFacts.lastTimes}), as only the records read them.
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
  /** The rows, read per customer with {@link factDays} and its siblings. */
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
  big: FactRowsBig | null;
}

/** Per customer whose value sum left the safe-integer range: the exact value and first-day value (minor units). */
export type FactRowsBig = Map<number, { value: bigint; firstDayValue: bigint }>;

/** Facts of a customer without a row, whose only order in the book is its first (`firstOrder`, `firstTime`). */
export interface SingleOrderFacts {
  /** Whether the order counts (is inside the window). */
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
  /** The hot table (see {@link CustomerFacts}). */
  hot: Float64Array;
  hotInt: Int32Array;
  /** Per row: counted orders, built on the first call. */
  orders: () => Int32Array;
  /** Per row: value of the orders on the first purchase day (minor units), built on the first call. */
  firstDayValues: () => Float64Array;
  /** Local day number of the first purchase day of a customer with a row and a counted order. */
  firstDay: (c: number) => number;
  single: SingleOrderFacts | null;
}

/** Customer c's row, or -1 when they have none. */
function rowIndex(f: FactRows, c: number): number {
  return f.row === null ? c : (f.row[c] as number);
}

/** Whether customer c, who has no row, has a counted order. */
function singleCounted(f: FactRows, c: number): boolean {
  return f.single !== null && f.single.counted(c);
}

/** Customer c's counted orders; 0 for a customer without one. One reader for every consumer of the rows. */
export function factOrders(f: FactRows, c: number): number {
  const r = rowIndex(f, c);
  if (r >= 0) return f.orders()[r] as number;
  return singleCounted(f, c) ? 1 : 0;
}

/** Customer c's distinct purchase days; 0 for a customer without a counted order. */
export function factDays(f: FactRows, c: number): number {
  const r = rowIndex(f, c);
  if (r >= 0) return f.hotInt[r * HOT_INT_STRIDE + HI_DAYS] as number;
  return singleCounted(f, c) ? 1 : 0;
}

/** Local day number of customer c's first purchase day. */
export function factFirstDay(f: FactRows, c: number): number {
  return rowIndex(f, c) >= 0 ? f.firstDay(c) : (f.single as SingleOrderFacts).day(c);
}

/** Local day number of customer c's last purchase day. */
export function factLastDay(f: FactRows, c: number): number {
  const r = rowIndex(f, c);
  return r >= 0 ? (f.hotInt[r * HOT_INT_STRIDE + HI_LAST_DAY] as number) : (f.single as SingleOrderFacts).day(c);
}

/** Customer c's value, minor units; 0 without a counted order. */
export function factValue(f: FactRows, c: number): number {
  const r = rowIndex(f, c);
  if (r >= 0) return f.hot[r * HOT_STRIDE + H_VALUE] as number;
  return singleCounted(f, c) ? (f.single as SingleOrderFacts).value(c) : 0;
}

/** Value of customer c's first purchase day, minor units; 0 without a counted order. */
export function factFirstDayValue(f: FactRows, c: number): number {
  const r = rowIndex(f, c);
  if (r >= 0) return f.firstDayValues()[r] as number;
  return singleCounted(f, c) ? (f.single as SingleOrderFacts).value(c) : 0;
}

// Module constants, not the imported bindings: called per order (some module loaders, e.g. Vite's SSR transform,
// turn an imported binding into a property read).
const within = inWindow;
const dayOf = localDayOf;

/**
 * What every pass over the orders of one {@link customerFacts} call reads: the book's columns, the window, and the
 * local-day cache. A plain record made once per call; each pass copies the fields it needs into locals before its
 * loop, so the loop reads typed arrays, numbers, booleans and one function only, never an instance of one of our
 * classes (V8 drops the map of such an instance when a collection finds none alive, between two calls say, which
 * clears a loop's type feedback and sends each call back through deoptimisation).
 */
interface OrderPass {
  readonly n: number;
  readonly time: Float64Array;
  readonly total: Float64Array;
  /** Refunds to subtract (net revenue of a book with refunds), else null: an order's value is its total. */
  readonly refunds: Float64Array | null;
  readonly customer: Int32Array;
  /** The row of each order's customer ({@link OrderColumns.orderRow}), -1 for a single-order customer. */
  readonly orderRow: Int32Array;
  /** Whether every order counts (then the loops may skip the window test). */
  readonly all: boolean;
  /** The {@link OrderWindow} bounds. */
  readonly lo: number;
  readonly hi: number;
  /** The {@link LocalDays} fields. */
  readonly utc: boolean;
  readonly base: number;
  readonly days: Int32Array;
  readonly localDay: (t: number) => number;
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

/**
 * The kernel's loop. The local day comes from the per-hour day table ({@link localDayOf}), and from the calendar
 * only for an hour without a single local day. It keeps only what the counts of a result need (value, purchase
 * days, last day): order counts come from {@link orderCountPass}, the values of first days from
 * {@link firstDayValuePass}, first and last times from {@link edgeTimesPass}, the list of counted customers
 * from the rows, each when asked for (each variable less in this loop measured a few per cent on the 1M
 * bench).
 */
function factsPass(p: OrderPass, hot: Float64Array, hotInt: Int32Array, flags: Uint8Array, out: Float64Array): void {
  const { n, time, total, refunds, orderRow, all, lo, hi, utc, base, days, localDay } = p;
  let customers = 0;
  let orderCount = 0;
  let repeatCustomers = 0;
  let unordered = 0;
  let maxValue = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!all && !within(t, lo, hi)) continue;
    orderCount++;
    const r = orderRow[i] as number;
    if (r < 0) {
      // The customer's only order in the book: nothing to add up (its facts are read from the book).
      customers++;
      continue;
    }
    const v = refunds !== null ? (total[i] as number) - (refunds[i] as number) : (total[i] as number);
    const day = dayOf(t, utc, base, days, localDay);
    const h = r * HOT_STRIDE;
    const hd = r * HOT_INT_STRIDE + HI_DAYS;
    const hl = r * HOT_INT_STRIDE + HI_LAST_DAY;
    const d = hotInt[hd] as number;
    if (d === 0) {
      hot[h + H_VALUE] = v;
      hotInt[hd] = 1;
      hotInt[hl] = day;
      customers++;
      continue;
    }
    const sum = (hot[h + H_VALUE] as number) + v;
    hot[h + H_VALUE] = sum;
    if (sum > maxValue) maxValue = sum;
    // The last-day slot is the latest day seen so far: a later day is a new purchase day while the customer's
    // orders arrive in day order; an earlier one means they do not, and the days are counted after the pass.
    const ld = hotInt[hl] as number;
    if (day > ld) {
      if (d === 1) repeatCustomers++;
      hotInt[hd] = d + 1;
      hotInt[hl] = day;
    } else if (day < ld) {
      flags[r] = 1;
      unordered = 1;
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

/** Per row, the number of counted orders, into `out`. */
function orderCountPass(p: OrderPass, out: Int32Array): Int32Array {
  const { n, time, orderRow, all, lo, hi } = p;
  for (let i = 0; i < n; i++) {
    if (!all && !within(time[i] as number, lo, hi)) continue;
    const r = orderRow[i] as number;
    if (r >= 0) out[r] = (out[r] as number) + 1;
  }
  return out;
}

/**
 * Per row, the value of the counted orders on the row's first purchase day (`firstDay[r]`, a local day
 * number), into `out`.
 */
function firstDayValuePass(p: OrderPass, firstDay: Int32Array, out: Float64Array): Float64Array {
  const { n, time, total, refunds, orderRow, all, lo, hi, utc, base, days, localDay } = p;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!all && !within(t, lo, hi)) continue;
    const r = orderRow[i] as number;
    if (r < 0 || dayOf(t, utc, base, days, localDay) !== firstDay[r]) continue;
    out[r] = (out[r] as number) + (refunds !== null ? (total[i] as number) - (refunds[i] as number) : (total[i] as number));
  }
  return out;
}

/**
 * Per customer, the earliest (`latest` false) or latest counted order time, into `out` (filled with
 * +Infinity or -Infinity respectively).
 */
function edgeTimesPass(p: OrderPass, latest: boolean, out: Float64Array): Float64Array {
  const { n, time, customer, all, lo, hi } = p;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!all && !within(t, lo, hi)) continue;
    const c = customer[i] as number;
    if (latest ? t > (out[c] as number) : t < (out[c] as number)) out[c] = t;
  }
  return out;
}

/**
 * Exact BigInt sums, `[value, first-day value]` per customer of `unsafe` (customers whose value sum is past 2^53
 * minor units), by one more pass over the orders: the slow exact path (see src/internal/money/exactSum.ts).
 */
function exactFactsPass(p: OrderPass, unsafe: number[], firstDay: (c: number) => number): FactRowsBig {
  const { n, time, total, refunds, customer, lo, hi, utc, base, days, localDay } = p;
  const slotOf = new Map<number, number>();
  for (const c of unsafe) slotOf.set(c, slotOf.size);
  const sums = exactSums(2 * unsafe.length);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
    const c = customer[i] as number;
    const s = slotOf.get(c);
    if (s === undefined) continue;
    const minus = refunds !== null ? (refunds[i] as number) : 0;
    addExact(sums, 2 * s, total[i] as number, minus);
    if (dayOf(t, utc, base, days, localDay) === firstDay(c)) addExact(sums, 2 * s + 1, total[i] as number, minus);
  }
  const big: FactRowsBig = new Map();
  for (const [c, s] of slotOf) big.set(c, { value: sums[2 * s] as bigint, firstDayValue: sums[2 * s + 1] as bigint });
  return big;
}

/** Per row, the first purchase day of its customer (0 for a row without a counted order). */
function rowFirstDays(row: Int32Array, R: number, hotInt: Int32Array, firstDay: (c: number) => number): Int32Array {
  const out = new Int32Array(R);
  for (let c = 0; c < row.length; c++) {
    const r = row[c] as number;
    if (r >= 0 && (hotInt[r * HOT_INT_STRIDE + HI_DAYS] as number) > 0) out[r] = firstDay(c);
  }
  return out;
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

/** The `count` customers with a counted order, ascending. */
function withOrders(rows: FactRows, C: number, count: number): Int32Array {
  const out = new Int32Array(count);
  let k = 0;
  for (let c = 0; c < C; c++) if (factDays(rows, c) > 0) out[k++] = c;
  return out;
}

/**
 * One pass over the book without sorting: per customer, value sum, last purchase day and the number of
 * distinct purchase days (the hot table); order counts and the value of the first purchase day follow in a
 * pass each when first read.
 *
 * Distinct days are counted on the fly while a customer's orders arrive in non-decreasing day order (the
 * usual case: exports are chronological); customers whose orders arrive out of order are flagged and their
 * days are counted afterwards from a per-customer sorted list (see {@link purchaseDayLists}). Cost: O(n) for
 * ordered input, O(n + m log k) otherwise (m orders of out-of-order customers, k orders per customer).
 */
export function customerFacts(cols: OrderColumns, zone: ZoneCalendar, window: OrderWindow, net: boolean): CustomerFacts {
  const { n, time, total, refunded, customer } = cols;
  const C = cols.customers;
  const { lo, hi } = window;
  // Usually every order counts (no window, asOf = the latest order): then the per-order window test is skipped,
  // every customer's first time is the book's, and the counted customers are all of them (no list is kept).
  const all = cols.minTime >= lo && cols.maxTime < hi;
  const repeat = repeatRowsOf(cols);
  const { row, orderRow } = repeat;
  const R = repeat.rows;
  const { hot, hotInt } = hotRows(R);
  const flags = new Uint8Array(R);
  const { utc, base, days, localDay } = localDays(zone, cols.minTime, cols.maxTime);
  const out = new Float64Array(OUT_SIZE);
  const refunds = net && refunded !== null ? refunded : null;
  const pass: OrderPass = { n, time, total, refunds, customer, orderRow, all, lo, hi, utc, base, days, localDay };
  factsPass(pass, hot, hotInt, flags, out);
  const customers = out[O_CUSTOMERS] as number;
  const orderCount = out[O_ORDERS] as number;
  let repeatCustomers = out[O_REPEAT] as number;
  const edge = (latest: boolean) => edgeTimesPass(pass, latest, new Float64Array(C).fill(latest ? -Infinity : Infinity));
  let first: Float64Array | null = all ? cols.firstTime : null;
  let last: Float64Array | null = null;
  const firstTimes = (): Float64Array => (first ??= edge(false));
  const lastTimes = (): Float64Array => (last ??= edge(true));
  // The first purchase day is the day of the first order time, unless the zone's clock went back across
  // midnight within the book's span (then a later order can fall on an earlier day): it is then the first of
  // the customer's sorted purchase days (a rare path: four zones, none since 2010).
  let sortedDays: PurchaseDayLists | null = null;
  const firstDay = zone.daysNeverGoBack(cols.minTime, cols.maxTime)
    ? (c: number): number => localDayOf(firstTimes()[c] as number, utc, base, days, localDay)
    : (c: number): number => {
        sortedDays ??= purchaseDayLists(cols, zone, window);
        return sortedDays.day[sortedDays.start[c] as number] as number;
      };
  let orderCounts: Int32Array | null = null;
  let firstDayValueSums: Float64Array | null = null;
  const orders = (): Int32Array => (orderCounts ??= orderCountPass(pass, new Int32Array(R)));
  const firstDayValues = (): Float64Array => (firstDayValueSums ??= firstDayValuePass(pass, rowFirstDays(row, R, hotInt, firstDay), new Float64Array(R)));
  // A customer without a row has one order in the book: the book's first order, at its first time.
  const { firstOrder, firstTime } = cols;
  const single: SingleOrderFacts = {
    counted: (c: number): boolean => all || inWindow(firstTime[c] as number, lo, hi),
    value: (c: number): number => {
      const f = firstOrder[c] as number;
      return refunds !== null ? (total[f] as number) - (refunds[f] as number) : (total[f] as number);
    },
    day: (c: number): number => localDayOf(firstTime[c] as number, utc, base, days, localDay),
  };
  const rows: FactRows = { row, hot, hotInt, orders, firstDayValues, firstDay, single };
  const counted = customers === C ? null : withOrders(rows, C, customers);
  if (out[O_UNORDERED] !== 0) {
    const only = new Uint8Array(C);
    for (let c = 0; c < C; c++) {
      const r = row[c] as number;
      if (r >= 0 && flags[r] === 1) only[c] = 1;
    }
    const lists = purchaseDayLists(cols, zone, window, only);
    for (let c = 0; c < C; c++) {
      if (only[c] !== 1) continue;
      const slot = (row[c] as number) * HOT_INT_STRIDE + HI_DAYS;
      const before = hotInt[slot] as number;
      const exact = (lists.start[c + 1] as number) - (lists.start[c] as number);
      hotInt[slot] = exact;
      repeatCustomers += (exact > 1 ? 1 : 0) - (before > 1 ? 1 : 0);
    }
  }
  // Slow exact path for customers whose sums exceed 2^53 minor units (amounts are non-negative, so every
  // partial sum of a customer whose total is a safe integer is exact).
  const big = out[O_UNSAFE] !== 0 ? exactFactsPass(pass, unsafeCustomers(hot, row), firstDay) : null;
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
export function purchaseDayLists(cols: OrderColumns, zone: ZoneCalendar, window: OrderWindow, only: Uint8Array | null = null): PurchaseDayLists {
  const { n, time, customer } = cols;
  const { lo, hi } = window;
  const C = cols.customers;
  const size = new Int32Array(C + 1);
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if (only !== null && only[c] !== 1) continue;
    if (!within(time[i] as number, lo, hi)) continue;
    size[c + 1] = (size[c + 1] as number) + 1;
  }
  for (let c = 0; c < C; c++) size[c + 1] = (size[c + 1] as number) + (size[c] as number);
  const raw = new Float64Array(size[C] as number);
  const fill = size.slice(0, C);
  const { utc, base, days, localDay } = localDays(zone, cols.minTime, cols.maxTime);
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    if (only !== null && only[c] !== 1) continue;
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
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
