// npm run check:chromium: renders every picture the library makes in headless Chromium (Debian's `chromium`,
// installed by scripts/system-deps.sh) and checks each screenshot is not blank:
//   - cohortHeatmap of the CDNOW monthly cohort table: enough non-white pixels and colours, and the darkest colour
//     of the scale (the 100% cells of period 0);
//   - lifetimeValueChart of historicalLifetimeValue (one line) and of a segmented cohort table (one line per segment);
//   - retentionCurveChart of the segmented cohort table;
//   - toHtml of the cohort table, as an HTML page: the heatmap table's coloured cells, the darkest colour included.
// For the line charts the plot area is read from the SVG's own axis lines, and each series' colour must cover a
// line's worth of pixels inside it (the legend swatches lie outside the plot area and do not count).
// One Chromium launch for all of them (each launch costs about two seconds of CPU): one page stacks the pictures,
// each in its own iframe (its own document, with the margin and white background a page of its own had, and no
// style of one picture reaching another), one screenshot, and each picture's checks read its own rectangle of it.
// A negative control comes first on that page: a blank white SVG of the line charts' size must FAIL the same
// checks, so the check cannot pass on a blank screenshot.
// `npm run check:chromium -- --keep <dir>` keeps the screenshot (and the pages) in <dir> to look at.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import {
  cohortHeatmap,
  cohortTable,
  historicalLifetimeValue,
  lifetimeValueChart,
  prepareOrders,
  retentionCurveChart,
  toHtml,
} from "../src/index.js";
import { CATEGORICAL, sequentialColor } from "../src/internal/display/colorScale.js";
import { readCdnowMaster } from "./cdnow.js";

function fail(message: string): never {
  console.error(`check:chromium: FAILED: ${message}`);
  process.exit(1);
}

function findChromium(): string {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((x): x is string => !!x);
  const found = candidates.find((c) => existsSync(c));
  if (!found) fail(`no chromium binary (looked at ${candidates.join(", ")}); scripts/system-deps.sh installs Debian's chromium package: apt-get install -y --no-install-recommends chromium`);
  return found;
}

type Rgb = readonly [number, number, number];
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface Picture {
  name: string;
  /** Body content of the page (an SVG, or an HTML fragment). */
  body: string;
  width: number;
  height: number;
  /** Region that must hold the drawing (page pixels); default: the whole screenshot. */
  plot?: Box;
  /** Least share of non-white pixels in `plot`. */
  minInk: number;
  /** Least distinct colours in `plot`. */
  minColours: number;
  /** Colours that must each cover at least `minPixels` pixels of `plot` (within a distance of 30 in RGB). */
  colours: { name: string; rgb: Rgb; minPixels: number }[];
}

const MARGIN = 10;
const rgbOf = (hex: string): Rgb => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
const sizeOf = (svg: string): { width: number; height: number } => {
  const [, w, h] = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg) ?? fail("an SVG has no width/height");
  return { width: Number(w) + 2 * MARGIN, height: Number(h) + 2 * MARGIN };
};

/** The plot area of a line chart, from its two axis lines (x axis: horizontal, y axis: vertical), in page pixels. */
function plotAreaOf(svg: string): Box {
  const axes = [...svg.matchAll(/<line x1="([\d.]+)" x2="([\d.]+)" y1="([\d.]+)" y2="([\d.]+)" stroke="#333333"\/>/g)].map((m) => m.slice(1, 5).map(Number));
  const xAxis = axes.find(([x1, x2, y1, y2]) => y1 === y2 && x1 !== x2);
  const yAxis = axes.find(([x1, x2, y1, y2]) => x1 === x2 && y1 !== y2);
  if (!xAxis || !yAxis) fail("a line chart has no axis lines");
  // Inside the axes (2 px clear of them, so the axis lines themselves do not count as ink).
  return { x0: (yAxis[0] as number) + MARGIN + 2, x1: (xAxis[1] as number) + MARGIN, y0: (yAxis[2] as number) + MARGIN, y1: (xAxis[2] as number) + MARGIN - 2 };
}

interface Stats {
  width: number;
  height: number;
  ink: number;
  colours: number;
  matches: number[];
}

