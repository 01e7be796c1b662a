import { betaGeoConditional, betaGeoConditionalFactor, betaGeoProbabilityAlive } from "./betaGeo.js";
import { avoidAOne, type ContinuousModel } from "./model.js";

export type { ContinuousModel };
import { paretoConditionalFactor, paretoLogLik, paretoProbabilityAlive } from "./paretoNbd.js";


/** Entries kept in a kernel's (x, T) cache before it stops adding (bounded memory on data with all-distinct T). */
const CACHE_LIMIT = 200_000;
/** Doubles a kernel's cache may hold (32 MB): a 100-year horizon keeps fewer rows than a 12-month one. */
const CACHE_DOUBLES = 4_000_000;

/**
 * What the kernel writes for one customer into its `out` array: [0] P(alive | x, t_x, T); [1] E[Y(t_M) | x, t_x, T],
 * the conditional expected purchases over the whole horizon; [2] the discounted CLV; [3] P(at least one purchase in
 * the next `nextPeriod`) (NaN when the kernel was built without one).
 */
export const ALIVE = 0;
export const EXPECTED = 1;
export const CLV = 2;
export const ANY = 3;

/**
 * The discrete-month CLV of {@link predictedLifetimeValue} and {@link scoreCustomers}, one kernel for both so that they
 * agree to the last bit:
 * CLV = Σ_{m=1}^{M} (E[Y(t_m)] − E[Y(t_{m−1})]) · spend / (1 + d)^m, t_m = m · monthInModel,
 * with E[Y(t) | x, t_x, T] = factor(x, T, t) · P(alive | x, t_x, T) (BG/NBD and MBG/NBD: max(0, ·)). The factor
 * ({@link betaGeoConditionalFactor}, {@link paretoConditionalFactor}) does not depend on t_x, so it is cached per
 * (x, T) (summaries in whole days share few of those), and P(alive) is computed once per customer, not once per
 * month. Every product is formed in the order {@link betaGeoConditional} / paretoConditional form it, so the
 * values are those of the per-month conditional expectations exactly.
 *
 * With `nextPeriod` > 0 (model units) it also gives P(Y(nextPeriod) > 0 | ·) = P(alive) · (1 − P₀), P₀ the
 * probability of no purchase in the next period of a customer alive at T: ((α+T)/(α+T+t))^(r+x) for
 * BG/NBD and MBG/NBD (FHL 2005 eq. 8 at n = 0 with the posterior parameters), and for Pareto/NBD the Pareto/NBD
 * likelihood of "no purchase in (0, t]" at the posterior parameters (r+x, α+T, s, β+T) (Fader & Hardie note 009,
 * eq. 18 at x = 0, t_x = 0, T = t). Also cached per (x, T).
 */
