import type { MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { orderTotals, resolveMetric } from "../internal/resolve.js";

/** Options of {@link repeatCustomerRate}: the shared {@link MetricOptions}. */
export type RepeatCustomerRateOptions = MetricOptions;

/** Result of {@link repeatCustomerRate}. */
export interface RepeatCustomerRateResult {
  /** repeatCustomers / customers, in [0, 1]; `null` with no customers. */
  repeatCustomerRate: number | null;
  /** Customers with two or more orders in the window. */
  repeatCustomers: number;
  /** Distinct customers with an order in the window. */
  customers: number;
  /**
   * `"lifetime"` without `from`/`to` (every order seen by `asOf`), `"window"` with them (both orders inside the
   * window): the two repeat scopes this function computes. docs/choosing-definitions.md lists the others.
   */
  scope: "lifetime" | "window";
  /** The window the value was computed over. */
  window: ResolvedWindow;
}

/**
 * Repeat-customer rate: the share of customers who ordered at least twice.
 *
 * rate = customers with ≥ 2 orders in the window / customers with ≥ 1 order in the window (a fraction in
 * [0, 1]). Orders count individually: two orders on one day make a repeat customer here (unlike
 * `customerSummaries`, which merges same-day orders as the buy-till-you-die tools do).
 * Use it as the simplest loyalty signal; for "did last period's customers come back" use
 * `returningCustomerRate`. Source: e.g. https://www.shopify.com/blog/repeat-customers.
 *
 * Cost: O(n) time, O(customers) memory.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator} (then `from`
 *   and `to` are not accepted and `asOf` may not precede the latest order).
 * @param options - see {@link MetricOptions}.
 * @returns the rate and its counts; `null` rate for no customers.
 * @throws {@link RetentionMetricsError} for bad orders or options.
 *
 * @example
 * ```ts
 * const r = repeatCustomerRate([
 *   { orderId: "1", customerId: "a", placedAt: "2024-01-05", total: "10" },
 *   { orderId: "2", customerId: "a", placedAt: "2024-03-05", total: "10" },
 *   { orderId: "3", customerId: "b", placedAt: "2024-02-05", total: "10" },
 * ]);
 * r.repeatCustomerRate; // 0.5
 * ```
 */
export function repeatCustomerRate(orders: OrdersInput, options?: RepeatCustomerRateOptions): RepeatCustomerRateResult {
  const r = resolveMetric(orders, options, true);
  const k = orderTotals(r);
  return {
    repeatCustomerRate: k.customers === 0 ? null : k.repeatCustomers / k.customers,
    repeatCustomers: k.repeatCustomers,
    customers: k.customers,
    scope: Number.isFinite(r.from) || Number.isFinite(r.to) ? "window" : "lifetime",
    window: r.window,
  };
}
