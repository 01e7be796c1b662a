import type { Decimal } from "decimal.js";
import { repeatRowsOf, type OrderColumns } from "../book/columns.js";
import { inWindow, orderWindow } from "../book/window.js";
import { minorToDecimal } from "../money/money.js";
import { PeriodIndexer, type PeriodKernel } from "../time/periods.js";

// The kernel of growthAccounting (src/retention/growthAccounting.ts, where the definitions are documented).
// Each customer's distinct active periods are visited in time order, and each visit records one transition (new,
// retained or resurrected) in per-period counters. Cost O(n + customers + B), B periods from the earlier of the
// book's first period and pFirst to pLast (the counter columns).
//
// The fast path, in phases:
// 1. The period of each order: the PeriodIndexer's table, or, in a book in time order, the period of the order
//    before when the order's time falls in it (two comparisons; see inOrderPass).
// 2. The per-customer state: per customer with two or more orders in the book (the book's `repeatRow`), one
//    record of three 32-bit integers (state code, revenue of the current period so far, revenue of the previous
//    one; in doubles only past 2^31 − 1 minor units, see State), so that an order touches one record, and only
//    a customer's first order in a period does more than add to it ({@link step}, {@link transition}). A
//    customer with a single order needs no state at all: its order is counted in per-period "single" counters,
//    folded in at the end.
// 3. The passes: when every customer's orders come in time order (the usual book), one pass over the orders
//    ({@link inOrderPass}); otherwise one pass puts the orders into buckets by row block and period, and the
//    same steps run bucket by bucket ({@link periodSortedPass}).
// 4. The end: each customer's last period is closed ({@link closeRows}); the single counters are folded in, and
//    the counters the passes do not keep (active, churned, expansion, contraction, revenue) are derived from
//    identities ({@link finish}; see ABS and PREV).
// Money is summed in doubles while the gross total is a safe integer (every sum is then exact, in any order);
// past 2^53 minor units a walk over per-customer buckets in BigInt does it ({@link walkExact}).

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
 * customer is new, retained or resurrected (orders after `pLast` change no counter). `net`: revenue net of
 * refunds. `exactWalk` (tests): always take the BigInt walk over per-customer buckets, the slow reference.
 */
