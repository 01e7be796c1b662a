// The bodies of the model-check renderers (src/render/: trackingChart, periodTransactionsChart, holdoutCheckChart,
// frequencyRecencyHeatmap) and the views they read. The results are untrusted data here (read back from JSON or
// changed by hand): every field read is checked first, and a malformed one is INVALID_ARGUMENT with its path.
import { argumentError, optionError } from "../fail.js";
import { arr as checkArr, booleanOption, num as checkNum, numberOption, numOrNull as checkNumOrNull, obj as checkObj, optionsObject, str as checkStr, textOption, type Obj } from "./check.js";
import { CATEGORICAL, sequentialColor, sequentialStops, textColorOn } from "./colorScale.js";
import { escapeXml } from "./escape.js";
import { formatNumber } from "./format.js";
import { lineChartSvg } from "./lineChart.js";

/** A `periodTransactionsCheck` result, as its chart reads it. */
export interface PeriodTransactionsView {
  readonly model: string;
  readonly bins: readonly { readonly label: string; readonly actualCustomers: number; readonly expectedCustomers: number }[];
  readonly customerCount: number;
}

/** A `holdoutCheck` result, as its chart reads it. */
export interface HoldoutCheckView {
  readonly model: string;
  readonly groups: readonly { readonly frequency: number; readonly label: string; readonly customers: number; readonly actualMean: number | null; readonly expectedMean: number | null }[];
  readonly holdoutDuration: number;
  readonly unit: unknown;
  readonly customerCount: number;
}

/** A `trackingCheck` result, as its chart reads it. */
export interface TrackingView {
  readonly model: string;
  readonly periods: readonly {
    readonly period: number;
    readonly phase: string;
    readonly actualPurchases: number;
    readonly expectedPurchases: number;
    readonly actualCumulative: number;
    readonly expectedCumulative: number;
  }[];
  readonly customerCount: number;
  readonly period: unknown;
}

/** A `frequencyRecencyMatrix` result, as its heatmap reads it. */
export interface FrequencyRecencyView {
  readonly model: string;
  readonly frequencies: readonly { readonly frequency: number; readonly expectedPurchases: readonly (number | null)[]; readonly probabilityAlive: readonly (number | null)[] }[];
  readonly recencies: readonly number[];
  readonly T: number;
  readonly t: number;
  readonly unit: unknown;
}

const HINT = "Pass the result of the check itself (a result changed by hand must keep the types of its fields).";
// check.ts's field checkers with this hint.
const obj = (v: unknown, path: string): Obj => checkObj(v, path, HINT);
const arr = (v: unknown, path: string): readonly unknown[] => checkArr(v, path, HINT);
const num = (v: unknown, path: string): number => checkNum(v, path, HINT);
const numOrNull = (v: unknown, path: string): number | null => checkNumOrNull(v, path, HINT);
const str = (v: unknown, path: string): string => checkStr(v, path, HINT);
/** A unit as text for captions (a number of days or a name). */
const unitText = (u: unknown): string => (typeof u === "number" ? `${formatNumber(u)}-day period` : typeof u === "string" ? u : "period");

/** Most bars, groups, periods or cells a chart draws. */
const MAX_ITEMS = 100_000;

function checkPeriodTransactionsView(v: unknown, path: string): PeriodTransactionsView {
  const r = obj(v, path);
  str(r.model, `${path}.model`);
  num(r.customerCount, `${path}.customerCount`);
  const bins = arr(r.bins, `${path}.bins`);
  if (bins.length > MAX_ITEMS) throw argumentError(`${path}.bins`, `must have at most ${MAX_ITEMS} bins`, bins.length, HINT);
  bins.forEach((x, i) => {
    const b = obj(x, `${path}.bins[${i}]`);
    str(b.label, `${path}.bins[${i}].label`);
    num(b.actualCustomers, `${path}.bins[${i}].actualCustomers`);
    num(b.expectedCustomers, `${path}.bins[${i}].expectedCustomers`);
  });
  return v as PeriodTransactionsView;
}

