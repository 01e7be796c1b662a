/**
 * A small seeded pseudo-random generator for the parametric bootstrap: pure (the state lives in the closure the
 * caller owns; no global state, no clock), so the same seed gives the same draws on every runtime.
 */

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state, period 2^32, uniform doubles in [0, 1) with 32 bits
 * each. Plenty for a few thousand bootstrap draws; not for cryptography.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform generator by the Box–Muller transform (the second value is kept for the next call). */
export function normalSampler(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

/**
 * The lower Cholesky factor L of a symmetric positive-definite matrix (A = L Lᵀ), or `null` when A is not
 * positive definite. Draws of N(μ, A) are μ + L z with z standard normal.
 */
export function choleskyLower(A: readonly (readonly number[])[]): number[][] | null {
  const n = A.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const Li = L[i] ?? [];
    for (let j = 0; j <= i; j++) {
      const Lj = L[j] ?? [];
      let s = A[i]?.[j] ?? Number.NaN;
      for (let k = 0; k < j; k++) s -= (Li[k] ?? 0) * (Lj[k] ?? 0);
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        Li[i] = Math.sqrt(s);
      } else {
        Li[j] = s / (Lj[j] ?? 1);
      }
    }
  }
  return L;
}
