// Rich display in Jupyter notebooks (Deno kernel): results get a non-enumerable method under
// Symbol.for("Jupyter.display") that returns a MIME bundle. Nothing here imports Deno; JSON.stringify, object
// spread and equality checks do not see the method.
import { lifetimeValueSvg } from "./charts.js";
import { growthAccountingSvg, type GrowthAccountingView } from "./growthChart.js";
import { cohortHeatmapSvg } from "./heatmap.js";
import { htmlOf } from "./html.js";
import { DISPLAY, RESULT_KIND, type ResultKind } from "./kinds.js";
import { textOf } from "./text.js";
import type { CohortTableView, CustomerSummariesView, HistoricalLifetimeValueView, RetentionSeriesView, RfmScoresView, SummarizeView } from "./views.js";

/** A Jupyter MIME bundle. */
export interface MimeBundle {
  "text/plain": string;
  "text/html": string;
  "image/svg+xml"?: string;
}

/** How the results of one kind show in a notebook: the bundle maker, tagged with the {@link ResultKind}. */
export interface Display<T> {
  (value: T): MimeBundle;
  readonly kind: ResultKind;
}

function display<T>(kind: ResultKind, render: (value: T) => MimeBundle): Display<T> {
  return Object.assign((value: T): MimeBundle => render(value), { kind });
}

/**
 * Adds the display method to `result` (not enumerable, not writable) and returns `result`. The method carries
 * the result's kind (`render.kind`, under {@link RESULT_KIND}), which the renderers read instead of guessing it.
 */
export function withDisplay<T extends object>(result: T, render: Display<T>): T {
  const method = function display(this: T): MimeBundle {
    return render(this ?? result);
  };
  Object.defineProperty(method, RESULT_KIND, { value: render.kind, enumerable: false, writable: false, configurable: false });
  Object.defineProperty(result, DISPLAY, {
    value: method,
    enumerable: false,
    writable: false,
    configurable: true,
  });
  return result;
}

/** HTML tables and plain text. */
function tables(value: object): MimeBundle {
  return { "text/html": htmlOf(value), "text/plain": textOf(value) };
}

/** Any result without a layout of its own (model fits, predictions, …): a generic key/value table. */
export const tableBundle: Display<object> = display("generic", tables);
/** A `summarize` result. */
export const summarizeBundle: Display<SummarizeView> = display("summarize", tables);
/** An `rfmScores` result. */
export const rfmBundle: Display<RfmScoresView> = display("rfmScores", tables);
/** A `customerSummaries` result. */
export const summariesBundle: Display<CustomerSummariesView> = display("customerSummaries", tables);
/** A `retentionSeries` result. */
export const seriesBundle: Display<RetentionSeriesView> = display("retentionSeries", tables);

/** A cohort table: the HTML heatmap table plus the SVG heatmap. */
export const cohortBundle: Display<CohortTableView> = display("cohortTable", (value: CohortTableView): MimeBundle => {
  const svg = cohortHeatmapSvg(value);
  return { "text/html": `<div>${htmlOf(value)}<div>${svg}</div></div>`, "image/svg+xml": svg, "text/plain": textOf(value) };
});

/** A historical lifetime-value curve: the table plus the SVG line chart. */
export const lifetimeValueBundle: Display<HistoricalLifetimeValueView> = display("historicalLifetimeValue", (value: HistoricalLifetimeValueView): MimeBundle => {
  const svg = lifetimeValueSvg(value);
  return { "text/html": `<div>${htmlOf(value)}<div>${svg}</div></div>`, "image/svg+xml": svg, "text/plain": textOf(value) };
});

/** A growth-accounting result: the generic tables plus the stacked-bar chart. */
export const growthBundle: Display<GrowthAccountingView> = display("generic", (value: GrowthAccountingView): MimeBundle => {
  const svg = growthAccountingSvg(value);
  return { "text/html": `<div>${htmlOf(value)}<div>${svg}</div></div>`, "image/svg+xml": svg, "text/plain": textOf(value) };
});
