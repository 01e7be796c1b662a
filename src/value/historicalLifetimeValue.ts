import type { Decimal } from "decimal.js";
import type { ResolvedWindow, ValueOptions } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { cohortTable } from "../cohorts/cohortTable.js";
import { optionError } from "../internal/fail.js";
import type { Granularity } from "../core/types.js";
import { lifetimeValueBundle, withDisplay } from "../internal/display/display.js";

/**
 * Options of {@link historicalLifetimeValue}: the shared options with the value basis ({@link ValueOptions}:
 * gross, net or margin revenue, refunds at the order's or the refund's date) plus the period grid.
 */
export interface HistoricalLifetimeValueOptions extends ValueOptions {
  /**
   * Length of one step of the curve: calendar periods since acquisition in `timeZone`.
   * @defaultValue `"month"`
   */
  granularity?: Exclude<Granularity, "day" | "week">;
  /**
   * Number of periods of the curve (0 … periods − 1); leave it out for every period the data reaches.
   * @defaultValue all periods
   */
  periods?: number;
}

/** One period (one point) of the historical lifetime-value curve. */
export interface HistoricalLifetimeValuePoint {
  /** Periods since acquisition (0 = the acquisition period itself). */
  period: number;
  /**
   * Average cumulative revenue per acquired customer through the end of this period, in currency units per
   * customer; `null` when no cohort has been observed through this period yet.
   */
  historicalLifetimeValue: Decimal | null;
  /** Cohorts whose period is complete (fully before `asOf`) and so stand behind the point. */
  cohorts: number;
  /** Customers in those cohorts. */
  customers: number;
}

/** Result of {@link historicalLifetimeValue}. */
export interface HistoricalLifetimeValueResult {
  /** One record per period since acquisition, period 0 first. */
  periods: HistoricalLifetimeValuePoint[];
  /** The calendar step of the curve. */
  granularity: Exclude<Granularity, "day" | "week">;
  /** Common currency, or `null`. */
  currency: string | null;
  /** The window the curve was computed over. */
  window: ResolvedWindow;
}

/**
 * Historical lifetime value: what an acquired customer has actually brought in, on average, k months (or
 * quarters, years) after acquisition. It is the curve "LTV to date by customer age", read from the orders with
 * no model, and the benchmark the predictive models should meet.
 *
 * Formula, for each period k since acquisition, over the acquisition cohorts whose period k is complete
 * (entirely before `asOf`):
 * `LTV(k) = Σ_cohorts (revenue of the cohort's customers in periods 0 … k) / Σ_cohorts (cohort size)`,
 * in currency units per customer (net of refunds unless `revenue: "gross"`; margin with `revenue: "margin"`). Weighting by cohort size makes it
 * the value of the average customer, not of the average cohort. It is the `cumulativeRevenuePerCustomer` of
 * {@link cohortTable}'s average curve: both come from the same cohort kernel.
 * Source: the cohort-based historical CLV of Fader & Hardie's "What's wrong with this CLV formula?"
 * (http://brucehardie.com/notes/033/) and Shopify's cohort analysis
 * (https://www.shopify.com/blog/cohort-analysis).
 *
 * Cost: O(n) time and O(customers + cohorts × periods) memory, as {@link cohortTable}.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator} (then
 *   `granularity` must be the accumulator's, and `from`/`to` are not accepted).
 * @param options - see {@link HistoricalLifetimeValueOptions}.
 * @returns the curve: one record per period since acquisition, under `periods`.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` for a bad `granularity` or `periods`, the option
 * errors of {@link cohortTable}, and the order errors of {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const ltv = historicalLifetimeValue([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "20" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "30" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "10" },
 *   { orderId: "4", customerId: "cy", placedAt: "2024-02-05", total: "40" },
 *   { orderId: "5", customerId: "cy", placedAt: "2024-03-31", total: "5" },
 * ], { asOf: "2024-03-31" });
 * ltv.periods.map((p) => [p.historicalLifetimeValue?.toFixed(2) ?? null, p.cohorts]);
 * // [["23.33", 2], ["35.00", 2], ["30.00", 1]]
 * // month 0: (20 + 10 + 40) / 3; month 1: (60 + 45) / 3; month 2: only January is complete, 60 / 2
 * ```
 */
export function historicalLifetimeValue(orders: OrdersInput, options: HistoricalLifetimeValueOptions = {}): HistoricalLifetimeValueResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const granularity = options.granularity ?? "month";
  if (granularity !== "month" && granularity !== "quarter" && granularity !== "year") {
    throw optionError("granularity", 'must be "month", "quarter" or "year"', granularity, 'Pass "month" (the default) for LTV by months since acquisition.');
  }
  const { granularity: _g, ...rest } = options;
  const table = cohortTable(orders, { ...rest, granularity, mode: "classic", windows: "calendar", periodIndexBase: 0 });
  return withDisplay<HistoricalLifetimeValueResult>({
    periods: table.average.map((p) => ({
      period: p.period,
      historicalLifetimeValue: p.cumulativeRevenuePerCustomer,
      cohorts: p.cohorts,
      customers: p.customers,
    })),
    granularity,
    currency: table.currency,
    window: table.window,
  }, lifetimeValueBundle);
}
