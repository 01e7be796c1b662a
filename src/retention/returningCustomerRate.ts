import type { Instant, MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { optionError } from "../internal/fail.js";
import { instantOption, resolveMetric } from "../internal/resolve.js";
import { orderWindow } from "../internal/book/window.js";
import { returningCounts } from "../internal/kernels/retentionFromOrders.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link returningCustomerRate}. Windows are half-open; date-only strings are local midnights. */
export interface ReturningCustomerRateOptions extends Pick<MetricOptions, "timeZone" | "asOf"> {
  /**
   * Start of the base window `[baseFrom, baseTo)`.
   * @defaultValue no lower bound (every order before `baseTo`)
   */
  baseFrom?: Instant;
  /** End (exclusive) of the base window. */
  baseTo: Instant;
  /** Start of the return window `[returnFrom, returnTo)`; not before `baseTo`. */
  returnFrom: Instant;
  /** End (exclusive) of the return window. */
  returnTo: Instant;
}

/** Result of {@link returningCustomerRate}. */
export interface ReturningCustomerRateResult {
  /** Customers with at least one order in the base window. */
  baseCustomers: number;
  /** Of those, customers with at least one order in the return window. */
  returningCustomers: number;
  /** returningCustomers / baseCustomers, or `null` when there are no base customers. */
  returningCustomerRate: number | null;
  /** Base window as ISO 8601 UTC strings (`from` is `null` when unbounded). */
  base: { from: string | null; to: string };
  /** Return window as ISO 8601 UTC strings. */
  return: { from: string; to: string };
  /** Whether the return window ends by `asOf` (fully observed). */
  complete: boolean;
  /** The zone and observation end used. */
  window: ResolvedWindow;
}

/**
 * Returning-customer rate: of the customers who ordered in a base window, the share who ordered again in a
 * later return window.
 *
 * Use it for "of last year's buyers, how many bought in the last six months?" or, with `baseFrom` left out and
 * `baseTo = returnFrom`, "of everyone who had bought before this quarter, how many bought in it?". Customers
 * whose first order falls in the return window are not in the base, so new customers never inflate the rate.
 *
 * Formula: rate = |B ∩ R| / |B| (a fraction), where B = customers with an order in `[baseFrom, baseTo)` and
 * R = customers with an order in `[returnFrom, returnTo)`. Orders after `asOf` are unseen.
 *
 * Source: "returning customer rate" (repeat rate over a period), e.g.
 * https://www.shopify.com/blog/customer-retention-metrics.
 *
 * Cost: O(n) time, O(customers) memory.
 *
 * @param orders - an {@link OrderBook} or an iterable of {@link Order}.
 * @param options - see {@link ReturningCustomerRateOptions}.
 * @returns the counts and the rate.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `baseFrom`, `baseTo`, `returnFrom`, `returnTo`,
 * `asOf`) when a bound is missing or invalid, a window is empty, or the return window starts before the base
 * window ends; `INVALID_TIME_ZONE`; the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const r = returningCustomerRate([
 *   { orderId: "1", customerId: "ann", placedAt: "2023-03-01", total: "10" },
 *   { orderId: "2", customerId: "bob", placedAt: "2023-05-01", total: "10" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-08-01", total: "10" },
 *   { orderId: "4", customerId: "cy", placedAt: "2024-09-01", total: "10" },
 * ], { baseFrom: "2023-01-01", baseTo: "2024-01-01", returnFrom: "2024-07-01", returnTo: "2025-01-01" });
 * [r.baseCustomers, r.returningCustomers]; // [2, 1]
 * r.returningCustomerRate;                 // 0.5
 * ```
 */
export function returningCustomerRate(orders: OrdersInput, options: ReturningCustomerRateOptions): ReturningCustomerRateResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object with baseTo, returnFrom and returnTo", options, 'Pass { baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-07-01" }.');
  }
  const shared: MetricOptions = {};
  if (options.timeZone !== undefined) shared.timeZone = options.timeZone;
  if (options.asOf !== undefined) shared.asOf = options.asOf;
  const r = resolveMetric(orders, shared);
  const required = (name: "baseTo" | "returnFrom" | "returnTo"): number => {
    const v = options[name];
    if (v === undefined) throw optionError(name, "is required", v, 'Pass an instant such as "2024-01-01".');
    return instantOption(name, v, r.zone);
  };
  const baseFrom = options.baseFrom === undefined ? -Infinity : instantOption("baseFrom", options.baseFrom, r.zone);
  const baseTo = required("baseTo");
  const returnFrom = required("returnFrom");
  const returnTo = required("returnTo");
  if (baseTo <= baseFrom) throw optionError("baseTo", "must be later than baseFrom", options.baseTo, "The base window [baseFrom, baseTo) must not be empty.");
  if (returnTo <= returnFrom) throw optionError("returnTo", "must be later than returnFrom", options.returnTo, "The return window [returnFrom, returnTo) must not be empty.");
  if (returnFrom < baseTo) {
    throw optionError("returnFrom", "must not be before baseTo", options.returnFrom, "Start the return window where the base window ends or later; one order must not count for both.");
  }
  const asOf = r.asOf;
  const { base, returning } = returningCounts(r.cols, orderWindow(baseFrom, baseTo, asOf), orderWindow(returnFrom, returnTo, asOf));
  const iso = (ms: number): string => new Date(ms).toISOString();
  return withDisplay<ReturningCustomerRateResult>({
    baseCustomers: base,
    returningCustomers: returning,
    returningCustomerRate: base === 0 ? null : returning / base,
    base: { from: Number.isFinite(baseFrom) ? iso(baseFrom) : null, to: iso(baseTo) },
    return: { from: iso(returnFrom), to: iso(returnTo) },
    complete: returnTo <= asOf + 1,
    window: r.window,
  }, tableBundle);
}
