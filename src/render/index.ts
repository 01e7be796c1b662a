export { cohortHeatmap, type CohortHeatmapMetric, type CohortHeatmapOptions } from "./cohortHeatmap.js";
export { lifetimeValueChart, type LifetimeValueChartInput, type LifetimeValueChartOptions } from "./lifetimeValueChart.js";
export { retentionCurveChart, type RetentionCurveChartOptions } from "./retentionCurveChart.js";
export { toHtml, type ToHtmlOptions } from "./toHtml.js";
export { formatTable, type FormatTableOptions } from "./formatTable.js";
export { growthAccountingChart, type GrowthAccountingChartOptions } from "./growthAccountingChart.js";
