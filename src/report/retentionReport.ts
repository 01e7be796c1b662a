import type { Decimal } from "decimal.js";
import type { Instant } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { OrderBook } from "../core/index.js";
import { prepareOrders } from "../core/prepareOrders.js";
import { optionError } from "../internal/fail.js";
import { summarize, type SummarizeResult } from "../orders/index.js";
import { cohortTable, type CohortTableResult, type Granularity, type WeekStartsOn } from "../cohorts/index.js";
import { retentionSeries, type RetentionSeriesResult } from "../retention/index.js";
import { historicalLifetimeValue } from "../value/index.js";
import { calibrationHoldout, customerSummaries, rfmScores } from "../customers/index.js";
import { fitGammaGamma, fitModifiedBetaGeo, modelCheck, scoreCustomers } from "../models/index.js";
import { cohortHeatmap, holdoutCheckChart, lifetimeValueChart, retentionCurveChart, trackingChart } from "../render/index.js";
import { RetentionMetricsError } from "../core/RetentionMetricsError.js";
import { OrderAccumulator } from "../stream/index.js";
import type { OrderLedger } from "../readers/index.js";

/** Options of {@link retentionReport}. */
export interface RetentionReportOptions {
  /**
   * The report's title (escaped).
   * @defaultValue `"Retention report"`
   */
  title?: string;
  /**
   * IANA time zone of calendar periods. Ignored for an accumulator (its zone is fixed).
   * @defaultValue the book's time zone
   */
  timeZone?: string;
  /**
   * The observation end; a date-only string is the end of that day.
   * @defaultValue the time of the latest order (never the clock)
   */
  asOf?: Instant;
  /** Start of the window of orders that count. @defaultValue no lower bound */
  from?: Instant;
  /** End (exclusive) of the window of orders that count. @defaultValue no upper bound */
  to?: Instant;
  /**
   * Cohort period of the heatmap and curves. For an accumulator, its own granularity is used.
   * @defaultValue `"month"`
   */
  granularity?: Granularity;
  /**
   * First day of a week: 0 = Sunday … 6 = Saturday.
   * @defaultValue `1` (Monday)
   */
  weekStartsOn?: WeekStartsOn;
  /**
   * Periods since acquisition shown in the heatmap, curves and lifetime value.
   * @defaultValue `12`
   */
  periods?: number;
  /**
   * Calendar period of the customer retention rate series.
   * @defaultValue `"quarter"`
   */
  retentionGranularity?: Granularity;
  /**
   * Days without an order after which a customer counts as inactive in the CRR series.
   * @defaultValue `365`
   */
  activeWithinDays?: number;
  /**
   * The ledger of `readOrders`, shown as "where the rows went".
   * @defaultValue not shown
   */
  ledger?: OrderLedger;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** 12345.5 -> "12,345.50": grouping by hand, so the output does not depend on the runtime's locale data. */
function group(text: string): string {
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf(".");
  const whole = dot < 0 ? body : body.slice(0, dot);
  const rest = dot < 0 ? "" : body.slice(dot);
  return `${negative ? "-" : ""}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${rest}`;
}

function money(d: Decimal | null, currency: string | null): string {
  if (d === null) return "–";
  return `${group(d.toFixed(2))}${currency === null ? "" : ` ${currency}`}`;
}
const pct = (x: number | null): string => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const int = (n: number): string => group(String(n));

function kpi(label: string, value: string, definition: string): string {
  return `<div class="kpi"><div class="kpi-label">${esc(label)}</div><div class="kpi-value">${esc(value)}</div><div class="kpi-def">${esc(definition)}</div></div>`;
}

/** Background of a heat cell: ColorBrewer YlGnBu from light to dark, t in [0, 1]. */
function heat(t: number): string {
  const stops = [
    [255, 255, 204],
    [161, 218, 180],
    [65, 182, 196],
    [44, 127, 184],
    [37, 52, 148],
  ] as const;
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i] as readonly number[];
  const b = stops[i + 1] as readonly number[];
  const c = a.map((v, k) => Math.round(v + ((b[k] as number) - v) * f));
  return `rgb(${c.join(",")})`;
}