export function growthCounts(cols: OrderColumns, kernel: PeriodKernel, asOf: number, pFirst: number, pLast: number, net: boolean, exactWalk = false): GrowthCounts {
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
  const C = cols.customers;
  const { lo, hi } = orderWindow(-Infinity, Infinity, asOf);
  const indexer = new PeriodIndexer(kernel, cols.minTime, Math.min(cols.maxTime, asOf));
  const { bucketMs, bucketBase, buckets } = indexer;
  const ofInstant = (t: number): number => indexer.ofInstant(t);
  const refunds = net ? refunded : null;
  if (!exactWalk && n > 0) {
    // Every sum is of non-negative terms bounded by the gross total of the counted orders: doubles are exact
    // while it is a safe integer.
    const { orderRow, rows } = repeatRowsOf(cols);
    // Counter columns: period `base + k` in column k, from the earlier of the book's first period and pFirst
    // (column 1, so that no order's column is below it) to pLast, and one more for the churns after pLast. Column
    // 0 stands for "before the customer's first order" (see transition()); its counters are never read.
    const base = Math.min(kernel.ofInstantOnce(cols.minTime), pFirst) - 1;
    const W = pLast - base + 2;
    const acc = new Float64Array(SLOTS * W);
    const { starts, startsFrom } = indexer;
    const passes = (state: State, limit: number): number => {
      let gross = inOrderPass(n, time, total, refunds, orderRow, lo, hi, bucketMs, bucketBase, buckets, ofInstant, starts, startsFrom, state, limit, acc, W, base);
      if (gross === -EARLIER) {
        // Some customer's orders were out of time order: start again, from orders sorted by period.
        acc.fill(0);
        state.fill(0);
        gross = periodSortedPass(n, time, total, refunds, orderRow, rows, lo, hi, bucketMs, bucketBase, buckets, ofInstant, state, limit, acc, W, base);
      }
      if (gross >= 0) closeRows(state, acc, W);
      return gross;
    };
    // The records in 32-bit integers (12 bytes a customer: the fewer bytes, the fewer cache misses), unless some
    // customer's revenue in one period passes 2^31 − 1 minor units; then again in doubles.
    let gross = passes(new Int32Array(STRIDE * rows), INT32_LIMIT);
    if (gross === -TOO_BIG) {
      acc.fill(0);
      gross = passes(new Float64Array(STRIDE * rows), Infinity);
    }
    if (Number.isSafeInteger(gross)) {
      finish(acc, W);
      return fromSlots(counts, acc, W, pFirst - base);
    }
  }
  const start = new Int32Array(C + 1);
  countPerCustomer(n, time, customer, lo, hi, start);
  // Bucket the seen orders by customer (counting sort), keeping period and revenue, then sort each bucket.
  for (let c = 0; c < C; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const m = start[C] as number;
  const period = new Int32Array(m);
  const units = new Float64Array(m);
  scatter(n, time, customer, total, refunds, lo, hi, bucketMs, bucketBase, buckets, ofInstant, start, period, units);
  for (let c = 0; c < C; c++) sortBucket(period, units, start[c] as number, start[c + 1] as number);
  walkExact(counts, period, units, start, C);
  return counts;
}

// Counters in one Float64Array, slot-major (`acc[slot × W + k]`, W columns, see growthCounts): customer counts,
// money (minor units), then the single-order customers' count and revenue, which finish() folds into the others.
// The passes count only what they must: the new, retained and resurrected customers and revenue, and over the
// retained (revenue x in the period, y in the one before) Σ|x − y| and Σy, in the expansion and contraction
// slots (ABS, PREV). finish() derives the rest, exactly (integers):
//   active(k) = new + retained + resurrected; churned(k) = active(k − 1) − retained(k): every customer active in
//   a period is retained in the next one or churned in it;
//   churned revenue(k) = revenue(k − 1) − PREV(k), likewise;
//   expansion = Σ max(x − y, 0) = (ABS − PREV + retained revenue) / 2, contraction = (ABS + PREV − retained
//   revenue) / 2.
const ACTIVE = 0;
const NEW_C = 1;
const RET_C = 2;
const RES_C = 3;
const CHU_C = 4;
const MONEY = 5;
const SINGLE_C = MONEY + GROWTH_MONEY.length;
const SINGLE_M = SINGLE_C + 1;
const SLOTS = SINGLE_M + 1;
const ABS = EXP;
const PREV = CON;

/** Copies the slot counters of columns `off … off + P − 1` into `counts`. */
function fromSlots(counts: GrowthCounts, acc: Float64Array, W: number, off: number): GrowthCounts {
  const P = counts.P;
  const slot = (s: number): Float64Array => acc.subarray(s * W + off, s * W + off + P);
  counts.active = slot(ACTIVE);
  counts.newCustomers = slot(NEW_C);
  counts.retained = slot(RET_C);
  counts.resurrected = slot(RES_C);
  counts.churned = slot(CHU_C);
  counts.money = GROWTH_MONEY.map((_, m) => Array.from(slot(MONEY + m)));
  return counts;
}

// The per-customer state of the fast path: STRIDE numbers per repeat row, [code, x, y]. code = k × 4 + category
// of the customer's current period, in column k (0 before the customer's first counted order: column 0, no
// category); x = revenue of that period so far; y = revenue of the customer's active period before it (read
// when the current one is retained, that is when the two are adjacent). In an Int32Array while every x is at
// most INT32_LIMIT (the passes check it), else in a Float64Array (exact below 2^53, like every sum here).
type State = Int32Array | Float64Array;
const STRIDE = 3;
const INT32_LIMIT = 0x7fffffff;
// Outcomes of a step besides 0 (done): the order is earlier than the customer's current period; a revenue in
// the record passed the state's limit.
const EARLIER = 1;
const TOO_BIG = 2;
/**
 * Orders per block of the passes: each block first reads the records of its orders (loads that do not depend on
 * each other, so the processor overlaps their cache misses), then processes the orders, whose records are then cached.
 */
const BLOCK = 64;
// Categories, numbered as their count slots (NEW_C …) and their money slots after MONEY (NEW …): new is 1
// (CAT_RES − 2 in transition), retained 2, resurrected 3.
const CAT_RET = 2;
const CAT_RES = 3;

/**
 * Closes a customer's period in column `k`, of category `cat`, with revenue `x`: adds it to the category's
 * revenue, and a retained one's |x − y| and y, `y` its revenue in the period before (see ABS and PREV).
 */
function closePeriod(acc: Float64Array, W: number, k: number, cat: number, x: number, y: number): void {
  acc[(MONEY + cat) * W + k] = (acc[(MONEY + cat) * W + k] as number) + x;
  if (cat !== CAT_RET) return;
  acc[(MONEY + ABS) * W + k] = (acc[(MONEY + ABS) * W + k] as number) + Math.abs(x - y);
  acc[(MONEY + PREV) * W + k] = (acc[(MONEY + PREV) * W + k] as number) + y;
}

/** The order (revenue `r`, column `k`) of a customer with a single order in the book: see {@link finish}. */
function single(acc: Float64Array, W: number, k: number, r: number): void {
  acc[SINGLE_C * W + k] = (acc[SINGLE_C * W + k] as number) + 1;
  acc[SINGLE_M * W + k] = (acc[SINGLE_M * W + k] as number) + r;
}

/**
 * One order (column `k`, revenue `r`) of the customer of repeat row `row`. Returns 0; or EARLIER, having changed
 * nothing, when the customer's current period is later than the order's; or TOO_BIG when the period's revenue
 * passed `limit` (the state is then unusable). The frequent case after a first order in a period, another order
 * in it, only adds to its revenue; a new active period goes to {@link transition}.
 */
function step(state: State, limit: number, acc: Float64Array, W: number, k: number, r: number, row: number): number {
  const s = row * STRIDE;
  const code = state[s] as number;
  const ck = code >> 2;
  let x = r;
  if (ck === k) {
    x = (state[s + 1] as number) + r;
    state[s + 1] = x;
  } else if (k < ck) {
    return EARLIER;
  } else {
    transition(state, acc, W, k, r, s, code);
  }
  return x > limit ? TOO_BIG : 0;
}

/**
 * The first order (column `k`, revenue `r`) of a customer (record at `s`, `code`) in a period after its current
 * one (column ck): closes the current period (as {@link closePeriod}), and enters column k as new (ck = 0),
 * retained (k = ck + 1) or resurrected (after a gap). Without branches: which of the three is as likely one way
 * as another, and a mispredicted branch costs more than the additions made here for nothing. wasRet (0 or 1)
 * scales the retained-only additions, and a new customer's current period is column 0 (no category, x = y = 0),
 * whose counters are never read.
 */
function transition(state: State, acc: Float64Array, W: number, k: number, r: number, s: number, code: number): void {
  const ck = code >> 2;
  const cat = code & 3;
  const x = state[s + 1] as number;
  const y = state[s + 2] as number;
  const isNew = (ck - 1) >>> 31; // ck = 0
  const isRet = ((k - ck - 2) >>> 31) & (isNew ^ 1); // k = ck + 1 (k > ck here)
  const next = CAT_RES - 2 * isNew - isRet;
  // The current period.
  acc[(MONEY + cat) * W + ck] = (acc[(MONEY + cat) * W + ck] as number) + x;
  const wasRet = 1 - (((cat ^ CAT_RET) + 3) >> 2); // cat = CAT_RET
  acc[(MONEY + ABS) * W + ck] = (acc[(MONEY + ABS) * W + ck] as number) + Math.abs(x - y) * wasRet;
  acc[(MONEY + PREV) * W + ck] = (acc[(MONEY + PREV) * W + ck] as number) + y * wasRet;
  // The new period.
  state[s] = k * 4 + next;
  state[s + 1] = r;
  state[s + 2] = x;
  acc[next * W + k] = (acc[next * W + k] as number) + 1;
}

/** The period index of instant `t`: the PeriodIndexer's table (inlined here), else its `ofInstant`. */
function periodOf(t: number, bucketMs: number, bucketBase: number, buckets: Int32Array, ofInstant: (t: number) => number): number {
  const v = bucketMs === 0 ? undefined : buckets[Math.floor(t / bucketMs) - bucketBase];
  return v === undefined ? ofInstant(t) : v;
}

/**
 * One pass over orders that come in time order per customer (any interleaving of customers), through
 * {@link step}. Returns the gross sum of the counted orders (minor units); or, with `state` and `acc` partly
 * filled, −EARLIER at the first order of a customer that is earlier than one before it, −TOO_BIG at the first
 * revenue past `limit`. Orders after the last column (`W − 2`) change no counter and are skipped.
 */
function inOrderPass(
  n: number,
  time: Float64Array,
  total: Float64Array,
  refunded: Float64Array | null,
  orderRow: Int32Array,
  lo: number,
  hi: number,
  bucketMs: number,
  bucketBase: number,
  buckets: Int32Array,
  ofInstant: (t: number) => number,
  starts: Float64Array,
  startsFrom: number,
  state: State,
  limit: number,
  acc: Float64Array,
  W: number,
  base: number,
): number {
  const last = W - 2;
  let gross = 0;
  let touched = 0;
  // The column k of the last order looked up, and the instants [from, until) of its period (from the indexer's
  // starts, which its table was built from): in a book in time order, most orders fall in the period of the
  // order before, and need no lookup. Empty (never matches) until a lookup, or without starts.
  let k = 0;
  let from = Infinity;
  let until = -Infinity;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    // Read the block's records first: independent loads, so their cache misses overlap (see BLOCK).
    for (let i = i0; i < i1; i++) {
      const row = orderRow[i] as number;
      if (row >= 0) touched += state[row * STRIDE] as number;
    }
    for (let i = i0; i < i1; i++) {
      const t = time[i] as number;
      if (!within(t, lo, hi)) continue;
      if (!(t >= from && t < until)) {
        const q = periodOf(t, bucketMs, bucketBase, buckets, ofInstant);
        k = q - base;
        const j = q - startsFrom;
        const known = j >= 0 && j + 1 < starts.length;
        from = known ? (starts[j] as number) : Infinity;
        until = known ? (starts[j + 1] as number) : -Infinity;
      }
      if (k > last) continue;
      const g = total[i] as number;
      gross += g;
      const r = refunded === null ? g : g - (refunded[i] as number);
      const row = orderRow[i] as number;
      if (row < 0) {
        single(acc, W, k, r);
        continue;
      }
      const status = step(state, limit, acc, W, k, r, row);
      if (status !== 0) return -status;
    }
  }
  // `touched` is a sum of non-negative codes: the test keeps its loads from being dropped and never fires.
  return touched < 0 ? -EARLIER : gross;
}

