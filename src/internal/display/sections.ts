// A result as titled tables of text cells: the common model behind toHtml and formatTable (src/render).
import { formatMoney, formatNumber, formatPercent, formatValue, isDecimalLike, moneyStyle, type MoneyStyle } from "./format.js";
import { retentionScaleMax } from "./heatmap.js";
import { checkCohortView, checkRfmView, checkSeriesView, checkSummarizeView, checkSummariesHead, checkSummaryColumns, checkSummaryRecords, checkLifetimeValueView } from "./check.js";
import { resultKind } from "./kinds.js";
import type { CohortTableView, CustomerSummariesView, HistoricalLifetimeValueView, RetentionSeriesView, RfmScoresView, SummarizeView } from "./views.js";
import { leadingSummaryRecords, unbuiltSummaryData } from "../kernels/summaryRecords.js";

/** A table cell: text, and for heatmap cells the colour position t in [0, 1] and completeness. */
export interface Cell {
  text: string;
  heat?: number;
  incomplete?: boolean;
}

/**
 * One titled table. `align[i]` is the alignment of column i: numbers (counts, money, percentages) are
 * right-aligned, text left-aligned.
 */
export interface Section {
  title: string;
  columns: string[];
  align: ("left" | "right")[];
  rows: Cell[][];
  /** Lines shown under the table (e.g. "… 123 more rows"). */
  notes: string[];
  kind: "keyValue" | "table" | "heatmap";
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

const kv = (title: string, pairs: [string, string][]): Section => ({
  title,
  columns: ["", ""],
  align: ["left", "right"],
  rows: pairs.map(([k, v]) => [{ text: k }, { text: v }]),
  notes: [],
  kind: "keyValue",
});

const int = (n: number): string => formatNumber(n);

/** Label of `summarize`'s `repeatCustomers` (customers with 2+ orders; not the same count as purchase days). */
export const REPEAT_BY_ORDERS = "Repeat customers (2+ orders)";
/** Label of `customerSummaries`' `repeatCustomers` (2+ purchase days; same-day orders are one purchase). */
export const REPEAT_BY_DAYS = "Repeat customers (2+ purchase days)";

function summarizeSections(r: SummarizeView): Section[] {
  const cur = r.currency === null ? "" : ` (${r.currency})`;
  const m = moneyStyle(r.currency);
  return [
    kv(`Summary${cur}`, [
      ["Orders", int(r.orders)],
      ["Customers", int(r.customers)],
      [REPEAT_BY_ORDERS, int(r.repeatCustomers)],
      ["Revenue, net", formatMoney(r.revenue.net, m)],
      ["Revenue, gross", formatMoney(r.revenue.gross, m)],
      ["Refunded", formatMoney(r.revenue.refunded, m)],
      ["Average order value", formatMoney(r.averageOrderValue, m)],
      ["Purchase frequency (orders/customer)", r.purchaseFrequency === null ? "–" : r.purchaseFrequency.toFixed(2)],
      ["Customer value (revenue/customer)", formatMoney(r.customerValue, m)],
      ["Repeat-customer rate (2+ orders)", formatPercent(r.repeatCustomerRate)],
      ["Repeat-order value lift", formatPercent(r.repeatOrderValueLift)],
      ["First order", r.firstOrderAt ?? "–"],
      ["Last order", r.lastOrderAt ?? "–"],
    ]),
    {
      title: "First against repeat orders",
      columns: ["", "orders", "revenue", "AOV"],
      align: ["left", "right", "right", "right"],
      rows: (
        [
          ["first orders", r.firstOrders],
          ["repeat orders", r.repeatOrders],
        ] as const
      ).map(([label, g]) => [{ text: label }, { text: int(g.orders) }, { text: formatMoney(g.revenue, m) }, { text: formatMoney(g.averageOrderValue, m) }]),
      notes: [],
      kind: "table",
    },
  ];
}

function cohortSections(r: CohortTableView): Section[] {
  const m = moneyStyle(r.currency);
  const scaleMax = retentionScaleMax(r);
  const K = Math.max(r.periods, ...r.cohorts.map((c) => c.cells.length), 0);
  const unit = r.windows === "relative" ? `${r.windowDays ?? ""}-day window` : r.granularity;
  const sections: Section[] = [
    {
      title: `Cohort retention by ${unit} since acquisition (${r.mode}), ${int(r.customers)} customers`,
      columns: ["cohort", "size", ...Array.from({ length: K }, (_, k) => r.columnLabels?.[k] ?? String(k + (r.periodIndexBase ?? 0)))],
      align: ["left", "right", ...Array.from({ length: K }, () => "right" as const)],
      rows: r.cohorts.map((c) => [
        { text: c.label },
        { text: int(c.size) },
        ...Array.from({ length: K }, (_, k): Cell => {
          const cell = c.cells[k];
          if (cell === undefined) return { text: "" };
          return { text: `${cell.complete ? "" : "~"}${(cell.retention * 100).toFixed(1)}%`, heat: cell.retention / scaleMax, incomplete: !cell.complete };
        }),
      ]),
      notes: r.cohorts.some((c) => c.cells.some((x) => !x.complete)) ? ["~ marks an incomplete period (still running at the observation end)."] : [],
      kind: "heatmap",
    },
    {
      title: "Average curve (cohort-size weighted, complete cells)",
      columns: ["period", "retention", "customers", "cohorts", "cumulative revenue per customer"],
      align: ["right", "right", "right", "right", "right"],
      rows: r.average.map((p) => [{ text: String(p.period) }, { text: formatPercent(p.retention) }, { text: int(p.customers) }, { text: int(p.cohorts) }, { text: formatMoney(p.cumulativeRevenuePerCustomer, m) }]),
      notes: ["Cumulative revenue per customer: revenue of periods 0 … k per acquired customer (the historical LTV at k)."],
      kind: "table",
    },
  ];
  if (r.segments !== null) {
    sections.push({
      title: `Segments ranked by retention at period ${r.rankPeriod}`,
      columns: ["rank", "segment", "customers", `retention at ${r.rankPeriod}`],
      align: ["right", "left", "right", "right"],
      rows: r.segments.map((s) => [{ text: String(s.rank) }, { text: s.segment ?? "(no segment)" }, { text: int(s.customers) }, { text: formatPercent(s.retentionAtRankPeriod) }]),
      notes: [],
      kind: "table",
    });
  }
  return sections;
}

const more = (shown: number, total: number, what: string): string[] => (total > shown ? [`… ${int(total - shown)} more ${what} (${int(total)} in all)`] : []);

function rfmSections(r: RfmScoresView, maxRows: number): Section[] {
  const segs = [...r.segments].sort((a, b) => b.customers - a.customers);
  const shown = r.customers.slice(0, maxRows);
  return [
    {
      title: `RFM segments (${r.bins} bins, ${int(r.customerCount)} customers)`,
      columns: ["segment", "customers", "share"],
      align: ["left", "right", "right"],
      rows: segs.map((s) => [{ text: s.segment }, { text: int(s.customers) }, { text: formatPercent(r.customerCount === 0 ? null : s.customers / r.customerCount) }]),
      notes: [],
      kind: "table",
    },
    {
      title: "Customers",
      columns: ["customer", "recency (days)", "orders", "revenue", "R", "F", "M", "segment"],
      align: ["left", "right", "right", "right", "right", "right", "right", "left"],
      rows: shown.map((c) => [c.customerId, int(c.recencyDays), int(c.orders), formatMoney(c.revenue), String(c.r), String(c.f), String(c.m), c.segment].map((text) => ({ text }))),
      notes: more(shown.length, r.customers.length, "customers"),
      kind: "table",
    },
  ];
}

function summariesSections(r: CustomerSummariesView, maxRows: number): Section[] {
  // A few rows of a large result: build only those when the records were never read.
  const unbuilt = unbuiltSummaryData(r);
  checkSummariesHead(r, "result", unbuilt !== null);
  if (unbuilt !== null) checkSummaryColumns(unbuilt.columns, "result", maxRows);
  const { shown, total } = leadingSummaryRecords(r, maxRows);
  checkSummaryRecords(shown, "result");
  const u = r.unit;
  const m = moneyStyle(r.currency);
  return [
    kv(`Customer summaries (unit: ${u})`, [
      ["Customers", int(r.customerCount)],
      [REPEAT_BY_DAYS, int(r.repeatCustomers)],
      ["Orders", int(r.orders)],
      ["First purchase counted", r.includeFirstPurchase ? "yes" : "no"],
    ]),
    {
      title: "Customers",
      columns: ["customer", "orders", "frequency (repeat days)", `recency (${u})`, `T (${u})`, "monetary value", "revenue"],
      align: ["left", "right", "right", "right", "right", "right", "right"],
      rows: shown.map((c) => [c.customerId, int(c.orders), int(c.frequency), formatNumber(c.recency), formatNumber(c.T), formatMoney(c.monetaryValue, m), formatMoney(c.revenue, m)].map((text) => ({ text }))),
      notes: more(shown.length, total, "customers"),
      kind: "table",
    },
  ];
}

function historicalSections(r: HistoricalLifetimeValueView): Section[] {
  const cur = r.currency === null ? "" : ` (${r.currency})`;
  const m = moneyStyle(r.currency);
  return [
    {
      title: `Historical lifetime value by ${r.granularity} since acquisition${cur}`,
      columns: ["period", "LTV (cumulative revenue per customer)", "cohorts", "customers"],
      align: ["right", "right", "right", "right"],
      rows: r.periods.map((p) => [{ text: String(p.period) }, { text: formatMoney(p.historicalLifetimeValue, m) }, { text: int(p.cohorts) }, { text: int(p.customers) }]),
      notes: [],
      kind: "table",
    },
  ];
}

/**
 * The lines under every CRR table: what CRR, retained share and churn each count, so a CRR far above the
 * retained share (win-backs) does not read as a contradiction (docs/retention.md, "Why CRR and the retained
 * share differ"). The last line when some new customers lapsed within their period.
 */
export const CRR_NOTES: readonly string[] = [
  "CRR = (E − N) / S counts reactivated customers (lapsed at the start, active again at the end) as retained: E − N = retained + reactivated.",
  "Retained share = retained / S follows only the customers active at the start; churn = 1 − retained share.",
];
const NEW_LAPSED_NOTE = "New, lapsed: new customers no longer active at the end; E − N = retained + reactivated − new, lapsed.";

function seriesSections(r: RetentionSeriesView): Section[] {
  // New customers who lapsed again within their period (only when activeWithinDays is shorter than a period).
  const newLapsed = (p: RetentionSeriesView["periods"][number]): number => p.newCustomers - p.newActiveAtEnd;
  const showNewLapsed = r.periods.some((p) => newLapsed(p) > 0);
  const columns = ["period", "S (start)", "E (end)", "N (new)", "retained (S∩E)", "reactivated"];
  if (showNewLapsed) columns.push("new, lapsed");
  columns.push("CRR (E−N)/S", "retained share", "churn");
  const notes = [...CRR_NOTES];
  if (showNewLapsed) notes.push(NEW_LAPSED_NOTE);
  if (r.periods.some((p) => !p.complete)) notes.push("~ marks an incomplete period.");
  return [
    {
      title: `Customer retention rate per ${r.granularity} (active within ${r.activeWithinDays} days)`,
      columns,
      align: columns.map((_, i) => (i === 0 ? "left" : "right")),
      rows: r.periods.map((p) => [
        { text: `${p.complete ? "" : "~"}${p.label}` },
        { text: int(p.customersAtStart) },
        { text: int(p.customersAtEnd) },
        { text: int(p.newCustomers) },
        { text: int(p.retainedCustomers) },
        { text: int(p.reactivatedCustomers) },
        ...(showNewLapsed ? [{ text: int(newLapsed(p)) }] : []),
        { text: formatPercent(p.customerRetentionRate) },
        { text: formatPercent(p.retainedShare) },
        { text: formatPercent(p.churnRate) },
      ]),
      notes,
      kind: "table",
    },
  ];
}

/** Numbers, big integers and money (and gaps): right-aligned in generic tables. */
const isNumeric = (v: unknown): boolean => v === null || v === undefined || typeof v === "number" || typeof v === "bigint" || isDecimalLike(v);

const scalar = (v: unknown): boolean => v === null || typeof v !== "object" || isDecimalLike(v);

/** The money style of a result with a `currency` field (a three-letter code or `null`); plain otherwise. */
const styleOf = (r: Record<string, unknown>): MoneyStyle => moneyStyle(typeof r.currency === "string" ? r.currency : null);

function genericSections(r: unknown, maxRows: number): Section[] {
  if (!isObj(r)) return [kv("Value", [["value", formatValue(r)]])];
  if (Array.isArray(r)) return [arraySection("Items", r, maxRows, styleOf({}))];
  const m = styleOf(r);
  const pairs: [string, string][] = [];
  const sections: Section[] = [];
  for (const [k, v] of Object.entries(r)) {
    if (Array.isArray(v) && v.length > 0 && v.every(isObj)) sections.push(arraySection(k, v, maxRows, m));
    else pairs.push([k, formatValue(v, m)]);
  }
  return pairs.length > 0 || sections.length === 0 ? [kv("Result", pairs), ...sections] : sections;
}

function arraySection(title: string, items: readonly unknown[], maxRows: number, money: MoneyStyle): Section {
  const shown = items.slice(0, maxRows);
  const cols: string[] = [];
  for (const it of shown) {
    if (!isObj(it)) continue;
    for (const [k, v] of Object.entries(it)) if (scalar(v) && !cols.includes(k)) cols.push(k);
  }
  if (cols.length === 0) {
    return { title, columns: ["value"], align: ["left"], rows: shown.map((v) => [{ text: formatValue(v, money) }]), notes: more(shown.length, items.length, "rows"), kind: "table" };
  }
  const rows = shown.map((it) => cols.map((c) => ({ text: formatValue(isObj(it) ? it[c] : undefined, isObj(it) && typeof it.currency === "string" ? styleOf(it) : money) })));
  const align = cols.map((c) => (shown.every((it) => !isObj(it) || isNumeric(it[c])) ? ("right" as const) : ("left" as const)));
  return { title, columns: cols, align, rows, notes: more(shown.length, items.length, "rows"), kind: "table" };
}

/** The sections of any result; lists of customers are cut at `maxRows`. */
export function sectionsOf(result: unknown, maxRows: number): Section[] {
  switch (resultKind(result)) {
    // A result is untrusted data (read back from JSON, changed by hand): each layout checks what it reads.
    case "cohortTable":
      return cohortSections(checkCohortView(result, "result"));
    case "summarize":
      return summarizeSections(checkSummarizeView(result, "result"));
    case "rfmScores":
      return rfmSections(checkRfmView(result, "result", maxRows), maxRows);
    case "customerSummaries":
      return summariesSections(result as CustomerSummariesView, maxRows);
    case "historicalLifetimeValue":
      return historicalSections(checkLifetimeValueView(result, "result"));
    case "retentionSeries":
      return seriesSections(checkSeriesView(result, "result"));
    default:
      return genericSections(result, maxRows);
  }
}
