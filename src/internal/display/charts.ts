// The bodies of lifetimeValueChart and retentionCurveChart (src/render/): curves of a result as SVG line charts.
import { formatNumber } from "./format.js";
import { lineChartSvg, type LineSeries } from "./lineChart.js";
import type { CohortTableView, HistoricalLifetimeValueView } from "./views.js";

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

/** The SVG line chart of historical lifetime-value curves (see {@link lifetimeValueChart}, its public wrapper). */
export function lifetimeValueSvg(input: HistoricalLifetimeValueView | CohortTableView, options: LifetimeValueChartOptions = {}): string {
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

/** The SVG line chart of retention curves (see {@link retentionCurveChart}, its public wrapper). */
export function retentionCurveSvg(table: CohortTableView, options: RetentionCurveChartOptions = {}): string {
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