/**
 * Repeat rows per row block of {@link periodSortedPass}: the records of a block (12 bytes each in an Int32Array,
 * 384 KB) fit in a core's level-2 cache, so the steps of a block, done together, read their records from there.
 */
const ROW_BLOCK_SHIFT = 15;

/**
 * {@link inOrderPass} for orders in any order, in two phases: the orders go into buckets, with the single-order
 * customers counted on the way ({@link toBuckets}); then the same steps as inOrderPass, bucket by bucket
 * ({@link stepByBucket}). Bucket `blk × W + k` holds the repeat rows and revenues of the orders in column k of
 * the customers of row block blk (see {@link ROW_BLOCK_SHIFT}), so that the steps go block by block and, in a
 * block, column by column, as each customer's orders must. A bucket is a chain of chunks of one pool (see
 * toBuckets): one pass over the orders, where a counting sort would take two. One hot loop per function (see
 * {@link closeRows}). Returns the gross sum of the counted orders, or −TOO_BIG (see {@link inOrderPass}).
 */
function periodSortedPass(
  n: number,
  time: Float64Array,
  total: Float64Array,
  refunded: Float64Array | null,
  orderRow: Int32Array,
  rows: number,
  lo: number,
  hi: number,
  bucketMs: number,
  bucketBase: number,
  buckets: Int32Array,
  ofInstant: (t: number) => number,
  state: State,
  limit: number,
  acc: Float64Array,
  W: number,
  base: number,
): number {
  // Row blocks, unless there would be more than one bucket per 64 orders (many short periods): then one block,
  // so that the first chunks of the buckets (16 entries at least) stay a small part of the pool.
  const blocked = (((rows - 1) >> ROW_BLOCK_SHIFT) + 1) * W * 64 <= n;
  const rowShift = blocked ? ROW_BLOCK_SHIFT : 31; // row >> 31 = 0: one block
  const K = (blocked ? ((rows - 1) >> ROW_BLOCK_SHIFT) + 1 : 1) * W;
  // Chunks of 2^shift entries, about n/4 entries in the K first chunks (one per bucket) at most.
  const shift = Math.max(4, Math.min(12, Math.floor(Math.log2(Math.max(1, n / (4 * K))))));
  // Enough chunks for every order, the first chunk of each bucket, and the chunk each bucket takes when its
  // chunk fills (see toBuckets).
  const chunks = K + (n >> shift) + 1;
  const fill = new Int32Array(K);
  for (let key = 0; key < K; key++) fill[key] = key << shift;
  const link = new Int32Array(chunks);
  const rowOf = new Int32Array(chunks << shift);
  // The revenues in the state's type: an order's revenue past its limit is a period's revenue past it.
  const units = state instanceof Int32Array ? new Int32Array(chunks << shift) : new Float64Array(chunks << shift);
  const gross = toBuckets(n, time, total, refunded, orderRow, lo, hi, bucketMs, bucketBase, buckets, ofInstant, acc, W, base, rowShift, shift, fill, link, rowOf, units, limit);
  if (gross < 0) return gross;
  const status = stepByBucket(state, limit, acc, W, shift, fill, link, rowOf, units);
  return status === 0 ? gross : -status;
}

