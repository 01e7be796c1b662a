// The bundled CDNOW data for `report --demo`: test/fixtures/CDNOW_master.txt in the repository, copied to
// dist/data/ by the build (tsup.config.ts), so the installed package has it too.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Order } from "../index.js";

const CANDIDATES = ["./data/CDNOW_master.txt", "../../test/fixtures/CDNOW_master.txt", "../test/fixtures/CDNOW_master.txt"];

/** Path of the CDNOW master file next to the built CLI (dist/data/) or in the source tree. */
export function cdnowPath(): string {
  for (const c of CANDIDATES) {
    const path = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw Object.assign(new Error("the bundled CDNOW data is missing (dist/data/CDNOW_master.txt); rebuild with npm run build"), { code: "ENOENT" });
}

/**
 * The text of the CDNOW master file (whitespace-separated: customer, yyyymmdd, CDs, dollars; a header line) as
 * orders, with `currency` on each when given. scripts/cdnow.ts reads the same file through it.
 */
export function cdnowOrders(text: string, currency?: string): Order[] {
  const lines = text.split(/\r?\n/);
  const orders: Order[] = [];
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] as string).trim().split(/\s+/);
    if (fields.length < 4) continue;
    const [customerId, date, , dollars] = fields as [string, string, string, string];
    const order: Order = { orderId: `L${i}`, customerId, placedAt: date, total: dollars };
    if (currency !== undefined) order.currency = currency;
    orders.push(order);
  }
  return orders;
}

/** CDNOW master as orders in US dollars (the `report --demo` data). */
export function readCdnow(path: string = cdnowPath()): Order[] {
  return cdnowOrders(readFileSync(path, "utf8"), "USD");
}
