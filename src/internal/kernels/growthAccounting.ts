import type { OrderColumns } from "../book/columns.js";
import { inWindow, orderWindow } from "../book/window.js";
import { PeriodIndexer, type PeriodKernel } from "../time/periods.js";

// The kernel of growthAccounting (src/retention/growthAccounting.ts, where the definitions are documented).
// Each customer's distinct active periods are visited in time order, and each visit records one transition (new,
// retained or resurrected, plus the churn after a gap) in per-period counters ({@link classify}). When every
// customer's orders come in time order (the usual book), one pass over the orders does it with a little state
// per customer. Otherwise a counting sort puts each order's period and revenue in its customer's bucket, each
// bucket is sorted, and a walk over the buckets does it. Cost O(n + customers + P), plus the bucket sorts.

const within = inWindow;

/** Per-period counters over periods `p0 … p0 + P − 1`; money in integer minor units (bigint past 2^53). */
export interface GrowthCounts {
  p0: number;
  P: number;
  active: Float64Array;
  newCustomers: Float64Array;
  retained: Float64Array;
  resurrected: Float64Array;
  churned: Float64Array;
  /** Revenue of the period (all its active customers), then its parts; see {@link GROWTH_MONEY}. */
  money: (number | bigint)[][];
}

/** Names of the money counters in {@link GrowthCounts.money}, in order. */
export const GROWTH_MONEY = ["revenue", "new", "retained", "resurrected", "expansion", "contraction", "churned"] as const;
const REV = 0;
const NEW = 1;
const RET = 2;
const RES = 3;
const EXP = 4;
const CON = 5;
const CHU = 6;

/**
 * Counts the growth-accounting transitions of every period from `pFirst` to `pLast` (period indices of
 * `kernel`), over the orders seen by `asOf` (inclusive), all of them: orders before `pFirst` decide whether a
 * customer is new, retained or resurrected. `net`: revenue net of refunds.
 */
