/// <reference types="node" />
import { Worker } from "node:worker_threads";
import type { PrepareOrderColumnsOptions } from "../core/prepareOrderColumns.js";
import type { ArrowTableLike, OrderColumnsInput } from "../core/types.js";
import { bookFloat64 } from "../internal/book/buffers.js";
import type { OrderBook } from "../internal/book/OrderBook.js";
import {
  finishColumnsBook,
  openColumns,
  prepareColumnsBook,
  readKeys,
  typedRowColumns,
  type TypedCol,
} from "../internal/book/prepareColumns.js";
import { optionError } from "../internal/fail.js";
import { columnsBookOptions } from "../internal/resolve.js";
import { earliestDateOption, newParseState } from "../internal/time/instant.js";
import type { WorkerReply } from "./parallelWorker.js";

/** Options of {@link prepareOrderColumnsParallel}: those of `prepareOrderColumns` ({@link index!PrepareOrderColumnsOptions}), and how many workers to use. */
export type PrepareOrderColumnsParallelOptions = PrepareOrderColumnsOptions & {
  /**
   * Worker threads reading the rows of `placedAt`, `total` and `refunded`, each a range of rows; an integer
   * from 1 to 64. The calling thread reads the order ids and customer keys meanwhile.
   * @defaultValue `1` (two threads in all: one per core of a two-core machine)
   */
  workers?: number;
  /**
   * Fewer orders than this are read on the calling thread alone, as `prepareOrderColumns` reads them: starting
   * a worker costs more than it saves on a small input. An integer ≥ 0.
   * @defaultValue `1_000_000`
   */
  minOrders?: number;
};

/** What a worker is sent (parallelWorker.ts): its rows of the three columns (copies, or views of shared memory) and where to write them. */
interface WorkerTask {
  placedAt: TypedCol;
  total: TypedCol;
  refunded: TypedCol | null;
  earliest: number;
  timeOut: Float64Array;
  totalOut: Float64Array;
  refundedOut: Float64Array | null;
}

/**
 * {@link index!prepareOrderColumns} on more than one thread: the same book, meant to be made sooner from large typed columns on
 * a machine with a core to spare. The calling thread reads the order ids and the customer keys (whose dense
 * indexes follow the order of first appearance, so they are read in order) while `workers` worker threads read
 * `placedAt`, `total` and `refunded`, each a range of rows, straight into the book's columns (shared memory);
 * the first orders per customer are then found on the calling thread, as the synchronous function does.
 *
 * Same results: the book equals `prepareOrderColumns(columns, options)`'s, and every metric gives the same
 * numbers on either (the rows are read by the same code). On a bad row the input is read again on the calling
 * thread, so the error thrown (rejected with) is the one `prepareOrderColumns` throws.
 *
 * When it uses workers: only when `placedAt`, `total` and `refunded` are typed arrays (strings, plain arrays and
 * Arrow dictionaries are read on the calling thread: handing a million strings or objects to a worker costs
 * about as much as reading them) and there are at least `minOrders` orders; otherwise it is
 * `prepareOrderColumns`, resolved. Each worker gets a copy of its rows (the caller's arrays are never detached),
 * unless they are already on a `SharedArrayBuffer`.
 *
 * Node.js, Deno and Bun (`node:worker_threads`); import it from `retention-metrics/parallel`. The synchronous
 * `prepareOrderColumns` stays the one to use in a browser page.
 *
 * Measure before using it: on the two-core machine of docs/at-scale.md ("Both cores"), shared with other jobs,
 * it was slower than `prepareOrderColumns` at one and five million orders (a worker costs 80–120 ms of CPU
 * to start, and handing typed rows to it costs about what reading them costs); it can pay only with a core to
 * spare and inputs of several million orders.
 *
 * @param columns - As for `prepareOrderColumns`: an object of columns or an Arrow table.
 * @param options - `prepareOrderColumns`' options, `workers` and `minOrders`.
 * @returns A promise of the {@link OrderBook}.
 * @throws RetentionMetricsError (as a rejection) exactly when `prepareOrderColumns` throws, with the same code,
 * row and field; INVALID_OPTION for `workers` or `minOrders` out of range.
 * @example
 * ```ts
 * import { summarize } from "retention-metrics";
 * import { prepareOrderColumnsParallel } from "retention-metrics/parallel";
 *
 * const book = await prepareOrderColumnsParallel({
 *   customerId: new Uint32Array([1, 2, 1]),
 *   placedAt: new Float64Array([Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 9), Date.UTC(2024, 1, 2)]),
 *   total: new Int32Array([2000, 3550, 1200]),
 *   refunded: new Int32Array([0, 550, 0]),
 * }, { currency: "EUR", minOrders: 0 }); // minOrders: 0 starts a worker even for three orders
 * book.orderCount; // 3
 * summarize(book).revenue.net.toString(); // "62"
 * ```
 */
