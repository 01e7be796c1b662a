import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareOrders, readOrders, retentionReport } from "../../src/index.js";
import { sequentialColor } from "../../src/internal/display/colorScale.js";

// The private report page (web/, built to dist-web/index.html by scripts/build-web.mjs) in headless Chromium:
// Debian's chromium driven by puppeteer-core, no browser download. The Shopify fixture is uploaded; the report
// the page shows must be the library's, byte for byte, for the same file and options; the heatmap must be drawn
// (screenshot: ink, and the darkest colour of the scale); no request may leave the page.
const root = fileURLToPath(new URL("../../", import.meta.url));
const chromium = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((c): c is string => !!c && existsSync(c));
const fixture = `${root}test/fixtures/exports/shopify_orders.csv`;

const hex = (c: string): [number, number, number] => {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c) ?? /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(c);
  if (m === null) throw new Error(`colour ${c}`);
  return c.startsWith("rgb") ? [Number(m[1]), Number(m[2]), Number(m[3])] : [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
};

describe.skipIf(chromium === undefined || "Bun" in globalThis)("the report page in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    const built = spawnSync(process.execPath, [`${root}scripts/build-web.mjs`], { encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    browser = await puppeteer.launch({ executablePath: chromium as string, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the library's report for the uploaded Shopify export, heatmap drawn, nothing fetched", async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) => void requests.push(r.url()));
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(`file://${root}dist-web/index.html`);
    await page.$eval("#timezone", (el) => void ((el as unknown as { value: string }).value = "Europe/Prague"));
    await page.select("#format", "shopify");
    const input = await page.$("#file");
    await (input as NonNullable<typeof input>).uploadFile(fixture);
    await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 60_000 });
    const status = await page.$eval("#status", (el) => [el.getAttribute("data-state"), el.textContent]);
    expect(status[0], status[1] ?? "").toBe("done");
    expect(status[1]).toContain("19 rows, 11 orders");
    // The progress bar was fed by the worker, and reached the end of the file.
    expect(await page.$eval("#progress", (el) => [Number(el.getAttribute("data-updates")), (el as unknown as { value: number }).value])).toEqual([expect.any(Number), 1]);
    expect(await page.$eval("#progress", (el) => Number(el.getAttribute("data-updates")))).toBeGreaterThan(0);

    // The same numbers as the library: the very same report.
    const { orders, ledger } = readOrders(readFileSync(fixture), { format: "shopify" });
    const expected = retentionReport(prepareOrders(orders, { timeZone: "Europe/Prague" }), { ledger, title: "Retention report: shopify_orders.csv" });
    const shown = await page.$eval("#report", (el) => (el as unknown as { srcdoc: string }).srcdoc);
    expect(shown).toBe(expected);
    const kpis = await page.$eval("#report", (el) => [...((el as unknown as { contentDocument: { querySelectorAll(s: string): Iterable<{ textContent: string | null }> } | null }).contentDocument?.querySelectorAll(".kpi-value") ?? [])].map((k) => k.textContent));
    expect(kpis.slice(0, 3)).toEqual(["6", "11", "343.40 EUR"]);

    // The heatmap is rendered: a screenshot of it has ink, and the darkest colour of the scale (period 0 = 100%).
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const heatmap = await frame?.$('[data-rm="heatmap"] svg');
    expect(heatmap).toBeTruthy();
    // Page coordinates of the heatmap: the iframe's box plus the SVG's box inside it.
    const outer = await (await page.$("#report"))?.boundingBox();
    const inner = await frame?.$eval('[data-rm="heatmap"] svg', (el) => {
      const r = (el as unknown as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }).getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    if (!outer || !inner) throw new Error("no heatmap box");
    const clip = { x: outer.x + inner.x, y: outer.y + inner.y, width: inner.width, height: inner.height };
    const png = PNG.sync.read(Buffer.from(await page.screenshot({ type: "png", clip, captureBeyondViewport: true })));
    const darkest = hex(sequentialColor(1));
    let ink = 0;
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i] as number, png.data[i + 1] as number, png.data[i + 2] as number];
      if (r < 245 || g < 245 || b < 245) ink++;
      if (Math.abs(r - darkest[0]) + Math.abs(g - darkest[1]) + Math.abs(b - darkest[2]) < 12) dark++;
    }
    const pixels = png.width * png.height;
    if (process.env.KEEP_SCREENSHOT) (await import("node:fs")).writeFileSync(process.env.KEEP_SCREENSHOT, PNG.sync.write(png));
    expect(ink / pixels).toBeGreaterThan(0.05);
    expect(dark).toBeGreaterThan(100);

    // Nothing left the page: only the page itself, blob: and data: URLs.
    expect(requests.filter((u) => !/^(file|blob|data|about):/.test(u))).toEqual([]);
    await page.close();
  }, 120_000);

  it("shows a bad file's error with its row and column", async () => {
    const page = await browser.newPage();
    await page.goto(`file://${root}dist-web/index.html`);
    await page.select("#format", "woocommerce");
    const input = await page.$("#file");
    await (input as NonNullable<typeof input>).uploadFile(fixture);
    await page.waitForSelector('#status[data-state="error"]', { timeout: 60_000 });
    const text = await page.$eval("#status", (el) => el.textContent);
    expect(text).toMatch(/^row 1, order_id: the woocommerce format needs a column "order_id"/);
    await page.close();
  }, 120_000);
});