/**
 * Puts each counted order of a repeat customer into its bucket (see {@link periodSortedPass}), and counts the
 * single-order customers' orders. Bucket key starts in chunk key; `fill[key]` is the next free entry of its
 * last chunk, and when a chunk fills the bucket goes on in the next unused chunk, `link` recording the chain.
 * Returns the gross sum of the counted orders, or −TOO_BIG at the first revenue past `limit`.
 */
function toBuckets(
  n: number,
  time: Float64Array,
  total: Float64Array,
  refunded: Float64Array | null,
  orderRow: Int32Array,
  lo: number,
  hi: number,
  bucketMs: number,
  bucketBase: number,
  buckets: Int32Array,
  ofInstant: (t: number) => number,
  acc: Float64Array,
  W: number,
  base: number,
  rowShift: number,
  shift: number,
  fill: Int32Array,
  link: Int32Array,
  rowOf: Int32Array,
  units: State,
  limit: number,
): number {
  const last = W - 2;
  const mask = (1 << shift) - 1;
  let unused = fill.length;
  let gross = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!within(t, lo, hi)) continue;
    const k = periodOf(t, bucketMs, bucketBase, buckets, ofInstant) - base;
    if (k > last) continue;
    const g = total[i] as number;
    gross += g;
    const r = refunded === null ? g : g - (refunded[i] as number);
    const row = orderRow[i] as number;
    if (row < 0) {
      single(acc, W, k, r);
      continue;
    }
    if (r > limit) return -TOO_BIG;
    const key = (row >> rowShift) * W + k;
    const j = fill[key] as number;
    rowOf[j] = row;
    units[j] = r;
    if (((j + 1) & mask) !== 0) {
      fill[key] = j + 1;
    } else {
      link[j >> shift] = unused;
      fill[key] = unused << shift;
      unused++;
    }
  }
  return gross;
}

