import type { CohortTableResult } from "../cohorts/cohortTable.js";
import { retentionCurveSvg, type RetentionCurveChartOptions } from "../internal/display/charts.js";

export type { RetentionCurveChartOptions } from "../internal/display/charts.js";

/**
 * Renders retention curves as an SVG line chart: the share of acquired customers active k periods after
 * acquisition, one line per segment of a {@link cohortTable} computed with `segmentBy` (in the table's rank
 * order), or the single cohort-size-weighted average curve of a table without segments. Points without a
 * complete cell (`retention: null`) are left out, so the lines stop where the data does.
 *
 * Segment names are user data and are escaped. No DOM is needed.
 *
 * Cost: O(segments × periods) time and output size.
 *
 * @param table - a {@link cohortTable} result, with or without `segmentBy`.
 * @param options - see {@link RetentionCurveChartOptions}.
 * @returns an SVG document as a string.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `table` is not a
 * well-formed cohort table; `INVALID_OPTION` for an option outside its range. An empty table renders empty axes.
 *
 * @example
 * ```ts
 * const table = cohortTable([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10", segment: "ads" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "10", segment: "ads" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "10", segment: "email" },
 * ], { asOf: "2024-04-01", segmentBy: "segment" });
 * const svg = retentionCurveChart(table);
 * svg.includes("email"); // true
 * ```
 */
export function retentionCurveChart(table: CohortTableResult, options: RetentionCurveChartOptions = {}): string {
  return retentionCurveSvg(table, options);
}