function measure(image: PNG, box: Box, targets: readonly Rgb[]): Stats {
  const { data } = image;
  let ink = 0;
  let pixels = 0;
  const colours = new Set<number>();
  const matches = targets.map(() => 0);
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(image.height, Math.ceil(box.y1)); y++) {
    for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(image.width, Math.ceil(box.x1)); x++) {
      const i = (y * image.width + x) * 4;
      const r = data[i] as number;
      const g = data[i + 1] as number;
      const b = data[i + 2] as number;
      pixels++;
      colours.add((r << 16) | (g << 8) | b);
      if (r < 245 || g < 245 || b < 245) ink++;
      targets.forEach((t, j) => {
        if (Math.abs(r - t[0]) + Math.abs(g - t[1]) + Math.abs(b - t[2]) < 30) matches[j] = (matches[j] as number) + 1;
      });
    }
  }
  return { width: image.width, height: image.height, ink: pixels === 0 ? 0 : ink / pixels, colours: colours.size, matches };
}

/** The page of one picture, as a page of its own would be: a margin and a white background. */
function pageOf(p: Picture): string {
  const slug = p.name.replace(/[^a-z0-9]+/gi, "-");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${slug}</title></head><body style="margin:${MARGIN}px;background:#ffffff">${p.body}</body></html>`;
}

const attribute = (text: string): string => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/**
 * Renders every picture in one Chromium launch (one page, one iframe per picture, stacked) and returns, per
 * picture, what is wrong with its rectangle of the screenshot (empty: fine) and a one-line summary.
 */
function checkAll(chromium: string, dir: string, pics: readonly Picture[]): { results: { problems: string[]; summary: string }[]; ms: number } {
  const width = Math.max(...pics.map((p) => p.width));
  const tops: number[] = [];
  let height = 0;
  for (const p of pics) {
    tops.push(height);
    height += p.height;
  }
  const frames = pics.map(
    (p, i) =>
      `<iframe title="${attribute(p.name)}" srcdoc="${attribute(pageOf(p))}" style="position:absolute;left:0;top:${tops[i]}px;width:${p.width}px;height:${p.height}px;border:0;margin:0;padding:0;overflow:hidden" scrolling="no"></iframe>`,
  );
  const html = join(dir, "pictures.html");
  const png = join(dir, "pictures.png");
  writeFileSync(html, `<!doctype html><html><head><meta charset="utf-8"><title>pictures</title></head><body style="margin:0;background:#ffffff">${frames.join("\n")}</body></html>`);
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    `--user-data-dir=${join(dir, "profile")}`,
    `--screenshot=${png}`,
    `--window-size=${width},${height}`,
    `file://${html}`,
  ];
  const started = Date.now();
  const run = spawnSync(chromium, args, { encoding: "utf8", timeout: 120_000 });
  const ms = Date.now() - started;
  if (run.error) fail(`${chromium}: ${run.error.message}`);
  if (run.status !== 0 || !existsSync(png)) fail(`${chromium} exited with ${run.status} and no screenshot:\n${run.stderr}`);
  if (keep !== undefined) {
    copyFileSync(png, join(keep, "pictures.png"));
    copyFileSync(html, join(keep, "pictures.html"));
  }
  const image = PNG.sync.read(readFileSync(png));
  if (image.width !== width || image.height !== height) fail(`the screenshot is ${image.width}×${image.height}, expected ${width}×${height}`);
  const results = pics.map((p, i) => {
    const top = tops[i] as number;
    // The picture's own screenshot is the rectangle of its iframe; its plot box is relative to that.
    const frame = { x0: 0, y0: top, x1: p.width, y1: top + p.height };
    const box = p.plot ? { x0: p.plot.x0, y0: p.plot.y0 + top, x1: p.plot.x1, y1: p.plot.y1 + top } : frame;
    const s = measure(image, box, p.colours.map((c) => c.rgb));
    const summary = `${p.width}×${p.height} px, plot area ${(s.ink * 100).toFixed(1)}% non-white, ${s.colours} colours, ${p.colours.map((c, j) => `${s.matches[j]} px ${c.name}`).join(", ")}`;
    const problems: string[] = [];
    if (s.ink < p.minInk) problems.push(`(nearly) blank: ${(s.ink * 100).toFixed(2)}% non-white < ${(p.minInk * 100).toFixed(1)}%`);
    if (s.colours < p.minColours) problems.push(`${s.colours} colours < ${p.minColours}`);
    p.colours.forEach((c, j) => {
      if ((s.matches[j] as number) < c.minPixels) problems.push(`${c.name} covers ${s.matches[j]} px < ${c.minPixels}`);
    });
    return { problems, summary };
  });
  return { results, ms };
}

