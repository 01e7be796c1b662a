// readOrderBook on a file with a thread per core: the file cut into parts at guessed record boundaries
// (src/internal/readers/parallel.ts), the first part read by this thread and each other by a worker
// (readWorker.ts), the parts merged in file order
// into the book and ledger of the whole read; when a part cannot vouch for them (a quote the scan hands to
// papaparse, a malformed row, an order or a currency across parts), the file is read whole, in this thread,
// which also gives the errors at their rows. Node only (worker_threads, files): it lives in the command's shell;
// the library's readOrderBook stays one synchronous (or async-iterable) read that runs anywhere.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { readOrderBook, type ReadOrderBookOptions, type ReadOrderBookResult } from "../index.js";
import { mergeParts, planSplit, splitPoint, type PartResult } from "../internal/readers/parallel.js";
import { fileChunks, readPartOfFile, type PartJob } from "./fileChunks.js";

/** Files smaller than two parts of this size are read whole: a worker's start costs more than it saves. */
const MIN_PART_BYTES = 8 << 20;
/**
 * The first part's length, in workers' parts: this thread reads it while the workers start, load the reader and
 * run its code cold (measured at 1M orders, two parts of equal bytes: this thread's part done 175-360 ms before
 * the worker's).
 */
const FIRST_SHARE = 1.15;
/** Bytes looked at for the header, and at each guessed cut for a line where a new order starts. */
const WINDOW_BYTES = 1 << 20;

/** How a file was read by {@link readOrderBookInParts}. */
export interface PartsRead extends ReadOrderBookResult {
  /** Parts read (the first by this thread, the others by workers; 1: read whole in this thread). */
  parts: number;
  /** Why it was read whole, when it was. */
  whole: string | null;
}

function readAt(fd: number, at: number, length: number): Uint8Array {
  const b = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, b, done, length - done, at + done);
    if (n === 0) break;
    done += n;
  }
  return b.subarray(0, done);
}

/** Options of {@link readOrderBookInParts}. */
export interface InPartsOptions {
  /** Threads at most, this one included (n - 1 workers). @defaultValue one per core (`os.availableParallelism()`) */
  workers?: number;
  /**
   * The worker's module. @defaultValue readWorker.js beside this module (the built command, dist/); from source,
   * a module that registers a TypeScript loader and imports readWorker.ts (bench/readWorker.mjs)
   */
  workerUrl?: URL;
}

function runPart(job: PartJob, url: URL): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: job });
    worker.once("message", (m: PartResult) => resolve(m));
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the reader's worker stopped with exit code ${code}`));
    });
  });
}

/** The cuts of a file of `size` bytes into `parts` (the first part starts at 0), or a reason not to cut it. */
function cutsOf(fd: number, size: number, parts: number, options: ReadOrderBookOptions): { headerEnd: number; bounds: number[] } | string {
  const plan = planSplit(readAt(fd, 0, Math.min(size, WINDOW_BYTES)), options);
  if (plan === null) return "the header has a quote, or is not the format's";
  const bounds = [0];
  // This thread's part (the first) a little longer than the workers' (FIRST_SHARE), for a worker starts later.
  const shares = FIRST_SHARE + parts - 1;
  for (let k = 1; k < parts; k++) {
    const at = Math.floor(((FIRST_SHARE + k - 1) * size) / shares);
    const p = splitPoint(readAt(fd, at, Math.min(WINDOW_BYTES, size - at)), plan);
    if (p < 0) return `no line where a new order starts within ${WINDOW_BYTES} bytes of byte ${at}`;
    const cut = at + p;
    if (cut <= Math.max(plan.headerEnd, bounds[bounds.length - 1] as number)) return "parts too small";
    bounds.push(cut);
  }
  bounds.push(size);
  return { headerEnd: plan.headerEnd, bounds };
}

/**
 * Reads an export file into an OrderBook with up to `workers` threads, this one and `workers - 1` workers
 * (default: one per core): the book and ledger of `readOrderBook` on the whole file, always (see the file
 * comment). Files under 16 MiB are read whole in this thread.
 */
export async function readOrderBookInParts(path: string, options: ReadOrderBookOptions, how: InPartsOptions = {}): Promise<PartsRead> {
  const url = how.workerUrl ?? new URL("./readWorker.js", import.meta.url);
  // From source (tsx) with no worker module given, there is no built worker to start: one thread.
  const workers = how.workerUrl === undefined && import.meta.url.endsWith(".ts") ? 1 : (how.workers ?? availableParallelism());
  const fd = openSync(path, "r");
  let cuts: ReturnType<typeof cutsOf>;
  try {
    const size = fstatSync(fd).size;
    const parts = Math.min(workers, Math.floor(size / MIN_PART_BYTES));
    cuts = parts < 2 ? "one part" : cutsOf(fd, size, parts, options);
  } finally {
    closeSync(fd);
  }
  let whole = typeof cuts === "string" ? cuts : null;
  if (typeof cuts !== "string") {
    const { headerEnd, bounds } = cuts;
    const jobs: PartJob[] = bounds.slice(1).map((end, k) => ({ path, headerEnd: k === 0 ? 0 : headerEnd, start: bounds[k] as number, end, options: options as PartJob["options"] }));
    // A worker per part but the first, which this thread reads while they start and read theirs (a worker's start
    // and its cold code cost a few hundred milliseconds that this thread does not pay). A worker that fails (it
    // cannot start, or stops) is no error of the file: the whole read decides.
    const others = Promise.all(jobs.slice(1).map((job) => runPart(job, url))).catch((e: unknown) => String(e));
    const first = readPartOfFile(jobs[0] as PartJob, true);
    const rest = await others;
    const results = typeof rest === "string" ? rest : [first, ...rest];
    const merged = typeof results === "string" ? null : mergeParts(results, options);
    if (merged !== null) return { ...merged, parts: (results as PartResult[]).length, whole: null };
    whole = typeof results === "string" ? `a worker failed: ${results}` : "a part could not vouch for the whole read";
  }
  const result = await readOrderBook(fileChunks(path), options);
  return { ...result, parts: 1, whole };
}
