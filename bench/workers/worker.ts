// One worker of `npm run bench:workers`: reads NDJSON order files line by line into an accumulator and posts
// its JSON state back to the parent.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parentPort, workerData } from "node:worker_threads";
import { createAccumulator, type Order } from "../../src/index.js";

const { files, timeZone } = workerData as { files: string[]; timeZone: string };
const acc = createAccumulator({ timeZone, granularity: "month" });
for (const file of files) {
  const lines = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length > 0) acc.add(JSON.parse(line) as Order);
  }
}
parentPort?.postMessage(JSON.stringify(acc));
