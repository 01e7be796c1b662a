// Which metric made a result, for the renderers (toHtml, formatTable and the notebook display), which lay out
// the results of a few metrics in tables of their own and any other value generically.
import { unbuiltSummaryData } from "../kernels/summaryRecords.js";

/** The result kinds with a layout of their own, and `"generic"` for every other value. */
export type ResultKind = "cohortTable" | "summarize" | "rfmScores" | "customerSummaries" | "historicalLifetimeValue" | "retentionSeries" | "generic";

/** The notebook display method's key (see display.ts). */
export const DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/**
 * The kind tag: a property of a result's display method (so it is not a property of the result itself, which
 * stays plain: its only symbol-keyed property is the non-enumerable display method). `Symbol.for`, so that two
 * copies of the library (its ESM and CommonJS builds in one process) read each other's tags.
 */
export const RESULT_KIND: unique symbol = Symbol.for("retention-metrics.resultKind");

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * The kind of `r`: its tag, given by the metric that made it ({@link withDisplay}), else (a copy that lost the
 * non-enumerable display method, by object spread, `structuredClone` or JSON, or a hand-made object) the kind
 * its fields show ({@link kindByFields}).
 */
export function resultKind(r: unknown): ResultKind {
  if (!isObj(r)) return "generic";
  const method = (r as { [DISPLAY]?: unknown })[DISPLAY];
  const tag = typeof method === "function" ? (method as { [RESULT_KIND]?: unknown })[RESULT_KIND] : undefined;
  return typeof tag === "string" ? (tag as ResultKind) : kindByFields(r);
}

/**
 * The kind of an untagged object, by its fields (results are plain objects, so a copy keeps them). Reads
 * `customers` last: reading it builds the records of a customerSummaries result.
 */
function kindByFields(r: Record<string, unknown>): ResultKind {
  if (Array.isArray(r.cohorts) && Array.isArray(r.average) && "mode" in r && "rankPeriod" in r) return "cohortTable";
  if ("repeatOrderValueLift" in r && isObj(r.revenue)) return "summarize";
  if ("bins" in r && Array.isArray(r.segments) && Array.isArray(r.customers)) return "rfmScores";
  if ("unitDays" in r && "customers" in r && (unbuiltSummaryData(r) !== null || Array.isArray(r.customers))) return "customerSummaries";
  if (Array.isArray(r.periods) && "activeWithinDays" in r) return "retentionSeries";
  if (Array.isArray(r.periods) && "granularity" in r && (r.periods.length === 0 || (isObj(r.periods[0]) && "historicalLifetimeValue" in r.periods[0]))) return "historicalLifetimeValue";
  return "generic";
}
