// A small SVG line chart shared by lifetimeValueChart and retentionCurveChart (src/render).
import { CATEGORICAL } from "./colorScale.js";
import { escapeXml } from "./escape.js";

/** One named line: points (x, y), `y === null` leaves a gap. */
export interface LineSeries {
  name: string;
  points: readonly (readonly [number, number | null])[];
}

/** What to draw. */
export interface LineChartSpec {
  title: string;
  subtitle: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  formatY: (y: number) => string;
  width: number;
  height: number;
  /** Lower bound of the y axis (0 for both charts), upper bound from the data when null. */
  yMax: number | null;
  /** An x position marked by a dashed vertical line (the end of a calibration period), or none. */
  markerX?: number | null;
}

const fmt = (x: number): string => String(Math.round(x * 100) / 100);

/** A "nice" step for about `count` ticks over [0, max]. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const r = raw / mag;
  return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
}

/** Renders the chart as an SVG string. */
export function lineChartSvg(spec: LineChartSpec): string {
  const { width, height } = spec;
  const legendW = spec.series.length > 1 ? 170 : 0;
  const m = { left: 64, right: 16 + legendW, top: 56, bottom: 48 };
  const pw = Math.max(50, width - m.left - m.right);
  const ph = Math.max(50, height - m.top - m.bottom);
  let xMax = 1;
  let dataMax = 0;
  for (const s of spec.series) {
    for (const [x, y] of s.points) {
      if (x > xMax) xMax = x;
      if (y !== null && Number.isFinite(y) && y > dataMax) dataMax = y;
    }
  }
  const step = niceStep(spec.yMax ?? (dataMax > 0 ? dataMax : 1), 5);
  const yMax = spec.yMax ?? Math.max(step, Math.ceil(dataMax / step - 1e-9) * step);
  const sx = (x: number): number => m.left + (x / xMax) * pw;
  const sy = (y: number): number => m.top + ph - (Math.min(y, yMax) / yMax) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">${escapeXml(spec.title)}</text>`,
    `<text x="12" y="40" font-size="11" fill="#555555">${escapeXml(spec.subtitle)}</text>`,
    `<g class="rm-axes" font-size="10" fill="#333333">`,
  ];
  for (let v = 0; v <= yMax + step / 1000; v += step) {
    const y = fmt(sy(v));
    out.push(`<line x1="${m.left}" x2="${fmt(m.left + pw)}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 6}" y="${fmt(sy(v) + 3.5)}" text-anchor="end">${escapeXml(spec.formatY(v))}</text>`);
  }
  const xStep = Math.max(1, Math.ceil(xMax / 12));
  for (let x = 0; x <= xMax; x += xStep) {
    out.push(`<text x="${fmt(sx(x))}" y="${fmt(m.top + ph + 16)}" text-anchor="middle">${x}</text>`);
  }
  out.push(
    `<line x1="${m.left}" x2="${fmt(m.left + pw)}" y1="${fmt(m.top + ph)}" y2="${fmt(m.top + ph)}" stroke="#333333"/>`,
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${fmt(m.top + ph)}" stroke="#333333"/>`,
    `<text x="${fmt(m.left + pw / 2)}" y="${height - 10}" text-anchor="middle" font-size="11">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(14 ${fmt(m.top + ph / 2)}) rotate(-90)" text-anchor="middle" font-size="11">${escapeXml(spec.yLabel)}</text>`,
    `</g>`,
  );
  if (spec.markerX !== undefined && spec.markerX !== null && Number.isFinite(spec.markerX)) {
    const mx = fmt(sx(spec.markerX));
    out.push(`<line class="rm-marker" x1="${mx}" x2="${mx}" y1="${m.top}" y2="${fmt(m.top + ph)}" stroke="#777777" stroke-dasharray="4 3"/>`);
  }
  spec.series.forEach((s, i) => {
    const colour = CATEGORICAL[i % CATEGORICAL.length] as string;
    const parts: string[] = [];
    let pen = "M";
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y)) {
        pen = "M";
        continue;
      }
      parts.push(`${pen}${fmt(sx(x))} ${fmt(sy(y))}`);
      pen = "L";
    }
    out.push(`<g class="rm-series"><title>${escapeXml(s.name)}</title>`);
    if (parts.length > 0) out.push(`<path d="${parts.join(" ")}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round"/>`);
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y)) continue;
      out.push(`<circle cx="${fmt(sx(x))}" cy="${fmt(sy(y))}" r="2.5" fill="${colour}"><title>${escapeXml(`${s.name}, ${x}: ${spec.formatY(y)}`)}</title></circle>`);
    }
    out.push(`</g>`);
  });
  if (legendW > 0) {
    out.push(`<g class="rm-legend" font-size="11" fill="#1a1a1a">`);
    spec.series.forEach((s, i) => {
      const y = m.top + i * 18;
      const colour = CATEGORICAL[i % CATEGORICAL.length] as string;
      const name = s.name.length > 22 ? `${s.name.slice(0, 21)}…` : s.name;
      out.push(`<rect x="${width - legendW + 4}" y="${y}" width="12" height="12" fill="${colour}"/>`);
      out.push(`<text x="${width - legendW + 22}" y="${y + 10}">${escapeXml(name)}</text>`);
    });
    out.push(`</g>`);
  }
  out.push(`</svg>`);
  return out.join("");
}
