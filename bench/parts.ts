// Per-stage timings of the whole analysis on the bench:compare data (for tuning; not part of npm test):
// node --expose-gc --import tsx bench/parts.ts [orders] [--columns | --arrow] [--rounds=9]
// Stages after customerSummaries: the first read of `.columns` (the follow-up passes and the typed arrays), the
// first read of `.customers` (the records) and one read of every field of every record.
// With --columns / --arrow the input is the orders as typed columns / an Arrow table (made before timing, the
// objects then dropped) and the first stage is prepareOrderColumns.
import { cohortTable, customerSummaries, prepareOrderColumns, prepareOrders, summarize, type Order, type OrderBook } from "../src/index.js";
import { generateOrders } from "./generateOrders.js";
import { toArrow, toColumns } from "./toColumns.js";

const n = Number(process.argv[2] ?? 1_000_000);
const mode = process.argv.includes("--columns") ? "columns" : process.argv.includes("--arrow") ? "arrow" : "objects";
const TZ = "Europe/Prague";
let orders: Order[] | null = generateOrders({ orders: n, months: 36, heavyTail: true, seed: 42 });
const input = mode === "columns" ? toColumns(orders) : mode === "arrow" ? toArrow(orders) : orders;
if (mode !== "objects") orders = null;
const prepare = (): OrderBook =>
  mode === "objects"
    ? prepareOrders(input as Order[], { timeZone: TZ })
    : prepareOrderColumns(input as Parameters<typeof prepareOrderColumns>[0], {
        timeZone: TZ,
        names: mode === "arrow" ? { customerId: "customer_id", placedAt: "placed_at", orderId: "order_id" } : {},
      });
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const first = mode === "objects" ? "prepareOrders" : "prepareOrderColumns";
const stages: Record<string, number[]> = {
  [first]: [], summarize: [], cohortTable: [], customerSummaries: [], "read .columns": [], "build .customers": [], "read records": [],
};
const rounds = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 9);
let sink = 0;
for (let r = 0; r < rounds; r++) {
  gc();
  let t = performance.now();
  const book = prepare();
  const lap = (name: string): void => {
    const now = performance.now();
    if (r > 0) stages[name]!.push(now - t);
    t = now;
  };
  lap(first);
  summarize(book, { timeZone: TZ });
  lap("summarize");
  cohortTable(book, { timeZone: TZ });
  lap("cohortTable");
  const c = customerSummaries(book, { timeZone: TZ });
  lap("customerSummaries");
  sink += c.columns.customerId.length;
  lap("read .columns");
  const records = c.customers;
  lap("build .customers");
  for (const x of records) sink += x.orders + x.frequency + x.recency + x.T + x.purchaseDays + x.daysSinceLastPurchase + x.customerId.length + x.firstOrderAt.length + x.lastOrderAt.length + x.revenue.e + x.averageOrderValue.e + x.monetaryValue.e;
  lap("read records");
}
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
console.log(`sink ${sink}`);
for (const [k, v] of Object.entries(stages)) console.log(k.padEnd(20), "median", med(v).toFixed(1), "ms, min", Math.min(...v).toFixed(1), "ms");
