import { argumentError } from "../fail.js";
import { hessianFromGradient, invertSpd, numericHessian } from "../numeric/optimize/hessian.js";
import { minimize } from "../numeric/optimize/minimize.js";
import { numericGradient } from "../numeric/optimize/gradient.js";
import type { ValueAndGradientFn } from "../numeric/optimize/types.js";
import { PARAMETER_BOUND } from "./warnings.js";

/** What a model supplies to {@link fitMaximumLikelihood}. */
export interface LikelihoodSpec {
  /** Model name for messages, e.g. "BG/NBD". */
  readonly model: string;
  /** The argument named by a fit's errors (the data it was fitted on). @defaultValue `"records"` */
  readonly dataField?: string;
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
  /** Inverse Hessian in the caller's units (the asymptotic covariance), `null` when the Hessian is not positive definite. */
  readonly covariance: number[][] | null;
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
  const watch = runawayWatch(spec);
  const objective = (u: readonly number[]): number => {
    const theta = u.map(Math.exp);
    let v = spec.meanNegLogLik(theta);
    if (pen > 0) for (const t of theta) v += pen * t * t;
    watch(theta, v);
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
          watch(theta, value);
          return { value, gradient };
        };
  const x0 = (spec.start ?? new Array<number>(k).fill(1)).map(Math.log);
  let result: ReturnType<typeof minimize>;
  try {
    result = minimize(objective, fg, x0, { maxIterations: spec.maxIterations, gradientTolerance: 1e-7 });
  } catch (e) {
    if (e instanceof FitStop) throw stopError(spec, e);
    throw e;
  }
  const theta = result.x.map(Math.exp);
  if (!result.converged || !theta.every((t) => Number.isFinite(t) && t > 0)) {
    throw argumentError(
      spec.dataField ?? "records",
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
  const covariance = inv !== null && standardErrors.every((se) => se !== null) && inv.every((row) => row.every(Number.isFinite)) ? inv : null;
  return { params, working: theta, standardErrors, covariance, logLikelihood, iterations: result.iterations, method: result.method };
}

/**
 * A working parameter (time rescaled so that the largest T is 10, spend by its mean) above this is
 * running to infinity: the fit stops there with `NOT_CONVERGED` instead of following it (each step
 * out there costs more: ₂F₁ series and gamma functions grow with their parameters). 100 times the
 * `parameter-at-bound` warning's bound, so a fit that settles between the two still returns, with
 * that warning.
 */
const RUNAWAY_BOUND = 1e8;
/**
 * Evaluations allowed at points with a working parameter above the warning's bound
 * ({@link PARAMETER_BOUND}, 1e6) before the fit is stopped as running away: enough for a fit that
 * settles out there to converge (and warn `parameter-at-bound`), few enough that a fit wandering along
 * a ridge at infinity ends in seconds.
 */
const OUTSIDE_EVALUATIONS = 250;
/** Objective evaluations allowed per iteration of `maxIterations` (gradients by differences count each call). */
const EVALUATIONS_PER_ITERATION = 60;

/** Why a fit was stopped before the optimiser finished. */
class FitStop {
  constructor(
    readonly reason: "runaway" | "budget",
    readonly theta: readonly number[],
    readonly evaluations: number,
  ) {}
}

/**
 * Watches the optimiser's evaluations: stops the fit (by throwing a {@link FitStop}, caught in
 * {@link fitMaximumLikelihood}) when a point with a working parameter above {@link RUNAWAY_BOUND} is
 * better than every point seen inside it (the descent leads to infinity), or when the evaluation
 * budget is spent.
 */
function runawayWatch(spec: LikelihoodSpec): (theta: readonly number[], value: number) => void {
  let best = Infinity;
  let evaluations = 0;
  let outsideEvaluations = 0;
  const budget = EVALUATIONS_PER_ITERATION * spec.maxIterations;
  return (theta, value) => {
    evaluations++;
    if (evaluations > budget) throw new FitStop("budget", theta, evaluations);
    let beyondWarning = false;
    let outside = false;
    for (const t of theta) {
      if (t > PARAMETER_BOUND) beyondWarning = true;
      if (t > RUNAWAY_BOUND) outside = true;
    }
    if (beyondWarning && ++outsideEvaluations > OUTSIDE_EVALUATIONS) throw new FitStop("runaway", theta, evaluations);
    if (!Number.isFinite(value)) return;
    if (!outside) {
      if (value < best) best = value;
      return;
    }
    if (value < best) throw new FitStop("runaway", theta, evaluations);
  };
}

function stopError(spec: LikelihoodSpec, stop: FitStop): Error {
  const params = spec.toCallerUnits(stop.theta);
  const at = spec.paramNames.map((n, i) => `${n}=${(params[i] ?? Number.NaN).toPrecision(4)}`).join(", ");
  if (stop.reason === "budget") {
    return argumentError(
      spec.dataField ?? "records",
      `the ${spec.model} fit used its budget of ${EVALUATIONS_PER_ITERATION * spec.maxIterations} likelihood evaluations (${EVALUATIONS_PER_ITERATION} per iteration of maxIterations) without converging, ending at ${at}`,
      `${stop.evaluations} evaluations`,
      "Check the data (a parameter running to 0 or infinity means the model does not fit it), add a small penalizer, or raise maxIterations.",
      "NOT_CONVERGED",
    );
  }
  const running = spec.paramNames.filter((_, i) => (stop.theta[i] ?? 0) > PARAMETER_BOUND);
  return argumentError(
    spec.dataField ?? "records",
    `cannot identify ${spec.model}: ${running.join(", ")} ran towards infinity (past ${PARAMETER_BOUND.toExponential(0)} in the fit's rescaled units without settling, at ${at}), so the likelihood has no usable maximum: the customers do not differ enough for the model to tell them apart`,
    `the ${spec.model} fit stopped after ${stop.evaluations} likelihood evaluations`,
    "Fit on more (and more varied) customers, or add a small penalizer (e.g. 0.001), which keeps every parameter finite.",
    "NOT_CONVERGED",
  );
}

/** Sum of the weights of the records with a repeat purchase (x > 0). */
export function repeatWeight(x: ArrayLike<number>, w: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) if ((x[i] ?? 0) > 0) sum += w[i] ?? 0;
  return sum;
}