function checkHoldoutView(v: unknown, path: string): HoldoutCheckView {
  const r = obj(v, path);
  str(r.model, `${path}.model`);
  num(r.holdoutDuration, `${path}.holdoutDuration`);
  num(r.customerCount, `${path}.customerCount`);
  const groups = arr(r.groups, `${path}.groups`);
  if (groups.length > MAX_ITEMS) throw argumentError(`${path}.groups`, `must have at most ${MAX_ITEMS} groups`, groups.length, HINT);
  groups.forEach((x, i) => {
    const g = obj(x, `${path}.groups[${i}]`);
    num(g.frequency, `${path}.groups[${i}].frequency`);
    str(g.label, `${path}.groups[${i}].label`);
    num(g.customers, `${path}.groups[${i}].customers`);
    numOrNull(g.actualMean, `${path}.groups[${i}].actualMean`);
    numOrNull(g.expectedMean, `${path}.groups[${i}].expectedMean`);
  });
  return v as HoldoutCheckView;
}

function checkTrackingView(v: unknown, path: string): TrackingView {
  const r = obj(v, path);
  str(r.model, `${path}.model`);
  num(r.customerCount, `${path}.customerCount`);
  const periods = arr(r.periods, `${path}.periods`);
  if (periods.length > MAX_ITEMS) throw argumentError(`${path}.periods`, `must have at most ${MAX_ITEMS} periods`, periods.length, HINT);
  periods.forEach((x, i) => {
    const p = obj(x, `${path}.periods[${i}]`);
    num(p.period, `${path}.periods[${i}].period`);
    str(p.phase, `${path}.periods[${i}].phase`);
    for (const k of ["actualPurchases", "expectedPurchases", "actualCumulative", "expectedCumulative"]) num(p[k], `${path}.periods[${i}].${k}`);
  });
  return v as TrackingView;
}

function checkMatrixView(v: unknown, path: string): FrequencyRecencyView {
  const r = obj(v, path);
  str(r.model, `${path}.model`);
  num(r.T, `${path}.T`);
  num(r.t, `${path}.t`);
  const f = arr(r.frequencies, `${path}.frequencies`);
  const rec = arr(r.recencies, `${path}.recencies`);
  if (f.length * rec.length > MAX_ITEMS * 10) throw argumentError(`${path}.frequencies`, "must give at most 1,000,000 cells", f.length * rec.length, HINT);
  rec.forEach((x, i) => num(x, `${path}.recencies[${i}]`));
  f.forEach((x, i) => {
    const row = obj(x, `${path}.frequencies[${i}]`);
    num(row.frequency, `${path}.frequencies[${i}].frequency`);
    for (const k of ["expectedPurchases", "probabilityAlive"]) {
      const cells = arr(row[k], `${path}.frequencies[${i}].${k}`);
      if (cells.length !== rec.length) throw argumentError(`${path}.frequencies[${i}].${k}`, `must have one cell per recency (${rec.length})`, cells.length, HINT);
      cells.forEach((c, j) => numOrNull(c, `${path}.frequencies[${i}].${k}[${j}]`));
    }
  });
  return v as FrequencyRecencyView;
}

/** Width and height options shared by the charts. */
export interface ModelCheckChartOptions {
  /** Title above the chart (escaped). @defaultValue the chart's own title */
  title?: string;
  /** Width of the SVG in pixels, from 100 to 100,000. @defaultValue `720` */
  width?: number;
  /** Height of the SVG in pixels, from 100 to 100,000. @defaultValue `400` */
  height?: number;
}

/** Options of {@link trackingChart}. */
export interface TrackingChartOptions extends ModelCheckChartOptions {
  /** Whether the chart shows cumulative purchases (else purchases per period). @defaultValue `true` */
  cumulative?: boolean;
}

/** Options of {@link frequencyRecencyHeatmap}. */
export interface FrequencyRecencyHeatmapOptions {
  /** What the colours show: expected purchases in the next t, or P(alive). @defaultValue `"expectedPurchases"` */
  metric?: "expectedPurchases" | "probabilityAlive";
  /** Title above the heatmap (escaped). @defaultValue from the metric */
  title?: string;
  /** Width and height of one cell in pixels, from 4 to 200. @defaultValue `26` and `18` */
  cellWidth?: number;
  cellHeight?: number;
}

