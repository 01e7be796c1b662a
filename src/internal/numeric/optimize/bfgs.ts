import type { ValueAndGradientFn } from "./types.js";

/** Options of {@link bfgs}. */
export interface BfgsOptions {
  maxIterations: number;
  /** Converged when the largest absolute gradient component is below this. */
  gradientTolerance: number;
  /** Largest step (Euclidean norm) tried by the line search; keeps log-parameters from overflowing. */
  maxStep: number;
}

/** Outcome of {@link bfgs}. */
export interface BfgsResult {
  x: number[];
  value: number;
  gradient: number[];
  iterations: number;
  converged: boolean;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

function maxAbs(a: readonly number[]): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Quasi-Newton BFGS minimiser (Nocedal & Wright 2006, Algorithm 6.1) with a backtracking Armijo line
 * search that also rejects non-finite values, Shanno–Phua initial scaling of the inverse Hessian,
 * and updates skipped when the curvature condition sᵀy > 0 fails. Pure: no state outside the call.
 */
export function bfgs(fg: ValueAndGradientFn, x0: readonly number[], options: BfgsOptions): BfgsResult {
  const n = x0.length;
  let x = x0.slice();
  let { value: fx, gradient: g } = fg(x);
  if (!Number.isFinite(fx) || !g.every(Number.isFinite)) {
    return { x, value: fx, gradient: g, iterations: 0, converged: false };
  }
  // Inverse Hessian approximation, row-major.
  let H: number[] = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let firstUpdate = true;
  let smallDecreaseCount = 0;
  for (let iter = 1; iter <= options.maxIterations; iter++) {
    if (maxAbs(g) < options.gradientTolerance) {
      return { x, value: fx, gradient: g, iterations: iter - 1, converged: true };
    }
    // Search direction d = −H g.
    const d = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= (H[i * n + j] ?? 0) * (g[j] ?? 0);
      d[i] = s;
    }
    let slope = dot(d, g);
    if (!(slope < 0)) {
      // Not a descent direction: reset to steepest descent.
      for (let i = 0; i < n; i++) d[i] = -(g[i] ?? 0);
      H = new Array<number>(n * n).fill(0);
      for (let i = 0; i < n; i++) H[i * n + i] = 1;
      firstUpdate = true;
      slope = dot(d, g);
    }
    const dn = Math.sqrt(dot(d, d));
    let step = dn > options.maxStep ? options.maxStep / dn : 1;
    let xNew = x;
    let fNew = Number.NaN;
    let gNew = g;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      xNew = x.map((xi, i) => xi + step * (d[i] ?? 0));
      const r = fg(xNew);
      fNew = r.value;
      gNew = r.gradient;
      const finite = Number.isFinite(fNew) && gNew.every(Number.isFinite);
      // Armijo sufficient decrease, or — near the optimum, where the decrease is below the rounding
      // noise of f — a step that keeps f within that noise and shrinks the gradient.
      const noise = 1e-13 * Math.max(1, Math.abs(fx));
      if (finite && (fNew <= fx + 1e-4 * step * slope || (fNew <= fx + noise && maxAbs(gNew) < maxAbs(g)))) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      return { x, value: fx, gradient: g, iterations: iter, converged: maxAbs(g) < options.gradientTolerance * 10 };
    }
    const s = xNew.map((v, i) => v - (x[i] ?? 0));
    const y = gNew.map((v, i) => v - (g[i] ?? 0));
    const sy = dot(s, y);
    const decrease = fx - fNew;
    x = xNew;
    g = gNew;
    fx = fNew;
    if (decrease <= 1e-15 * Math.max(1, Math.abs(fx)) && maxAbs(g) >= options.gradientTolerance) {
      smallDecreaseCount++;
      if (smallDecreaseCount >= 3) {
        return { x, value: fx, gradient: g, iterations: iter, converged: maxAbs(g) < options.gradientTolerance * 100 };
      }
    } else {
      smallDecreaseCount = 0;
    }
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (firstUpdate) {
        const scale = sy / dot(y, y);
        for (let i = 0; i < n * n; i++) H[i] = (H[i] ?? 0) * scale;
        firstUpdate = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const Hy = new Array<number>(n).fill(0);
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let j = 0; j < n; j++) t += (H[i * n + j] ?? 0) * (y[j] ?? 0);
        Hy[i] = t;
      }
      const yHy = dot(y, Hy);
      const Hn = new Array<number>(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const si = s[i] ?? 0;
          const sj = s[j] ?? 0;
          Hn[i * n + j] =
            (H[i * n + j] ?? 0) -
            rho * ((Hy[i] ?? 0) * sj + si * (Hy[j] ?? 0)) +
            (rho * rho * yHy + rho) * si * sj;
        }
      }
      H = Hn;
    }
  }
  return { x, value: fx, gradient: g, iterations: options.maxIterations, converged: maxAbs(g) < options.gradientTolerance };
}
