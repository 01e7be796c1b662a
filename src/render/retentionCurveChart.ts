import type { CohortTableResult } from "../cohorts/cohortTable.js";
import { lineChartSvg, type LineSeries } from "../internal/display/lineChart.js";

/** Options of {@link retentionCurveChart}. */
export interface RetentionCurveChartOptions {
  /**
   * Title above the chart (escaped).
   * @defaultValue `"Retention curves"`
   */
  title?: string;
  /**
   * Width of the SVG in pixels.
   * @defaultValue `720`
   */
  width?: number;
  /**
   * Height of the SVG in pixels.
   * @defaultValue `400`
   */
  height?: number;
  /**
   * Whether the y axis always runs to 100%; otherwise to the highest retention shown, rounded up to a round step.
   * @defaultValue `false`
   */
  fullScale?: boolean;
}

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
 * @throws nothing: an empty table renders empty axes.
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
  const curves = table.segments ?? [{ segment: "all customers", average: table.average }];
  const series: LineSeries[] = curves.map((s) => ({
    name: s.segment ?? "(no segment)",
    points: s.average.map((p) => [p.period, p.retention] as const),
  }));
  const unit = table.windows === "relative" ? `${table.windowDays ?? ""}-day windows` : `${table.granularity}s`;
  return lineChartSvg({
    title: options.title ?? "Retention curves",
    subtitle: `Share of acquired customers active k ${unit} after acquisition (${table.mode}; complete periods only)`,
    xLabel: `${unit} since acquisition`,
    yLabel: "retention",
    series,
    formatY: (y) => `${Math.round(y * 1000) / 10}%`,
    width: options.width ?? 720,
    height: options.height ?? 400,
    yMax: options.fullScale === true ? 1 : null,
  });
}
