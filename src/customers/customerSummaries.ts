import type { Decimal } from "decimal.js";
import type { MetricOptions, ResolvedWindow } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { customerFacts } from "../internal/kernels/customerFacts.js";
import { streamCustomerFacts } from "../internal/stream/views.js";
import { resolveMetric } from "../internal/resolve.js";
import { defineSummaryFields, summaryData } from "../internal/kernels/summaryRecords.js";
import type { TimeUnit } from "../core/types.js";
import { booleanOption, unitDays } from "../internal/time/timeUnit.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";


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
 * A record is plain data: an ordinary object whose twelve fields are own enumerable data properties, in the
 * order below, so object spread, `Object.keys`, `structuredClone`, `postMessage`, `console.table` and
 * `JSON.stringify` keep every field (money is a `Decimal`, which JSON writes as its exact decimal string and
 * `structuredClone` copies as a plain object `{ s, e, d }` that `new Decimal` does not read: send JSON when the
 * receiver needs `Decimal`s, and read each string back with `new Decimal(string)`).
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

/**
 * The facts of {@link CustomerSummariesResult.customers} as one typed array per field (entry k belongs to
 * `customers[k]`), for code that reads every customer: model fits, rankings, charts, a worker. Counts and days
 * are `Int32Array`, times and fractional units `Float64Array`, money integer minor units at `scale` in a
 * `Float64Array` (exact while a safe integer, below 2^53: 90 trillion at `scale` 2; beyond that the nearest
 * double, while the record's `Decimal` stays exact). Reading the view builds no record: the first read of
 * `columns` costs O(customers) typed-array work (plus the follow-up passes over the orders that the records
 * need too), against the object, up to three `Decimal`s and two ISO strings per customer of the first read of
 * `customers`.
 *
 * It is plain data too: `structuredClone` copies the typed arrays, and `JSON.stringify` writes each as a JSON
 * array (leave it out with `JSON.stringify({ ...result, columns: undefined })`). It is a snapshot taken with the
 * result: changing a record does not change it.
 *
 * @example
 * ```ts
 * const r = customerSummaries([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10.00" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-01-08", total: "20.00" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "7.50" },
 * ], { asOf: "2024-01-29", unit: "week" });
 * const { customerId, frequency, T, revenueMinor, scale } = r.columns;
 * customerId;                   // ["ann", "bob"]
 * frequency;                    // Int32Array [1, 0]
 * T[0];                         // 4 (28 days)
 * revenueMinor[1]! / 10 ** scale; // 7.5 (bob's revenue, as the record's r.customers[1].revenue)
 * ```
 */
export interface CustomerSummaryColumns {
  /** `customers[k].customerId`. */
  customerId: string[];
  /** Epoch ms of the first counted order (`customers[k].firstOrderAt` is its ISO 8601 form). */
  firstOrderTime: Float64Array;
  /** Epoch ms of the last counted order (`customers[k].lastOrderAt`). */
  lastOrderTime: Float64Array;
  /** `customers[k].orders`. */
  orders: Int32Array;
  /** `customers[k].purchaseDays`. */
  purchaseDays: Int32Array;
  /** `customers[k].revenue` in integer minor units at `scale`. `averageOrderValue` = revenueMinor / orders / 10^scale. */
  revenueMinor: Float64Array;
  /**
   * Value of the purchase days that `monetaryValue` averages (all but the first; all with
   * `includeFirstPurchase`), integer minor units at `scale`: `monetaryValue` = monetaryTotalMinor / frequency /
   * 10^scale, 0 when `frequency` is 0.
   */
  monetaryTotalMinor: Float64Array;
  /** `customers[k].frequency`. */
  frequency: Int32Array;
  /** `customers[k].recency`, in `unit`. */
  recency: Float64Array;
  /** `customers[k].T`, in `unit`. */
  T: Float64Array;
  /** `customers[k].daysSinceLastPurchase`. */
  daysSinceLastPurchase: Int32Array;
  /** Decimal places of the minor units (major units = minor / 10^scale): the fewest that hold every amount of the result exactly. */
  scale: number;
}

/** Result of {@link customerSummaries}. */
export interface CustomerSummariesResult {
  /**
   * One record per customer with a counted order, in order of the customer's first appearance in the input:
   * plain objects, built all at once on the first read of this field (see {@link customerSummaries}, "Cost").
   */
  customers: CustomerSummary[];
  /** The same facts as typed columns, without building the records: see {@link CustomerSummaryColumns}. */
  columns: CustomerSummaryColumns;
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
      ? streamCustomerFacts(r.stream, r.revenue === "net")
      : customerFacts(r.cols, r.zone, { lo: r.from, hi: r.to, end: r.asOf, after: -Infinity }, r.revenue === "net");
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
  defineSummaryFields(result, () => summaryData(facts, customerIds, scale, includeFirstPurchase, days, asOfDay));
  return withDisplay(result, tableBundle);
}
