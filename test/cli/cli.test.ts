import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.js";
import { prepareOrders, readOrders, summarize } from "../../src/index.js";
import { demoReport } from "../support/demoReport.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = join(root, "test/fixtures/exports");
const tmp = mkdtempSync(join(tmpdir(), "rm-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs main() in-process with captured output. */
async function run(args: string[], tty = false, clock?: () => number): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  let t = 0;
  const io: CliIo = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: tty, cwd: tmp, now: clock ?? (() => (t += 0)) };
  const code = await main(args, io);
  return { code, out, err };
}

const GENERIC = ["--format", "generic", "--delimiter", ";", "--date-format", "dd.MM.yyyy HH:mm", "--columns", "orderId=Objednávka,customerId=Zákazník,placedAt=Datum,total=Celkem,refunded=Vráceno,currency=Měna,segment=Kanál"];

/** Each fixture with the flags it needs (docs/from-an-export.md#on-the-command-line). */
const CASES: { file: string; flags: string[]; orders: number }[] = [
  { file: "shopify_orders.csv", flags: ["--format", "shopify", "--time-zone", "Europe/Prague"], orders: 11 },
  { file: "shopify_orders_multicurrency.csv", flags: ["--format", "shopify", "--time-zone", "Europe/Prague", "--rate", "CZK=0.0398", "--rate", "PLN=0.23", "--currency", "EUR"], orders: 5 },
  { file: "woocommerce_orders.csv", flags: ["--format", "woocommerce", "--time-zone", "America/Los_Angeles"], orders: 7 },
  { file: "generic_orders.csv", flags: [...GENERIC, "--time-zone", "Europe/Prague"], orders: 6 },
];

/** The checks on one fixture's run: exit 0, the orders counted on stderr, an HTML report with the zone and the ledger. */
function expectReport(c: (typeof CASES)[number], r: { code: number | null; err: string }, out: string): void {
  expect(r.err).toContain(`${c.orders} orders`);
  expect(r.code).toBe(0);
  const html = readFileSync(out, "utf8");
  expect(html.startsWith("<!doctype html>")).toBe(true);
  expect(html).toContain(c.flags[c.flags.indexOf("--time-zone") + 1] as string);
  expect(html).toContain('<section id="ledger">');
}

// Every fixture runs through main(), the whole command but its two-line bin wrapper. The real command in a child
// process (the built dist/cli.js: a fixture, a bad file's exit code and message, and --demo) is checked by
// scripts/smoke.mjs under check:package, without a tsx start-up of the whole library per spawn.
describe("retention-metrics report on each fixture (in process, as the command runs it)", () => {
  for (const c of CASES) {
    it(`${c.file}: exit 0, an HTML report with the zone, and the ledger on stderr`, async () => {
      const out = join(tmp, `${c.file}.in-process.html`);
      expectReport(c, await run(["report", join(fixtures, c.file), ...c.flags, "--out", out]), out);
    });
  }
});

describe("retention-metrics report, in process", () => {
  it("--help prints the usage; no command is help too", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: retention-metrics report");
    expect((await run([])).out).toContain("Exit codes");
  });

  it("exit 2 for bad arguments, with a pointer to --help", async () => {
    for (const args of [["report", "x.csv"], ["report", "x.csv", "--format", "excel"], ["export", "x.csv"], ["report", "--demo", "x.csv"], ["report", "x.csv", "--format", "shopify", "--bogus"], ["report", "x.csv", "--format", "shopify", "--rate", "CZK=1"], ["report", "x.csv", "--format", "shopify", "--periods", "-1"], ["report", "x.csv", "--format", "shopify", "--workers", "0"]]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toContain("--help");
    }
    // An option the library refuses (a time zone) is a usage error too.
    expect((await run(["report", join(fixtures, "shopify_orders.csv"), "--format", "shopify", "--time-zone", "Mars/Base"])).code).toBe(2);
  });

  it("exit 3 for a file that cannot be read or written", async () => {
    expect((await run(["report", "missing.csv", "--format", "shopify"])).code).toBe(3);
    expect((await run(["report", join(fixtures, "shopify_orders.csv"), "--format", "shopify", "--out", join(tmp, "no/such/dir/r.html")])).code).toBe(3);
  });

  it("exit 1 with a command-line hint for a wrong delimiter and for mixed currencies", async () => {
    const d = await run(["report", join(fixtures, "generic_orders.csv"), "--format", "generic", "--columns", "orderId=Objednávka,customerId=Zákazník,placedAt=Datum,total=Celkem"]);
    expect(d.code).toBe(1);
    expect(d.err).toContain("On the command line: --delimiter ';'");
    const m = await run(["report", join(fixtures, "shopify_orders_multicurrency.csv"), "--format", "shopify"]);
    expect(m.code).toBe(1);
    expect(m.err).toContain("row 3, Currency");
    expect(m.err).toContain("--rate CZK=<rate>");
  });

  it("--json prints the library's numbers; --stream (through an accumulator) gives the same summary", async () => {
    const file = join(fixtures, "shopify_orders.csv");
    const held = await run(["report", file, "--format", "shopify", "--time-zone", "Europe/Prague", "--json", "--quiet"]);
    const streamed = await run(["report", file, "--format", "shopify", "--time-zone", "Europe/Prague", "--json", "--stream"]);
    expect(held.code).toBe(0);
    expect(held.err).toBe("");
    const a = JSON.parse(held.out);
    const b = JSON.parse(streamed.out);
    const read = readOrders(readFileSync(file, "utf8"), { format: "shopify" });
    expect(a.ledger).toEqual(JSON.parse(JSON.stringify(read.ledger)));
    expect(a.summary).toEqual(JSON.parse(JSON.stringify(summarize(prepareOrders(read.orders, { timeZone: "Europe/Prague" })))));
    expect(b.summary).toEqual(a.summary);
    expect(b.cohorts.cohorts).toEqual(a.cohorts.cohorts);
    expect(b.retentionSeries).toBe(null);
    expect(a.retentionSeries.periods.length).toBeGreaterThan(0);
  });

  it("--from/--to/--as-of and --granularity reach the report", async () => {
    const out = join(tmp, "window.html");
    const r = await run(["report", join(fixtures, "shopify_orders.csv"), "--format", "shopify", "--time-zone", "Europe/Prague", "--as-of", "2024-06-30", "--granularity", "quarter", "--week-starts-on", "0", "--out", out]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('data-rm="asOf">2024-06-30T21:59:59.999Z<');
    expect(html).toContain('data-rm="weekStartsOn">Sunday<');
    expect(html).toContain("2024-Q1");
  });

  it("draws a progress bar on a terminal once the read takes more than a second, and clears it", async () => {
    let t = 0;
    const r = await run(["report", join(fixtures, "shopify_orders.csv"), "--format", "shopify", "--out", join(tmp, "p.html")], true, () => (t += 2000));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/reading shopify_orders\.csv \[#+-*\] +\d+%/);
    const quiet = await run(["report", join(fixtures, "shopify_orders.csv"), "--format", "shopify", "--quiet", "--out", join(tmp, "q.html")], true, () => (t += 2000));
    expect(quiet.err).toBe("");
  });

  it("report --demo: the bundled CDNOW data", async () => {
    // The run docs/from-an-export.md's `report --demo` line shares (test/support/demoReport.ts).
    const r = await demoReport();
    expect(r.code, r.err).toBe(0);
    const html = r.html;
    expect(html).toContain("CDNOW");
    expect(html).toContain('<div class="kpi-value">23,570</div>');
  }, 60_000);
});
