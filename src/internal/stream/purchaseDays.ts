import * as slots from "../customerFacts.js";
import type { CustomerFacts } from "../customerFacts.js";
import { C_DAYS, C_FIRST_DAY, C_FIRST_DAY_GROSS, C_FIRST_DAY_REFUNDED, C_FIRST_TIME, C_GROSS, C_LAST_DAY, C_LAST_TIME, C_ORDERS, C_REFUNDED, CS, type AccumulatorCore } from "./state.js";

/**
 * The {@link CustomerFacts} (the customerSummaries kernel's rows) of every order of an accumulator, read off its
 * per-customer records: O(customers). Every customer of an accumulator has an order, and per-customer sums are
 * safe integers (the accumulator refuses more), so `counted` is 0 … C − 1 and `big` is null.
 */
export function streamCustomerFacts(core: AccumulatorCore, net: boolean): CustomerFacts {
  const C = core.customers;
  const { HOT_STRIDE: hs, H_DAYS: hd, H_LAST_DAY: hld, H_VALUE: hv, H_LAST_TIME: hlt, COLD_STRIDE: cs, C_FIRST_DAY: cfd, C_FIRST_DAY_VALUE: cfv, C_FIRST_TIME: cft } = slots;
  const hot = new Float64Array(C * hs);
  const cold = new Float64Array(C * cs);
  const orders = new Int32Array(C);
  const counted = new Int32Array(C);
  let orderCount = 0;
  let repeatCustomers = 0;
  const rec = core.rec;
  for (let c = 0; c < C; c++) {
    const b = c * CS;
    const h = c * hs;
    const q = c * cs;
    const g = rec[b + C_GROSS] as number;
    const fg = rec[b + C_FIRST_DAY_GROSS] as number;
    const days = rec[b + C_DAYS] as number;
    const n = rec[b + C_ORDERS] as number;
    counted[c] = c;
    orders[c] = n;
    orderCount += n;
    if (days > 1) repeatCustomers++;
    hot[h + hd] = days;
    hot[h + hld] = rec[b + C_LAST_DAY] as number;
    hot[h + hv] = net ? g - (rec[b + C_REFUNDED] as number) : g;
    hot[h + hlt] = rec[b + C_LAST_TIME] as number;
    cold[q + cfd] = rec[b + C_FIRST_DAY] as number;
    cold[q + cfv] = net ? fg - (rec[b + C_FIRST_DAY_REFUNDED] as number) : fg;
    cold[q + cft] = rec[b + C_FIRST_TIME] as number;
  }
  return { customers: C, orderCount, repeatCustomers, counted, orders, hot, cold, big: null };
}
