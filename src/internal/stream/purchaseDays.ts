import * as slots from "../kernels/customerFacts.js";
import type { CustomerFacts } from "../kernels/customerFacts.js";
import { C_DAYS, C_FIRST_DAY, C_FIRST_DAY_GROSS, C_FIRST_DAY_REFUNDED, C_FIRST_TIME, C_GROSS, C_LAST_DAY, C_LAST_TIME, C_ORDERS, C_REFUNDED, CS, type AccumulatorCore } from "./state.js";

/**
 * The {@link CustomerFacts} (the customerSummaries kernel's rows) of every order of an accumulator, read off its
 * per-customer records: O(customers). Every customer of an accumulator has an order, and per-customer sums are
 * safe integers (the accumulator refuses more), so `counted` is null (all of 0 … C − 1) and `big` is null.
 */
export function streamCustomerFacts(core: AccumulatorCore, net: boolean): CustomerFacts {
  const C = core.customers;
  const { HOT_STRIDE: hs, H_VALUE: hv, HOT_INT_STRIDE: is, HI_DAYS: hd, HI_LAST_DAY: hld } = slots;
  const { hot, hotInt } = slots.hotRows(C);
  const orders = new Int32Array(C);
  const firstDay = new Int32Array(C);
  const firstDayValue = new Float64Array(C);
  const firstTime = new Float64Array(C);
  const lastTime = new Float64Array(C);
  let orderCount = 0;
  let repeatCustomers = 0;
  const rec = core.rec;
  for (let c = 0; c < C; c++) {
    const b = c * CS;
    const h = c * hs;
    const k = c * is;
    const g = rec[b + C_GROSS] as number;
    const fg = rec[b + C_FIRST_DAY_GROSS] as number;
    const days = rec[b + C_DAYS] as number;
    const n = rec[b + C_ORDERS] as number;
    orders[c] = n;
    orderCount += n;
    if (days > 1) repeatCustomers++;
    hotInt[k + hd] = days;
    hotInt[k + hld] = rec[b + C_LAST_DAY] as number;
    hot[h + hv] = net ? g - (rec[b + C_REFUNDED] as number) : g;
    lastTime[c] = rec[b + C_LAST_TIME] as number;
    firstDay[c] = rec[b + C_FIRST_DAY] as number;
    firstDayValue[c] = net ? fg - (rec[b + C_FIRST_DAY_REFUNDED] as number) : fg;
    firstTime[c] = rec[b + C_FIRST_TIME] as number;
  }
  return { customers: C, orderCount, repeatCustomers, counted: null, rows: { row: null, hot, hotInt, orders: () => orders, firstDayValues: () => firstDayValue, firstDay: (c) => firstDay[c] as number, single: null }, firstTimes: () => firstTime, lastTimes: () => lastTime, big: null };
}
