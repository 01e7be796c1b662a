// The worker of readInParts.ts: reads its part of an export file (after the header line, for every part but the
// first) in 1 MiB chunks into one reused buffer, runs readPart on it, and posts the result, its typed arrays
// transferred rather than copied.
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { readPart, type PartOptions, type PartResult } from "../internal/readers/parallel.js";

/** What readInParts.ts gives each worker. */
export interface PartJob {
  path: string;
  /** The header line's bytes (0 for the first part, which starts at the file's start and holds it). */
  headerEnd: number;
  start: number;
  end: number;
  options: PartOptions;
}

const CHUNK = 1 << 20;

function* chunks(fd: number, start: number, end: number): Generator<Uint8Array> {
  const buffer = new Uint8Array(CHUNK);
  for (let at = start; at < end; ) {
    const n = readSync(fd, buffer, 0, Math.min(CHUNK, end - at), at);
    if (n === 0) return;
    at += n;
    yield buffer.subarray(0, n);
  }
}

const job = workerData as PartJob;
const fd = openSync(job.path, "r");
let result: PartResult;
try {
  const prefix = new Uint8Array(job.headerEnd);
  if (job.headerEnd > 0) readSync(fd, prefix, 0, job.headerEnd, 0);
  result = readPart(prefix, chunks(fd, job.start, job.end), job.options);
} finally {
  closeSync(fd);
}
const transfer: ArrayBuffer[] = [];
if (result.ok) {
  const c = result.columns;
  for (const a of [c.customer, c.time, c.total, c.refunded, result.idPrints, result.idEnds]) if (a !== null) transfer.push(a.buffer as ArrayBuffer);
}
parentPort?.postMessage(result, transfer);
