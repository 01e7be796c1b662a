// Per-stage timings of the whole analysis on the bench:compare data (for tuning; not part of npm test):
// node --expose-gc --import tsx bench/parts.ts [orders]
import { cohortTable, customerSummaries, prepareOrders, summarize } from "../src/index.js";
import { generateOrders } from "./generateOrders.js";

const n = Number(process.argv[2] ?? 1_000_000);
const TZ = "Europe/Prague";
const orders = generateOrders({ orders: n, months: 36, heavyTail: true, seed: 42 });
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const stages: Record<string, number[]> = { prepareOrders: [], summarize: [], cohortTable: [], customerSummaries: [] };
for (let r = 0; r < 9; r++) {
  gc();
  let t = performance.now();
  const book = prepareOrders(orders, { timeZone: TZ });
  const lap = (name: string): void => {
    const now = performance.now();
    if (r > 0) stages[name]!.push(now - t);
    t = now;
  };
  lap("prepareOrders");
  summarize(book, { timeZone: TZ });
  lap("summarize");
  cohortTable(book, { timeZone: TZ });
  lap("cohortTable");
  customerSummaries(book, { timeZone: TZ });
  lap("customerSummaries");
}
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
for (const [k, v] of Object.entries(stages)) console.log(k.padEnd(18), "median", med(v).toFixed(1), "ms, min", Math.min(...v).toFixed(1), "ms");
