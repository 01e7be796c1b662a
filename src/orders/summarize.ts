import type { Decimal } from "decimal.js";
import type { MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { minorToDecimal, ratioDecimal } from "../internal/money/money.js";
import { orderTotals, resolveMetric } from "../internal/resolve.js";
import { summarizeBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link summarize}: the shared {@link MetricOptions}. */
export type SummarizeOptions = MetricOptions;

/** Orders of one kind (first or repeat) in a {@link SummarizeResult}. */
export interface OrderGroupSummary {
  /** Number of orders. */
  orders: number;
  /** Their revenue (on the chosen basis), in major units. */
  revenue: Decimal;
  /** revenue / orders, or `null` when there are none. */
  averageOrderValue: Decimal | null;
}

/** Result of {@link summarize}. Money is `Decimal` (a string in JSON); times are ISO 8601 UTC strings. */
export interface SummarizeResult {
  /** Number of orders in the window. */
  orders: number;
  /** Number of distinct customers with an order in the window. */
  customers: number;
  /** Customers with two or more orders in the window. */
  repeatCustomers: number;
  /** Revenue in major units. `net` = `gross` − `refunded`. */
  revenue: { gross: Decimal; refunded: Decimal; net: Decimal };
  /** AOV = revenue / orders (revenue on the chosen basis), or `null` with no orders. */
  averageOrderValue: Decimal | null;
  /** F = orders / customers, or `null` with no customers. */
  purchaseFrequency: number | null;
  /** CV = revenue / customers (= AOV × F), or `null` with no customers. */
  customerValue: Decimal | null;
  /** repeatCustomers / customers, or `null` with no customers. */
  repeatCustomerRate: number | null;
  /** Time of the earliest order in the window, or `null`. */
  firstOrderAt: string | null;
  /** Time of the latest order in the window, or `null`. */
  lastOrderAt: string | null;
  /** Orders that are their customer's first order ever (in the whole input, not just the window). */
  firstOrders: OrderGroupSummary;
  /** All other orders in the window. */
  repeatOrders: OrderGroupSummary;
  /**
   * How much higher (positive) or lower (negative) the repeat AOV is than the first-order AOV, as a fraction:
   * repeat AOV / first AOV − 1. `null` when either AOV is missing or the first AOV is 0.
   */
  repeatOrderValueLift: number | null;
  /** Common currency of the orders, or `null`. */
  currency: string | null;
  /** The window and options the numbers were computed with. */
  window: ResolvedWindow;
}

/**
 * The order KPIs of a shop in one pass: order and customer counts, revenue (gross, refunded, net), average
 * order value, purchase frequency, customer value, repeat-customer rate, and first against repeat orders.
 *
 * Use it as the first look at a shop, or to feed {@link customerLifetimeValue}:
 * `customerLifetimeValue({ ...summarize(orders, { from, to }), lifespan: 3 })`.
 *
 * Formulas (revenue on the `revenue` basis, default net of refunds; see docs/order-metrics.md):
 * - AOV = revenue / orders (currency units per order)
 * - F = orders / customers (orders per customer over the window)
 * - CV = revenue / customers = AOV × F (currency units per customer)
 * - repeat-customer rate = customers with ≥ 2 orders / customers
 *
 * A "first order" is the customer's earliest order in the whole input (ties broken by the smaller order id),
 * so a window that starts after it sees only repeat orders of that customer.
 *
 * Cost: O(n) time, O(customers) memory, no allocation per order.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator} (then `from`
 *   and `to` are not accepted and `asOf` may not precede the latest order).
 * @param options - see {@link MetricOptions}.
 * @returns the summary; ratios with an empty denominator are `null`.
 * @throws {@link RetentionMetricsError} for bad orders (see {@link prepareOrders}) or options
 * (`INVALID_OPTION`, `INVALID_TIME_ZONE`).
 *
 * @example
 * ```ts
 * const s = summarize([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30.00" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-05", total: "50.00", refunded: "10.00" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-02-10", total: "20.00" },
 * ]);
 * s.revenue.net.toString();        // "90"
 * s.averageOrderValue?.toString(); // "30"
 * s.purchaseFrequency;             // 1.5
 * s.customerValue?.toString();     // "45"
 * s.repeatCustomerRate;            // 0.5
 * s.repeatOrders.averageOrderValue?.toString(); // "40"
 * s.repeatOrderValueLift;          // 0.6
 * ```
 */
export function summarize(orders: OrdersInput, options?: SummarizeOptions): SummarizeResult {
  const r = resolveMetric(orders, options, true);
  const k = orderTotals(r);
  const scale = r.cols.scale;
  const revenue = minorToDecimal(k.revenue, scale);
  const firstRevenue = minorToDecimal(k.firstRevenue, scale);
  const repeatRevenue = minorToDecimal(k.repeatRevenue, scale);
  const repeatOrders = k.orders - k.firstOrders;
  const firstAov = ratioDecimal(firstRevenue, k.firstOrders);
  const repeatAov = ratioDecimal(repeatRevenue, repeatOrders);
  const lift = firstAov === null || repeatAov === null || firstAov.isZero() ? null : repeatAov.div(firstAov).minus(1).toNumber();
  return withDisplay<SummarizeResult>({
    orders: k.orders,
    customers: k.customers,
    repeatCustomers: k.repeatCustomers,
    revenue: {
      gross: minorToDecimal(k.gross, scale),
      refunded: minorToDecimal(k.refunded, scale),
      net: minorToDecimal(typeof k.gross === "bigint" ? k.gross - BigInt(k.refunded) : k.gross - Number(k.refunded), scale),
    },
    averageOrderValue: ratioDecimal(revenue, k.orders),
    purchaseFrequency: k.customers === 0 ? null : k.orders / k.customers,
    customerValue: ratioDecimal(revenue, k.customers),
    repeatCustomerRate: k.customers === 0 ? null : k.repeatCustomers / k.customers,
    firstOrderAt: k.orders === 0 ? null : new Date(k.minTime).toISOString(),
    lastOrderAt: k.orders === 0 ? null : new Date(k.maxTime).toISOString(),
    firstOrders: { orders: k.firstOrders, revenue: firstRevenue, averageOrderValue: firstAov },
    repeatOrders: { orders: repeatOrders, revenue: repeatRevenue, averageOrderValue: repeatAov },
    repeatOrderValueLift: lift,
    currency: r.cols.currency,
    window: r.window,
  }, summarizeBundle);
}
