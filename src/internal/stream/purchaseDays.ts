import type { PurchaseDayStats } from "../purchaseDays.js";
import { C_DAYS, C_FIRST_DAY, C_FIRST_DAY_GROSS, C_FIRST_DAY_REFUNDED, C_FIRST_TIME, C_GROSS, C_LAST_DAY, C_LAST_TIME, C_ORDERS, C_REFUNDED, CS, type AccumulatorCore } from "./state.js";

/**
 * The {@link PurchaseDayStats} of every order of an accumulator, read off its per-customer columns: O(customers).
 * Per-customer sums are safe integers (the accumulator refuses more), so `big` is null.
 */
export function streamPurchaseDayStats(core: AccumulatorCore, net: boolean): PurchaseDayStats {
  const C = core.customers;
  const value = new Float64Array(C);
  const firstDayValue = new Float64Array(C);
  const orders = new Int32Array(C);
  const days = new Int32Array(C);
  const firstDay = new Float64Array(C);
  const lastDay = new Float64Array(C);
  const firstTime = new Float64Array(C);
  const lastTime = new Float64Array(C);
  const rec = core.rec;
  for (let c = 0; c < C; c++) {
    const b = c * CS;
    const g = rec[b + C_GROSS] as number;
    const fg = rec[b + C_FIRST_DAY_GROSS] as number;
    value[c] = net ? g - (rec[b + C_REFUNDED] as number) : g;
    firstDayValue[c] = net ? fg - (rec[b + C_FIRST_DAY_REFUNDED] as number) : fg;
    orders[c] = rec[b + C_ORDERS] as number;
    days[c] = rec[b + C_DAYS] as number;
    firstDay[c] = rec[b + C_FIRST_DAY] as number;
    lastDay[c] = rec[b + C_LAST_DAY] as number;
    firstTime[c] = rec[b + C_FIRST_TIME] as number;
    lastTime[c] = rec[b + C_LAST_TIME] as number;
  }
  return {
    customers: C,
    orders,
    days,
    firstDay,
    lastDay,
    firstTime,
    lastTime,
    value,
    firstDayValue,
    big: null,
  };
}
