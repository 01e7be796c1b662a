// The streamed child of bench/readers.ts --dist: a file streamed into an accumulator by the built package
// (dist/, `npx tsup` first), with no TypeScript loader in the process, so the peak RSS is node + the library + the
// stream. Prints one JSON line as the child of bench/readers.ts does.
// Usage: node bench/streamChild.mjs <file> [--stream-noop] [--narrow]
import { open } from "node:fs/promises";
import { createAccumulator, summarize } from "../dist/index.js";
import { readOrders } from "../dist/index.js";

const path = process.argv[2];
const narrow = process.argv.includes("--narrow");
const OPTIONS = narrow
  ? { format: "generic", columns: { orderId: "order", customerId: "customer", placedAt: "date", total: "total", refunded: "refunded", currency: "currency", segment: "channel" } }
  : { format: "shopify" };
const startRss = process.memoryUsage().rss;
let peak = startRss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const t0 = performance.now();
const acc = createAccumulator({ timeZone: "Europe/Prague" });
const file = await open(path, "r");
async function* chunks() {
  const buffer = new Uint8Array(1 << 18);
  for (;;) {
    const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}
const noop = process.argv.includes("--stream-noop");
const { ledger } = await readOrders(chunks(), { ...OPTIONS, into: noop ? { add: () => undefined } : acc });
await file.close();
const ms = performance.now() - t0;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
const heapUsed = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ rows: ledger.rowsRead, orders: acc.orders, customers: acc.customers, ms, startRss, peakRss: peak, heapUsed, net: noop ? null : summarize(acc).revenue.net.toFixed(2) }));
