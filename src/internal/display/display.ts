// Rich display in Jupyter notebooks (Deno kernel): results get a non-enumerable method under
// Symbol.for("Jupyter.display") that returns a MIME bundle. Nothing here imports Deno; JSON.stringify, object
// spread and equality checks do not see the method.
import type { CohortTableResult } from "../../cohorts/cohortTable.js";
import { cohortHeatmap } from "../../render/cohortHeatmap.js";
import { formatTable } from "../../render/formatTable.js";
import { lifetimeValueChart } from "../../render/lifetimeValueChart.js";
import { toHtml } from "../../render/toHtml.js";
import type { HistoricalLifetimeValueResult } from "../../value/historicalLifetimeValue.js";

/** A Jupyter MIME bundle. */
export interface MimeBundle {
  "text/plain": string;
  "text/html": string;
  "image/svg+xml"?: string;
}

/** Adds the display method to `result` (not enumerable, not writable) and returns `result`. */
export function withDisplay<T extends object>(result: T, render: (value: T) => MimeBundle): T {
  Object.defineProperty(result, Symbol.for("Jupyter.display"), {
    value: function display(this: T): MimeBundle {
      return render(this ?? result);
    },
    enumerable: false,
    writable: false,
    configurable: true,
  });
  return result;
}

/** HTML tables and plain text: summaries, RFM, customer summaries, series. */
export function tableBundle(value: object): MimeBundle {
  return { "text/html": toHtml(value), "text/plain": formatTable(value) };
}

/** A cohort table: the HTML heatmap table plus the SVG heatmap. */
export function cohortBundle(value: CohortTableResult): MimeBundle {
  const svg = cohortHeatmap(value);
  return { "text/html": `<div>${toHtml(value)}<div>${svg}</div></div>`, "image/svg+xml": svg, "text/plain": formatTable(value) };
}

/** A historical lifetime-value curve: the table plus the SVG line chart. */
export function lifetimeValueBundle(value: HistoricalLifetimeValueResult): MimeBundle {
  const svg = lifetimeValueChart(value);
  return { "text/html": `<div>${toHtml(value)}<div>${svg}</div></div>`, "image/svg+xml": svg, "text/plain": formatTable(value) };
}
