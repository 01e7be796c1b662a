import type { Decimal } from "decimal.js";
import type { ResolvedWindow, TimeUnit } from "../../core/types.js";

// The record types of customerSummaries, declared below the public area so that the kernels that build the
// records (summaryRecords.ts) and the renderers that read them need not import src/customers/. Their public
// names are re-exported by src/customers/customerSummaries.ts.

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