const chromium = findChromium();
const keepAt = process.argv.indexOf("--keep");
const keep = keepAt >= 0 ? (process.argv[keepAt + 1] ?? fail("--keep needs a directory")) : undefined;
if (keep !== undefined) mkdirSync(keep, { recursive: true });
const book = prepareOrders(readCdnowMaster(), { timeZone: "UTC" });
const table = cohortTable(book, { granularity: "month" });
// CDNOW has no channel, so segment customers by the size of their first order (a deterministic split).
const bySpend = cohortTable(book, {
  granularity: "month",
  segmentBy: (first) => (first.total.lt(20) ? "first order under $20" : first.total.lt(50) ? "first order $20–50" : "first order $50+"),
});
const segments = bySpend.segments ?? fail("segmentBy gave no segments");
const darkest = rgbOf(sequentialColor(1));
const cellPixels = 30 * 18;

const heatmapSvg = cohortHeatmap(table);
const ltvSvg = lifetimeValueChart(historicalLifetimeValue(book, { granularity: "month" }));
const ltvSegmentsSvg = lifetimeValueChart(bySpend);
const curvesSvg = retentionCurveChart(bySpend);
// A drawn line, 2 px wide across the plot, covers about 2 × its width; ask for a third of the plot's width.
const lineChart = (name: string, svg: string, lines: number): Picture => {
  const plot = plotAreaOf(svg);
  return {
    name,
    body: svg,
    ...sizeOf(svg),
    plot,
    minInk: 0.01,
    minColours: 8,
    colours: Array.from({ length: lines }, (_, i) => ({ name: `series ${i + 1} (${CATEGORICAL[i]})`, rgb: rgbOf(CATEGORICAL[i] as string), minPixels: Math.round((plot.x1 - plot.x0) / 3) })),
  };
};
const pictures: Picture[] = [
  {
    name: "cohortHeatmap",
    body: heatmapSvg,
    ...sizeOf(heatmapSvg),
    minInk: 0.1,
    minColours: 20,
    colours: [{ name: "darkest scale colour (100% cells)", rgb: darkest, minPixels: Math.round(table.cohorts.length * cellPixels * 0.5) }],
  },
  lineChart("lifetimeValueChart (historicalLifetimeValue)", ltvSvg, 1),
  lineChart("lifetimeValueChart (segmented cohort table)", ltvSegmentsSvg, segments.length),
  lineChart("retentionCurveChart (segmented cohort table)", curvesSvg, segments.length),
  {
    name: "toHtml (cohort table)",
    body: toHtml(table),
    width: 1400,
    height: 500,
    minInk: 0.03,
    minColours: 20,
    // Period 0 cells are 100% (darkest); HTML cells are smaller than the SVG's, ask for 100 px per cohort.
    colours: [{ name: "darkest scale colour (100% cells)", rgb: darkest, minPixels: table.cohorts.length * 100 }],
  },
];

const dir = mkdtempSync(join(tmpdir(), "rm-chromium-"));
try {
  // Negative control: a blank picture of the line charts' size must fail their checks.
  const control = lineChart("negative control (blank SVG)", ltvSvg, 1);
  const { width, height } = sizeOf(ltvSvg);
  control.body = `<svg xmlns="http://www.w3.org/2000/svg" width="${width - 2 * MARGIN}" height="${height - 2 * MARGIN}"><rect width="100%" height="100%" fill="#ffffff"/></svg>`;
  const { results, ms } = checkAll(chromium, dir, [control, ...pictures]);
  const [blank, ...rest] = results as [{ problems: string[]; summary: string }, ...{ problems: string[]; summary: string }[]];
  if (blank.problems.length === 0) fail(`the check passed a blank picture (${blank.summary}), so it cannot tell a blank screenshot`);
  console.log(`check:chromium: negative control: a blank SVG fails as it should (${blank.problems.join("; ")})`);

  let failed = 0;
  pictures.forEach((p, i) => {
    const r = rest[i] as { problems: string[]; summary: string };
    if (r.problems.length > 0) {
      failed++;
      console.error(`check:chromium: FAILED: ${p.name}: ${r.problems.join("; ")} (${r.summary})`);
    } else {
      console.log(`check:chromium: ${p.name}: ${r.summary}`);
    }
  });
  if (failed > 0) fail(`${failed} of ${pictures.length} pictures look blank or wrong`);
  console.log(`check:chromium: all ${pictures.length} pictures rendered in one Chromium launch (${ms} ms) and not blank (CDNOW: ${table.cohorts.length} cohorts × ${table.periods} periods, ${segments.length} segments)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
