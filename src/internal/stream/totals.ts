import type { OrderTotals } from "../orderTotals.js";
import type { AccumulatorCore } from "./state.js";

/**
 * {@link OrderTotals} of every order of an accumulator, from its per-customer sums: O(customers). Sums are exact:
 * doubles while the gross total is a safe integer, else BigInt (each per-customer sum is a safe integer).
 */
export function streamTotals(core: AccumulatorCore, net: boolean): OrderTotals {
  const C = core.customers;
  const { cOrders, cGross, cRefunded, cFirstGross, cFirstRefunded } = core;
  let repeatCustomers = 0;
  let gross = 0;
  let refunded = 0;
  let first = 0;
  for (let c = 0; c < C; c++) {
    if ((cOrders[c] as number) > 1) repeatCustomers++;
    gross += cGross[c] as number;
    refunded += cRefunded[c] as number;
    first += net ? (cFirstGross[c] as number) - (cFirstRefunded[c] as number) : (cFirstGross[c] as number);
  }
  const base = { orders: core.n, customers: C, repeatCustomers, firstOrders: C, minTime: core.minTime, maxTime: core.maxTime };
  if (Number.isSafeInteger(gross)) {
    const revenue = net ? gross - refunded : gross;
    return { ...base, gross, refunded, revenue, firstRevenue: first, repeatRevenue: revenue - first };
  }
  let bGross = 0n;
  let bRefunded = 0n;
  let bFirst = 0n;
  for (let c = 0; c < C; c++) {
    const g = BigInt(cGross[c] as number);
    bGross += g;
    bRefunded += BigInt(cRefunded[c] as number);
    const fg = BigInt(cFirstGross[c] as number);
    bFirst += net ? fg - BigInt(cFirstRefunded[c] as number) : fg;
  }
  const bRevenue = net ? bGross - bRefunded : bGross;
  return { ...base, gross: bGross, refunded: bRefunded, revenue: bRevenue, firstRevenue: bFirst, repeatRevenue: bRevenue - bFirst };
}
