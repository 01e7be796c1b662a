/// <reference types="node" />
// The worker of prepareOrderColumnsParallel (dist/parallelWorker.js): reads its range of rows into the shared
// columns and answers once. Started only by that function (it sends the task); nothing else imports it.
import { parentPort } from "node:worker_threads";
import { readRowRange, type RowRange } from "../internal/book/prepareColumns.js";

/** A worker's answer: whether a refund was non-zero, or that some row failed (the caller reads the input again). */
export type WorkerReply = { ok: true; nonZero: boolean } | { ok: false };

const port = parentPort;
if (port !== null) {
  port.once("message", (task: RowRange) => {
    let reply: WorkerReply;
    try {
      reply = { ok: true, nonZero: readRowRange(task) };
    } catch {
      reply = { ok: false };
    }
    port.postMessage(reply);
  });
}
