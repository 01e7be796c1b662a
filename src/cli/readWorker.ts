// The worker of readInParts.ts: reads its part of an export file (fileChunks.ts, readPartOfFile) and posts the
// result, its typed arrays transferred rather than copied.
import { parentPort, workerData } from "node:worker_threads";
import { readPartOfFile, type PartJob } from "./fileChunks.js";

const result = readPartOfFile(workerData as PartJob);
const transfer: ArrayBuffer[] = [];
if (result.ok) {
  const c = result.columns;
  for (const a of [c.customer, c.time, c.total, c.refunded, result.idPrints, result.idEnds]) if (a !== null) transfer.push(a.buffer as ArrayBuffer);
}
parentPort?.postMessage(result, transfer);