export function growthCounts(cols: OrderColumns, kernel: PeriodKernel, asOf: number, pFirst: number, pLast: number, net: boolean): GrowthCounts {
  const P = Math.max(0, pLast - pFirst + 1);
  const counts: GrowthCounts = {
    p0: pFirst,
    P,
    active: new Float64Array(P),
    newCustomers: new Float64Array(P),
    retained: new Float64Array(P),
    resurrected: new Float64Array(P),
    churned: new Float64Array(P),
    money: GROWTH_MONEY.map(() => new Array<number | bigint>(P).fill(0)),
  };
  if (P === 0) return counts;
  const { n, time, customer, total, refunded } = cols;
  const C = cols.customerIds.length;
  const { lo, hi } = orderWindow(-Infinity, Infinity, asOf);
  const indexer = new PeriodIndexer(kernel, cols.minTime, Math.min(cols.maxTime, asOf));
  const { bucketMs, bucketBase, buckets } = indexer;
  const ofInstant = (t: number): number => indexer.ofInstant(t);
  const refunds = net ? refunded : null;
  // Every sum is of non-negative terms bounded by the grand gross total: doubles are exact while it is safe.
  const first = new Float64Array(SLOTS * P);
  // Per customer c: periods at [2c] (current) and [2c + 1] (previous), their revenues likewise: one order
  // touches two cache lines.
  const per = new Int32Array(2 * C).fill(NONE);
  const rev = new Float64Array(2 * C);
  const gross = inOrderPass(n, time, customer, total, refunds, lo, hi, bucketMs, bucketBase, buckets, ofInstant, per, rev, pFirst, P, first);
  if (gross >= 0 && Number.isSafeInteger(gross)) {
    closeCustomers(per, rev, pFirst, P, first);
    return fromSlots(counts, first);
  }
  const start = new Int32Array(C + 1);
  const grand = countPerCustomer(n, time, customer, total, lo, hi, start);
  const exact = !Number.isSafeInteger(grand);
  // Bucket the seen orders by customer (counting sort), keeping period and revenue, then sort each bucket.
  for (let c = 0; c < C; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const m = start[C] as number;
  const period = new Int32Array(m);
  const units = new Float64Array(m);
  scatter(n, time, customer, total, refunds, lo, hi, bucketMs, bucketBase, buckets, ofInstant, start, period, units);
  for (let c = 0; c < C; c++) sortBucket(period, units, start[c] as number, start[c + 1] as number);
  if (exact) {
    walkExact(counts, period, units, start, C);
    return counts;
  }
  const acc = new Float64Array(SLOTS * P);
  walkBuckets(period, units, start, C, pFirst, P, acc);
  return fromSlots(counts, acc);
}

// Counters in one Float64Array, slot-major (`acc[slot × P + k]`): customer counts, then money (minor units).
const ACTIVE = 0;
const NEW_C = 1;
const RET_C = 2;
const RES_C = 3;
const CHU_C = 4;
const MONEY = 5;
const SLOTS = MONEY + GROWTH_MONEY.length;
/** "No period yet" in the per-customer state. */
const NONE = -2147483648;

/** Copies the slot counters into `counts`. */
function fromSlots(counts: GrowthCounts, acc: Float64Array): GrowthCounts {
  const P = counts.P;
  const slot = (s: number): Float64Array => acc.subarray(s * P, (s + 1) * P);
  counts.active = slot(ACTIVE);
  counts.newCustomers = slot(NEW_C);
  counts.retained = slot(RET_C);
  counts.resurrected = slot(RES_C);
  counts.churned = slot(CHU_C);
  counts.money = GROWTH_MONEY.map((_, m) => Array.from(slot(MONEY + m)));
  return counts;
}

/**
 * Records one customer's visit to active period `q` (revenue `r`), whose previous active period was `prev`
 * (revenue `rPrev`; NONE: the first visit): new, retained (with expansion or contraction) or resurrected in `q`,
 * and churned in `prev + 1` after a gap. Periods outside `p0 … p0 + P − 1` are not counted.
 */
function classify(acc: Float64Array, p0: number, P: number, q: number, r: number, prev: number, rPrev: number): void {
  const k = q - p0;
  if (k >= 0 && k < P) {
    acc[ACTIVE * P + k] = (acc[ACTIVE * P + k] as number) + 1;
    acc[(MONEY + REV) * P + k] = (acc[(MONEY + REV) * P + k] as number) + r;
    if (prev === NONE) {
      acc[NEW_C * P + k] = (acc[NEW_C * P + k] as number) + 1;
      acc[(MONEY + NEW) * P + k] = (acc[(MONEY + NEW) * P + k] as number) + r;
    } else if (q === prev + 1) {
      acc[RET_C * P + k] = (acc[RET_C * P + k] as number) + 1;
      acc[(MONEY + RET) * P + k] = (acc[(MONEY + RET) * P + k] as number) + r;
      if (r > rPrev) acc[(MONEY + EXP) * P + k] = (acc[(MONEY + EXP) * P + k] as number) + (r - rPrev);
      else acc[(MONEY + CON) * P + k] = (acc[(MONEY + CON) * P + k] as number) + (rPrev - r);
    } else {
      acc[RES_C * P + k] = (acc[RES_C * P + k] as number) + 1;
      acc[(MONEY + RES) * P + k] = (acc[(MONEY + RES) * P + k] as number) + r;
    }
  }
  if (prev !== NONE && q !== prev + 1) churnAfter(acc, p0, P, prev, rPrev);
}

/** Records the churn of a customer whose active period `prev` (revenue `rPrev`) has no successor. */
function churnAfter(acc: Float64Array, p0: number, P: number, prev: number, rPrev: number): void {
  const kc = prev + 1 - p0;
  if (kc >= 0 && kc < P) {
    acc[CHU_C * P + kc] = (acc[CHU_C * P + kc] as number) + 1;
    acc[(MONEY + CHU) * P + kc] = (acc[(MONEY + CHU) * P + kc] as number) + rPrev;
  }
}

/**
 * One pass over orders that come in time order per customer (any interleaving of customers): per customer, the
 * current period and its revenue so far, and the previous period and its revenue (`per[2c]`, `rev[2c]`,
 * `per[2c + 1]`, `rev[2c + 1]`; NONE for no period), which {@link closeCustomers} then closes. Returns the gross sum of the
 * seen orders (minor units), or −1, with `acc` partly filled, at the first order of a customer that is earlier
 * than one before it.
 */
function inOrderPass(
  n: number,
  time: Float64Array,
  customer: Int32Array,
  total: Float64Array,
  refunded: Float64Array | null,
  lo: number,
  hi: number,
  bucketMs: number,
  bucketBase: number,
  buckets: Int32Array,
  ofInstant: (t: number) => number,
  per: Int32Array,
  rev: Float64Array,
  p0: number,
  P: number,
  acc: Float64Array,
): number {
  let gross = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
    const c = customer[i] as number;
    gross += total[i] as number;
    const v = bucketMs === 0 ? undefined : buckets[Math.floor(t / bucketMs) - bucketBase];
    const q = v === undefined ? ofInstant(t) : v;
    const r = refunded === null ? (total[i] as number) : (total[i] as number) - (refunded[i] as number);
    const j = 2 * c;
    const cp = per[j] as number;
    if (q === cp) {
      rev[j] = (rev[j] as number) + r;
    } else if (q > cp) {
      if (cp !== NONE) {
        const cr = rev[j] as number;
        classify(acc, p0, P, cp, cr, per[j + 1] as number, rev[j + 1] as number);
        per[j + 1] = cp;
        rev[j + 1] = cr;
      }
      per[j] = q;
      rev[j] = r;
    } else {
      return -1;
    }
  }
  return gross;
}