/** An HTML heatmap table of one cell value per (cohort, period): the revenue and orders alternatives. */
function valueHeatmap(table: CohortTableResult, value: (cell: CohortTableResult["cohorts"][number]["cells"][number], size: number) => number, format: (x: number) => string): string {
  let max = 0;
  for (const c of table.cohorts) for (const cell of c.cells) if (c.size > 0) max = Math.max(max, value(cell, c.size));
  const head = Array.from({ length: table.periods }, (_, k) => `<th>${k}</th>`).join("");
  const rows = table.cohorts.map((c) => {
    const cells = c.cells.map((cell) => {
      const v = c.size > 0 ? value(cell, c.size) : 0;
      const t = max > 0 ? v / max : 0;
      const dark = t > 0.55;
      return `<td class="num${cell.complete ? "" : " incomplete"}" style="background:${heat(t)};color:${dark ? "#fff" : "#1a1a1a"}">${cell.complete ? "" : "~"}${esc(format(v))}</td>`;
    });
    for (let k = c.cells.length; k < table.periods; k++) cells.push("<td></td>");
    return `<tr><th class="left">${esc(c.label)}</th><td class="num">${int(c.size)}</td>${cells.join("")}</tr>`;
  });
  return `<table class="heat"><thead><tr><th class="left">cohort</th><th>size</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): string {
  const th = headers.map((h, i) => `<th${i < numericFrom ? ' class="left"' : ""}>${esc(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((v, i) => (i < numericFrom ? `<td class="left">${esc(v)}</td>` : `<td class="num">${esc(v)}</td>`)).join("")}</tr>`).join("");
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const CSS = `
:root{--ink:#1a1a1a;--muted:#5b6470;--line:#d9dde3;--accent:#2c7fb8}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:32px 0 8px;padding-top:8px;border-top:1px solid var(--line)}
p.lead,.meta{color:var(--muted)}
.meta{display:flex;flex-wrap:wrap;gap:6px 20px;font-size:13px;margin:8px 0 0;padding:0;list-style:none}
.meta b{color:var(--ink);font-weight:600}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin-top:12px}
.kpi{border:1px solid var(--line);border-radius:6px;padding:10px 12px;break-inside:avoid}
.kpi-label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.kpi-value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums;margin:2px 0}
.kpi-def{font-size:12px;color:var(--muted)}
table{border-collapse:collapse;font-size:12px;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{padding:3px 7px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th.left,td.left{text-align:left}
table.heat td{border:1px solid #fff;min-width:44px}
td.incomplete{opacity:.65}
.figure{overflow-x:auto;margin:8px 0}
.figure svg{max-width:100%;height:auto}
.note{font-size:12px;color:var(--muted);max-width:75ch}
.tabs input{position:absolute;opacity:0}
.tabs label{display:inline-block;padding:5px 12px;border:1px solid var(--line);border-radius:4px 4px 0 0;margin-right:4px;cursor:pointer;color:var(--muted)}
.tabs input:checked+label{color:var(--ink);border-bottom-color:#fff;font-weight:600}
.panel{display:none;border-top:1px solid var(--line);padding-top:8px}
#rm-tab-retention:checked~.panel-retention,#rm-tab-revenue:checked~.panel-revenue,#rm-tab-orders:checked~.panel-orders{display:block}
.panel h3{display:none;font-size:15px;margin:12px 0 4px}
section{break-inside:auto}
footer{margin-top:40px;font-size:12px;color:var(--muted)}
@media print{
  @page{size:A4 landscape;margin:12mm}
  main{max-width:none;padding:0}
  body{font-size:11px}
  h2{break-after:avoid}
  .figure,.kpi,table{break-inside:avoid}
  .tabs label{display:none}
  .panel{display:block!important;border:0}
  .panel h3{display:block}
  td,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

/**
 * A self-contained HTML report of a shop's retention: the headline KPIs with their definitions, the cohort
 * heatmap (retention, with revenue and orders per customer as alternatives), retention curves by segment, the
 * customer retention rate series with churn and reactivations, historical lifetime value and RFM segments. The
 * page states its time zone, week start and `asOf`, and prints on A4 (every alternative shown).
 *
 * Pure: a string out, no clock (the observation end is the data's, or `asOf`), no network reference (no
 * script, font, image or stylesheet is loaded: the charts are inline SVG from {@link cohortHeatmap},
 * {@link retentionCurveChart} and {@link lifetimeValueChart}). User data (titles, cohort and segment labels) is
 * escaped.
 *
 * Predicted CLV and model check (issue 16): where the history has at least 100 repeat buyers (customers with
 * purchases on 2 or more days), MBG/NBD + Gamma-Gamma fitted on the whole history give the total 12-month CLV
 * (1% a month discount) and the top 10 customers with their P(alive); and MBG/NBD fitted on the first half of the
 * history is checked against the second ({@link modelCheck}: expected against actual repeat purchases over time
 * with {@link trackingChart}, holdout purchases by calibration frequency with {@link holdoutCheckChart}, MAE, RMSE
 * and bias). With fewer repeat buyers, or a fit that fails, the section says why instead.
 *
 * From an accumulator the report has every section but the CRR series and the predicted CLV, which need the
 * orders themselves (`retentionSeries` reads a book); its time zone and granularity are the accumulator's.
 *
 * Cost: one call of each metric (summarize, cohortTable twice with segments, historicalLifetimeValue,
 * retentionSeries, customerSummaries + rfmScores): O(orders + customers × periods); with enough repeat buyers,
 * three model fits and one model check (about a second on the 23,570 CDNOW customers).
 *
 * @param book - an {@link OrderBook}, an {@link OrderAccumulator}, or an iterable of orders.
 * @param options - see {@link RetentionReportOptions}.
 * @returns an HTML document (`<!doctype html>…</html>`).
 * @throws {@link RetentionMetricsError} as the metrics it calls do (`INVALID_OPTION`, `INVALID_TIME_ZONE`,
 * and the order errors for an iterable of orders).
 *
 * @example
 * ```ts
 * const book = prepareOrders([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "20", currency: "EUR" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-12", total: "30", currency: "EUR" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "10", currency: "EUR" },
 * ], { timeZone: "Europe/Prague" });
 * const html = retentionReport(book, { asOf: "2024-03-31" });
 * html.startsWith("<!doctype html>"); // true
 * html.includes("Europe/Prague");     // true
 * /https?:\/\//.test(html.replace(/xmlns="[^"]*"/g, "")); // false
 * ```
 */
export function retentionReport(book: OrdersInput, options: RetentionReportOptions = {}): string {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  // An iterable of orders is prepared once, not once per metric.
  const input: OrdersInput =
    book instanceof OrderBook || book instanceof OrderAccumulator ? book : prepareOrders(book, options.timeZone !== undefined ? { timeZone: options.timeZone } : {});
  const isAccumulator = input instanceof OrderAccumulator;
  const title = options.title ?? "Retention report";
  const periods = options.periods ?? 12;
  const weekStartsOn = options.weekStartsOn ?? (isAccumulator ? input.weekStartsOn : 1);
  const granularity = isAccumulator ? input.granularity : (options.granularity ?? "month");
  const window = {
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.timeZone !== undefined && !isAccumulator ? { timeZone: options.timeZone } : {}),
  };

  const s: SummarizeResult = summarize(input, window);
  const currency = s.currency;
  const cohorts = cohortTable(input, { ...window, granularity, weekStartsOn, periods });
  let bySegment: CohortTableResult | null = null;
  if (!isAccumulator) {
    const t = cohortTable(input, { ...window, granularity, weekStartsOn, periods, segmentBy: "segment" });
    if (t.segments !== null && t.segments.some((seg) => seg.segment !== null)) bySegment = t;
  }
  const ltvGranularity = granularity === "day" || granularity === "week" ? "month" : granularity;
  const ltv = historicalLifetimeValue(input, { ...window, granularity: ltvGranularity, periods });
  let series: RetentionSeriesResult | null = null;
  if (!isAccumulator) {
    const { from, to, ...rest } = window;
    series = retentionSeries(input, {
      ...rest,
      granularity: options.retentionGranularity ?? "quarter",
      ...(options.activeWithinDays !== undefined ? { activeWithinDays: options.activeWithinDays } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
  }
  const rfm = rfmScores(customerSummaries(input, window), {});

  const zone = s.window.timeZone;
  const asOf = s.window.asOf;
  const out: string[] = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head><body><main>`);
  out.push(`<header><h1>${esc(title)}</h1><p class="lead">${int(s.orders)} orders from ${int(s.customers)} customers, ${esc(s.firstOrderAt?.slice(0, 10) ?? "–")} to ${esc(s.lastOrderAt?.slice(0, 10) ?? "–")}.</p>`);
  out.push(
    `<ul class="meta"><li>Time zone <b data-rm="timeZone">${esc(zone)}</b></li><li>Week starts on <b data-rm="weekStartsOn">${WEEKDAYS[weekStartsOn]}</b></li><li>As of <b data-rm="asOf">${esc(asOf ?? "–")}</b></li><li>Currency <b>${esc(currency ?? "none given")}</b></li><li>Revenue <b>net of refunds</b></li>${s.window.from !== null || s.window.to !== null ? `<li>Window <b>${esc(s.window.from ?? "…")} to ${esc(s.window.to ?? "…")}</b></li>` : ""}</ul></header>`,
  );

  out.push(`<section id="kpis"><h2>Headline numbers</h2><div class="kpis">`);
  out.push(kpi("Customers", int(s.customers), "Distinct customers with at least one order in the window."));
  out.push(kpi("Orders", int(s.orders), options.ledger === undefined ? "Orders placed in the window." : "Orders placed in the window, after the reader's rules (no cancelled, voided or test orders)."));
  out.push(kpi("Net revenue", money(s.revenue.net, currency), `Order totals minus refunds (gross ${money(s.revenue.gross, currency)}, refunded ${money(s.revenue.refunded, currency)}).`));
  out.push(kpi("Average order value", money(s.averageOrderValue, currency), "AOV = net revenue / orders."));
  out.push(kpi("Purchase frequency", s.purchaseFrequency === null ? "–" : s.purchaseFrequency.toFixed(2), "F = orders / customers: orders per customer in the window."));
  out.push(kpi("Revenue per customer", money(s.customerValue, currency), "Customer value = AOV × F = net revenue / customers (historical, not a prediction)."));
  out.push(kpi("Repeat customer rate", pct(s.repeatCustomerRate), `Share of customers with 2 or more orders (${int(s.repeatCustomers)} of ${int(s.customers)}).`));
  const lastComplete = series === null ? undefined : [...series.periods].reverse().find((p) => p.complete && p.customerRetentionRate !== null);
  if (lastComplete !== undefined) {
    out.push(kpi(`Retention rate, ${lastComplete.label}`, pct(lastComplete.customerRetentionRate), `CRR = (E − N) / S: customers active at the end, minus the new ones, over those active at the start (active = an order in the last ${series?.activeWithinDays} days).`));
  }
  out.push(`</div></section>`);

  const unit = granularity;
  out.push(`<section id="cohorts"><h2>Cohorts: what each month's new customers did next</h2><p class="note">One row per acquisition cohort (customers by the ${esc(unit)} of their first order), one column per ${esc(unit)} since. Cells marked ~ are still running at the observation end.</p>`);
  out.push(`<div class="tabs"><input type="radio" name="rm-heat" id="rm-tab-retention" checked><label for="rm-tab-retention">Retention</label><input type="radio" name="rm-heat" id="rm-tab-revenue"><label for="rm-tab-revenue">Revenue per customer</label><input type="radio" name="rm-heat" id="rm-tab-orders"><label for="rm-tab-orders">Orders per customer</label>`);
  out.push(`<div class="panel panel-retention"><h3>Retention</h3><p class="note">Share of the cohort with an order in the ${esc(unit)}.</p><div class="figure" data-rm="heatmap">${cohortHeatmap(cohorts, { title: "Retention by acquisition cohort" })}</div></div>`);
  out.push(`<div class="panel panel-revenue"><h3>Revenue per customer</h3><p class="note">Net revenue of the cohort in the ${esc(unit)}, per customer of the cohort${currency === null ? "" : ` (${esc(currency)})`}.</p><div class="figure">${valueHeatmap(cohorts, (c, size) => c.revenue.toNumber() / size, (x) => group(x.toFixed(2)))}</div></div>`);
  out.push(`<div class="panel panel-orders"><h3>Orders per customer</h3><p class="note">Orders of the cohort in the ${esc(unit)}, per customer of the cohort.</p><div class="figure">${valueHeatmap(cohorts, (c, size) => c.orders / size, (x) => x.toFixed(2))}</div></div>`);
  out.push(`</div></section>`);

  out.push(`<section id="curves"><h2>Retention curves${bySegment === null ? "" : " by segment"}</h2><p class="note">${bySegment === null ? "The cohort-size-weighted average share of customers ordering k periods after their first order (no segments in the data)." : "Average retention of the customers acquired in each segment, k periods after their first order."}</p><div class="figure">${retentionCurveChart(bySegment ?? cohorts, { title: bySegment === null ? "Retention curve" : "Retention curves by segment" })}</div></section>`);

  out.push(`<section id="crr"><h2>Customer retention rate, churn and reactivations</h2>`);
  if (series === null) {
    out.push(`<p class="note">Not available from a streamed accumulator: the series needs the orders (read the file into a book to see it).</p>`);
  } else {
    out.push(`<p class="note">Per ${esc(series.granularity)}: S customers active at the start, E at the end, N new in the period. CRR = (E − N) / S; churn = 1 − retained / S; reactivated customers were neither active at the start nor new. Active = an order in the last ${series.activeWithinDays} days.</p>`);
    out.push(
      table(
        ["period", "active at start (S)", "active at end (E)", "new (N)", "retained", "reactivated", "CRR", "churn"],
        series.periods.map((p) => [`${p.label}${p.complete ? "" : " (running)"}`, int(p.customersAtStart), int(p.customersAtEnd), int(p.newCustomers), int(p.retainedCustomers), int(p.reactivatedCustomers), pct(p.customerRetentionRate), pct(p.churnRate)]),
      ),
    );
  }
  out.push(`</section>`);

  out.push(`<section id="ltv"><h2>Historical lifetime value</h2><p class="note">Cumulative net revenue per acquired customer, k ${esc(ltv.granularity)}s after acquisition, over the cohorts old enough to have the period complete. History, not a prediction.</p><div class="figure">${lifetimeValueChart(ltv)}</div>`);
  out.push(table([`${ltv.granularity}s since acquisition`, "lifetime value per customer", "cohorts", "customers"], ltv.periods.map((p) => [String(p.period), money(p.historicalLifetimeValue, currency), int(p.cohorts), int(p.customers)])));
  out.push(`</section>`);

  if (!isAccumulator) predictedSection(out, input, window, s, currency);

  out.push(`<section id="rfm"><h2>RFM segments</h2><p class="note">Customers scored 1–${rfm.bins} on recency (days since the last order), frequency (orders) and monetary value (net revenue) by quantile, and named by the default segment rules (docs/customer-analytics.md).</p>`);
  out.push(table(["segment", "customers", "share"], [...rfm.segments].sort((a, b) => b.customers - a.customers).map((g) => [g.segment, int(g.customers), pct(rfm.customerCount === 0 ? null : g.customers / rfm.customerCount)])));
  out.push(`</section>`);

  const ledger = options.ledger;
  if (ledger !== undefined) {
    out.push(`<section id="ledger"><h2>Where the rows went</h2><p class="note">Every row of the export is accounted for: rows read = rows kept + line items merged + rows skipped.</p>`);
    const rows: string[][] = [
      ["rows read", int(ledger.rowsRead)],
      ["rows kept (one per order)", int(ledger.rowsKept)],
      ["line-item rows merged", int(ledger.rowsMerged)],
      ...ledger.skipped.map((g) => [`skipped: ${g.reason}`, int(g.rows.length)]),
    ];
    out.push(table(["", "rows"], rows));
    out.push(`</section>`);
  }

  out.push(`<footer>Made with retention-metrics. Every number on this page is computed from the orders alone; nothing here was loaded from the network. Definitions and formulas: the library's docs (docs/order-metrics.md, docs/cohorts.md, docs/retention.md, docs/lifetime-value.md, docs/customer-analytics.md).</footer>`);
  out.push(`</main></body></html>`);
  return out.join("\n");
}

/** Repeat buyers (customers with 2+ purchase days) needed before the report fits a model, in the whole history and in the calibration half. */
const MIN_MODEL_REPEAT_BUYERS = 100;

type Window = { asOf?: Instant; from?: Instant; to?: Instant; timeZone?: string };

/**
 * The predicted-CLV section: where there are enough repeat buyers, MBG/NBD + Gamma-Gamma on the whole history (the
 * top customers by 12-month CLV), and the model check of MBG/NBD fitted on the first half of the history and
 * compared with the second (tracking and calibration against holdout). A fit that fails says so instead.
 */
function predictedSection(out: string[], input: OrdersInput, window: Window, s: SummarizeResult, currency: string | null): void {
  out.push(`<section id="predicted"><h2>Predicted CLV and model check</h2>`);
  const summaries = customerSummaries(input, { ...window, unit: "week" });
  if (summaries.repeatCustomers < MIN_MODEL_REPEAT_BUYERS || s.firstOrderAt === null || s.window.asOf === null) {
    out.push(`<p class="note" data-rm="predicted-skipped">Not shown: a buy-till-you-die model needs at least ${MIN_MODEL_REPEAT_BUYERS} repeat buyers (customers with purchases on 2 or more days); this data has ${int(summaries.repeatCustomers)}.</p></section>`);
    return;
  }
  const dollars = (x: number): string => `${group(x.toFixed(2))}${currency === null ? "" : ` ${currency}`}`;
  try {
    const model = fitModifiedBetaGeo(summaries);
    const spenders = summaries.customers.filter((c) => c.frequency > 0 && c.monetaryValue.gt(0));
    const gg = fitGammaGamma(spenders.map((c) => ({ frequency: c.frequency, monetaryValue: c.monetaryValue })));
    // One scoring pass: P(alive) and CLV per customer (the CLV of predictedLifetimeValue, to the last bit).
    const scores = scoreCustomers(summaries, { transactionModel: model, spendModel: gg, horizon: 12, discountRate: 0.01 });
    const { probabilityAlive: alive, predictedLifetimeValue: clv } = scores.columns;
    out.push(
      `<p class="note">MBG/NBD (purchases; weeks) and Gamma-Gamma (spend per purchase) fitted on the whole history, ${int(summaries.customerCount)} customers of whom ${int(summaries.repeatCustomers)} bought on 2 or more days. CLV: the next 12 months, 1% a month discount, net revenue. Total over all customers: <b data-rm="clvTotal">${esc(dollars(scores.totals.predictedLifetimeValue))}</b>.${model.warnings.length + gg.warnings.length > 0 ? ` Fit warnings: ${esc([...model.warnings, ...gg.warnings].join(" "))}` : ""}</p>`,
    );
    out.push(
      table(
        ["customer", "purchase days", "P(alive)", "average spend", "12-month CLV"],
        topIndexes(clv, 10).map((i) => {
          const c = summaries.customers[i]!;
          return [c.customerId, int(c.purchaseDays), (alive[i] ?? 0).toFixed(2), money(c.monetaryValue, currency), dollars(clv[i] ?? 0)];
        }),
      ),
    );
  } catch (e) {
    if (!(e instanceof RetentionMetricsError)) throw e;
    out.push(`<p class="note" data-rm="predicted-failed">The CLV models could not be fitted on this data: ${esc(e.message)}</p>`);
  }
  // The model check: calibration = the first half of the history, holdout = the second.
  const first = Date.parse(s.firstOrderAt);
  const end = Date.parse(s.window.asOf);
  const calibrationEnd = new Date(first + Math.floor((end - first) / 2)).toISOString();
  const { asOf: _asOf, ...shared } = window;
  const split = calibrationHoldout(input, { ...shared, calibrationEnd, observationEnd: s.window.asOf, unit: "week" });
  const repeat = split.calibrationCustomers.reduce((n, c) => n + (c.frequency > 0 ? 1 : 0), 0);
  if (repeat < MIN_MODEL_REPEAT_BUYERS) {
    out.push(`<p class="note" data-rm="check-skipped">No model check: the first half of the history (to ${esc(calibrationEnd.slice(0, 10))}) has ${int(repeat)} repeat buyers, fewer than ${MIN_MODEL_REPEAT_BUYERS}.</p></section>`);
    return;
  }
  try {
    const model = fitModifiedBetaGeo({ customers: split.calibrationCustomers, unit: split.unit });
    const check = modelCheck(model, split, { orders: input });
    const t = check.tracking;
    const h = check.holdout;
    out.push(
      `<h3>Does the model fit? Expected against actual repeat purchases</h3><p class="note">MBG/NBD fitted on the orders to ${esc(calibrationEnd.slice(0, 10))} (${int(split.calibrationCustomers.length)} customers), then compared with what they bought up to ${esc(s.window.asOf.slice(0, 10))}. Each customer enters the prediction at their own first purchase; the dashed line ends the calibration. A model that fits keeps the two curves together after the line.</p>`,
    );
    if (t !== null) out.push(`<div class="figure" data-rm="tracking">${trackingChart(t, { title: "Tracking cumulative repeat purchases" })}</div>`);
    out.push(`<div class="figure" data-rm="holdout">${holdoutCheckChart(h)}</div>`);
    const pctErr = (e: number, a: number): string => (a === 0 ? "–" : `${e >= a ? "+" : ""}${(((e - a) / a) * 100).toFixed(1)}%`);
    const rows: string[][] = [];
    if (t !== null) {
      rows.push(["calibration, tracked", int(t.calibration.actualPurchases), t.calibration.expectedPurchases.toFixed(1), pctErr(t.calibration.expectedPurchases, t.calibration.actualPurchases)]);
      rows.push(["holdout, tracked", int(t.holdout.actualPurchases), t.holdout.expectedPurchases.toFixed(1), pctErr(t.holdout.expectedPurchases, t.holdout.actualPurchases)]);
    }
    rows.push(["holdout, from each customer's history", int(h.actualPurchases), h.expectedPurchases.toFixed(1), pctErr(h.expectedPurchases, h.actualPurchases)]);
    out.push(table(["repeat purchases", "actual", "expected", "error"], rows));
    const e = h.customerErrors;
    const f = (x: number | null): string => (x === null ? "–" : x.toFixed(3));
    out.push(`<p class="note">Holdout error per customer: MAE ${f(e.meanAbsoluteError)}, RMSE ${f(e.rootMeanSquaredError)}, bias ${f(e.bias)} purchases (bias = mean of expected − actual; negative: the model expects too few).</p>`);
  } catch (e) {
    if (!(e instanceof RetentionMetricsError)) throw e;
    out.push(`<p class="note" data-rm="check-failed">The model check could not be made: ${esc(e.message)}</p>`);
  }
  out.push(`</section>`);
}

/** The indexes of the `k` largest values, largest first (ties: the earlier index first), without sorting them all. */
function topIndexes(values: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (top.length === k && v <= (values[top[k - 1] as number] as number)) continue;
    let j = top.length === k ? k - 1 : top.length;
    while (j > 0 && (values[top[j - 1] as number] as number) < v) {
      top[j] = top[j - 1] as number;
      j--;
    }
    top[j] = i;
  }
  return top;
}
