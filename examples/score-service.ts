// A small HTTP service that scores customers per request: the orders are read and prepared once at start-up,
// and each request asks about one customer (RFM scores and segment, status against their own rhythm).
//   npx tsx examples/score-service.ts [orders.csv]          serves on http://localhost:8080/customers/<id>
//   npx tsx examples/score-service.ts --self-test           starts on a free port, asks twice, stops (npm test)
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { customerStatus, prepareOrders, readOrders, rfmScores, type OrderBook } from "retention-metrics";

/** Everything a request needs, computed once: one pass of each metric over the book. */
export function scorer(book: OrderBook, asOf: string) {
  const rfm = rfmScores(book, { asOf });
  const status = customerStatus(book, { asOf });
  const rfmById = new Map(rfm.customers.map((c) => [c.customerId, c] as const));
  const statusById = new Map(status.customers.map((c) => [c.customerId, c] as const));
  return (customerId: string): object | null => {
    const r = rfmById.get(customerId);
    const s = statusById.get(customerId);
    if (r === undefined || s === undefined) return null;
    return { customerId, segment: r.segment, score: r.score, orders: r.orders, revenue: r.revenue, recencyDays: r.recencyDays, status: s.status };
  };
}

const args = process.argv.slice(2);
const selfTest = args.includes("--self-test");
const file = args.find((a) => !a.startsWith("--")) ?? fileURLToPath(new URL("../test/fixtures/exports/shopify_orders.csv", import.meta.url));
const { orders } = readOrders(readFileSync(file), { format: "shopify" });
const book = prepareOrders(orders, { timeZone: "Europe/Prague" });
const score = scorer(book, book.lastOrderAt as string);

function handle(req: IncomingMessage, res: ServerResponse): void {
  const m = /^\/customers\/(.+)$/.exec(req.url ?? "");
  const body = m === null ? null : score(decodeURIComponent(m[1] as string));
  res.writeHead(body === null ? 404 : 200, { "content-type": "application/json" });
  res.end(JSON.stringify(body ?? { error: "no such customer" }));
}

const server = createServer(handle);
server.listen(selfTest ? 0 : 8080, async () => {
  const { port } = server.address() as AddressInfo;
  if (!selfTest) {
    console.log(`scoring ${book.customerCount} customers on http://localhost:${port}/customers/<id>`);
    return;
  }
  const ann = await (await fetch(`http://localhost:${port}/customers/${encodeURIComponent("ann@example.com")}`)).json();
  const nobody = await fetch(`http://localhost:${port}/customers/nobody`);
  console.log(JSON.stringify(ann));
  console.log(`unknown customer: HTTP ${nobody.status}`);
  server.close();
  if ((ann as { orders?: number }).orders !== 4 || nobody.status !== 404) process.exitCode = 1;
});