/** The steps of the bucketed orders, bucket by bucket, in blocks (see {@link BLOCK}). Returns 0, or TOO_BIG (see {@link step}). */
function stepByBucket(state: State, limit: number, acc: Float64Array, W: number, shift: number, fill: Int32Array, link: Int32Array, rowOf: Int32Array, units: State): number {
  let touched = 0;
  let status = 0;
  for (let key = 0; key < fill.length; key++) {
    const k = key % W;
    const tail = fill[key] as number;
    for (let c = key; ; c = link[c] as number) {
      const from = c << shift;
      const end = tail >> shift === c ? tail : from + (1 << shift);
      for (let j0 = from; j0 < end; j0 += BLOCK) {
        const j1 = Math.min(end, j0 + BLOCK);
        // Read the block's records first (see inOrderPass).
        for (let j = j0; j < j1; j++) touched += state[(rowOf[j] as number) * STRIDE] as number;
        for (let j = j0; j < j1; j++) status |= step(state, limit, acc, W, k, units[j] as number, rowOf[j] as number);
      }
      if (end === tail) break;
    }
  }
  // `touched` is a sum of non-negative codes: the test keeps its loads from being dropped and never fires.
  return touched < 0 ? TOO_BIG : status;
}

/**
 * The end of the passes: each customer's last active period is closed (its churn is derived in finish()). Not
 * part of a pass: code after a hot loop has no type feedback when on-stack replacement optimises the loop.
 */
