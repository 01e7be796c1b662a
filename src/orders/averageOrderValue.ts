import type { Decimal } from "decimal.js";
import type { ResolvedWindow, ValueOptions } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { minorToDecimal, ratioDecimal } from "../internal/money/money.js";
import { resolveMetric, valueTotals } from "../internal/resolve.js";

/**
 * Options of {@link averageOrderValue}: the shared options with the value basis ({@link ValueOptions}: `revenue`
 * `"gross"`, `"net"` or `"margin"`, `marginRate`, `refundAttribution`).
 */
export type AverageOrderValueOptions = ValueOptions;

/** Result of {@link averageOrderValue}. */
export interface AverageOrderValueResult {
  /** AOV = revenue / orders in major currency units per order; `null` when there are no orders. */
  averageOrderValue: Decimal | null;
  /** Value in the window on the basis `window.revenue` (net of refunds by default; gross; or margin), major units. */
  revenue: Decimal;
  /** Number of orders in the window. */
  orders: number;
  /** Common currency, or `null`. */
  currency: string | null;
  /** The window the value was computed over. */
  window: ResolvedWindow;
}

/**
 * Average order value (AOV): what an order brings in on average.
 *
 * AOV = revenue / number of orders, in currency units per order, with revenue net of refunds by default.
 * Use it to track basket size over time or to feed {@link customerLifetimeValue}.
 * Source: the standard e-commerce definition, e.g. https://en.wikipedia.org/wiki/Average_order_value.
 *
 * Cost: O(n). Exact: revenue is summed in integer minor units; the quotient is a `Decimal` (20 significant digits).
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator} (then `from`
 *   and `to` are not accepted and `asOf` may not precede the latest order).
 * @param options - see {@link ValueOptions}: with `revenue: "margin"` on an accumulator, a `marginRate` (it keeps
 *   no costs), and no `refundAttribution: "refundDate"` (it keeps no refund dates).
 * @returns AOV with the revenue and order count behind it; `null` AOV for no orders.
 * @throws {@link RetentionMetricsError} for bad orders or options.
 *
 * @example
 * ```ts
 * const r = averageOrderValue([
 *   { orderId: "1", customerId: "a", placedAt: "2024-01-05", total: "10.00" },
 *   { orderId: "2", customerId: "b", placedAt: "2024-01-06", total: "25.00" },
 * ]);
 * r.averageOrderValue?.toString(); // "17.5"
 * r.orders;                        // 2
 * ```
 */
export function averageOrderValue(orders: OrdersInput, options?: AverageOrderValueOptions): AverageOrderValueResult {
  const r = resolveMetric(orders, options, true, true);
  const k = valueTotals(r);
  const revenue = minorToDecimal(k.value, k.scale);
  return { averageOrderValue: ratioDecimal(revenue, k.orders), revenue, orders: k.orders, currency: r.cols.currency, window: r.window };
}
