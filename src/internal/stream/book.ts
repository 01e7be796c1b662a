import { OrderBook } from "../book/OrderBook.js";
import type { OrderColumns } from "../book/columns.js";
import { C_FIRST_SEG, C_FIRST_TIME, C_PER_HEAD, CS, I_NEXT, I_PER, IS, P_COUNT, P_GROSS, P_REFUNDED, PS, type AccumulatorCore } from "./state.js";

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
 * A book whose "orders" are the accumulator's (customer, period) entries: one row per customer per period with
 * orders, placed at the period's start, carrying the entry's order count in `weight` and its gross and refunded
 * sums. The per-customer columns (`firstTime`, segment of the first order on every row of the customer) are
 * the accumulator's. Only kernels that read it as such (cohortTable) may be given it. Cached per state version.
 */
export function streamBook(core: AccumulatorCore): OrderBook {
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
  for (let c = 0; c < C; c++) firstTime[c] = core.rec[c * CS + C_FIRST_TIME] as number;
  const startOf = new Map<number, number>();
  let i = 0;
  for (let c = 0; c < C; c++) {
    firstOrder[c] = i;
    const seg = core.rec[c * CS + C_FIRST_SEG] as number;
    let len = 0;
    for (let e = core.rec[c * CS + C_PER_HEAD] as number; e >= 0; e = core.ipool[e * IS + I_NEXT] as number) len++;
    // The list runs newest period first; rows are written oldest first, so each customer's rows are in time order.
    let j = i + len - 1;
    for (let e = core.rec[c * CS + C_PER_HEAD] as number; e >= 0; e = core.ipool[e * IS + I_NEXT] as number, j--) {
      const p = core.ipool[e * IS + I_PER] as number;
      let t = startOf.get(p);
      if (t === undefined) {
        t = core.kernel.start(p);
        startOf.set(p, t);
      }
      customer[j] = c;
      time[j] = t;
      total[j] = core.pool[e * PS + P_GROSS] as number;
      refunded[j] = core.pool[e * PS + P_REFUNDED] as number;
      weight[j] = core.pool[e * PS + P_COUNT] as number;
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
