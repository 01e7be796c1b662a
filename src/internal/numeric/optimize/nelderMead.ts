import type { ObjectiveFn } from "./types.js";

/** Outcome of {@link nelderMead}. */
export interface NelderMeadResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Nelder–Mead simplex minimiser with the dimension-adaptive coefficients of Gao & Han (2012,
 * Computational Optimization and Applications 51:259–277). Non-finite values count as +Infinity, so
 * the simplex backs away from the edge of the domain. Converged when both the spread of values and
 * the simplex diameter fall below the tolerances.
 */
export function nelderMead(
  f: ObjectiveFn,
  x0: readonly number[],
  options: { maxIterations: number; initialStep: number; valueTolerance: number; pointTolerance: number },
): NelderMeadResult {
  const n = x0.length;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const safe = (x: readonly number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] = (p[i] ?? 0) + options.initialStep;
    simplex.push(p);
  }
  let values = simplex.map(safe);
  for (let iter = 1; iter <= options.maxIterations; iter++) {
    const order = values.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
    simplex = order.map(([, i]) => simplex[i] ?? []);
    values = order.map(([v]) => v);
    const best = values[0] ?? Infinity;
    const worst = values[n] ?? Infinity;
    let diameter = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++) diameter = Math.max(diameter, Math.abs((simplex[i]?.[j] ?? 0) - (simplex[0]?.[j] ?? 0)));
    }
    if (Number.isFinite(best) && worst - best <= options.valueTolerance && diameter <= options.pointTolerance) {
      return { x: simplex[0] ?? [], value: best, iterations: iter - 1, converged: true };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = (centroid[j] ?? 0) + (simplex[i]?.[j] ?? 0) / n;
    const worstPoint = simplex[n] ?? [];
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (c - (worstPoint[j] ?? 0)));
    const xr = along(alpha);
    const fr = safe(xr);
    if (fr < best) {
      const xe = along(alpha * beta);
      const fe = safe(xe);
      if (fe < fr) {
        simplex[n] = xe;
        values[n] = fe;
      } else {
        simplex[n] = xr;
        values[n] = fr;
      }
      continue;
    }
    if (fr < (values[n - 1] ?? Infinity)) {
      simplex[n] = xr;
      values[n] = fr;
      continue;
    }
    const outside = fr < worst;
    const xc = along(outside ? alpha * gamma : -gamma);
    const fc = safe(xc);
    if (fc < (outside ? fr : worst)) {
      simplex[n] = xc;
      values[n] = fc;
      continue;
    }
    const x0b = simplex[0] ?? [];
    for (let i = 1; i <= n; i++) {
      const p = (simplex[i] ?? []).map((v, j) => (x0b[j] ?? 0) + delta * (v - (x0b[j] ?? 0)));
      simplex[i] = p;
      values[i] = safe(p);
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  return { x: simplex[bestIndex] ?? x0.slice(), value: values[bestIndex] ?? Infinity, iterations: options.maxIterations, converged: false };
}