export async function prepareOrderColumnsParallel(
  columns: OrderColumnsInput | ArrowTableLike,
  options: PrepareOrderColumnsParallelOptions = {},
): Promise<OrderBook> {
  const bookOptions = columnsBookOptions(columns, options);
  const workers = options.workers ?? 1;
  if (typeof workers !== "number" || !Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw optionError("workers", "must be an integer from 1 to 64", workers, "Pass the number of worker threads, such as 1 on a two-core machine.");
  }
  const minOrders = options.minOrders ?? 1_000_000;
  if (typeof minOrders !== "number" || !Number.isInteger(minOrders) || minOrders < 0) {
    throw optionError("minOrders", "must be an integer ≥ 0", minOrders, "Pass the input size from which workers are used.");
  }
  const input = openColumns(columns, bookOptions);
  const typed = typedRowColumns(input);
  const sync = (): OrderBook => prepareColumnsBook(columns, bookOptions);
  if (typed === null || input.n < minOrders || input.n === 0 || typeof SharedArrayBuffer !== "function") return sync();
  let earliest: number;
  try {
    earliest = earliestDateOption(bookOptions.earliestDate, bookOptions.zone);
  } catch {
    // An invalid earliestDate: the synchronous path reports it, after any bad order id or customer key.
    return sync();
  }
  const { n } = input;
  const time = bookFloat64(n);
  const total = bookFloat64(n);
  const refunded = typed.refunded === null ? null : bookFloat64(n);
  const ranges = Math.min(workers, n);
  const replies: Promise<WorkerReply>[] = [];
  for (let w = 0; w < ranges; w++) {
    const from = Math.floor((w * n) / ranges);
    const to = Math.floor(((w + 1) * n) / ranges);
    const task: WorkerTask = {
      placedAt: rowsOf(typed.placedAt, from, to),
      total: rowsOf(typed.total, from, to),
      refunded: typed.refunded === null ? null : rowsOf(typed.refunded, from, to),
      earliest,
      timeOut: time.subarray(from, to),
      totalOut: total.subarray(from, to),
      refundedOut: refunded === null ? null : refunded.subarray(from, to),
    };
    replies.push(runWorker(task));
  }
  // Meanwhile, on this thread: the order ids and customer keys (the first columns the synchronous path reads,
  // so an error of theirs is the one it reports). Wait for the workers either way before returning.
  let keys: ReturnType<typeof readKeys>;
  try {
    keys = readKeys(input);
  } catch (error) {
    await Promise.allSettled(replies);
    throw error;
  }
  const got = await Promise.allSettled(replies);
  let nonZero = false;
  for (const r of got) {
    // A bad row, or a worker that could not start: the synchronous path gives the book or the exact error.
    if (r.status === "rejected" || !r.value.ok) return sync();
    nonZero ||= r.value.nonZero;
  }
  const parseState = newParseState();
  // Numbers are instants, never date-only (as readTimes records for typed columns).
  parseState.sawTimeOfDay = true;
  return finishColumnsBook(input, keys, { time, total, refunded: nonZero ? refunded : null, parseState });
}

/** Rows `[from, to)` of a typed column, for a worker: a view when on shared memory, else a copy (transferred). */
function rowsOf(col: TypedCol, from: number, to: number): TypedCol {
  const v = col.v as ArrayLike<number> & { buffer: ArrayBufferLike; subarray(a: number, b: number): typeof col.v; slice(a: number, b: number): typeof col.v };
  const shared = v.buffer instanceof SharedArrayBuffer;
  return { ...col, v: shared ? v.subarray(from, to) : v.slice(from, to) } as TypedCol;
}

/** Starts a worker (parallelWorker.ts beside this file) for `task`, resolving with its reply (rejecting if it fails to run). */
function runWorker(task: WorkerTask): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    // The worker file beside this one: dist/parallelWorker.js, or under a TypeScript loader (this repository's
    // tests and scripts) src/parallel/parallelWorker.ts, which registers tsx first: a worker thread does not
    // inherit the loader.
    const ts = import.meta.url.endsWith(".ts");
    const file = new URL(ts ? "./parallelWorker.ts" : "./parallelWorker.js", import.meta.url);
    const worker = ts
      ? new Worker(`import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true })
      : new Worker(file);
    const transfer = [task.placedAt.v, task.total.v, task.refunded?.v]
      .map((v) => (v === undefined ? null : (v as { buffer: ArrayBufferLike }).buffer))
      .filter((b): b is ArrayBuffer => b !== null && !(b instanceof SharedArrayBuffer));
    worker.once("message", (reply: WorkerReply) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`worker exited with code ${code}`)));
    worker.postMessage(task, transfer);
  });
}