/**
 * The end of {@link inOrderPass}: each customer's last active period. Not part of the pass: code after a hot loop
 * has no type feedback when on-stack replacement optimises the loop (measured: one deoptimisation per call).
 */
function closeCustomers(per: Int32Array, rev: Float64Array, p0: number, P: number, acc: Float64Array): void {
  for (let j = 0; j < per.length; j += 2) {
    const cp = per[j] as number;
    if (cp === NONE) continue;
    classify(acc, p0, P, cp, rev[j] as number, per[j + 1] as number, rev[j + 1] as number);
    churnAfter(acc, p0, P, cp, rev[j] as number);
  }
}

/** The walk over sorted buckets: each customer's distinct periods in time order, through {@link classify}. */
function walkBuckets(period: Int32Array, units: Float64Array, start: Int32Array, C: number, p0: number, P: number, acc: Float64Array): void {
  for (let c = 0; c < C; c++) {
    const b = start[c + 1] as number;
    let prev = NONE;
    let rPrev = 0;
    let j = start[c] as number;
    while (j < b) {
      const q = period[j] as number;
      let r = 0;
      while (j < b && (period[j] as number) === q) r += units[j++] as number;
      classify(acc, p0, P, q, r, prev, rPrev);
      prev = q;
      rPrev = r;
    }
    if (prev !== NONE) churnAfter(acc, p0, P, prev, rPrev);
  }
}

// The hot loops take typed arrays, numbers and functions only, never a class instance (see countOrders in
// cohortCells.ts for why: V8 drops such an instance's map between calls and the loop deoptimises).

/** Counts the seen orders of each customer into `count[c + 1]`; returns their gross sum (minor units). */
function countPerCustomer(n: number, time: Float64Array, customer: Int32Array, total: Float64Array, lo: number, hi: number, count: Int32Array): number {
  let grand = 0;
  for (let i = 0; i < n; i++) {
    if (!within(time[i] as number, lo, hi)) continue;
    const slot = (customer[i] as number) + 1;
    count[slot] = (count[slot] as number) + 1;
    grand += total[i] as number;
  }
  return grand;
}

