// The body of cohortHeatmap (src/render/cohortHeatmap.ts): a cohort table as an SVG heatmap.
import { sequentialColor, sequentialStops, textColorOn } from "./colorScale.js";
import { booleanOption, checkCohortMetric, checkCohortView, numberOption, optionsObject, textOption } from "./check.js";
import { optionError } from "../fail.js";
import { escapeXml } from "./escape.js";
import { formatNumber } from "./format.js";
import type { CohortTableView } from "./views.js";

/** Options of {@link cohortHeatmap}. */
export interface CohortHeatmapOptions {
  /**
   * Title above the heatmap (escaped; characters XML does not allow become U+FFFD).
   * @defaultValue `"Retention by acquisition cohort"`
   */
  title?: string;
  /**
   * Retention shown with the darkest colour; higher values (period 0 is usually 100%) get the darkest colour
   * too. A number in (0, 1] (INVALID_OPTION otherwise).
   * @defaultValue the highest retention of period 1 and later, rounded up to a multiple of 5%, or 1 when none
   */
  scaleMax?: number;
  /**
   * Width of one cell in pixels, from 1 to 1000.
   * @defaultValue `30`
   */
  cellWidth?: number;
  /**
   * Height of one cell in pixels, from 1 to 1000.
   * @defaultValue `18`
   */
  cellHeight?: number;
  /**
   * Whether each cell shows its value: a percentage (one decimal below 10%, else whole), an amount, or a count.
   * @defaultValue `true`
   */
  showValues?: boolean;
  /**
   * What the colour and the numbers show: `"retention"` (share of the cohort active), `"revenueRetention"`
   * (revenue over the cohort's period-0 revenue), `"cumulativeRevenuePerCustomer"` (historical LTV per acquired
   * customer, currency units) or `"orders"` (orders placed).
   * @defaultValue `"retention"`
   */
  metric?: CohortHeatmapMetric;
  /**
   * Whether a last row shows the table's average curve (pooled over complete cells; not for `"orders"`).
   * @defaultValue `true`
   */
  averageRow?: boolean;
}

/** The quantities {@link cohortHeatmap} can draw. */
export type CohortHeatmapMetric = "retention" | "revenueRetention" | "cumulativeRevenuePerCustomer" | "orders";

const METRICS: readonly CohortHeatmapMetric[] = ["retention", "revenueRetention", "cumulativeRevenuePerCustomer", "orders"];