function closeRows(state: State, acc: Float64Array, W: number): void {
  for (let s = 0; s < state.length; s += STRIDE) {
    const code = state[s] as number;
    if (code === 0) continue;
    const ck = code >> 2;
    closePeriod(acc, W, ck, code & 3, state[s + 1] as number, state[s + 2] as number);
  }
}

/**
 * Folds the single-order customers in (each new in its period), then derives the other counters (see ABS and
 * PREV): active customers and revenue, churned customers and revenue, expansion and contraction.
 */
function finish(acc: Float64Array, W: number): void {
  for (let k = 1; k < W; k++) {
    acc[NEW_C * W + k] = (acc[NEW_C * W + k] as number) + (acc[SINGLE_C * W + k] as number);
    acc[(MONEY + NEW) * W + k] = (acc[(MONEY + NEW) * W + k] as number) + (acc[SINGLE_M * W + k] as number);
  }
  for (let k = 1; k < W; k++) {
    const c = (j: number): number => acc[j * W + k] as number;
    const m = (j: number): number => acc[(MONEY + j) * W + k] as number;
    const abs = m(ABS);
    const prev = m(PREV);
    acc[ACTIVE * W + k] = c(NEW_C) + c(RET_C) + c(RES_C);
    acc[CHU_C * W + k] = (acc[ACTIVE * W + k - 1] as number) - c(RET_C);
    acc[(MONEY + REV) * W + k] = m(NEW) + m(RET) + m(RES);
    acc[(MONEY + CHU) * W + k] = (acc[(MONEY + REV) * W + k - 1] as number) - prev;
    // Exact: abs − prev lies in [−prev, abs]; the sums are 2 × expansion and 2 × contraction, even integers
    // below 2^54 (each at most twice the gross total), which doubles hold exactly.
    acc[(MONEY + EXP) * W + k] = (abs - prev + m(RET)) / 2;
    acc[(MONEY + CON) * W + k] = (abs - (m(RET) - prev)) / 2;
  }
}

// The hot loops take typed arrays, numbers and functions only, never a class instance (see countOrders in
// cohortCells.ts for why: V8 drops such an instance's map between calls and the loop deoptimises).

