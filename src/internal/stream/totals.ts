import type { OrderTotals } from "../kernels/orderTotals.js";
import { C_FIRST_GROSS, C_FIRST_REFUNDED, C_GROSS, C_ORDERS, C_REFUNDED, CS, type AccumulatorCore } from "./state.js";

/**
 * {@link OrderTotals} of every order of an accumulator, from its per-customer sums: O(customers). Sums are exact:
 * doubles while the gross total is a safe integer, else BigInt (each per-customer sum is a safe integer).
 */
export function streamTotals(core: AccumulatorCore, net: boolean): OrderTotals {
  const C = core.customers;
  const rec = core.rec;
  let repeatCustomers = 0;
  let gross = 0;
  let refunded = 0;
  let first = 0;
  for (let c = 0; c < C; c++) {
    if ((rec[c * CS + C_ORDERS] as number) > 1) repeatCustomers++;
    gross += rec[c * CS + C_GROSS] as number;
    refunded += rec[c * CS + C_REFUNDED] as number;
    first += net ? (rec[c * CS + C_FIRST_GROSS] as number) - (rec[c * CS + C_FIRST_REFUNDED] as number) : (rec[c * CS + C_FIRST_GROSS] as number);
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
    const g = BigInt(rec[c * CS + C_GROSS] as number);
    bGross += g;
    bRefunded += BigInt(rec[c * CS + C_REFUNDED] as number);
    const fg = BigInt(rec[c * CS + C_FIRST_GROSS] as number);
    bFirst += net ? fg - BigInt(rec[c * CS + C_FIRST_REFUNDED] as number) : fg;
  }
  const bRevenue = net ? bGross - bRefunded : bGross;
  return { ...base, gross: bGross, refunded: bRefunded, revenue: bRevenue, firstRevenue: bFirst, repeatRevenue: bRevenue - bFirst };
}