const round2 = (y: number): string => (Math.abs(y) >= 1000 ? formatNumber(Math.round(y)) : String(Math.round(y * 100) / 100));

/** Expected against actual repeat purchases per period or cumulative, over calendar time. */
export function trackingSvg(input: TrackingView, options: TrackingChartOptions = {}): string {
  const r = checkTrackingView(input, "input");
  const o = optionsObject(options);
  const cumulative = booleanOption("cumulative", o.cumulative, true);
  const calEnd = r.periods.reduce((last, p) => (p.phase === "calibration" || p.phase === "both" ? p.period : last), -1);
  const unit = unitText(r.period);
  return lineChartSvg({
    title: textOption("title", o.title, cumulative ? "Tracking cumulative repeat purchases" : "Tracking repeat purchases per period"),
    subtitle: `${r.model}, ${formatNumber(r.customerCount)} customers, each from their first purchase; the dashed line ends the calibration`,
    xLabel: `${unit}s since the first acquisition`,
    yLabel: cumulative ? "cumulative repeat purchases" : "repeat purchases",
    series: [
      { name: "actual", points: r.periods.map((p) => [p.period, cumulative ? p.actualCumulative : p.actualPurchases] as const) },
      { name: "model", points: r.periods.map((p) => [p.period, cumulative ? p.expectedCumulative : p.expectedPurchases] as const) },
    ],
    formatY: round2,
    width: numberOption("width", o.width, 720, 100, 100_000),
    height: numberOption("height", o.height, 400, 100, 100_000),
    yMax: null,
    markerX: calEnd >= 0 && calEnd < r.periods.length - 1 ? calEnd + 0.5 : null,
  });
}

/** Mean holdout purchases by calibration frequency, actual against the model's conditional expectation. */
export function holdoutCheckSvg(input: HoldoutCheckView, options: ModelCheckChartOptions = {}): string {
  const r = checkHoldoutView(input, "input");
  const o = optionsObject(options);
  const last = r.groups[r.groups.length - 1];
  return lineChartSvg({
    title: textOption("title", o.title, "Calibration against holdout"),
    subtitle: `${r.model}, ${formatNumber(r.customerCount)} customers; mean purchases in the ${round2(r.holdoutDuration)}-${unitText(r.unit)} holdout${last !== undefined ? ` (last group: ${last.label})` : ""}`,
    xLabel: "repeat purchases in the calibration period",
    yLabel: "mean holdout purchases",
    series: [
      { name: "actual", points: r.groups.map((g) => [g.frequency, g.actualMean] as const) },
      { name: "model", points: r.groups.map((g) => [g.frequency, g.expectedMean] as const) },
    ],
    formatY: round2,
    width: numberOption("width", o.width, 720, 100, 100_000),
    height: numberOption("height", o.height, 400, 100, 100_000),
    yMax: null,
    markerX: null,
  });
}

