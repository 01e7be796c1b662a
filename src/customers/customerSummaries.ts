import type { Decimal } from "decimal.js";
import type { MetricOptions, OrdersInput, ResolvedWindow } from "../core/types.js";
import { customerFacts } from "../internal/customerFacts.js";
import { streamCustomerFacts } from "../internal/stream/purchaseDays.js";
import { resolveMetric } from "../internal/resolve.js";
import { buildRecords, defineLazy } from "../internal/summaryRecords.js";
import type { TimeUnit } from "../core/types.js";
import { booleanOption, unitDays } from "../internal/timeUnit.js";
import { tableBundle, withDisplay } from "../internal/display.js";


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
 * One customer's facts and buy-till-you-die inputs. A "purchase day" is a calendar day in `timeZone` with at
 * least one order; orders of one day are merged into one purchase whose value is their sum.
 *
 * Every field is read from the result's shared per-customer columns when accessed (records of large results
 * stay cheap: one small object each); money fields and ISO times build a new `Decimal` / string on each read,
 * so store them in a variable if you read them in a loop. `JSON.stringify` and `console.log` show every field;
 * the fields are getters on the prototype, not own properties, so object spread and `Object.keys` of a record
 * give nothing: use `JSON.parse(JSON.stringify(record))` when you need a plain object.
 */
export interface CustomerSummary {
  /** The customer id. */
  readonly customerId: string;
  /** Time of the customer's first counted order, ISO 8601 UTC. */
  readonly firstOrderAt: string;
  /** Time of the customer's last counted order, ISO 8601 UTC. */
  readonly lastOrderAt: string;
  /** Number of counted orders (same-day orders counted one by one). */
  readonly orders: number;
  /** Number of distinct purchase days. */
  readonly purchaseDays: number;
  /** Sum of the customer's order values (net of refunds unless `revenue: "gross"`), major units, exact. */
  readonly revenue: Decimal;
  /** revenue / orders, major units per order. */
  readonly averageOrderValue: Decimal;
  /** Repeat purchase days = purchaseDays − 1 (= purchaseDays with `includeFirstPurchase`). lifetimes' `frequency`, Fader–Hardie's x. */
  readonly frequency: number;
  /** First purchase day → last purchase day, in `unit`. lifetimes' `recency`, Fader–Hardie's t_x. */
  readonly recency: number;
  /** First purchase day → calendar day of `asOf`, in `unit` (the customer's age). lifetimes' `T`. */
  readonly T: number;
  /**
   * Mean value of the repeat purchase days (the first day excluded), major units; 0 when `frequency` is 0.
   * With `includeFirstPurchase`, the mean over all purchase days. lifetimes' `monetary_value`, the z̄ of the
   * Gamma-Gamma model.
   */
  readonly monetaryValue: Decimal;
  /** Whole calendar days from the last purchase day to the day of `asOf` (the "R" of RFM, in days). */
  readonly daysSinceLastPurchase: number;
}

/** Result of {@link customerSummaries}. */
export interface CustomerSummariesResult {
  /** One record per customer with a counted order, in order of the customer's first appearance in the input. */
  customers: CustomerSummary[];
  /** Number of customers (= `customers.length`). */
  customerCount: number;
  /** Customers with at least two purchase days (repeat frequency > 0). */
  repeatCustomers: number;
  /** Number of counted orders. */
  orders: number;
  /** The unit of `recency` and `T`. */
  unit: TimeUnit;
  /** Days per unit (1, 7 or the number given). */
  unitDays: number;
  /** Whether the first purchase day counts in `frequency` and `monetaryValue`. */
  includeFirstPurchase: boolean;
  /** Common currency of the orders, or `null`. */
  currency: string | null;
  /** The window and options used; `window.asOf` is the observation end whose calendar day ends `T`. */
  window: ResolvedWindow;
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
 * add a per-customer sort), O(customers) memory in typed arrays; the `customers` array (one small object per
 * customer, fields read on access) is built on its first read, so the counts alone cost only the pass.
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
      ? streamCustomerFacts(r.stream, r.revenue === "net")
      : customerFacts(r.cols, r.zone, { lo: r.from, hi: r.to, end: r.asOf, after: -Infinity }, r.revenue === "net");
  const asOfDay = facts.customers === 0 ? 0 : r.zone.localDay(r.asOf);
  const result: CustomerSummariesResult = {
    customers: [],
    customerCount: facts.customers,
    repeatCustomers: facts.repeatCustomers,
    orders: facts.orderCount,
    unit,
    unitDays: days,
    includeFirstPurchase,
    currency: r.cols.currency,
    window: r.window,
  };
  // The records are views of the kernel's rows, built on the first read of `customers` (the closure keeps the
  // rows and the id list, not the whole book).
  const { customerIds, scale } = r.cols;
  defineLazy(result, "customers", () => buildRecords(facts, customerIds, scale, includeFirstPurchase, days, asOfDay));
  return withDisplay(result, tableBundle);
}
