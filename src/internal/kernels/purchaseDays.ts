import {
  customerFacts,
  factDays,
  factLastDay,
  factOrders,
  factValue,
  type CustomerFacts,
} from "./customerFacts.js";
import type { OrderWindow } from "../book/window.js";
import type { OrderColumns } from "../book/columns.js";
import type { ZoneCalendar } from "../time/zone.js";

export { purchaseDayLists } from "./customerFacts.js";
export type { PurchaseDayLists } from "./customerFacts.js";

/**
 * Per-customer purchase-day facts as one array per fact, indexed by dense customer index (the kernel's
 * {@link CustomerFacts} rows, split by column for callers that scan one fact at a time). Entries of customers
 * without a counted order (`orders[c] === 0`) are meaningless.
 *
 * A "purchase day" is a calendar day in the zone with at least one counted order; money is in integer minor
 * units on the chosen basis (net or gross).
 */
export interface PurchaseDayStats extends CustomerFacts {
  /** Counted orders per customer. */
  orders: Int32Array;
  /** Distinct purchase days per customer. */
  days: Int32Array;
  /** Local day number of the last purchase day. */
  lastDay: Float64Array;
  /** Sum of order values (minor units); exact while a safe integer, else see `big`. */
  value: Float64Array;
}

/**
 * {@link customerFacts} split into one array per fact (first and last order times stay the kernel's
 * `firstTimes()` / `lastTimes()`, computed when asked for). Cost: the kernel's loop, one more pass over the
 * orders for the order counts, plus O(customers) to split.
 */
export function purchaseDayStats(cols: OrderColumns, zone: ZoneCalendar, window: OrderWindow, net: boolean): PurchaseDayStats {
  const kernel = customerFacts(cols, zone, window, net);
  const C = cols.customers;
  const orders = new Int32Array(C);
  const days = new Int32Array(C);
  const lastDay = new Float64Array(C);
  const value = new Float64Array(C);
  const { rows } = kernel;
  for (let c = 0; c < C; c++) {
    const k = factOrders(rows, c);
    orders[c] = k;
    if (k === 0) continue;
    days[c] = factDays(rows, c);
    lastDay[c] = factLastDay(rows, c);
    value[c] = factValue(rows, c);
  }
  return { ...kernel, orders, days, lastDay, value };
}
