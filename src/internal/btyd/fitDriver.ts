import { argumentError } from "../fail.js";
import { hessianFromGradient, invertSpd, numericHessian } from "../numeric/optimize/hessian.js";
import { minimize } from "../numeric/optimize/minimize.js";
import { numericGradient } from "../numeric/optimize/gradient.js";
import type { ValueAndGradientFn } from "../numeric/optimize/types.js";

/** What a model supplies to {@link fitMaximumLikelihood}. */
export interface LikelihoodSpec {
  /** Model name for messages, e.g. "BG/NBD". */
  readonly model: string;
  readonly paramNames: readonly string[];
  /** Mean negative log-likelihood at working (rescaled) parameters θ > 0. */
  readonly meanNegLogLik: (theta: readonly number[]) => number;
  /** Optional analytic gradient of meanNegLogLik with respect to θ, with the value. */
  readonly meanNegLogLikGradient?: (theta: readonly number[]) => { value: number; gradient: number[] };
  /** Working parameters → parameters in the caller's units. */
  readonly toCallerUnits: (theta: readonly number[]) => number[];
  /** Parameters in the caller's units → working parameters. */
  readonly toWorkingUnits: (params: readonly number[]) => number[];
  /** Weighted total log-likelihood in the caller's units. */
  readonly totalLogLik: (params: readonly number[]) => number;
  /** Optional gradient of the weighted total log-likelihood in the caller's units (faster Hessian). */
  readonly totalLogLikGradient?: (params: readonly number[]) => number[];
  /** d(working)/d(caller) for each parameter (the time scale for time-valued parameters, else 1). */
  readonly workingPerCaller?: readonly number[];
  readonly totalWeight: number;
  readonly penalizer: number;
  readonly maxIterations: number;
  /** Starting working parameters (defaults to all ones, as lifetimes does). */
  readonly start?: readonly number[];
}

/** Outcome of {@link fitMaximumLikelihood}. */
export interface MaximumLikelihoodFit {
  readonly params: number[];
  /** The estimate in the working (rescaled) units the optimiser saw. */
  readonly working: number[];
  readonly standardErrors: (number | null)[];
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly method: "bfgs" | "nelder-mead+bfgs";
}

/**
 * Maximum-likelihood fit over log-parameters. The objective is
 * mean negative log-likelihood + penalizer · Σ θᵢ² (θ the working parameters), exactly as lifetimes
 * defines its L2 penalty. Standard errors are the square roots of the diagonal of the inverse Hessian
 * of the total (weighted) penalised negative log-likelihood, in the caller's units, at the optimum.
 *
 * @throws {@link RetentionMetricsError} `NOT_CONVERGED` when the optimiser does not reach a stationary point.
 */
export function fitMaximumLikelihood(spec: LikelihoodSpec): MaximumLikelihoodFit {
  const k = spec.paramNames.length;
  const pen = spec.penalizer;
  const objective = (u: readonly number[]): number => {
    const theta = u.map(Math.exp);
    let v = spec.meanNegLogLik(theta);
    if (pen > 0) for (const t of theta) v += pen * t * t;
    return v;
  };
  const analytic = spec.meanNegLogLikGradient;
  const fg: ValueAndGradientFn =
    analytic === undefined
      ? numericGradient(objective)
      : (u) => {
          const theta = u.map(Math.exp);
          const r = analytic(theta);
          let value = r.value;
          const gradient = r.gradient.map((g, i) => {
            const t = theta[i] ?? 0;
            return g * t + 2 * pen * t * t;
          });
          if (pen > 0) for (const t of theta) value += pen * t * t;
          return { value, gradient };
        };
  const x0 = (spec.start ?? new Array<number>(k).fill(1)).map(Math.log);
  const result = minimize(objective, fg, x0, { maxIterations: spec.maxIterations, gradientTolerance: 1e-7 });
  const theta = result.x.map(Math.exp);
  if (!result.converged || !theta.every((t) => Number.isFinite(t) && t > 0)) {
    throw argumentError(
      "records",
      `the ${spec.model} fit did not converge within ${spec.maxIterations} iterations, ending at ${spec.paramNames
        .map((n, i) => `${n}=${(theta[i] ?? Number.NaN).toPrecision(4)}`)
        .join(", ")}`,
      `gradient norm ${result.gradientNorm.toPrecision(3)}`,
      "Check the data (a parameter running to 0 or infinity means the model does not fit it), raise maxIterations or add a small penalizer.",
      "NOT_CONVERGED",
    );
  }
  const params = spec.toCallerUnits(theta);
  const logLikelihood = spec.totalLogLik(params);
  const W = spec.totalWeight;
  const totalObjective = (p: readonly number[]): number => {
    if (!p.every((v) => v > 0)) return Number.NaN;
    let v = -spec.totalLogLik(p);
    if (pen > 0) for (const t of spec.toWorkingUnits(p)) v += W * pen * t * t;
    return v;
  };
  const totalGrad = spec.totalLogLikGradient;
  const hessian =
    totalGrad === undefined
      ? numericHessian(totalObjective, params)
      : hessianFromGradient((p) => {
          const g = totalGrad(p).map((v) => -v);
          if (pen > 0) {
            const w = spec.toWorkingUnits(p);
            for (let i = 0; i < g.length; i++) g[i] = (g[i] ?? 0) + 2 * W * pen * (w[i] ?? 0) * (spec.workingPerCaller?.[i] ?? 1);
          }
          return { value: Number.NaN, gradient: g };
        }, params);
  const inv = invertSpd(hessian);
  const standardErrors = params.map((_, i) => {
    const d = inv?.[i]?.[i];
    return d !== undefined && d > 0 && Number.isFinite(d) ? Math.sqrt(d) : null;
  });
  return { params, working: theta, standardErrors, logLikelihood, iterations: result.iterations, method: result.method };
}

/** Sum of the weights of the records with a repeat purchase (x > 0). */
export function repeatWeight(x: ArrayLike<number>, w: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) if ((x[i] ?? 0) > 0) sum += w[i] ?? 0;
  return sum;
}
