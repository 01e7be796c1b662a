// Smoke test of the built ESM entry, through the package's own exports map.
import assert from "node:assert/strict";
import { prepareOrders, RetentionMetricsError, summarize } from "retention-metrics";

const book = prepareOrders([
  { orderId: "1", customerId: "a", placedAt: "2024-01-01T10:00:00Z", total: "0.1" },
  { orderId: "2", customerId: "a", placedAt: "2024-02-01T10:00:00Z", total: "0.2" },
]);
const s = summarize(book);
assert.equal(s.revenue.net.toString(), "0.3");
assert.equal(s.repeatCustomerRate, 1);
assert.throws(() => prepareOrders([{ orderId: "1", customerId: "", placedAt: 0, total: 1 }]), (e) => e instanceof RetentionMetricsError && e.code === "EMPTY_CUSTOMER_ID");
console.log("smoke (import): ok");

// The command (package.json "bin" -> dist/cli.js) on the Shopify fixture, and on the CDNOW data shipped in dist/data/.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const rootDir = fileURLToPath(new URL("../", import.meta.url));
const bin = join(rootDir, JSON.parse(readFileSync(join(rootDir, "package.json"), "utf8")).bin["retention-metrics"]);
const dir = mkdtempSync(join(tmpdir(), "rm-smoke-"));
try {
  for (const args of [[join(rootDir, "test/fixtures/exports/shopify_orders.csv"), "--format", "shopify", "--time-zone", "Europe/Prague"], ["--demo"]]) {
    const out = join(dir, "report.html");
    const r = spawnSync(process.execPath, [bin, "report", ...args, "--out", out, "--quiet"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(readFileSync(out, "utf8").startsWith("<!doctype html>"));
  }
  // A bad file: exit 1, and the row and column on stderr.
  const bad = join(dir, "bad.csv");
  writeFileSync(bad, readFileSync(join(rootDir, "test/fixtures/exports/shopify_orders.csv"), "utf8").replaceAll("2024-02-20 16:20:00 +0100", "20.2.2024"));
  const r = spawnSync(process.execPath, [bin, "report", bad, "--format", "shopify"], { encoding: "utf8" });
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.stderr.includes('row 11, Created at: is not a date (got "20.2.2024")'), r.stderr);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log("smoke (bin): ok");
