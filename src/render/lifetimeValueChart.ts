import type { CohortTableResult } from "../cohorts/cohortTable.js";
import { formatNumber } from "../internal/display/format.js";
import { lineChartSvg, type LineSeries } from "../internal/display/lineChart.js";
import type { HistoricalLifetimeValueResult } from "../value/historicalLifetimeValue.js";

/** Options of {@link lifetimeValueChart}. */
export interface LifetimeValueChartOptions {
  /**
   * Title above the chart (escaped).
   * @defaultValue `"Lifetime value by customer age"`
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
}

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
 * @throws nothing: an empty curve renders empty axes.
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
  let series: LineSeries[];
  let unit: string;
  let currency: string | null;
  if (!("cohorts" in input)) {
    series = [{ name: "historical LTV", points: input.periods.map((p) => [p.period, p.historicalLifetimeValue === null ? null : p.historicalLifetimeValue.toNumber()] as const) }];
    unit = `${input.granularity}s`;
    currency = input.currency;
  } else {
    const curves = input.segments ?? [{ segment: "all customers", average: input.average }];
    series = curves.map((s) => ({
      name: s.segment ?? "(no segment)",
      points: s.average.map((p) => [p.period, p.cumulativeRevenuePerCustomer === null ? null : p.cumulativeRevenuePerCustomer.toNumber()] as const),
    }));
    unit = input.windows === "relative" ? `${input.windowDays ?? ""}-day windows` : `${input.granularity}s`;
    currency = input.currency;
  }
  const cur = currency === null ? "" : ` ${currency}`;
  return lineChartSvg({
    title: options.title ?? "Lifetime value by customer age",
    subtitle: `Average cumulative revenue per acquired customer${cur ? ` (${cur.trim()})` : ""}, k ${unit} after acquisition (complete periods only)`,
    xLabel: `${unit} since acquisition`,
    yLabel: `revenue per customer${cur}`,
    series,
    formatY: (y) => (y >= 1000 ? `${formatNumber(Math.round(y))}` : String(Math.round(y * 100) / 100)),
    width: options.width ?? 720,
    height: options.height ?? 400,
    yMax: null,
  });
}