/** Customers by repeat purchases in the calibration period: grouped bars, actual against model. */
export function periodTransactionsSvg(input: PeriodTransactionsView, options: ModelCheckChartOptions = {}): string {
  const r = checkPeriodTransactionsView(input, "input");
  const o = optionsObject(options);
  const title = textOption("title", o.title, "Repeat purchases in the calibration period");
  const width = numberOption("width", o.width, 720, 100, 100_000);
  const height = numberOption("height", o.height, 400, 100, 100_000);
  const m = { left: 64, right: 16 + 110, top: 56, bottom: 48 };
  const pw = Math.max(50, width - m.left - m.right);
  const ph = Math.max(50, height - m.top - m.bottom);
  let max = 0;
  for (const b of r.bins) max = Math.max(max, b.actualCustomers, b.expectedCustomers);
  const step = niceStep(max > 0 ? max : 1, 5);
  const yMax = Math.max(step, Math.ceil(max / step - 1e-9) * step);
  const sy = (y: number): number => m.top + ph - (Math.max(0, Math.min(y, yMax)) / yMax) * ph;
  const n = Math.max(1, r.bins.length);
  const slot = pw / n;
  const barW = Math.max(1, slot * 0.38);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>`,
    `<text x="12" y="40" font-size="11" fill="#555555">${escapeXml(`${r.model}, ${formatNumber(r.customerCount)} customers: actual against expected, each over their own age`)}</text>`,
    `<g class="rm-axes" font-size="10" fill="#333333">`,
  ];
  for (let v = 0; v <= yMax + step / 1000; v += step) {
    out.push(`<line x1="${m.left}" x2="${f(m.left + pw)}" y1="${f(sy(v))}" y2="${f(sy(v))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 6}" y="${f(sy(v) + 3.5)}" text-anchor="end">${escapeXml(round2(v))}</text>`);
  }
  out.push(
    `<line x1="${m.left}" x2="${f(m.left + pw)}" y1="${f(m.top + ph)}" y2="${f(m.top + ph)}" stroke="#333333"/>`,
    `<text x="${f(m.left + pw / 2)}" y="${height - 10}" text-anchor="middle" font-size="11">repeat purchases in the calibration period</text>`,
    `<text transform="translate(14 ${f(m.top + ph / 2)}) rotate(-90)" text-anchor="middle" font-size="11">customers</text>`,
    `</g>`,
  );
  r.bins.forEach((b, i) => {
    const x0 = m.left + i * slot + slot / 2 - barW;
    out.push(`<g class="rm-bin"><title>${escapeXml(`${b.label}: actual ${round2(b.actualCustomers)}, model ${round2(b.expectedCustomers)}`)}</title>`);
    out.push(`<rect x="${f(x0)}" y="${f(sy(b.actualCustomers))}" width="${f(barW)}" height="${f(m.top + ph - sy(b.actualCustomers))}" fill="${CATEGORICAL[0]}"/>`);
    out.push(`<rect x="${f(x0 + barW)}" y="${f(sy(b.expectedCustomers))}" width="${f(barW)}" height="${f(m.top + ph - sy(b.expectedCustomers))}" fill="${CATEGORICAL[1]}"/>`);
    out.push(`<text x="${f(m.left + i * slot + slot / 2)}" y="${f(m.top + ph + 16)}" text-anchor="middle" font-size="10" fill="#333333">${escapeXml(b.label)}</text></g>`);
  });
  out.push(`<g class="rm-legend" font-size="11" fill="#1a1a1a">`);
  ["actual", "model"].forEach((name, i) => {
    out.push(`<rect x="${width - 110 + 4}" y="${m.top + i * 18}" width="12" height="12" fill="${CATEGORICAL[i]}"/>`);
    out.push(`<text x="${width - 110 + 22}" y="${m.top + i * 18 + 10}">${name}</text>`);
  });
  out.push(`</g></svg>`);
  return out.join("");
}

/** A frequency × recency grid as a heatmap: rows frequency (highest on top), columns recency. */
export function frequencyRecencySvg(input: FrequencyRecencyView, options: FrequencyRecencyHeatmapOptions = {}): string {
  const r = checkMatrixView(input, "input");
  const o = optionsObject(options);
  const metric = o.metric ?? "expectedPurchases";
  if (metric !== "expectedPurchases" && metric !== "probabilityAlive") {
    throw optionError("metric", 'must be "expectedPurchases" or "probabilityAlive"', metric, 'Use "expectedPurchases" (the default) or "probabilityAlive".');
  }
  const alive = metric === "probabilityAlive";
  const grid = r.frequencies.map((row) => (alive ? row.probabilityAlive : row.expectedPurchases));
  const unit = unitText(r.unit);
  const title = textOption("title", o.title, alive ? "Probability alive by frequency and recency" : "Expected purchases by frequency and recency");
  const cw = numberOption("cellWidth", o.cellWidth, 26, 4, 200);
  const ch = numberOption("cellHeight", o.cellHeight, 18, 4, 200);
  let max = 0;
  for (const row of grid) for (const v of row) if (v !== null && v > max) max = v;
  const scaleMax = alive ? 1 : max > 0 ? max : 1;
  const rows = r.frequencies.length;
  const cols = r.recencies.length;
  const left = 64;
  const top = 60;
  const width = Math.ceil(Math.max(left + cols * cw + 16, 420));
  const legendTop = top + rows * ch + 36;
  const height = Math.ceil(legendTop + 40);
  const fontSize = Math.max(7, Math.min(10, Math.floor(ch * 0.55)));
  const show = (v: number): string => (alive ? String(Math.round(v * 100)) : v >= 10 ? String(Math.round(v)) : (Math.round(v * 10) / 10).toFixed(1));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<defs><linearGradient id="rm-fr-scale" x1="0" x2="1" y1="0" y2="0">${sequentialStops()
      .map((c, i, all) => `<stop offset="${f(i / (all.length - 1))}" stop-color="${c}"/>`)
      .join("")}</linearGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>`,
    `<text x="12" y="40" font-size="11" fill="#555555">${escapeXml(`${r.model}, customers of age T = ${round2(r.T)} ${unit}s${alive ? "" : `; purchases in the next ${round2(r.t)} ${unit}s`}${alive ? " (values in %)" : ""}`)}</text>`,
    `<g font-size="${fontSize}">`,
  ];
  const showValues = cw >= 18 && ch >= 12;
  for (let i = 0; i < rows; i++) {
    const y = top + (rows - 1 - i) * ch;
    out.push(`<text x="${left - 6}" y="${f(y + ch / 2 + fontSize * 0.35)}" text-anchor="end" fill="#333333">${escapeXml(String(r.frequencies[i]?.frequency))}</text>`);
    const row = grid[i] ?? [];
    for (let j = 0; j < cols; j++) {
      const v = row[j] ?? null;
      if (v === null) continue;
      const t = v / scaleMax;
      const x = left + j * cw;
      out.push(
        `<g class="rm-cell"><title>${escapeXml(`frequency ${r.frequencies[i]?.frequency}, recency ${round2(r.recencies[j] ?? 0)}: ${alive ? `${round2(v * 100)}%` : round2(v)}`)}</title>`,
        `<rect x="${f(x)}" y="${y}" width="${cw}" height="${ch}" fill="${sequentialColor(t)}" stroke="#ffffff" stroke-width="0.5"/>`,
        showValues ? `<text x="${f(x + cw / 2)}" y="${f(y + ch / 2 + fontSize * 0.35)}" text-anchor="middle" fill="${textColorOn(t)}">${show(v)}</text>` : "",
        `</g>`,
      );
    }
  }
  const every = Math.max(1, Math.ceil(cols / 12));
  for (let j = 0; j < cols; j += every) {
    out.push(`<text x="${f(left + j * cw + cw / 2)}" y="${top + rows * ch + 12}" text-anchor="middle" fill="#333333">${escapeXml(round2(r.recencies[j] ?? 0))}</text>`);
  }
  out.push(
    `</g>`,
    `<text x="${left}" y="${top + rows * ch + 26}" font-size="11" fill="#555555">recency (${unit}s from the first to the last purchase) →; rows: repeat purchases</text>`,
    `<rect x="12" y="${legendTop}" width="200" height="12" fill="url(#rm-fr-scale)" stroke="#999999" stroke-width="0.5"/>`,
    `<text x="12" y="${legendTop + 26}" font-size="10">0</text>`,
    `<text x="212" y="${legendTop + 26}" font-size="10" text-anchor="end">${escapeXml(alive ? "100%" : round2(scaleMax))}</text>`,
    `</svg>`,
  );
  return out.join("");
}

const f = (x: number): string => String(Math.round(x * 100) / 100);

function niceStep(max: number, count: number): number {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const q = raw / mag;
  return (q <= 1 ? 1 : q <= 2 ? 2 : q <= 2.5 ? 2.5 : q <= 5 ? 5 : 10) * mag;
}
