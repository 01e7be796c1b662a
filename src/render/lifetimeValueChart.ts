import type { CohortTableResult } from "../cohorts/cohortTable.js";
import { lifetimeValueSvg, type LifetimeValueChartOptions } from "../internal/display/charts.js";
import type { HistoricalLifetimeValueResult } from "../value/historicalLifetimeValue.js";

export type { LifetimeValueChartOptions } from "../internal/display/charts.js";

/** What {@link lifetimeValueChart} draws: a {@link historicalLifetimeValue} curve or a {@link cohortTable}. */
export type LifetimeValueChartInput = HistoricalLifetimeValueResult | CohortTableResult;

/**
 * Renders historical lifetime-value curves as an SVG line chart: the average cumulative revenue per acquired
 * customer k periods after acquisition (currency units per customer).
 *
 * - From a {@link historicalLifetimeValue} result: its single curve (`periods[].historicalLifetimeValue`).
 * - From a {@link cohortTable} result: one curve per segment (`segments[].average[].cumulativeRevenuePerCustomer`)
 *   when the table was split with `segmentBy`, else the table's average curve.
 *
 * Points without a complete period (`null`) are left out. Segment names are escaped. The money values are
 * drawn as floating-point pixel positions; the exact values are in the result.
 *
 * Cost: O(segments × periods) time and output size.
 *
 * @param input - see {@link LifetimeValueChartInput}.
 * @param options - see {@link LifetimeValueChartOptions}.
 * @returns an SVG document as a string.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `input` is not a
 * well-formed result; `INVALID_OPTION` for an option outside its range. An empty curve renders empty axes.
 *
 * @example
 * ```ts
 * const ltv = historicalLifetimeValue([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "15" },
 * ], { asOf: "2024-04-01" });
 * const svg = lifetimeValueChart(ltv);
 * svg.includes("<path"); // true
 * ```
 */
export function lifetimeValueChart(input: LifetimeValueChartInput, options: LifetimeValueChartOptions = {}): string {
  return lifetimeValueSvg(input, options);
}