/** A cell's (or average point's) value of `metric`, or null for none. */
function valueOf(x: object, metric: CohortHeatmapMetric): number | null {
  const v = (x as Record<string, unknown>)[metric];
  if (v === null || v === undefined) return null;
  return typeof v === "number" ? v : Number(String(v));
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * The retention drawn darkest by default, in the heatmap and the HTML heatmap table: the highest retention after
 * the acquisition period, rounded up to 5%, or 1 when there is none.
 */
export function retentionScaleMax(table: CohortTableView): number {
  let max = 0;
  const base = table.periodIndexBase ?? 0;
  for (const c of table.cohorts) for (const cell of c.cells) if (cell.period > base && cell.retention > max) max = cell.retention;
  return max <= 0 ? 1 : Math.min(1, Math.ceil(max * 20 - 1e-9) / 20);
}

const fmt = (x: number): string => String(Math.round(x * 100) / 100);

/** The SVG heatmap of a cohort table (see {@link cohortHeatmap}, its public wrapper). */
export function cohortHeatmapSvg(input: CohortTableView, options: CohortHeatmapOptions = {}): string {
  const table = checkCohortView(input, "table");
  const o = optionsObject(options);
  const title = textOption("title", o.title, "Retention by acquisition cohort");
  const cw = numberOption("cellWidth", o.cellWidth, 30, 1, 1000);
  const ch = numberOption("cellHeight", o.cellHeight, 18, 1, 1000);
  const showValues = booleanOption("showValues", o.showValues, true);
  const metric = o.metric ?? "retention";
  if (!METRICS.includes(metric)) {
    throw optionError("metric", `must be one of ${METRICS.map((m) => `"${m}"`).join(", ")}`, metric, 'Use "retention" (the default), "revenueRetention", "cumulativeRevenuePerCustomer" or "orders".');
  }
  checkCohortMetric(table, metric, "table");
  const averageRow = booleanOption("averageRow", o.averageRow, true) && metric !== "orders" && table.average.length > 0;
  const isShare = metric === "retention" || metric === "revenueRetention";
  // Darkest colour: retention as before; other metrics at their largest value after period 0 (all periods for
  // cumulative value and orders), revenue retention capped to a multiple of 5%.
  let dataMax = 0;
  for (const c of table.cohorts) for (const cell of c.cells) {
    const v = valueOf(cell, metric);
    if (v !== null && Number.isFinite(v) && (cell.period > (table.periodIndexBase ?? 0) || !isShare) && v > dataMax) dataMax = v;
  }
  const scaleMax =
    o.scaleMax !== undefined
      ? numberOption("scaleMax", o.scaleMax, 1, Number.MIN_VALUE, metric === "retention" ? 1 : Number.MAX_VALUE)
      : metric === "retention"
        ? retentionScaleMax(table)
        : metric === "revenueRetention"
          ? dataMax <= 0 ? 1 : Math.ceil(dataMax * 20 - 1e-9) / 20
          : dataMax <= 0 ? 1 : dataMax;
  const show = (v: number): string => {
    if (isShare) {
      const tenths = Math.round(v * 1000) / 10;
      return Math.abs(tenths) < 10 && tenths !== 0 ? tenths.toFixed(1) : String(Math.round(v * 100));
    }
    if (metric === "orders" || Math.abs(v) >= 100) return formatNumber(Math.round(v));
    return (Math.round(v * 10) / 10).toFixed(1);
  };
  const rows = table.cohorts;
  const K = Math.max(table.periods, ...rows.map((r) => r.cells.length), 1);
  const fontSize = Math.max(8, Math.min(11, Math.floor(ch * 0.6)));
  const labelChars = Math.max(6, ...rows.map((r) => r.label.length));
  const left = 12 + labelChars * fontSize * 0.62 + 8 + 7 * fontSize * 0.62 + 8;
  const top = 76;
  const gridW = K * cw;
  const gridH = (rows.length + (averageRow ? 1 : 0)) * ch;
  const legendTop = top + gridH + 34;
  const width = Math.ceil(Math.max(left + gridW + 12, 560));
  const height = Math.ceil(legendTop + 48);
  const unit = table.windows === "relative" ? `${table.windowDays ?? ""}-day window` : table.granularity;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<defs><pattern id="rm-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff" fill-opacity="0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#7f7f7f" stroke-width="2" stroke-opacity="0.55"/></pattern>`,
    `<linearGradient id="rm-scale" x1="0" x2="1" y1="0" y2="0">${sequentialStops()
      .map((c, i, all) => `<stop offset="${fmt(i / (all.length - 1))}" stop-color="${c}"/>`)
      .join("")}</linearGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>`,
    `<text x="12" y="40" font-size="11" fill="#555555">${escapeXml(`${formatNumber(table.customers)} customers in ${rows.length} cohorts · ${METRIC_CAPTION[metric]} in each ${unit} since acquisition (${table.mode} mode)`)}</text>`,
    `<text x="12" y="54" font-size="10" fill="#777777">${escapeXml(captionOf(table))}</text>`,
  );
  // Column headers.
  const sizeX = left - 8;
  out.push(`<g font-size="${fontSize}" fill="#333333">`);
  out.push(`<text x="12" y="${top - 6}" font-weight="bold">cohort</text>`);
  out.push(`<text x="${fmt(sizeX)}" y="${top - 6}" text-anchor="end" font-weight="bold">size</text>`);
  // Columns sit at their index (period − periodIndexBase); headers are the table's column labels when it has them.
  const base = table.periodIndexBase ?? 0;
  for (let k = 0; k < K; k++) {
    out.push(`<text x="${fmt(left + k * cw + cw / 2)}" y="${top - 6}" text-anchor="middle">${escapeXml(table.columnLabels?.[k] ?? String(k + base))}</text>`);
  }
  out.push(`</g>`);
  // Rows.
  out.push(`<g font-size="${fontSize}">`);
  rows.forEach((row, i) => {
    const y = top + i * ch;
    const ty = fmt(y + ch / 2 + fontSize * 0.35);
    out.push(`<g class="rm-row">`);
    out.push(`<text x="12" y="${ty}" fill="#1a1a1a">${escapeXml(row.label)}</text>`);
    out.push(`<text x="${fmt(sizeX)}" y="${ty}" text-anchor="end" fill="#555555">${escapeXml(formatNumber(row.size))}</text>`);
    for (const cell of row.cells) {
      const x = left + (cell.period - base) * cw;
      const v = valueOf(cell, metric);
      const t = v === null ? 0 : v / scaleMax;
      const shown = v === null ? "–" : show(v);
      const detail = metric === "retention" ? ` (${cell.activeCustomers} of ${row.size})` : "";
      const tip = `${row.label}, ${table.mode === "brackets" ? "column" : "period"} ${table.columnLabels?.[cell.period - base] ?? cell.period}: ${shown}${isShare && v !== null ? "%" : ""}${detail}${cell.complete ? "" : ", incomplete"}`;
      out.push(
        `<g class="rm-cell${cell.complete ? "" : " rm-incomplete"}"><title>${escapeXml(tip)}</title>`,
        `<rect x="${fmt(x)}" y="${y}" width="${cw}" height="${ch}" fill="${sequentialColor(t)}" stroke="#ffffff" stroke-width="1"${cell.complete ? "" : ` fill-opacity="0.45"`}/>`,
      );
      if (!cell.complete) out.push(`<rect x="${fmt(x)}" y="${y}" width="${cw}" height="${ch}" fill="url(#rm-hatch)"/>`);
      if (showValues) {
        const colour = cell.complete ? textColorOn(t) : "#1a1a1a";
        out.push(`<text x="${fmt(x + cw / 2)}" y="${ty}" text-anchor="middle" fill="${colour}">${cell.complete ? "" : "~"}${escapeXml(shown)}</text>`);
      }
      out.push(`</g>`);
    }
    out.push(`</g>`);
  });
  if (averageRow) {
    const y = top + rows.length * ch;
    const ty = fmt(y + ch / 2 + fontSize * 0.35);
    out.push(`<g class="rm-average"><line x1="12" x2="${fmt(left + gridW)}" y1="${y}" y2="${y}" stroke="#333333" stroke-width="1"/>`);
    out.push(`<text x="12" y="${ty}" fill="#1a1a1a" font-weight="bold">average</text>`);
    for (const a of table.average) {
      const v = valueOf(a, metric);
      if (v === null) continue;
      const x = left + (a.period - base) * cw;
      const t = v / scaleMax;
      out.push(
        `<g class="rm-average-cell"><title>${escapeXml(`average, period ${a.period}: ${show(v)}${isShare ? "%" : ""} (${a.cohorts} complete cohorts, ${a.customers} customers)`)}</title>`,
        `<rect x="${fmt(x)}" y="${y}" width="${cw}" height="${ch}" fill="${sequentialColor(t)}" stroke="#ffffff" stroke-width="1"/>`,
      );
      if (showValues) out.push(`<text x="${fmt(x + cw / 2)}" y="${ty}" text-anchor="middle" font-weight="bold" fill="${textColorOn(t)}">${escapeXml(show(v))}</text>`);
      out.push(`</g>`);
    }
    out.push(`</g>`);
  }
  out.push(`</g>`);
  // Axis caption and legend.
  out.push(
    `<text x="${fmt(left)}" y="${top + gridH + 16}" font-size="11" fill="#555555">${escapeXml(`${unit}s since acquisition → (${isShare ? "values in %" : metric === "orders" ? "orders" : `${table.currency ?? "currency units"} per customer`})`)}</text>`,
    `<g class="rm-legend" font-size="10" fill="#333333">`,
    `<rect x="12" y="${legendTop}" width="200" height="12" fill="url(#rm-scale)" stroke="#999999" stroke-width="0.5"/>`,
  );
  for (let i = 0; i <= 4; i++) {
    const v = (scaleMax * i) / 4;
    const label = isShare ? `${i === 4 && (metric !== "retention" || scaleMax < 1) ? "≥ " : ""}${Math.round(v * 1000) / 10}%` : `${i === 4 ? "≥ " : ""}${formatNumber(Math.round(v * 10) / 10)}`;
    out.push(`<text x="${12 + i * 50}" y="${legendTop + 26}" text-anchor="middle">${escapeXml(label)}</text>`);
  }
  out.push(
    `<rect x="250" y="${legendTop}" width="${cw}" height="12" fill="#cccccc" fill-opacity="0.45"/><rect x="250" y="${legendTop}" width="${cw}" height="12" fill="url(#rm-hatch)"/>`,
    `<text x="${256 + cw}" y="${legendTop + 10}">~ incomplete period (still running)</text>`,
    `</g>`,
    `</svg>`,
  );
  return out.join("");
}

const METRIC_CAPTION: Readonly<Record<CohortHeatmapMetric, string>> = {
  retention: "share of each cohort active",
  revenueRetention: "revenue as a share of the cohort's first-period revenue",
  cumulativeRevenuePerCustomer: "cumulative revenue per acquired customer",
  orders: "orders placed",
};

/** The caption under the subtitle: time zone, week start (weekly tables), and the observation end. */
function captionOf(table: CohortTableView): string {
  const parts: string[] = [];
  const w = table.window;
  if (w !== undefined && w !== null && typeof w === "object") {
    parts.push(`time zone ${String(w.timeZone)}`);
    if (table.granularity === "week" && typeof table.weekStartsOn === "number") parts.push(`weeks start on ${WEEKDAYS[table.weekStartsOn] ?? "?"}`);
    parts.push(`as of ${w.asOf === null ? "–" : String(w.asOf)}`);
  }
  parts.push("~ marks a period still running");
  return parts.join(" · ");
}
