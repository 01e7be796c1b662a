// `npm run check:browser-file`: dist/browser.js, the package's self-contained browser build, works from a plain
// HTML page in headless Chromium: `<script type="module">` imports it by URL, with no import map and no bundler,
// computes metrics and writes them into the page, which Chromium dumps (--dump-dom) for this script to check.
//
// The file is found through the package's exports map ("retention-metrics/browser") and served over HTTP from
// 127.0.0.1 (module scripts need a real origin and a JavaScript MIME type). A negative control first: the same page
// importing dist/index.js (the Node/bundler build) must FAIL on its bare "decimal.js" import, as it did for users,
// so this check can tell a page that works from one that does not. Run `npm run build` first. Debian's chromium
// (scripts/system-deps.sh installs it; or set CHROMIUM=/path/to/chromium).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const started = Date.now();
function fail(message) {
  console.error(`check:browser-file: FAILED: ${message}`);
  process.exit(1);
}

const chromium = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((c) => c && existsSync(c));
if (!chromium) fail("no chromium binary; scripts/system-deps.sh installs Debian's: apt-get install -y --no-install-recommends chromium");
let browserFile;
try {
  browserFile = fileURLToPath(import.meta.resolve("retention-metrics/browser"));
} catch (e) {
  fail(`the package exports no "./browser" entry: ${e instanceof Error ? e.message : e}`);
}
if (!existsSync(browserFile)) fail(`${browserFile} is missing; run npm run build first`);
const dist = dirname(browserFile);
const nodeBuild = fileURLToPath(import.meta.resolve("retention-metrics"));

// The page: what a user writes. The expected numbers: 0.1 + 0.2 + 0.3 = 0.6 exactly (money is decimal); AOV of
// 19.99, 5.01 and 0.30 over 3 orders = 25.30 / 3 = 8.4333…; customer a orders in January and February (Prague
// time; 2024-01-31T23:30Z is already February 1 there), b in January only: 2 customers in the January cohort,
// 1 of them active in period 1, retention 0.5.
const page = (src) => `<!doctype html>
<html><head><meta charset="utf-8"><title>retention-metrics in a browser</title></head>
<body><pre id="result">pending</pre>
<script>
  window.addEventListener("error", (e) => { document.getElementById("result").textContent = "error: " + (e.message || e.type); }, true);
  window.addEventListener("unhandledrejection", (e) => { document.getElementById("result").textContent = "error: " + e.reason; });
</script>
<script type="module">
  import { averageOrderValue, cohortTable, prepareOrders, summarize } from "${src}";
  try {
    const book = prepareOrders([
      { orderId: "1", customerId: "a", placedAt: "2024-01-10T10:00:00Z", total: "0.1" },
      { orderId: "2", customerId: "a", placedAt: "2024-01-31T23:30:00Z", total: "0.2" },
      { orderId: "3", customerId: "b", placedAt: "2024-01-20T10:00:00Z", total: "0.3" },
    ], { timeZone: "Europe/Prague" });
    const aov = averageOrderValue([
      { orderId: "1", customerId: "a", placedAt: "2024-01-10", total: "19.99" },
      { orderId: "2", customerId: "b", placedAt: "2024-01-11", total: "5.01" },
      { orderId: "3", customerId: "c", placedAt: "2024-01-12", total: "0.30" },
    ], { timeZone: "UTC" }).averageOrderValue;
    const cohort = cohortTable(book, { granularity: "month" }).cohorts[0];
    document.getElementById("result").textContent = JSON.stringify({
      revenue: summarize(book).revenue.net.toString(),
      aov: aov.toFixed(4),
      cohort: cohort.label, size: cohort.size, retention1: cohort.cells[1].retention,
    });
  } catch (e) {
    document.getElementById("result").textContent = "error: " + e;
  }
</script></body></html>`;

const pages = {
  "/browser.html": page("/dist/browser.js"),
  "/node-build.html": page(`/dist/${nodeBuild.slice(dist.length + 1)}`),
};
const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  if (Object.hasOwn(pages, path)) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(pages[path]);
    return;
  }
  const file = path.startsWith("/dist/") && !path.includes("..") ? join(dist, path.slice(6)) : null;
  if (file && existsSync(file)) {
    res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/json" });
    res.end(readFileSync(file));
    return;
  }
  res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const profile = mkdtempSync(join(tmpdir(), "rm-browser-file-"));
/** The text of #result after Chromium loaded `path` (the page's own script has run by then). */
function render(path) {
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${join(profile, path.replace(/\W/g, ""))}`,
    "--virtual-time-budget=10000",
    "--dump-dom",
    `${origin}${path}`,
  ];
  // Asynchronous: this process serves the page while Chromium loads it.
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (status) => {
      clearTimeout(timer);
      const m = /<pre id="result">([\s\S]*?)<\/pre>/.exec(out);
      if (status !== 0 || !m) reject(new Error(`${path}: chromium exited with ${status} and no result:\n${err.slice(-2000)}`));
      else resolve(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    });
  });
}

class Failure extends Error {}
const check = (ok, message) => {
  if (!ok) throw new Failure(message);
};
try {
  const control = await render("/node-build.html");
  check(
    control.startsWith("error") && /decimal\.js/.test(control),
    `negative control: a page importing ${nodeBuild} should fail on its bare "decimal.js" import, but showed ${JSON.stringify(control)}`,
  );
  console.log(`check:browser-file: negative control: dist/index.js in a plain page fails as it should (${control.trim() || "no result"})`);

  const text = await render("/browser.html");
  let result;
  try {
    result = JSON.parse(text);
  } catch {
    check(false, `a plain page importing dist/browser.js showed ${JSON.stringify(text)}`);
  }
  const expected = { revenue: "0.6", aov: "8.4333", cohort: "2024-01", size: 2, retention1: 0.5 };
  check(
    JSON.stringify(result) === JSON.stringify(expected),
    `dist/browser.js in Chromium computed ${JSON.stringify(result)}, expected ${JSON.stringify(expected)}`,
  );
  const kib = Math.round(readFileSync(browserFile).length / 1024);
  console.log(
    `check:browser-file: ok (dist/browser.js, ${kib} KiB, imported by a plain page with no import map: ${JSON.stringify(result)}; ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
} catch (e) {
  console.error(`check:browser-file: FAILED: ${e instanceof Failure ? e.message : e instanceof Error ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