/** Writes each seen order's period and revenue into its customer's bucket (`start`: bucket offsets). */
function scatter(
  n: number,
  time: Float64Array,
  customer: Int32Array,
  total: Float64Array,
  refunded: Float64Array | null,
  lo: number,
  hi: number,
  bucketMs: number,
  bucketBase: number,
  buckets: Int32Array,
  ofInstant: (t: number) => number,
  start: Int32Array,
  period: Int32Array,
  units: Float64Array,
): void {
  const fill = start.slice(0, start.length - 1);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
    const c = customer[i] as number;
    const j = fill[c] as number;
    const v = bucketMs === 0 ? undefined : buckets[Math.floor(t / bucketMs) - bucketBase];
    period[j] = v === undefined ? ofInstant(t) : v;
    units[j] = refunded === null ? (total[i] as number) : (total[i] as number) - (refunded[i] as number);
    fill[c] = j + 1;
  }
}

/** Sorts one customer's bucket `[a, b)` by period (stable; usually already in order). */
function sortBucket(period: Int32Array, units: Float64Array, a: number, b: number): void {
  let sorted = true;
  for (let j = a + 1; j < b; j++) {
    if ((period[j] as number) < (period[j - 1] as number)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  if (b - a <= 32) {
    for (let j = a + 1; j < b; j++) {
      const p = period[j] as number;
      const u = units[j] as number;
      let k = j - 1;
      while (k >= a && (period[k] as number) > p) {
        period[k + 1] = period[k] as number;
        units[k + 1] = units[k] as number;
        k--;
      }
      period[k + 1] = p;
      units[k + 1] = u;
    }
    return;
  }
  const idx = Array.from({ length: b - a }, (_, k) => a + k);
  idx.sort((x, y) => (period[x] as number) - (period[y] as number) || x - y);
  const ps = idx.map((k) => period[k] as number);
  const us = idx.map((k) => units[k] as number);
  period.set(ps, a);
  units.set(us, a);
}

/** {@link walkBuckets} with exact BigInt money, for books whose revenue passes 2^53 minor units. */
function walkExact(counts: GrowthCounts, period: Int32Array, units: Float64Array, start: Int32Array, C: number): void {
  const { p0, P, active, newCustomers, retained, resurrected, churned } = counts;
  const money = counts.money.map(() => new Array<bigint>(P).fill(0n));
  const add = (s: number, k: number, v: bigint): void => {
    const arr = money[s] as bigint[];
    arr[k] = (arr[k] as bigint) + v;
  };
  const last = p0 + P - 1;
  for (let c = 0; c < C; c++) {
    const a = start[c] as number;
    const b = start[c + 1] as number;
    let prev = NaN;
    let rPrev = 0n;
    let j = a;
    while (j < b) {
      const q = period[j] as number;
      let r = 0n;
      while (j < b && (period[j] as number) === q) r += BigInt(units[j++] as number);
      if (q > last) break;
      const k = q - p0;
      if (k >= 0) {
        active[k] = (active[k] as number) + 1;
        add(REV, k, r);
        if (Number.isNaN(prev)) {
          newCustomers[k] = (newCustomers[k] as number) + 1;
          add(NEW, k, r);
        } else if (q === prev + 1) {
          retained[k] = (retained[k] as number) + 1;
          add(RET, k, r);
          if (r > rPrev) add(EXP, k, r - rPrev);
          else add(CON, k, rPrev - r);
        } else {
          resurrected[k] = (resurrected[k] as number) + 1;
          add(RES, k, r);
        }
      }
      if (!Number.isNaN(prev) && q !== prev + 1 && prev + 1 - p0 >= 0) {
        churned[prev + 1 - p0] = (churned[prev + 1 - p0] as number) + 1;
        add(CHU, prev + 1 - p0, rPrev);
      }
      prev = q;
      rPrev = r;
    }
    if (!Number.isNaN(prev) && prev < last && prev + 1 - p0 >= 0) {
      churned[prev + 1 - p0] = (churned[prev + 1 - p0] as number) + 1;
      add(CHU, prev + 1 - p0, rPrev);
    }
  }
  counts.money = money;
}
