import type { Decimal } from "decimal.js";
import type { ResolvedWindow, ValueOptions } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { minorToDecimal, ratioDecimal } from "../internal/money/money.js";
import { resolveMetric, valueTotals } from "../internal/resolve.js";

/**
 * Options of {@link customerValue}: the shared options with the value basis ({@link ValueOptions}: `revenue`
 * `"gross"`, `"net"` or `"margin"`, `marginRate`, `refundAttribution`).
 */
export type CustomerValueOptions = ValueOptions;

/** Result of {@link customerValue}. */
export interface CustomerValueResult {
  /** CV = revenue / customers (= AOV × F), major units per customer; `null` with no customers. */
  customerValue: Decimal | null;
  /** Value in the window on the basis `window.revenue` (net of refunds by default; gross; or margin), major units. */
  revenue: Decimal;
  /** Orders in the window. */
  orders: number;
  /** Distinct customers with an order in the window. */
  customers: number;
  /** Common currency, or `null`. */
  currency: string | null;
  /** The window the value was computed over. */
  window: ResolvedWindow;
}

/**
 * Customer value: what a customer brought in on average over the window.
 *
 * CV = AOV × F = (revenue / orders) × (orders / customers) = revenue / customers, in currency units per
 * customer. It is computed as revenue / customers, so it is exact (to 20 significant digits) and does not
 * inherit the rounding of F. Source: e.g. https://www.shopify.com/blog/customer-lifetime-value.
 *
 * Cost: O(n) time, O(customers) memory.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator} (then `from`
 *   and `to` are not accepted and `asOf` may not precede the latest order).
 * @param options - see {@link ValueOptions}: with `revenue: "margin"` on an accumulator, a `marginRate` (it keeps
 *   no costs), and no `refundAttribution: "refundDate"` (it keeps no refund dates).
 * @returns CV with revenue and counts; `null` CV for no customers.
 * @throws {@link RetentionMetricsError} for bad orders or options.
 *
 * @example
 * ```ts
 * const r = customerValue([
 *   { orderId: "1", customerId: "a", placedAt: "2024-01-05", total: "10" },
 *   { orderId: "2", customerId: "a", placedAt: "2024-03-05", total: "30" },
 *   { orderId: "3", customerId: "b", placedAt: "2024-02-05", total: "20" },
 * ]);
 * r.customerValue?.toString(); // "30"
 * ```
 */
export function customerValue(orders: OrdersInput, options?: CustomerValueOptions): CustomerValueResult {
  const r = resolveMetric(orders, options, true, true);
  const k = valueTotals(r);
  const revenue = minorToDecimal(k.value, k.scale);
  return {
    customerValue: ratioDecimal(revenue, k.customers),
    revenue,
    orders: k.orders,
    customers: k.customers,
    currency: r.cols.currency,
    window: r.window,
  };
}
