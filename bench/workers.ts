// `npm run bench:workers`: orders sharded by customer, processed by worker threads, combined by merging
// accumulators. 5,000,000 generated orders are written once as two NDJSON files (customers split by parity),
// outside the timed region. Timed: each worker reads its files line by line (JSON.parse, accumulator.add),
// serialises its state to JSON and posts it; the parent restores each state as it arrives, merges them and
// computes summarize, a monthly cohort table in Europe/Prague and the customer summaries. One worker reads both files; two workers
// read one each. The parent checks that both give the same results. Not part of `npm test`.
//
// Options: --orders 5000000 --customers 200000 --runs 3
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { accumulatorFromJSON, cohortTable, customerSummaries, mergeAccumulators, summarize, type OrderAccumulator } from "../src/index.js";
import { customerOfOrderId, streamOrders } from "./streamOrders.js";

const TZ = "Europe/Prague";
const here = fileURLToPath(new URL(".", import.meta.url));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function writeShards(dir: string, n: number, customers: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, "shard-0.ndjson"), join(dir, "shard-1.ndjson")];
  const out = files.map((f) => createWriteStream(f));
  const buffers: string[][] = [[], []];
  const flush = async (s: number): Promise<void> => {
    const text = buffers[s]!.join("");
    buffers[s] = [];
    const stream = out[s]!;
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  };
  for (const order of streamOrders({ orders: n, customers })) {
    const s = customerOfOrderId(order.orderId as string) & 1;
    buffers[s]!.push(`${JSON.stringify(order)}\n`);
    if (buffers[s]!.length >= 10_000) await flush(s);
  }
  await flush(0);
  await flush(1);
  await Promise.all(out.map((stream) => new Promise<void>((resolve) => stream.end(() => resolve()))));
  return files;
}

function runWorker(files: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(here, "workers", "boot.mjs"), { workerData: { files, timeZone: TZ } });
    worker.once("message", (state: string) => resolve(state));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}`));
    });
  });
}

function metrics(acc: OrderAccumulator): unknown {
  return {
    summary: summarize(acc),
    cohorts: cohortTable(acc, { granularity: "month", timeZone: TZ }),
    customers: customerSummaries(acc, { timeZone: TZ, unit: "week" }),
  };
}

async function oneRun(shards: string[][]): Promise<{ ms: number; result: string }> {
  const t0 = performance.now();
  // Each state is restored as soon as its worker posts it, so restoring overlaps the other workers' tails.
  const accs = await Promise.all(shards.map((files) => runWorker(files).then((state) => accumulatorFromJSON(state))));
  const t1 = performance.now();
  let acc = accs[0]!;
  for (let i = 1; i < accs.length; i++) acc = mergeAccumulators(acc, accs[i]!);
  const t2 = performance.now();
  const numbers = metrics(acc);
  const t3 = performance.now();
  process.stderr.write(`  ${shards.length} worker(s): workers + restore ${(t1 - t0).toFixed(0)} ms, merge ${(t2 - t1).toFixed(0)} ms, metrics ${(t3 - t2).toFixed(0)} ms\n`);
  // The agreement check serialises every result (200k customer records): outside the timed region.
  return { ms: t3 - t0, result: JSON.stringify(numbers) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function main(): Promise<void> {
  const n = arg("orders", 5_000_000);
  const customers = arg("customers", 200_000);
  const runs = arg("runs", 3);
  const files = await writeShards(join(here, "..", ".scratch", "bench-workers"), n, customers);
  const one: number[] = [];
  const two: number[] = [];
  let reference: string | null = null;
  for (let r = 0; r < runs; r++) {
    const plans: [number[], string[][]][] = [
      [one, [files]],
      [two, [[files[0]!], [files[1]!]]],
    ];
    for (const [times, shards] of plans) {
      const { ms, result } = await oneRun(shards);
      reference ??= result;
      if (result !== reference) throw new Error("one worker and two workers disagree");
      times.push(ms);
    }
  }
  console.log(`${n.toLocaleString("en")} orders, ${customers.toLocaleString("en")} customers, NDJSON sharded by customer; ${runs} runs each, results identical`);
  console.log("| workers | median | runs (ms) | speed-up |");
  console.log("|--:|--:|---|--:|");
  console.log(`| 1 | ${(median(one) / 1000).toFixed(2)} s | ${one.map((x) => x.toFixed(0)).join(", ")} | 1.00× |`);
  console.log(`| 2 | ${(median(two) / 1000).toFixed(2)} s | ${two.map((x) => x.toFixed(0)).join(", ")} | ${(median(one) / median(two)).toFixed(2)}× |`);
}

await main();
