import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Order } from "../../src/index.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** Non-empty lines of a fixture, accepting CRLF or LF and a missing final newline. */
export function fixtureLines(name: string): string[] {
  return readFileSync(fixtures + name, "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0);
}

/**
 * CDNOW_sample.txt as orders: whitespace-separated `master_id sample_id YYYYMMDD cds dollars`, no header.
 * customerId = sample_id read as a number ("0001" -> "1", as in the summary CSVs), one order per line.
 */
export function cdnowSampleOrders(): Order[] {
  return fixtureLines("CDNOW_sample.txt").map((line, i) => {
    const [, sampleId, date, , dollars] = line.trim().split(/\s+/);
    if (sampleId === undefined || date === undefined || dollars === undefined) throw new Error(`bad CDNOW line ${i}: ${line}`);
    return { orderId: String(i), customerId: String(Number(sampleId)), placedAt: date, total: dollars };
  });
}

/** A CSV with a header row as records of strings. */
export function readCsv(name: string): Record<string, string>[] {
  const [header, ...rows] = fixtureLines(name);
  const keys = (header ?? "").split(",");
  return rows.map((row) => {
    const cells = row.split(",");
    const rec: Record<string, string> = {};
    keys.forEach((k, j) => {
      rec[k] = cells[j] ?? "";
    });
    return rec;
  });
}
