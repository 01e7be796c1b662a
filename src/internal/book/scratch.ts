/** Most buffers a pool keeps free (the oldest returned is dropped past it). */
const KEEP = 8;

/**
 * Scratch arrays of the metric functions, kept by one order book between calls (`OrderColumns.scratch`), so
 * that a metric called on a large book allocates its per-customer and per-order scratch once per book rather
 * than once per call.
 *
 * Why: each call of, say, `cohortTable` on five million orders needs about 50 MB of per-customer arrays. V8
 * counts ordinary buffers as external memory, and every 64 MB of it since the last full collection starts a
 * new one, a mark over the whole heap: with the caller's order objects resident, about 1.5 s at five million
 * orders. The pool's buffers are reused by the next call on the same book, so a second call allocates nothing.
 *
 * They stay on ordinary buffers (not the book memory of src/internal/book/buffers.ts): measured with them on
 * book memory, a single analysis (summarize, cohortTable, customerSummaries) did not get faster, the full
 * collection the first call's scratch would have started came later instead (in customerSummaries), with a
 * higher peak; on ordinary buffers the first call keeps the collection pace it always had.
 *
 * Rules that keep results identical:
 * - {@link ScratchPool.int32} and {@link ScratchPool.float64} hand out a buffer only once: it leaves the pool
 *   until {@link ScratchPool.release} gives it back, so a call made while another is running (a `segmentBy`
 *   function that computes a metric on the same book) gets buffers of its own. Metric functions are
 *   synchronous, so no other call can run between a take and its release.
 * - Every array handed out is filled (zero, or the value asked for), like a new one.
 * - Only scratch goes back: an array that a result keeps (a lazy record reads it later) must never be released.
 *   A call that throws simply does not give its arrays back.
 *
 * The pool is not part of the book's data: it is kept in a private field (a structured clone or `JSON.stringify`
 * of the book never sees it), and it holds at most {@link KEEP} free buffers, matched by exact byte length.
 */
export class ScratchPool {
  readonly #free: ArrayBufferLike[] = [];

  /** A buffer of exactly `bytes` from the pool (removed from it), or null. */
  #take(bytes: number): ArrayBufferLike | null {
    const free = this.#free;
    for (let i = free.length - 1; i >= 0; i--) {
      const b = free[i] as ArrayBufferLike;
      if (b.byteLength === bytes) {
        free.splice(i, 1);
        return b;
      }
    }
    return null;
  }

  /** An Int32Array of `length`, every entry `fill`. */
  int32(length: number, fill = 0): Int32Array {
    const b = this.#take(length * 4);
    if (b === null) return fill === 0 ? new Int32Array(length) : new Int32Array(length).fill(fill);
    return new Int32Array(b).fill(fill);
  }

  /** A Float64Array of `length`, every entry `fill`. */
  float64(length: number, fill = 0): Float64Array {
    const b = this.#take(length * 8);
    if (b === null) return fill === 0 ? new Float64Array(length) : new Float64Array(length).fill(fill);
    return new Float64Array(b).fill(fill);
  }

  /** Gives arrays handed out by this pool back (null entries are skipped). Nothing may read them afterwards. */
  release(...arrays: (Int32Array | Float64Array | null)[]): void {
    const free = this.#free;
    for (const a of arrays) {
      // Only whole buffers (as handed out); a zero-length one is not worth keeping.
      if (a === null || a.byteLength === 0 || a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength) continue;
      if (free.includes(a.buffer)) continue;
      free.push(a.buffer);
      if (free.length > KEEP) free.shift();
    }
  }
}

/**
 * The scratch source of a call: the book's pool, or (a book without one, such as an accumulator's) ordinary
 * arrays made per call, as before.
 */
export interface Scratch {
  int32(length: number, fill?: number): Int32Array;
  float64(length: number, fill?: number): Float64Array;
  release(...arrays: (Int32Array | Float64Array | null)[]): void;
}

/** Ordinary per-call arrays (see {@link Scratch}); releasing does nothing. */
export const FRESH: Scratch = {
  int32: (length, fill = 0) => (fill === 0 ? new Int32Array(length) : new Int32Array(length).fill(fill)),
  float64: (length, fill = 0) => (fill === 0 ? new Float64Array(length) : new Float64Array(length).fill(fill)),
  release: () => undefined,
};

/** The scratch source of a book's columns: its pool when it has one, else {@link FRESH}. */
export function scratchOf(cols: { readonly scratch?: ScratchPool }): Scratch {
  return cols.scratch ?? FRESH;
}
