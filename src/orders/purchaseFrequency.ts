import type { MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { orderTotals, resolveMetric } from "../internal/resolve.js";

/** Options of {@link purchaseFrequency}: the shared {@link MetricOptions}. */
export type PurchaseFrequencyOptions = MetricOptions;

/** Result of {@link purchaseFrequency}. */
export interface PurchaseFrequencyResult {
  /** F = orders / customers (orders per customer over the window); `null` when there are no customers. */
  purchaseFrequency: number | null;
  /** Number of orders in the window. */
  orders: number;
  /** Number of distinct customers with an order in the window. */
  customers: number;
  /** The window the value was computed over. */
  window: ResolvedWindow;
}

/**
 * Purchase frequency: how many orders a customer places on average over the window.
 *
 * F = number of orders / number of distinct customers (orders per customer per window). Over a one-year
 * window it is the "orders per customer per year" that {@link customerLifetimeValue} multiplies by lifespan.
 * Source: e.g. https://www.shopify.com/blog/customer-lifetime-value.
 *
 * Cost: O(n) time, O(customers) memory.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator} (then `from`
 *   and `to` are not accepted and `asOf` may not precede the latest order).
 * @param options - see {@link MetricOptions}.
 * @returns F with the counts behind it; `null` F for no customers.
 * @throws {@link RetentionMetricsError} for bad orders or options.
 *
 * @example
 * ```ts
 * const r = purchaseFrequency([
 *   { orderId: "1", customerId: "a", placedAt: "2024-01-05", total: "10" },
 *   { orderId: "2", customerId: "a", placedAt: "2024-03-05", total: "10" },
 *   { orderId: "3", customerId: "b", placedAt: "2024-02-05", total: "10" },
 * ]);
 * r.purchaseFrequency; // 1.5
 * ```
 */
export function purchaseFrequency(orders: OrdersInput, options?: PurchaseFrequencyOptions): PurchaseFrequencyResult {
  const r = resolveMetric(orders, options, true);
  const k = orderTotals(r);
  return {
    purchaseFrequency: k.customers === 0 ? null : k.orders / k.customers,
    orders: k.orders,
    customers: k.customers,
    window: r.window,
  };
}
