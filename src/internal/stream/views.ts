import { addExact, exactSums } from "../money/exactSum.js";
import type { OrderColumns } from "../book/columns.js";
import { OrderBook } from "../book/OrderBook.js";
import { optionError } from "../fail.js";
import { HI_DAYS, HI_LAST_DAY, H_VALUE, HOT_INT_STRIDE, HOT_STRIDE, hotRows } from "../kernels/customerFacts.js";
import type { CohortPeriodOptions, CustomerFacts, OrderTotals } from "../kernels/outputs.js";
import type { AccumulatorCore } from "./core.js";
import {
  firstDayGrossOf,
  firstDayOf,
  firstDayRefundedOf,
  firstGrossOf,
  firstRefundedOf,
  firstSegmentOf,
  firstTimeOf,
  grossOf,
  lastDayOf,
  lastTimeOf,
  nextPeriod,
  ordersOf,
  periodGross,
  periodList,
  periodOf,
  periodOrders,
  periodRefunded,
  purchaseDaysOf,
  refundedOf,
} from "./layout.js";

/**
 * The views of an accumulator: what the order metrics read from its per-customer rows instead of a book's
 * orders, each filling the output a book kernel fills (src/internal/kernels/outputs.ts). O(customers) or
 * O(customer periods) each, never O(orders).
 */

/** A book with the accumulator's customer ids, scale, currency and times but no rows: for kernels that read only those. */
export function streamHeaderBook(core: AccumulatorCore): OrderBook {
  const columns: OrderColumns = {
    n: 0,
    customer: new Int32Array(0),
    time: new Float64Array(0),
    total: new Float64Array(0),
    refunded: null,
    segment: null,
    firstOrderIds: null,
    customerIds: core.ids.keys.slice(),
    customers: core.ids.keys.length,
    segmentLabels: core.segLabels.slice(),
    firstOrder: new Int32Array(0),
    firstTime: new Float64Array(0),
    scale: core.scale,
    currency: core.currency,
    timeZone: core.timeZone,
    sawWallClock: core.sawWallClock,
    dateOnly: core.dateOnly,
    minTime: core.minTime,
    maxTime: core.maxTime,
  };
  return new OrderBook(columns);
}

/**
 * {@link OrderTotals} of every order of an accumulator, from its per-customer sums: O(customers). Sums are exact:
 * doubles while the gross total is a safe integer, else BigInt (each per-customer sum is a safe integer).
 */
export function streamTotals(core: AccumulatorCore, net: boolean): OrderTotals {
  const C = core.customers;
  let repeatCustomers = 0;
  let gross = 0;
  let refunded = 0;
  let first = 0;
  for (let c = 0; c < C; c++) {
    if (ordersOf(core, c) > 1) repeatCustomers++;
    gross += grossOf(core, c);
    refunded += refundedOf(core, c);
    first += net ? firstGrossOf(core, c) - firstRefundedOf(core, c) : firstGrossOf(core, c);
  }
  const base = { orders: core.n, customers: C, repeatCustomers, firstOrders: C, minTime: core.minTime, maxTime: core.maxTime };
  if (Number.isSafeInteger(gross)) {
    const revenue = net ? gross - refunded : gross;
    return { ...base, gross, refunded, revenue, firstRevenue: first, repeatRevenue: revenue - first };
  }
  const sums = exactSums(3);
  for (let c = 0; c < C; c++) {
    const fg = firstGrossOf(core, c);
    addExact(sums, 0, grossOf(core, c));
    addExact(sums, 1, refundedOf(core, c));
    addExact(sums, 2, fg, net ? firstRefundedOf(core, c) : 0);
  }
  const [bGross, bRefunded, bFirst] = sums as [bigint, bigint, bigint];
  const bRevenue = net ? bGross - bRefunded : bGross;
  return { ...base, gross: bGross, refunded: bRefunded, revenue: bRevenue, firstRevenue: bFirst, repeatRevenue: bRevenue - bFirst };
}

/**
 * The {@link CustomerFacts} (the customerSummaries kernel's rows) of every order of an accumulator, read off its
 * per-customer records: O(customers). Every customer of an accumulator has an order, and per-customer sums are
 * safe integers (the accumulator refuses more), so `counted` is null (all of 0 … C − 1) and `big` is null.
 */
export function streamCustomerFacts(core: AccumulatorCore, net: boolean): CustomerFacts {
  const C = core.customers;
  const { hot, hotInt } = hotRows(C);
  const orders = new Int32Array(C);
  const firstDay = new Int32Array(C);
  const firstDayValue = new Float64Array(C);
  const firstTime = new Float64Array(C);
  const lastTime = new Float64Array(C);
  let orderCount = 0;
  let repeatCustomers = 0;
  for (let c = 0; c < C; c++) {
    const h = c * HOT_STRIDE;
    const k = c * HOT_INT_STRIDE;
    const g = grossOf(core, c);
    const fg = firstDayGrossOf(core, c);
    const days = purchaseDaysOf(core, c);
    const n = ordersOf(core, c);
    orders[c] = n;
    orderCount += n;
    if (days > 1) repeatCustomers++;
    hotInt[k + HI_DAYS] = days;
    hotInt[k + HI_LAST_DAY] = lastDayOf(core, c);
    hot[h + H_VALUE] = net ? g - refundedOf(core, c) : g;
    lastTime[c] = lastTimeOf(core, c);
    firstDay[c] = firstDayOf(core, c);
    firstDayValue[c] = net ? fg - firstDayRefundedOf(core, c) : fg;
    firstTime[c] = firstTimeOf(core, c);
  }
  return { customers: C, orderCount, repeatCustomers, counted: null, rows: { row: null, hot, hotInt, orders: () => orders, firstDayValues: () => firstDayValue, firstDay: (c) => firstDay[c] as number, single: null }, firstTimes: () => firstTime, lastTimes: () => lastTime, big: null };
}

