/** Nodes and weights of n-point Gauss–Legendre quadrature on [−1, 1] (Newton on Pₙ; Golub–Welsch accuracy). */
function legendreRule(n: number): { nodes: readonly number[]; weights: readonly number[] } {
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * dp * dp));
  }
  return { nodes: Object.freeze(nodes), weights: Object.freeze(weights) };
}

/** The 16-point Gauss–Legendre rule on [−1, 1] (exact for polynomials of degree ≤ 31). Immutable. */
export const GAUSS_LEGENDRE_16 = Object.freeze(legendreRule(16));

/**
 * log ∫ₐᵇ exp(logF(x)) dx for a positive integrand given in log form, with 16-point Gauss–Legendre
 * rule applied over `panels` equal sub-intervals. Values are combined in log space.
 */
export function logIntegrateFixed(logF: (x: number) => number, a: number, b: number, panels = 1): number {
  const { nodes, weights } = GAUSS_LEGENDRE_16;
  const width = (b - a) / panels;
  const logs: number[] = [];
  const lw: number[] = [];
  let max = -Infinity;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * width;
    for (let i = 0; i < nodes.length; i++) {
      const v = logF(mid + 0.5 * width * (nodes[i] ?? 0));
      logs.push(v);
      lw.push(Math.log(0.5 * width * (weights[i] ?? 0)));
      if (v > max) max = v;
    }
  }
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < logs.length; i++) s += Math.exp((logs[i] ?? -Infinity) + (lw[i] ?? 0) - max);
  return max + Math.log(s);
}

/** Interval splits allowed in one {@link logIntegrateAdaptive} call. */
const MAX_SPLITS = 4000;

/**
 * log ∫ₐᵇ exp(logF(x)) dx by adaptive Gauss–Legendre: an interval is accepted when its 16-point
 * value agrees with the sum over its two halves to `relTol` relative to the running total; depth is
 * capped at 40 and the number of splits at 4,000 (past that every interval is accepted as it stands, so
 * the cost is bounded whatever the integrand). NaN for a non-finite end. Intended for smooth positive
 * integrands with one peak.
 */
export function logIntegrateAdaptive(logF: (x: number) => number, a: number, b: number, relTol = 1e-14): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.NaN;
  // Find a scale so that exp stays in range: the largest value on a coarse grid.
  let scale = -Infinity;
  for (let i = 0; i <= 64; i++) scale = Math.max(scale, logF(a + ((b - a) * i) / 64));
  if (scale === -Infinity) return -Infinity;
  const f = (x: number): number => Math.exp(logF(x) - scale);
  const { nodes, weights } = GAUSS_LEGENDRE_16;
  const rule = (lo: number, hi: number): number => {
    const m = 0.5 * (lo + hi);
    const r = 0.5 * (hi - lo);
    let s = 0;
    for (let i = 0; i < nodes.length; i++) s += (weights[i] ?? 0) * f(m + r * (nodes[i] ?? 0));
    return s * r;
  };
  const whole = rule(a, b);
  let total = 0;
  const stack: { lo: number; hi: number; value: number; depth: number }[] = [{ lo: a, hi: b, value: whole, depth: 0 }];
  let splits = 0;
  while (stack.length > 0) {
    const seg = stack.pop();
    if (seg === undefined) break;
    const mid = 0.5 * (seg.lo + seg.hi);
    const left = rule(seg.lo, mid);
    const right = rule(mid, seg.hi);
    const refined = left + right;
    if (Math.abs(refined - seg.value) <= relTol * Math.max(Math.abs(whole), Math.abs(total + refined)) || seg.depth >= 40 || ++splits > MAX_SPLITS) {
      total += refined;
    } else {
      stack.push({ lo: seg.lo, hi: mid, value: left, depth: seg.depth + 1 });
      stack.push({ lo: mid, hi: seg.hi, value: right, depth: seg.depth + 1 });
    }
  }
  return scale + Math.log(total);
}
