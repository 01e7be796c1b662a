/** A scalar objective over R^n. Returns a non-finite value outside its domain. */
export type ObjectiveFn = (x: readonly number[]) => number;
/** Objective value and gradient together (analytic gradients are cheaper computed with the value). */
export type ValueAndGradientFn = (x: readonly number[]) => { value: number; gradient: number[] };

/** Outcome of a minimisation. */
export interface MinimizeResult {
  x: number[];
  value: number;
  /** Iterations used by all methods together. */
  iterations: number;
  converged: boolean;
  /** Largest absolute gradient component at `x`. */
  gradientNorm: number;
  method: "bfgs" | "nelder-mead+bfgs";
}
