// A worker per shard: each reads its share of an export into an accumulator and sends the state back as JSON;
// the main thread merges the states. Shards split by customer (any split works: merging is exact, and an order
// id seen in two shards is caught). The merged numbers equal one pass over the whole file.
//   npx tsx examples/merge-shards.ts [orders.csv] [shards]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { accumulatorFromJSON, createAccumulator, mergeAccumulators, readOrders, summarize, type Order } from "retention-metrics";

const OPTIONS = { timeZone: "Europe/Prague", granularity: "month" } as const;

/** The shard of a customer: a small string hash, so every order of a customer lands in the same shard. */
const shardOf = (customerId: string, shards: number): number => {
  let h = 0;
  for (let i = 0; i < customerId.length; i++) h = (h * 31 + customerId.charCodeAt(i)) | 0;
  return Math.abs(h) % shards;
};

if (!isMainThread) {
  // Worker: read the whole file, keep this shard's orders (a real job would read its own file or key range).
  const { file, shard, shards } = workerData as { file: string; shard: number; shards: number };
  const acc = createAccumulator<Order>(OPTIONS);
  const sink = { add: (o: Order) => (shardOf(String(o.customerId), shards) === shard ? acc.add(o) : undefined) };
  readOrders(readFileSync(file), { format: "shopify", into: sink });
  parentPort?.postMessage(JSON.stringify(acc));
} else {
  const file = process.argv[2] ?? fileURLToPath(new URL("../test/fixtures/exports/shopify_orders.csv", import.meta.url));
  const shards = Number(process.argv[3] ?? 3);
  const states = await Promise.all(
    Array.from({ length: shards }, (_, shard) =>
      new Promise<string>((resolve, reject) => {
        // The worker runs this same file. Under tsx it registers tsx's loader first (a worker thread does not
        // inherit it); a compiled .js file needs none of that: new Worker(new URL(import.meta.url), { workerData }).
        const boot = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
        const w = new Worker(boot, { eval: true, workerData: { file, shard, shards } });
        w.once("message", resolve);
        w.once("error", reject);
      }),
    ),
  );
  const merged = states.map((s) => accumulatorFromJSON(s)).reduce((a, b) => mergeAccumulators(a, b));
  const whole = createAccumulator(OPTIONS);
  readOrders(readFileSync(file), { format: "shopify", into: whole });
  const a = summarize(merged);
  const b = summarize(whole);
  console.log(`${shards} shards: ${states.map((s) => accumulatorFromJSON(s).orders).join(" + ")} = ${merged.orders} orders, ${merged.customers} customers`);
  console.log(`net revenue merged ${a.revenue.net.toFixed(2)}, one pass ${b.revenue.net.toFixed(2)}`);
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    console.error("merged and one-pass summaries differ");
    process.exitCode = 1;
  }
}
