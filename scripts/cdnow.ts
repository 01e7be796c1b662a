import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cdnowOrders } from "../src/cli/demo.js";
import type { Order } from "../src/index.js";

/** Reads the bundled CDNOW master file (whitespace-separated, CRLF, header) as orders; dates are UTC days. */
export function readCdnowMaster(): Order[] {
  return cdnowOrders(readFileSync(fileURLToPath(new URL("../test/fixtures/CDNOW_master.txt", import.meta.url)), "utf8"));
}

/**
 * Reads CDNOW's bundled 1/10 sample (whitespace-separated `master_id sample_id YYYYMMDD cds dollars`, CRLF, no
 * header) as orders: 2,357 customers, 6,919 orders; customerId is the sample id as a number ("0001" -> "1").
 */
export function readCdnowSample(): Order[] {
  const path = fileURLToPath(new URL("../test/fixtures/CDNOW_sample.txt", import.meta.url));
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const orders: Order[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fields = (lines[i] as string).trim().split(/\s+/);
    if (fields.length < 5) continue;
    const [, sampleId, date, , dollars] = fields as [string, string, string, string, string];
    orders.push({ orderId: `S${i}`, customerId: String(Number(sampleId)), placedAt: date, total: dollars });
  }
  return orders;
}
