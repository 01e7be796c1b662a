// Notebook display of the model checks: each check shows its tables and its chart; modelCheck shows a small
// dashboard (headline numbers and the four charts side by side).
import type { Display, MimeBundle } from "./display.js";
import type { ResultKind } from "./kinds.js";
import { escapeXml } from "./escape.js";
import { formatNumber } from "./format.js";
import { htmlOf } from "./html.js";
import {
  frequencyRecencySvg,
  holdoutCheckSvg,
  periodTransactionsSvg,
  trackingSvg,
  type FrequencyRecencyView,
  type HoldoutCheckView,
  type PeriodTransactionsView,
  type TrackingView,
} from "./modelCheckCharts.js";
import { textOf } from "./text.js";

function makeDisplay<T>(kind: ResultKind, render: (value: T) => MimeBundle): Display<T> {
  return Object.assign((value: T): MimeBundle => render(value), { kind });
}

function withChart<T extends object>(svg: (v: T) => string): (v: T) => MimeBundle {
  return (value: T): MimeBundle => {
    const chart = svg(value);
    return { "text/html": `<div>${htmlOf(value)}<div>${chart}</div></div>`, "image/svg+xml": chart, "text/plain": textOf(value) };
  };
}

/** A `periodTransactionsCheck` result: its bins and the bar chart. */
export const periodTransactionsBundle: Display<PeriodTransactionsView> = makeDisplay("generic", withChart(periodTransactionsSvg));
/** A `holdoutCheck` result: its groups, customers and the chart of group means. */
export const holdoutCheckBundle: Display<HoldoutCheckView> = makeDisplay("generic", withChart(holdoutCheckSvg));
/** A `trackingCheck` result: its periods and the cumulative chart. */
export const trackingBundle: Display<TrackingView> = makeDisplay("generic", withChart(trackingSvg));
/** A `frequencyRecencyMatrix` result: the expected-purchases heatmap and the P(alive) heatmap. */
export const matrixBundle: Display<FrequencyRecencyView> = makeDisplay("generic", (value: FrequencyRecencyView): MimeBundle => {
  const a = frequencyRecencySvg(value);
  const b = frequencyRecencySvg(value, { metric: "probabilityAlive" });
  return { "text/html": `<div style="display:flex;flex-wrap:wrap;gap:12px"><div>${a}</div><div>${b}</div></div>`, "image/svg+xml": a, "text/plain": textOf(value) };
});

/** A `modelCheck` result, as its dashboard reads it. */
export interface ModelCheckView {
  readonly model: string;
  readonly periodTransactions: PeriodTransactionsView;
  readonly holdout: HoldoutCheckView & {
    readonly customerErrors: { readonly meanAbsoluteError: number | null; readonly rootMeanSquaredError: number | null; readonly bias: number | null };
    readonly actualPurchases: number;
    readonly expectedPurchases: number;
  };
  readonly frequencyRecency: FrequencyRecencyView;
  readonly tracking: (TrackingView & { readonly holdout: { readonly actualPurchases: number; readonly expectedPurchases: number } }) | null;
}

const num = (v: unknown): string => (typeof v === "number" && Number.isFinite(v) ? (Math.abs(v) >= 100 ? formatNumber(Math.round(v)) : String(Math.round(v * 1000) / 1000)) : "–");

/** The headline numbers of a model check, as label/value pairs. */
function headline(r: ModelCheckView): [string, string][] {
  const h = r.holdout;
  const pairs: [string, string][] = [
    ["Model", String(r.model)],
    ["Customers", num(h.customerCount)],
    ["Holdout purchases, actual", num(h.actualPurchases)],
    ["Holdout purchases, expected", num(h.expectedPurchases)],
    ["Holdout MAE per customer", num(h.customerErrors?.meanAbsoluteError)],
    ["Holdout RMSE per customer", num(h.customerErrors?.rootMeanSquaredError)],
    ["Holdout bias per customer (expected − actual)", num(h.customerErrors?.bias)],
  ];
  if (r.tracking !== null && typeof r.tracking === "object") {
    pairs.push(["Tracked holdout purchases, actual", num(r.tracking.holdout?.actualPurchases)], ["Tracked holdout purchases, expected", num(r.tracking.holdout?.expectedPurchases)]);
  }
  return pairs;
}

/** The dashboard: headline table, then the charts in a wrapping grid. */
export function modelCheckHtml(r: ModelCheckView): string {
  const charts: string[] = [];
  if (r.tracking !== null) charts.push(trackingSvg(r.tracking, { width: 560, height: 320 }), trackingSvg(r.tracking, { width: 560, height: 320, cumulative: false }));
  charts.push(
    periodTransactionsSvg(r.periodTransactions, { width: 560, height: 320 }),
    holdoutCheckSvg(r.holdout, { width: 560, height: 320 }),
    frequencyRecencySvg(r.frequencyRecency),
    frequencyRecencySvg(r.frequencyRecency, { metric: "probabilityAlive" }),
  );
  const rows = headline(r)
    .map(([k, v]) => `<tr><th style="text-align:left;padding:2px 6px">${escapeXml(k)}</th><td class="rm-num" style="text-align:right;padding:2px 6px;font-variant-numeric:tabular-nums">${escapeXml(v)}</td></tr>`)
    .join("");
  return [
    `<div class="retention-metrics rm-model-check" style="font-family:Helvetica,Arial,sans-serif;font-size:12px">`,
    `<table style="border-collapse:collapse;margin:6px 0 12px 0"><caption style="text-align:left;font-weight:bold;padding:2px 0">Model check</caption><tbody>${rows}</tbody></table>`,
    `<div style="display:flex;flex-wrap:wrap;gap:12px">${charts.map((c) => `<div>${c}</div>`).join("")}</div>`,
    `</div>`,
  ].join("");
}

/** The headline numbers as text lines. */
export function modelCheckText(r: ModelCheckView): string {
  const pairs = headline(r);
  const w = Math.max(...pairs.map(([k]) => k.length));
  const lines = ["Model check", ...pairs.map(([k, v]) => `${k.padEnd(w + 2)}${v}`)];
  lines.push("", "Repeat purchases in calibration (customers): bin actual expected");
  for (const b of r.periodTransactions.bins) lines.push(`  ${b.label.padEnd(5)} ${num(b.actualCustomers).padStart(9)} ${num(b.expectedCustomers).padStart(9)}`);
  lines.push("", "Mean holdout purchases by calibration frequency: group customers actual expected");
  for (const g of r.holdout.groups) lines.push(`  ${g.label.padEnd(5)} ${num(g.customers).padStart(9)} ${num(g.actualMean).padStart(9)} ${num(g.expectedMean).padStart(9)}`);
  return lines.join("\n");
}

/** A `modelCheck` result: the dashboard. */
export const modelCheckBundle: Display<ModelCheckView> = makeDisplay("generic", (value: ModelCheckView): MimeBundle => {
  const html = modelCheckHtml(value);
  return { "text/html": html, "text/plain": modelCheckText(value) };
});
