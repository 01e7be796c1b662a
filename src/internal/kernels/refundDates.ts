import type { OrderColumns } from "../book/columns.js";
import { inWindow } from "../book/window.js";

/**
 * Refunds counted at their refund date (`refundAttribution: "refundDate"`): each order's `refundedAt`, or its
 * own `placedAt` when it has none. Sums are integer minor units; exact (BigInt past 2^53).
 */

/** The date a refund of order `i` counts at: its refundedAt, else its placedAt. */
export function refundTime(cols: OrderColumns, i: number): number {
  const at = cols.refundedAt;
  const t = at === undefined || at === null ? NaN : (at[i] as number);
  return t === t ? t : (cols.time[i] as number);
}

/**
 * The sum of the refunds of `cols` whose refund date lies in `[lo, hi)`, whatever the order's date: summed in
 * doubles, checked once after the loop, and summed again in BigInt only past 2^53 (refunds are ≥ 0, so the
 * double sum is exact while it stays a safe integer).
 */
export function refundsDatedIn(cols: OrderColumns, lo: number, hi: number): number | bigint {
  const { n, refunded, time } = cols;
  if (refunded === null) return 0;
  const at = cols.refundedAt ?? null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const rf = refunded[i] as number;
    if (rf === 0) continue;
    const r = at === null ? NaN : (at[i] as number);
    if (inWindow(r === r ? r : (time[i] as number), lo, hi)) sum += rf;
  }
  if (Number.isSafeInteger(sum)) return sum;
  let big = 0n;
  for (let i = 0; i < n; i++) {
    const rf = refunded[i] as number;
    if (rf !== 0 && inWindow(refundTime(cols, i), lo, hi)) big += BigInt(rf);
  }
  return big;
}

/**
 * Moves the refunds of a cohort table's cells from the order's column to the refund's (src/internal/kernels/
 * cohortCells.ts, after its pass with refunds subtracted at the order's date): each refund of a counted order
 * (placed in `[lo, hi)`, its customer in row `rowOf[c] ≥ 0`, its column `column(t, c) < K`) is added back there
 * and subtracted in the column of its refund date, when that date is not after `asOf` (not yet seen, else) and
 * its column is one of the table's `K`. Cells stay exact: every value on the way is bounded by the gross sum.
 */
export function moveRefundsToDates(
  cols: OrderColumns,
  revenue: Float64Array,
  big: bigint[] | null,
  rowOf: Int32Array,
  K: number,
  lo: number,
  hi: number,
  asOf: number,
  column: (t: number, c: number) => number,
): void {
  const { n, time, refunded, customer } = cols;
  if (refunded === null || cols.refundedAt === undefined || cols.refundedAt === null) return;
  for (let i = 0; i < n; i++) {
    const rf = refunded[i] as number;
    if (rf === 0) continue;
    const t = time[i] as number;
    if (!inWindow(t, lo, hi)) continue;
    const c = customer[i] as number;
    const row = rowOf[c] as number;
    if (row < 0) continue;
    const k0 = column(t, c);
    if (k0 >= K) continue;
    const tr = refundTime(cols, i);
    if (tr === t) continue;
    const k1 = tr <= asOf ? column(tr, c) : K;
    if (k1 === k0) continue;
    const from = row * K + k0;
    if (big !== null) big[from] = (big[from] as bigint) + BigInt(rf);
    else revenue[from] = (revenue[from] as number) + rf;
    if (k1 < K) {
      const to = row * K + k1;
      if (big !== null) big[to] = (big[to] as bigint) - BigInt(rf);
      else revenue[to] = (revenue[to] as number) - rf;
    }
  }
}
