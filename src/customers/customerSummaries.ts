import type { MetricOptions } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { customerFacts } from "../internal/kernels/customerFacts.js";
import { streamCustomerFacts } from "../internal/stream/views.js";
import { resolveMetric } from "../internal/resolve.js";
import { orderWindow } from "../internal/book/window.js";
import { defineSummaryFields } from "../internal/kernels/summaryRecords.js";
import type { TimeUnit } from "../core/types.js";
import { booleanOption, unitDays } from "../internal/time/timeUnit.js";
import type { CustomerSummariesResult } from "../internal/kernels/customerSummaryTypes.js";
import { summariesBundle, withDisplay } from "../internal/display/display.js";

export type { CustomerSummariesResult, CustomerSummary, CustomerSummaryColumns } from "../internal/kernels/customerSummaryTypes.js";

/** Options of {@link customerSummaries}: the shared {@link MetricOptions} plus the BTYD conventions. */
export interface CustomerSummariesOptions extends MetricOptions {
  /**
   * Unit of `recency` and `T`: `"day"`, `"week"` (= 7 days) or a positive number of days (`30` for 30-day
   * months). Times are whole calendar days divided by this, so they may be fractional.
   * @defaultValue `"day"`
   */
  unit?: TimeUnit;
  /**
   * Count the first purchase day in `frequency` and in `monetaryValue` (lifetimes'
   * `include_first_transaction=True`). Leave it `false` for the buy-till-you-die models, which expect repeat
   * purchases only.
   * @defaultValue `false`
   */
  includeFirstPurchase?: boolean;
}

/**
 * Per-customer summary: first and last order, order count, exact revenue and AOV, and the four
 * "buy till you die" inputs (frequency, recency, T, monetary value) exactly as Python lifetimes'
 * `summary_data_from_transaction_data` (with `freq="D"`) and PyMC-Marketing's `rfm_summary` define them.
 *
 * Use it to feed the probabilistic models (BG/NBD, Pareto/NBD, Gamma-Gamma), or as a customer table.
 *
 * Definitions (see docs/customer-analytics.md):
 * - orders on the same calendar day in `timeZone` are one purchase; their values add up;
 * - frequency x = purchase days − 1; recency t_x = (last purchase day − first purchase day) / unitDays;
 *   T = (day of `asOf` − first purchase day) / unitDays;
 * - monetaryValue = (value of all purchase days − value of the first) / x, or 0 when x = 0;
 * - orders after the instant `asOf` (default: the latest order) and outside `[from, to)` are ignored.
 *
 * Sources: lifetimes `utils.summary_data_from_transaction_data`
 * (https://github.com/CamDavidsonPilon/lifetimes/blob/master/lifetimes/utils.py); Fader, Hardie & Lee (2005),
 * "Counting your customers the easy way", Marketing Science 24(2).
 *
 * Cost: one O(n) pass with no sort when each customer's orders arrive in time order (out-of-order customers
 * add a per-customer sort), O(customers) memory in typed arrays, so the counts alone cost only the pass. The
 * first read of `customers` or `columns` adds up to four passes over the orders (order counts, first-day
 * values, first and last times) and builds the columns; the first read of `customers` also builds every
 * record, a plain object with up to three `Decimal`s and two ISO strings, the dominant cost of reading a large
 * result (docs/customer-analytics.md, "Cost"). Until then each of the two fields is an own getter that replaces
 * itself with the built value, so spreading, cloning or serialising the result builds them. Heavy readers
 * that need no `Decimal` read `columns`.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator} (then no
 *   `from`/`to`, and `asOf` not before the latest order).
 * @param options - see {@link CustomerSummariesOptions}.
 * @returns one {@link CustomerSummary} per customer, with the unit and window used.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `unit`, `includeFirstPurchase`, `asOf`, `from`,
 * `to`, `revenue`), `INVALID_TIME_ZONE`, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const r = customerSummaries([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10.00" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-01-08", total: "20.00" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-01-08", total: "5.00" },
 *   { orderId: "4", customerId: "ann", placedAt: "2024-01-15", total: "30.00" },
 * ], { asOf: "2024-01-29", unit: "week" });
 * const ann = r.customers[0]!;
 * ann.frequency;                 // 2  (3 purchase days)
 * ann.recency;                   // 2  (14 days)
 * ann.T;                         // 4  (28 days)
 * ann.monetaryValue.toString();  // "27.5" ((25 + 30) / 2)
 * ann.revenue.toString();        // "65"
 * ```
 */
export function customerSummaries(orders: OrdersInput, options?: CustomerSummariesOptions): CustomerSummariesResult {
  const r = resolveMetric(orders, options, true);
  const unit = options?.unit ?? "day";
  const days = unitDays(unit);
  const includeFirstPurchase = booleanOption("includeFirstPurchase", options?.includeFirstPurchase, false);
  const facts =
    r.stream !== null
      ? streamCustomerFacts(r.stream, r.value.basis === "net")
      : customerFacts(r.cols, r.zone, orderWindow(r.from, r.to, r.asOf), r.value.basis === "net");
  const asOfDay = facts.customers === 0 ? 0 : r.zone.localDay(r.asOf);
  const result: CustomerSummariesResult = {
    customers: [],
    columns: undefined as unknown as CustomerSummariesResult["columns"],
    customerCount: facts.customers,
    repeatCustomers: facts.repeatCustomers,
    orders: facts.orderCount,
    unit,
    unitDays: days,
    includeFirstPurchase,
    currency: r.cols.currency,
    window: r.window,
  };
  // The columns and the plain records are built on the first read of `columns` / `customers` (the closure keeps
  // the kernel's rows and the id list, not the whole book).
  const { customerIds, scale } = r.cols;
  defineSummaryFields(result, { kernel: facts, customerIds, scale, includeFirstPurchase, unitDays: days, asOfDay });
  return withDisplay(result, summariesBundle);
}
