import type { PurchaseDayStats } from "../purchaseDays.js";
import type { AccumulatorCore } from "./state.js";

/**
 * The {@link PurchaseDayStats} of every order of an accumulator, read off its per-customer columns: O(customers).
 * Per-customer sums are safe integers (the accumulator refuses more), so `big` is null.
 */
export function streamPurchaseDayStats(core: AccumulatorCore, net: boolean): PurchaseDayStats {
  const C = core.customers;
  const value = new Float64Array(C);
  const firstDayValue = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    value[c] = net ? (core.cGross[c] as number) - (core.cRefunded[c] as number) : (core.cGross[c] as number);
    firstDayValue[c] = net ? (core.cFirstDayGross[c] as number) - (core.cFirstDayRefunded[c] as number) : (core.cFirstDayGross[c] as number);
  }
  return {
    customers: C,
    orders: core.cOrders.slice(0, C),
    days: core.cDays.slice(0, C),
    firstDay: core.cFirstDay.slice(0, C),
    lastDay: core.cLastDay.slice(0, C),
    firstTime: core.cFirstTime.slice(0, C),
    lastTime: core.cLastTime.slice(0, C),
    value,
    firstDayValue,
    big: null,
  };
}