/** Counts the seen orders of each customer into `count[c + 1]`. */
function countPerCustomer(n: number, time: Float64Array, customer: Int32Array, lo: number, hi: number, count: Int32Array): void {
  for (let i = 0; i < n; i++) {
    if (!within(time[i] as number, lo, hi)) continue;
    const slot = (customer[i] as number) + 1;
    count[slot] = (count[slot] as number) + 1;
  }
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

/**
 * The walk over per-customer buckets sorted by period, with exact BigInt money: for books whose revenue passes 2^53
 * minor units, and the slow reference of the fast path in tests.
 */
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

/** One period of `growthAccounting`'s result: customers and revenue split by where they came from. */
export interface GrowthAccountingPeriod {
  /** Stable label: `2024-03`, `2024-Q1`, … */
  label: string;
  /** Period start, ISO 8601 with the zone's offset. */
  start: string;
  /** Period end, exclusive, ISO 8601 with the zone's offset. */
  end: string;
  /** Whether the period ended by `asOf` (fully observed). */
  complete: boolean;
  /** Customers with an order in the period: new + retained + resurrected. */
  activeCustomers: number;
  /** Customers whose first order ever is in the period. */
  newCustomers: number;
  /** Active customers who were active in the previous period too. */
  retainedCustomers: number;
  /** Active customers who ordered before, but not in the previous period. */
  resurrectedCustomers: number;
  /** Customers active in the previous period with no order in this one. */
  churnedCustomers: number;
  /** (new + resurrected) / churned customers, or `null` when none churned. */
  customerQuickRatio: number | null;
  /** Revenue of the period (net of refunds unless `revenue: "gross"`): new + retained + resurrected revenue. */
  revenue: Decimal;
  /** Revenue from the period's new customers. */
  newRevenue: Decimal;
  /** Revenue from its retained customers. */
  retainedRevenue: Decimal;
  /** Revenue from its resurrected customers. */
  resurrectedRevenue: Decimal;
  /** Over the retained customers: the sum of each one's increase over their previous period's revenue. */
  expansionRevenue: Decimal;
  /** Over the retained customers: the sum of each one's decrease from their previous period's revenue. */
  contractionRevenue: Decimal;
  /** The churned customers' revenue in the previous period. */
  churnedRevenue: Decimal;
  /** (new + resurrected + expansion) / (churned + contraction) revenue, or `null` when the denominator is 0. */
  revenueQuickRatio: number | null;
}

/**
 * The result periods of {@link GrowthCounts} (periods `g.p0 …`; money in minor units at `scale`), observed to
 * `asOf`: the in-process counters and the counts a warehouse returns (src/internal/sql/metrics) give their
 * periods here, so both results are built by one piece of code.
 */
export function growthPeriods(g: GrowthCounts, kernel: PeriodKernel, scale: number, asOf: number): GrowthAccountingPeriod[] {
  const m = (s: number, k: number): number | bigint => (g.money[s] as (number | bigint)[])[k] as number | bigint;
  const money = (s: number, k: number): Decimal => minorToDecimal(m(s, k), scale);
  const ratio = (num: number | bigint, den: number | bigint): number | null => (Number(den) === 0 ? null : Number(num) / Number(den));
  const periods: GrowthAccountingPeriod[] = [];
  let end = kernel.startIso(g.p0);
  for (let k = 0; k < g.P; k++) {
    const start = end;
    end = kernel.startIso(g.p0 + k + 1);
    const newC = g.newCustomers[k] as number;
    const res = g.resurrected[k] as number;
    const chu = g.churned[k] as number;
    periods.push({
      label: kernel.label(g.p0 + k),
      start,
      end,
      complete: kernel.start(g.p0 + k + 1) <= asOf + 1,
      activeCustomers: g.active[k] as number,
      newCustomers: newC,
      retainedCustomers: g.retained[k] as number,
      resurrectedCustomers: res,
      churnedCustomers: chu,
      customerQuickRatio: chu === 0 ? null : (newC + res) / chu,
      revenue: money(REV, k),
      newRevenue: money(NEW, k),
      retainedRevenue: money(RET, k),
      resurrectedRevenue: money(RES, k),
      expansionRevenue: money(EXP, k),
      contractionRevenue: money(CON, k),
      churnedRevenue: money(CHU, k),
      revenueQuickRatio: ratio(sumOf(m(NEW, k), m(RES, k), m(EXP, k)), sumOf(m(CHU, k), m(CON, k))),
    });
  }
  return periods;
}

/** Sum of minor-unit amounts (numbers below 2^53, or bigints). */
function sumOf(...xs: (number | bigint)[]): number | bigint {
  return xs.some((x) => typeof x === "bigint") ? xs.reduce<bigint>((a, x) => a + BigInt(x), 0n) : xs.reduce<number>((a, x) => a + (x as number), 0);
}
