/**
 * Which orders a metric counts, as one half-open pair of bounds: an order placed at `t` (epoch ms) counts when
 * `lo ≤ t < hi` ({@link inWindow}).
 *
 * The options behind it are the shared window `[from, to)`, the observation end `asOf` (inclusive: an order at
 * `asOf` is seen) and, for a holdout period, an exclusive start `after` (a calibration end). {@link orderWindow}
 * folds the four into the pair: `lo = max(from, next(after))`, `hi = min(to, next(asOf))`, where `next(x)` is the
 * smallest double above `x`. For every double `t`, `t ≤ asOf` ⇔ `t < next(asOf)` and `t > after` ⇔
 * `t ≥ next(after)`, so the pair admits exactly the orders that `from ≤ t < to && t ≤ asOf && t > after` admits
 * (order times are finite; ±Infinity bounds stay unbounded).
 *
 * Hot loops take `lo` and `hi` as two numbers (never the object: see the rules on hot loops in CONTRIBUTING.md)
 * and call {@link inWindow}, which V8 inlines.
 */
export interface OrderWindow {
  /** Inclusive lower bound, epoch ms (−Infinity: none). */
  readonly lo: number;
  /** Exclusive upper bound, epoch ms (+Infinity: none). */
  readonly hi: number;
}

/**
 * The {@link OrderWindow} of the shared window `[from, to)`, the inclusive observation end `asOf`, and an
 * exclusive lower bound `after` (default: none).
 */
export function orderWindow(from: number, to: number, asOf: number, after = -Infinity): OrderWindow {
  return { lo: Math.max(from, nextUp(after)), hi: Math.min(to, nextUp(asOf)) };
}

/** The window test: whether an order at `t` lies in `[lo, hi)` (the bounds of an {@link OrderWindow}). */
export function inWindow(t: number, lo: number, hi: number): boolean {
  return t >= lo && t < hi;
}

/** The smallest double above `x` (`x` itself for +Infinity; −Number.MAX_VALUE for −Infinity). */
function nextUp(x: number): number {
  if (x === Infinity) return x;
  if (x === -Infinity) return -Number.MAX_VALUE;
  if (x === 0) return Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  // For a finite double, the next one up is one unit in the last place away from zero when positive, towards
  // zero when negative: the bit pattern read as an integer moves by one.
  bits[0] = (bits[0] as bigint) + (x > 0 ? 1n : -1n);
  return f[0] as number;
}
