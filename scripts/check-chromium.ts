// npm run check:chromium: renders the CDNOW cohort heatmap (cohortHeatmap on a monthly cohortTable) in headless
// Chromium (Debian's `chromium`, installed by .ci/run) and checks that the screenshot is not blank: enough
// non-white pixels, enough distinct colours, and the darkest colour of the scale (the 100% cells of period 0).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { cohortHeatmap, cohortTable, prepareOrders } from "../src/index.js";
import { readCdnowMaster } from "./cdnow.js";

function fail(message: string): never {
  console.error(`check:chromium: FAILED: ${message}`);
  process.exit(1);
}

function findChromium(): string {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((x): x is string => !!x);
  const found = candidates.find((c) => existsSync(c));
  if (!found) fail(`no chromium binary (looked at ${candidates.join(", ")}); .ci/run installs Debian's chromium package: apt-get install -y --no-install-recommends chromium`);
  return found;
}

const chromium = findChromium();
const table = cohortTable(prepareOrders(readCdnowMaster(), { timeZone: "UTC" }), { granularity: "month" });
const svg = cohortHeatmap(table);
const [, w, h] = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg) ?? fail("the SVG has no width/height");
const width = Number(w) + 20;
const height = Number(h) + 20;

const dir = mkdtempSync(join(tmpdir(), "rm-chromium-"));
try {
  const html = join(dir, "heatmap.html");
  const png = join(dir, "heatmap.png");
  writeFileSync(html, `<!doctype html><html><head><meta charset="utf-8"><title>heatmap</title></head><body style="margin:10px;background:#ffffff">${svg}</body></html>`);
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
  if (run.error) fail(`${chromium}: ${run.error.message}`);
  if (run.status !== 0 || !existsSync(png)) fail(`${chromium} exited with ${run.status} and no screenshot:\n${run.stderr}`);
  const image = PNG.sync.read(readFileSync(png));
  const { data } = image;
  const pixels = image.width * image.height;
  let nonWhite = 0;
  let darkest = 0;
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i] as number;
    const g = data[i + 1] as number;
    const b = data[i + 2] as number;
    colours.add((r << 16) | (g << 8) | b);
    if (r < 245 || g < 245 || b < 245) nonWhite++;
    // #081d58 (8, 29, 88): the colour of the 100% cells.
    if (Math.abs(r - 8) + Math.abs(g - 29) + Math.abs(b - 88) < 24) darkest++;
  }
  const cellPixels = 30 * 18;
  const stats = `${image.width}×${image.height} px, ${(nonWhite / pixels * 100).toFixed(1)}% non-white, ${colours.size} colours, ${darkest} px of the darkest scale colour`;
  if (image.width !== width || image.height !== height) fail(`screenshot is ${image.width}×${image.height}, expected ${width}×${height}`);
  if (nonWhite / pixels < 0.1) fail(`the screenshot is (nearly) blank: ${stats}`);
  if (colours.size < 20) fail(`too few colours for a heatmap: ${stats}`);
  if (darkest < table.cohorts.length * cellPixels * 0.5) fail(`the 100% cells (darkest colour) are missing: ${stats}`);
  console.log(`check:chromium: CDNOW heatmap (${table.cohorts.length} cohorts × ${table.periods} periods) rendered in ${Date.now() - started} ms: ${stats}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
