// The bodies of lifetimeValueChart and retentionCurveChart (src/render/): curves of a result as SVG line charts.
import { booleanOption, checkCohortView, checkLifetimeValueView, numberOption, optionsObject, textOption } from "./check.js";
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
   * Width of the SVG in pixels, from 100 to 100,000.
   * @defaultValue `720`
   */
  width?: number;
  /**
   * Height of the SVG in pixels, from 100 to 100,000.
   * @defaultValue `400`
   */
  height?: number;
}

/** The SVG line chart of historical lifetime-value curves (see {@link lifetimeValueChart}, its public wrapper). */
export function lifetimeValueSvg(value: HistoricalLifetimeValueView | CohortTableView, options: LifetimeValueChartOptions = {}): string {
  const o = optionsObject(options);
  const input = typeof value === "object" && value !== null && "cohorts" in value ? checkCohortView(value, "input") : checkLifetimeValueView(value, "input");
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
    title: textOption("title", o.title, "Lifetime value by customer age"),
    subtitle: `Average cumulative revenue per acquired customer${cur ? ` (${cur.trim()})` : ""}, k ${unit} after acquisition (complete periods only)`,
    xLabel: `${unit} since acquisition`,
    yLabel: `revenue per customer${cur}`,
    series,
    formatY: (y) => (y >= 1000 ? `${formatNumber(Math.round(y))}` : String(Math.round(y * 100) / 100)),
    width: numberOption("width", o.width, 720, 100, 100_000),
    height: numberOption("height", o.height, 400, 100, 100_000),
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
   * Width of the SVG in pixels, from 100 to 100,000.
   * @defaultValue `720`
   */
  width?: number;
  /**
   * Height of the SVG in pixels, from 100 to 100,000.
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
export function retentionCurveSvg(input: CohortTableView, options: RetentionCurveChartOptions = {}): string {
  const table = checkCohortView(input, "table");
  const o = optionsObject(options);
  const curves = table.segments ?? [{ segment: "all customers", average: table.average }];
  const series: LineSeries[] = curves.map((s) => ({
    name: s.segment ?? "(no segment)",
    points: s.average.map((p) => [p.period, p.retention] as const),
  }));
  const unit = table.windows === "relative" ? `${table.windowDays ?? ""}-day windows` : `${table.granularity}s`;
  return lineChartSvg({
    title: textOption("title", o.title, "Retention curves"),
    subtitle: `Share of acquired customers active k ${unit} after acquisition (${table.mode}; complete periods only)`,
    xLabel: `${unit} since acquisition`,
    yLabel: "retention",
    series,
    formatY: (y) => `${Math.round(y * 1000) / 10}%`,
    width: numberOption("width", o.width, 720, 100, 100_000),
    height: numberOption("height", o.height, 400, 100, 100_000),
    yMax: booleanOption("fullScale", o.fullScale, false) ? 1 : null,
  });
}