export function lifetimeValueKernel(
  tm: ContinuousModel,
  months: number,
  monthInModel: number,
  discountRate: number,
  nextPeriod = 0,
): (x: number, tx: number, T: number, spend: number, out: Float64Array) => void {
  const discount = new Float64Array(months + 1);
  for (let m = 1; m <= months; m++) discount[m] = Math.pow(1 + discountRate, m);
  let alive: (x: number, tx: number, T: number) => number;
  let factor: (x: number, T: number, t: number) => number;
  let some: (x: number, T: number, t: number) => number; // 1 − P₀, without cancellation
  let clampZero: boolean;
  let generic: ((x: number, tx: number, T: number, t: number) => number) | null = null;
  switch (tm.kind) {
    case "Pareto/NBD": {
      const p = tm.params;
      alive = (x, tx, T) => paretoProbabilityAlive(p, x, tx, T);
      factor = (x, T, t) => paretoConditionalFactor(p, x, T, t);
      some = (x, T, t) => -Math.expm1(paretoLogLik({ r: p.r + x, alpha: p.alpha + T, s: p.s, beta: p.beta + T }, 0, 0, t));
      clampZero = false;
      break;
    }
    default: {
      const modified = tm.kind === "MBG/NBD";
      const p = tm.params;
      alive = (x, tx, T) => betaGeoProbabilityAlive(p, modified, x, tx, T);
      factor = (x, T, t) => betaGeoConditionalFactor(p, modified, x, T, t);
      some = (x, T, t) => -Math.expm1(-(p.r + x) * Math.log1p(t / (p.alpha + T)));
      clampZero = true;
      // The removable singularity at a = 1: the old per-month path, averaging a ± 1e-6.
      if (Math.abs(p.a - 1) <= 1e-8) generic = (x, tx, T, t) => avoidAOne(tm, (q) => betaGeoConditional(q, modified, x, tx, T, t));
    }
  }
  const stride = months + 2;
  const cache = new PairCache(stride);
  const fill = (x: number, T: number, row: Float64Array, at: number): void => {
    for (let m = 1; m <= months; m++) row[at + m] = factor(x, T, m * monthInModel);
    row[at + months + 1] = nextPeriod > 0 ? some(x, T, nextPeriod) : Number.NaN;
  };
  return (x, tx, T, spend, out) => {
    const pa = alive(x, tx, T);
    let clv = 0;
    let prev = 0;
    if (generic !== null) {
      for (let m = 1; m <= months; m++) {
        const cur = generic(x, tx, T, m * monthInModel);
        clv += ((cur - prev) * spend) / (discount[m] ?? 1);
        prev = cur;
      }
      out[ALIVE] = pa;
      out[EXPECTED] = prev;
      out[CLV] = clv;
      out[ANY] = nextPeriod > 0 ? Math.min(1, Math.max(0, pa * some(x, T, nextPeriod))) : Number.NaN;
      return;
    }
    const at = cache.find(x, T, fill);
    const row = cache.rows;
    for (let m = 1; m <= months; m++) {
      const v = (row[at + m] ?? 0) * pa;
      const cur = clampZero ? Math.max(0, v) : v;
      clv += ((cur - prev) * spend) / (discount[m] ?? 1);
      prev = cur;
    }
    out[ALIVE] = pa;
    out[EXPECTED] = prev;
    out[CLV] = clv;
    out[ANY] = Math.min(1, Math.max(0, pa * (row[at + months + 1] ?? Number.NaN)));
  };
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * An open-addressing hash table from (x, T) to a row of `stride` doubles, on typed arrays only: a Map keyed by a
 * double boxes the key on every lookup, which at a million customers costs more in garbage collection than the
 * formulas. Rows are filled by `fill` on the first lookup of their key; past {@link CACHE_LIMIT} keys, a miss is
 * filled into a scratch row and not kept (bounded memory when every T differs: at most 32 MB of rows).
 */
class PairCache {
  rows: Float64Array;
  private slots: Int32Array;
  private keyX: Float64Array;
  private keyT: Float64Array;
  private count = 0;
  private mask: number;
  private readonly scratch: number;
  private readonly limit: number;

  constructor(private readonly stride: number) {
    this.limit = Math.max(1, Math.min(CACHE_LIMIT, Math.floor(CACHE_DOUBLES / stride) - 1));
    const size = 1024;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.keyX = new Float64Array(size >> 1);
    this.keyT = new Float64Array(size >> 1);
    // Row 0 is the scratch row; kept rows start at 1.
    this.rows = new Float64Array(stride * ((size >> 1) + 1));
    this.scratch = 0;
  }

  private hash(x: number, T: number): number {
    bits[0] = T;
    const h = Math.imul((words[0] ?? 0) ^ Math.imul(words[1] ?? 0, 0x9e3779b1) ^ Math.imul(x + 1, 0x85ebca6b), 0xc2b2ae35);
    return (h ^ (h >>> 15)) & this.mask;
  }

  /** The offset in `rows` of the row of (x, T). */
  find(x: number, T: number, fill: (x: number, T: number, rows: Float64Array, at: number) => void): number {
    let i = this.hash(x, T);
    for (;;) {
      const k = this.slots[i] ?? -1;
      if (k < 0) break;
      if (this.keyX[k] === x && Object.is(this.keyT[k], T)) return (k + 1) * this.stride;
      i = (i + 1) & this.mask;
    }
    if (this.count >= this.limit) {
      fill(x, T, this.rows, this.scratch);
      return this.scratch;
    }
    const k = this.count++;
    if (k >= this.keyX.length) {
      this.grow();
      return this.find(x, T, fill) ?? 0;
    }
    this.slots[i] = k;
    this.keyX[k] = x;
    this.keyT[k] = T;
    fill(x, T, this.rows, (k + 1) * this.stride);
    return (k + 1) * this.stride;
  }

  private grow(): void {
    this.count--;
    const size = this.slots.length * 2;
    const keys = Math.min(this.keyX.length * 2, this.limit);
    const keyX = new Float64Array(keys);
    keyX.set(this.keyX);
    const keyT = new Float64Array(keys);
    keyT.set(this.keyT);
    const rows = new Float64Array(this.stride * (keys + 1));
    rows.set(this.rows);
    this.keyX = keyX;
    this.keyT = keyT;
    this.rows = rows;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let k = 0; k < this.count; k++) {
      let i = this.hash(this.keyX[k] ?? 0, this.keyT[k] ?? 0);
      while ((this.slots[i] ?? -1) >= 0) i = (i + 1) & this.mask;
      this.slots[i] = k;
    }
  }
}
