// Data and independent helpers for the shifted-beta-geometric (sBG) tests.
import { lnBeta } from "../../src/internal/numeric/special/gamma.js";
import { mulberry32 as benchMulberry32 } from "../../bench/generateOrders.js";

/**
 * Fader & Hardie (2007), "How to Project Customer Retention", Journal of Interactive Marketing 21(1), 76-90: customers
 * of each segment still active at the start of years 1 … 13 (1,000 acquired). The paper fits years 1-7 (the first
 * eight counts) and projects the rest. The counts as PyMC-Marketing's replication notebook lists them
 * (docs/source/notebooks/clv/dev/sBG_marimo.py, percentages × 10).
 */
export const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
export const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];

/** The sBG log-likelihood written with beta functions, customer group by group (not the product recursions of src/). */
export function betaFunctionLogLik(cohorts: readonly (readonly number[])[], alpha: number, beta: number): number {
  const B = lnBeta(alpha, beta);
  let ll = 0;
  for (const c of cohorts) {
    for (let t = 1; t < c.length; t++) {
      const lost = (c[t - 1] as number) - (c[t] as number);
      // P(T = t) = B(α+1, β+t−1)/B(α, β)
      if (lost > 0) ll += lost * (lnBeta(alpha + 1, beta + t - 1) - B);
    }
    const k = c.length - 1;
    // S(k) = B(α, β+k)/B(α, β)
    ll += (c[k] as number) * (lnBeta(alpha, beta + k) - B);
  }
  return ll;
}

/** A seeded PRNG (the bench's mulberry32, moved half a step): uniforms in (0, 1), never 0. */
export function mulberry32(seed: number): () => number {
  const uniform = benchMulberry32(seed);
  // k / 2^32 + 2^-33 = (k + 0.5) / 2^32 exactly: both terms fit in a double's 53 bits.
  return () => uniform() + 0.5 / 4294967296;
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
function gamma(shape: number, u: () => number): number {
  if (shape < 1) return gamma(shape + 1, u) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const v = Math.pow(1 + c * z, 3);
    if (v <= 0) continue;
    if (Math.log(u()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Simulated survivor counts: `cohorts` cohorts of `size` customers, cohort i observed for `periods − i` periods;
 * each customer draws θ ~ Beta(α, β) and renews each period with probability 1 − θ.
 */
export function simulateCohorts(alpha: number, beta: number, cohorts: number, size: number, periods: number, seed: number): number[][] {
  const u = mulberry32(seed);
  const out: number[][] = [];
  for (let c = 0; c < cohorts; c++) {
    const k = periods - c;
    const counts = new Array<number>(k + 1).fill(0);
    for (let i = 0; i < size; i++) {
      const x = gamma(alpha, u);
      const theta = x / (x + gamma(beta, u));
      let t = 0;
      counts[0]! += 1;
      while (t < k && u() >= theta) {
        t++;
        counts[t]! += 1;
      }
    }
    out.push(counts);
  }
  return out;
}
