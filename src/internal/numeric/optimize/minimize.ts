import { bfgs } from "./bfgs.js";
import { nelderMead } from "./nelderMead.js";
import type { MinimizeResult, ObjectiveFn, ValueAndGradientFn } from "./types.js";

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  maxIterations: number;
  gradientTolerance: number;
}

/**
 * Minimise a smooth objective over R^n (log-parameters): BFGS first; when it stalls, a Nelder–Mead
 * run from the best point found, then BFGS again to polish. Reports `converged: false` when the
 * gradient test still fails.
 */
export function minimize(
  f: ObjectiveFn,
  fg: ValueAndGradientFn,
  x0: readonly number[],
  options: MinimizeOptions,
): MinimizeResult {
  const bOpts = { maxIterations: options.maxIterations, gradientTolerance: options.gradientTolerance, maxStep: 5 };
  const first = bfgs(fg, x0, bOpts);
  const norm = (g: readonly number[]): number => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (first.converged) {
    return { x: first.x, value: first.value, iterations: first.iterations, converged: true, gradientNorm: norm(first.gradient), method: "bfgs" };
  }
  let used = first.iterations;
  const remaining = Math.max(0, options.maxIterations - used);
  const start = Number.isFinite(first.value) ? first.x : x0;
  const nm = nelderMead(f, start, {
    maxIterations: Math.max(0, remaining * 10),
    initialStep: 0.5,
    valueTolerance: 1e-12,
    pointTolerance: 1e-9,
  });
  used += Math.ceil(nm.iterations / 10);
  const second = bfgs(fg, Number.isFinite(nm.value) ? nm.x : start, {
    ...bOpts,
    maxIterations: Math.max(1, options.maxIterations - used),
  });
  used += second.iterations;
  return {
    x: second.x,
    value: second.value,
    iterations: used,
    converged: second.converged,
    gradientNorm: norm(second.gradient),
    method: "nelder-mead+bfgs",
  };
}