/**
 * Throws INVALID_OPTION for the cohortTable options an accumulator cannot answer: its per-customer period data
 * holds calendar periods of one granularity (and week start), and only the segment of each first order.
 */
export function checkStreamCohortOptions(core: AccumulatorCore, opts: CohortPeriodOptions): void {
  if (opts.granularity !== undefined && opts.granularity !== core.granularity) {
    throw optionError(
      "granularity",
      `differs from the accumulator's granularity "${core.granularity}", the only periods it keeps`,
      opts.granularity,
      `Leave granularity out, or create the accumulator with createAccumulator({ granularity: ${JSON.stringify(opts.granularity)} }).`,
    );
  }
  if (core.granularity === "week" && opts.weekStartsOn !== undefined && opts.weekStartsOn !== core.weekStartsOn) {
    throw optionError(
      "weekStartsOn",
      `differs from the accumulator's weekStartsOn ${core.weekStartsOn}`,
      opts.weekStartsOn,
      "Leave weekStartsOn out, or create the accumulator with the week start you need.",
    );
  }
  if (opts.windows !== undefined && opts.windows !== "calendar") {
    throw optionError(
      "windows",
      "must be \"calendar\" for an accumulator, which keeps calendar periods rather than order times",
      opts.windows,
      "Leave windows out, or use cohortTable(prepareOrders(orders), { windows: \"relative\" }) on data that fits in memory.",
    );
  }
  if (typeof opts.segmentBy === "function") {
    throw optionError(
      "segmentBy",
      "cannot be a function for an accumulator, which keeps only the segment label of each first order",
      opts.segmentBy,
      "Pass segmentBy: \"segment\" and put the label in each order's segment field as you stream.",
    );
  }
}

/**
 * A book whose "orders" are the accumulator's (customer, period) entries: one row per customer per period with
 * orders, placed at the period's start, carrying the entry's order count in `weight` and its gross and refunded
 * sums. The per-customer columns (`firstTime`, segment of the first order on every row of the customer) are
 * the accumulator's. Only kernels that read it as such (cohortTable) may be given it. Cached per state version.
 */
export function streamBook(core: AccumulatorCore): OrderBook {
  // Lists that took entries out of order are sorted first (no value changes, so the cache stays valid).
  core.normalize();
  const cached = core.bookCache;
  if (cached !== null && cached.version === core.version) return cached.book;
  const C = core.customers;
  const n = core.pLen;
  const customer = new Int32Array(n);
  const time = new Float64Array(n);
  const total = new Float64Array(n);
  const refunded = new Float64Array(n);
  const weight = new Int32Array(n);
  const segment = core.segLabels.length > 0 ? new Int32Array(n) : null;
  const firstOrder = new Int32Array(C);
  const firstTime = new Float64Array(C);
  for (let c = 0; c < C; c++) firstTime[c] = firstTimeOf(core, c);
  const startOf = new Map<number, number>();
  let i = 0;
  for (let c = 0; c < C; c++) {
    firstOrder[c] = i;
    const seg = firstSegmentOf(core, c);
    let len = 0;
    for (let e = periodList(core, c); e >= 0; e = nextPeriod(core, e)) len++;
    // The list runs newest period first; rows are written oldest first, so each customer's rows are in time order.
    let j = i + len - 1;
    for (let e = periodList(core, c); e >= 0; e = nextPeriod(core, e), j--) {
      const p = periodOf(core, e);
      let t = startOf.get(p);
      if (t === undefined) {
        t = core.kernel.start(p);
        startOf.set(p, t);
      }
      customer[j] = c;
      time[j] = t;
      total[j] = periodGross(core, e);
      refunded[j] = periodRefunded(core, e);
      weight[j] = periodOrders(core, e);
      if (segment !== null) segment[j] = seg;
    }
    i += len;
  }
  const columns: OrderColumns = {
    n,
    customer,
    time,
    total,
    refunded,
    segment,
    weight,
    firstOrderIds: null,
    customerIds: core.ids.keys,
    customers: core.ids.keys.length,
    segmentLabels: core.segLabels,
    firstOrder,
    firstTime,
    scale: core.scale,
    currency: core.currency,
    timeZone: core.timeZone,
    sawWallClock: core.sawWallClock,
    dateOnly: core.dateOnly,
    minTime: core.minTime,
    maxTime: core.maxTime,
  };
  const book = new OrderBook(columns);
  core.bookCache = { version: core.version, book };
  return book;
}
