// `npm run bench:stream`: 20,000,000 generated orders of 200,000 customers fed one by one into an
// accumulator (createAccumulator → add), then summarize, a monthly cohort table in Europe/Prague and the
// per-customer summaries read from it. The stream runs in a child process whose V8 heap is capped at 1 GiB
// (--max-old-space-size=1024), so finishing at all shows the bound; heap and RSS are also sampled every
// 500,000 orders. First, on a 2,000,000-order prefix of the same stream, the accumulator's results are checked
// to equal the in-memory path's (prepareOrders on an array), JSON for JSON.
//
// Options: --orders 20000000 --customers 200000 --prefix 2000000   (--orders 2000000 --prefix 200000 for a smoke run)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cohortTable, createAccumulator, customerSummaries, prepareOrders, summarize, type OrdersInput } from "../src/index.js";
import { streamOrders } from "./streamOrders.js";

const TZ = "Europe/Prague";
const self = fileURLToPath(import.meta.url);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function analysis(input: OrdersInput): string {
  const s = summarize(input);
  const cohorts = cohortTable(input, { granularity: "month", timeZone: TZ });
  const customers = customerSummaries(input, { timeZone: TZ, unit: "week" });
  return JSON.stringify({ s, cohorts, customers });
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function prefixCheck(n: number, customers: number): Promise<void> {
  const orders = [...streamOrders({ orders: n, customers })];
  const t0 = performance.now();
  const inMemory = analysis(prepareOrders(orders, { timeZone: TZ }));
  const t1 = performance.now();
  const acc = createAccumulator({ timeZone: TZ, granularity: "month" });
  acc.addAll(streamOrders({ orders: n, customers }));
  const streamed = analysis(acc);
  const t2 = performance.now();
  const same = inMemory === streamed;
  console.log(JSON.stringify({ phase: "prefix", orders: n, same, inMemoryMs: t1 - t0, streamedMs: t2 - t1, bytes: streamed.length }));
  if (!same) process.exitCode = 1;
}

async function stream(n: number, customers: number): Promise<void> {
  let peakHeap = 0;
  let peakRss = 0;
  let peakBuffers = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
  };
  const acc = createAccumulator({ timeZone: TZ, granularity: "month" });
  const t0 = performance.now();
  let k = 0;
  for (const order of streamOrders({ orders: n, customers })) {
    acc.add(order);
    if (++k % 500_000 === 0) sample();
  }
  const t1 = performance.now();
  sample();
  const s = summarize(acc);
  const cohorts = cohortTable(acc, { granularity: "month", timeZone: TZ });
  const summaries = customerSummaries(acc, { timeZone: TZ, unit: "week" });
  const t2 = performance.now();
  sample();
  console.log(
    JSON.stringify({
      phase: "stream",
      orders: s.orders,
      customers: s.customers,
      net: s.revenue.net.toString(),
      cohorts: cohorts.cohorts.length,
      summaries: summaries.customerCount,
      addMs: t1 - t0,
      metricsMs: t2 - t1,
      peakHeap,
      peakRss,
      peakBuffers,
    }),
  );
}

function runChild(args: string[], heapCapMiB: number | null): Record<string, number | string | boolean> {
  const execArgv = ["--expose-gc", "--import", "tsx"];
  if (heapCapMiB !== null) execArgv.unshift(`--max-old-space-size=${heapCapMiB}`);
  const r = spawnSync(process.execPath, [...execArgv, self, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`child ${args.join(" ")} failed with status ${r.status}`);
  }
  const line = r.stdout.trim().split("\n").pop() as string;
  return JSON.parse(line) as Record<string, number | string | boolean>;
}

async function main(): Promise<void> {
  const n = arg("orders", 20_000_000);
  const customers = arg("customers", 200_000);
  const prefix = arg("prefix", 2_000_000);
  if (process.argv.includes("--child-prefix")) return prefixCheck(prefix, customers);
  if (process.argv.includes("--child-stream")) return stream(n, customers);
  const common = ["--orders", String(n), "--customers", String(customers), "--prefix", String(prefix)];
  const p = runChild([...common, "--child-prefix"], null);
  console.log(`prefix check: ${prefix.toLocaleString("en")} orders, accumulator == in-memory: ${p.same ? "yes" : "NO"}`);
  console.log(`  in-memory (prepareOrders + 3 metrics) ${(p.inMemoryMs as number).toFixed(0)} ms, streamed (generate + add + 3 metrics) ${(p.streamedMs as number).toFixed(0)} ms`);
  if (!p.same) {
    process.exitCode = 1;
    return;
  }
  const s = runChild([...common, "--child-stream"], 1024);
  const addMs = s.addMs as number;
  console.log(`stream: ${(s.orders as number).toLocaleString("en")} orders, ${(s.customers as number).toLocaleString("en")} customers, V8 heap capped at 1024 MiB`);
  console.log("| step | time | throughput |");
  console.log("|---|--:|--:|");
  console.log(`| generate + add (one order at a time) | ${(addMs / 1000).toFixed(1)} s | ${((s.orders as number) / addMs / 1000).toFixed(2)} M orders/s |`);
  console.log(`| summarize + cohortTable + customerSummaries on the accumulator | ${((s.metricsMs as number) / 1000).toFixed(2)} s | |`);
  console.log(`peak heap used ${mib(s.peakHeap as number)}, peak RSS ${mib(s.peakRss as number)}, of which array buffers ${mib(s.peakBuffers as number)}`);
  console.log(`net revenue ${s.net}, ${s.cohorts} cohorts, ${s.summaries} customer summaries`);
}

await main();
