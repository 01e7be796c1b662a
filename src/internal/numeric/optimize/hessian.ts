import type { ObjectiveFn, ValueAndGradientFn } from "./types.js";
import { choleskyLower } from "../random.js";

/**
 * Central-difference Hessian with relative steps h_i = 1e-4·max(|x_i|, 1e-8): diagonal
 * (f(x+h)−2f(x)+f(x−h))/h², off-diagonal from the four-point formula. Cost: 2n² + 1 evaluations.
 */
export function numericHessian(f: ObjectiveFn, x: readonly number[]): number[][] {
  const n = x.length;
  const h = x.map((v) => 1e-4 * Math.max(Math.abs(v), 1e-8));
  const f0 = f(x);
  const at = (i: number, di: number, j: number, dj: number): number => {
    const p = x.slice();
    p[i] = (p[i] ?? 0) + di;
    p[j] = (p[j] ?? 0) + dj;
    return f(p);
  };
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const hi = h[i] ?? 0;
    const row = H[i] ?? [];
    row[i] = (at(i, hi, i, 0) - 2 * f0 + at(i, -hi, i, 0)) / (hi * hi);
    for (let j = 0; j < i; j++) {
      const hj = h[j] ?? 0;
      const v = (at(i, hi, j, hj) - at(i, hi, j, -hj) - at(i, -hi, j, hj) + at(i, -hi, j, -hj)) / (4 * hi * hj);
      row[j] = v;
      const rj = H[j] ?? [];
      rj[i] = v;
    }
  }
  return H;
}

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky factorisation; `null` when the matrix is
 * not positive definite (then standard errors are not defined).
 */
export function invertSpd(A: readonly (readonly number[])[]): number[][] | null {
  const n = A.length;
  const L = choleskyLower(A);
  if (L === null) return null;
  // Invert L, then A⁻¹ = L⁻ᵀ L⁻¹.
  const Li: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    (Li[i] ?? [])[i] = 1 / (L[i]?.[i] ?? 1);
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= (L[i]?.[k] ?? 0) * (Li[k]?.[j] ?? 0);
      (Li[i] ?? [])[j] = s / (L[i]?.[i] ?? 1);
    }
  }
  const inv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < n; k++) s += (Li[k]?.[i] ?? 0) * (Li[k]?.[j] ?? 0);
      (inv[i] ?? [])[j] = s;
    }
  }
  return inv;
}

/**
 * Hessian from central differences of an analytic gradient, h_i = 1e-5·max(|x_i|, 1e-8), symmetrised.
 * Cost: 2n gradient evaluations.
 */
export function hessianFromGradient(fg: ValueAndGradientFn, x: readonly number[]): number[][] {
  const n = x.length;
  const cols: number[][] = [];
  for (let i = 0; i < n; i++) {
    const h = 1e-5 * Math.max(Math.abs(x[i] ?? 0), 1e-8);
    const p = x.slice();
    p[i] = (x[i] ?? 0) + h;
    const gp = fg(p).gradient;
    p[i] = (x[i] ?? 0) - h;
    const gm = fg(p).gradient;
    cols.push(gp.map((v, j) => (v - (gm[j] ?? 0)) / (2 * h)));
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 0.5 * ((cols[i]?.[j] ?? 0) + (cols[j]?.[i] ?? 0))));
}
