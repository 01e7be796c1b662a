/**
 * Typed arrays for the columns of an order book and the scratch of building it, on memory that does not
 * start garbage collections.
 *
 * V8 counts the bytes of every ordinary `ArrayBuffer` as "external memory", and each 64 MB of it allocated
 * since the last full collection starts a new one (a mark-compact over the whole heap). Building a book of a
 * million orders allocates about 60 MB of columns and scratch, so with the caller's million order objects
 * resident that cost one full collection of about 100 ms per book (about 0.5 s each, several per book, at
 * five million orders). V8 does not count `SharedArrayBuffer` memory per isolate, so a book built on it
 * starts none. Nothing else changes: the arrays behave alike, and the memory is freed when the book (or the
 * scratch) is collected.
 *
 * Only the book and `prepareOrders`' own scratch use it: both come with a heap allocation of their own size
 * (the order and customer ids), which keeps V8 collecting at a rate that frees them. Per-call arrays of the
 * metric functions stay on ordinary buffers, so a loop of metric calls that allocates nothing else on the
 * heap still gives V8 the pressure that frees them.
 *
 * Where `SharedArrayBuffer` is missing (a browser page that is not cross-origin isolated), plain buffers are
 * used.
 */
const Shared: typeof SharedArrayBuffer | null = typeof SharedArrayBuffer === "function" ? SharedArrayBuffer : null;

/** A zeroed Float64Array of length `n` on book memory (see above). */
export function bookFloat64(n: number): Float64Array {
  return Shared === null ? new Float64Array(n) : new Float64Array(new Shared(n * 8));
}

/** A zeroed Int32Array of length `n` on book memory (see above). */
export function bookInt32(n: number): Int32Array {
  return Shared === null ? new Int32Array(n) : new Int32Array(new Shared(n * 4));
}

/** `xs` as an Int32Array on book memory. */
export function toBookInt32(xs: ArrayLike<number>): Int32Array {
  const out = bookInt32(xs.length);
  out.set(xs);
  return out;
}

/** `xs` as a Float64Array on book memory. */
export function toBookFloat64(xs: ArrayLike<number>): Float64Array {
  const out = bookFloat64(xs.length);
  out.set(xs);
  return out;
}
