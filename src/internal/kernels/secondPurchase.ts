import type { OrderColumns } from "../book/columns.js";
import { inWindow, orderWindow } from "../book/window.js";

// The kernel of timeToSecondPurchase (src/retention/timeToSecondPurchase.ts, where the definitions are
// documented): each customer's second order, in one pass over the orders in any input order.

const within = inWindow;

/**
 * Per customer, the time (epoch ms) of their second order seen by `asOf` (inclusive): the earliest order other than
 * the first (`firstOrder[c]`), which may share the first's instant; NaN for a customer with one order.
 */
export function secondOrderTimes(cols: OrderColumns, asOf: number): Float64Array {
  const { n, time, customer, firstOrder } = cols;
  const second = new Float64Array(cols.customers).fill(Infinity);
  const { lo, hi } = orderWindow(-Infinity, Infinity, asOf);
  scan(n, time, customer, firstOrder, lo, hi, second);
  for (let c = 0; c < second.length; c++) if (second[c] === Infinity) second[c] = NaN;
  return second;
}

function scan(n: number, time: Float64Array, customer: Int32Array, firstOrder: Int32Array, lo: number, hi: number, second: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
    const c = customer[i] as number;
    if (firstOrder[c] === i) continue;
    if (t < (second[c] as number)) second[c] = t;
  }
}

/**
 * The `q`-quantile (0 ≤ q ≤ 1) of ascending `sorted` values by linear interpolation between closest ranks
 * (Hyndman & Fan type 7, the default of R and NumPy); null when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const m = sorted.length;
  if (m === 0) return null;
  const h = (m - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, m - 1)] as number;
  return a + (h - lo) * (b - a);
}
