import type { CohortTableResult } from "../cohorts/cohortTable.js";
import { cohortHeatmapSvg, type CohortHeatmapOptions } from "../internal/display/heatmap.js";

export type { CohortHeatmapMetric, CohortHeatmapOptions } from "../internal/display/heatmap.js";

/**
 * Renders a {@link cohortTable} result as an SVG heatmap: one row per acquisition cohort (label and size on the
 * left), one column per period since acquisition, each cell coloured by its retention on a sequential scale
 * (ColorBrewer YlGnBu) with a legend. Incomplete cells (periods still running at the observation end) are
 * hatched and their value is marked `~`, so a low number there is not read as a drop. Each cell has a
 * `<title>` tooltip with the exact counts.
 *
 * Source of the colour scale: ColorBrewer YlGnBu, https://colorbrewer2.org/#type=sequential&scheme=YlGnBu&n=5.
 *
 * Every label is escaped, so user data (cohort labels) shows as text. The SVG is a self-contained string: no
 * DOM, no fonts or scripts to load. Readable at 40 cohorts × 36 periods (about 1,200 × 850 pixels with the
 * default 30 × 18 cells).
 *
 * Cost: O(cells) time and output size.
 *
 * @param table - a {@link cohortTable} result (the main table; for one segment pass `{ ...table, cohorts: segment.cohorts }`).
 * @param options - see {@link CohortHeatmapOptions}.
 * @returns an SVG document as a string (`<svg xmlns=…>…</svg>`).
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `table` is not a
 * well-formed cohort table (read back from JSON with its Decimals as strings, or changed by hand); `INVALID_OPTION`
 * for an option outside its range. An empty table renders as a heatmap with no rows.
 *
 * @example
 * ```ts
 * const table = cohortTable([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "10" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "10" },
 * ], { asOf: "2024-04-01" });
 * const svg = cohortHeatmap(table);
 * svg.startsWith("<svg"); // true
 * ```
 */
export function cohortHeatmap(table: CohortTableResult, options: CohortHeatmapOptions = {}): string {
  return cohortHeatmapSvg(table, options);
}
