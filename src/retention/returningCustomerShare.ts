import type { Instant, MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { optionError } from "../internal/fail.js";
import { instantOption, resolveMetric } from "../internal/resolve.js";
import { orderWindow } from "../internal/book/window.js";
import { windowCustomers } from "../internal/kernels/repeatScopes.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link returningCustomerShare}. The window is half-open; date-only strings are local midnights. */
export interface ReturningCustomerShareOptions extends Pick<MetricOptions, "timeZone" | "asOf"> {
  /** Start of the window `[from, to)`. */
  from: Instant;
  /**
   * End (exclusive) of the window.
   * @defaultValue no bound: every order seen by `asOf`
   */
  to?: Instant;
}

/** Result of {@link returningCustomerShare}. */
export interface ReturningCustomerShareResult {
  /** returningCustomers / customers, a fraction in [0, 1]; `null` when no customer ordered in the window. */
  returningCustomerShare: number | null;
  /** Customers who placed their second or later order in the window (their first order may be before it or in it). */
  returningCustomers: number;
  /** Customers with an order in the window. */
  customers: number;
  /** The window, as ISO 8601 UTC strings (`to` is `null` when unbounded). */
  period: { from: string; to: string | null };
  /** The zone and observation end used. */
  window: ResolvedWindow;
}

/**
 * Returning-customer share: of the customers who ordered in a window, the share whose order there was their second
 * or later (their first order placed at any time). This is what Shopify's reports call the "returning customer
 * rate".
 *
 * Use it to read how much of a month's (or quarter's) buying comes from existing customers. It is not
 * {@link returningCustomerRate}, whose denominator is the earlier customers (how many of them came back), nor
 * {@link repeatCustomerRate} (customers with two or more orders). docs/choosing-definitions.md compares the four
 * repeat scopes.
 *
 * Formula: share = |{c with an order in [from, to) that is not c's first order}| / |{c with an order in
 * [from, to)}| (a fraction). A customer who first bought before `from`, or twice inside the window, counts. Orders
 * after `asOf` are unseen.
 *
 * Source: Shopify's "returning customer rate": customers who placed more than one order, out of the customers who
 * ordered in the selected date range; the first order may lie outside the range. Explained, with how it differs
 * from the repeat purchase rate, at https://littlestreamsoftware.com/glossary/returning-customer-rate.
 *
 * Cost: O(n) time, O(customers) memory.
 *
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link ReturningCustomerShareOptions}; `from` is required.
 * @returns the share and its counts.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `from`, `to`, `asOf`; also for an
 * `OrderAccumulator`, which keeps periods, not order times), `INVALID_TIME_ZONE`, and the order errors of
 * {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const r = returningCustomerShare([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "10" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-02-12", total: "10" },
 *   { orderId: "4", customerId: "cy", placedAt: "2024-02-14", total: "10" },
 *   { orderId: "5", customerId: "cy", placedAt: "2024-02-20", total: "10" },
 * ], { from: "2024-02-01", to: "2024-03-01" });
 * [r.customers, r.returningCustomers]; // [3, 2] (ann bought before; cy twice in February)
 * r.returningCustomerShare;           // 0.6666666666666666
 * ```
 */
export function returningCustomerShare(orders: OrdersInput, options: ReturningCustomerShareOptions): ReturningCustomerShareResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object with from", options, 'Pass { from: "2024-02-01", to: "2024-03-01" }.');
  }
  const shared: MetricOptions = {};
  if (options.timeZone !== undefined) shared.timeZone = options.timeZone;
  if (options.asOf !== undefined) shared.asOf = options.asOf;
  const r = resolveMetric(orders, shared);
  if (options.from === undefined) throw optionError("from", "is required", options.from, 'Pass the window\'s start, such as "2024-02-01".');
  const from = instantOption("from", options.from, r.zone);
  const to = options.to === undefined ? Infinity : instantOption("to", options.to, r.zone);
  if (to <= from) throw optionError("to", "must be later than from", options.to, "The window [from, to) must not be empty.");
  const { customers, returning } = windowCustomers(r.cols, orderWindow(from, to, r.asOf));
  return withDisplay<ReturningCustomerShareResult>({
    returningCustomerShare: customers === 0 ? null : returning / customers,
    returningCustomers: returning,
    customers,
    period: { from: new Date(from).toISOString(), to: Number.isFinite(to) ? new Date(to).toISOString() : null },
    window: r.window,
  }, tableBundle);
}
