// The body of growthAccountingChart (src/render/): a growth-accounting result as stacked SVG bars per period.
import { optionError } from "../fail.js";
import { escapeXml } from "./escape.js";

/** The fields of a growth-accounting result the chart reads (src/retention/growthAccounting.ts). */
export interface GrowthAccountingView {
  granularity: string;
  periods: readonly {
    label: string;
    complete: boolean;
    newCustomers: number;
    retainedCustomers: number;
    resurrectedCustomers: number;
    churnedCustomers: number;
  }[];
  window: { timeZone: string; asOf: string | null };
}

/** Options of {@link growthAccountingChart}. */
export interface GrowthAccountingChartOptions {
  /**
   * Title above the chart (escaped).
   * @defaultValue `"Growth accounting: customers per period"`
   */
  title?: string;
  /**
   * Width of the SVG in pixels, 100 to 10,000.
   * @defaultValue `720`
   */
  width?: number;
  /**
   * Height of the SVG in pixels, 100 to 10,000.
   * @defaultValue `400`
   */
  height?: number;
}

/** Bar layers: name, colour, value; above zero (new, retained, resurrected) then below (churned). */
const LAYERS = [
  ["new", "#2b8cbe", (p: GrowthAccountingView["periods"][number]) => p.newCustomers],
  ["retained", "#7bccc4", (p: GrowthAccountingView["periods"][number]) => p.retainedCustomers],
  ["resurrected", "#fdae6b", (p: GrowthAccountingView["periods"][number]) => p.resurrectedCustomers],
  ["churned", "#de2d26", (p: GrowthAccountingView["periods"][number]) => -p.churnedCustomers],
] as const;

const fmt = (x: number): string => String(Math.round(x * 100) / 100);

function size(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 100 || value > 10_000) {
    throw optionError(name, "must be a number of pixels from 100 to 10000", value, `Pass a size such as ${fallback}.`);
  }
  return value;
}

/** A count read from an untrusted result: a finite non-negative number, else 0. */
const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0);

/** Renders the stacked bars as an SVG string (see {@link growthAccountingChart}, its public wrapper). */
export function growthAccountingSvg(input: GrowthAccountingView, options: GrowthAccountingChartOptions = {}): string {
  const width = size("width", options.width, 720);
  const height = size("height", options.height, 400);
  const title = options.title ?? "Growth accounting: customers per period";
  const periods = Array.isArray(input.periods) ? input.periods : [];
  const m = { left: 64, right: 130, top: 56, bottom: 48 };
  const pw = Math.max(20, width - m.left - m.right);
  const ph = Math.max(20, height - m.top - m.bottom);
  let up = 1;
  let down = 0;
  for (const p of periods) {
    up = Math.max(up, count(p.newCustomers) + count(p.retainedCustomers) + count(p.resurrectedCustomers));
    down = Math.max(down, count(p.churnedCustomers));
  }
  const span = up + down;
  const sy = (v: number): number => m.top + ((up - v) / span) * ph;
  const band = pw / Math.max(1, periods.length);
  const barW = Math.max(1, band * 0.8);
  const asOf = input.window?.asOf ?? "";
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>`,
    `<text x="12" y="40" font-size="11" fill="#555555">${escapeXml(`per ${String(input.granularity)} in ${String(input.window?.timeZone ?? "")}, as of ${String(asOf)}; churned below zero; hatched: period still running`)}</text>`,
    `<defs><pattern id="rm-open" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#ffffff" fill-opacity="0.45"/></pattern></defs>`,
    `<g class="rm-axes" font-size="10" fill="#333333">`,
    `<line x1="${m.left}" x2="${fmt(m.left + pw)}" y1="${fmt(sy(0))}" y2="${fmt(sy(0))}" stroke="#333333"/>`,
    `<text x="${m.left - 6}" y="${fmt(sy(up) + 3.5)}" text-anchor="end">${up}</text>`,
    `<text x="${m.left - 6}" y="${fmt(sy(0) + 3.5)}" text-anchor="end">0</text>`,
  ];
  if (down > 0) out.push(`<text x="${m.left - 6}" y="${fmt(sy(-down) + 3.5)}" text-anchor="end">−${down}</text>`);
  const every = Math.max(1, Math.ceil(periods.length / 12));
  periods.forEach((p, i) => {
    if (i % every === 0) out.push(`<text x="${fmt(m.left + band * (i + 0.5))}" y="${fmt(m.top + ph + 16)}" text-anchor="middle">${escapeXml(p.label)}</text>`);
  });
  out.push(`</g>`);
  periods.forEach((p, i) => {
    const x = fmt(m.left + band * i + (band - barW) / 2);
    let top = 0;
    out.push(`<g class="rm-bar"><title>${escapeXml(`${p.label}: new ${count(p.newCustomers)}, retained ${count(p.retainedCustomers)}, resurrected ${count(p.resurrectedCustomers)}, churned ${count(p.churnedCustomers)}`)}</title>`);
    for (const [, colour, value] of LAYERS) {
      const v = value(p);
      const h = count(Math.abs(v));
      if (h === 0) continue;
      const y0 = v > 0 ? top + h : 0;
      const y1 = v > 0 ? top : -h;
      if (v > 0) top += h;
      out.push(`<rect x="${x}" y="${fmt(sy(y0))}" width="${fmt(barW)}" height="${fmt(sy(y1) - sy(y0))}" fill="${colour}"/>`);
      if (p.complete === false) out.push(`<rect x="${x}" y="${fmt(sy(y0))}" width="${fmt(barW)}" height="${fmt(sy(y1) - sy(y0))}" fill="url(#rm-open)"/>`);
    }
    out.push(`</g>`);
  });
  out.push(`<g class="rm-legend" font-size="11" fill="#1a1a1a">`);
  LAYERS.forEach(([name, colour], i) => {
    const y = m.top + i * 18;
    out.push(`<rect x="${width - m.right + 16}" y="${y}" width="12" height="12" fill="${colour}"/>`);
    out.push(`<text x="${width - m.right + 34}" y="${y + 10}">${name}</text>`);
  });
  out.push(`</g></svg>`);
  return out.join("");
}
