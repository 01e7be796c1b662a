import { argumentError } from "../internal/fail.js";
import { bgbbObjective } from "../internal/btyd/betaGeoBetaBinom.js";
import { fitMaximumLikelihood, repeatWeight } from "../internal/btyd/fitDriver.js";
import { fitWarnings } from "../internal/btyd/warnings.js";
import { identicalHistories, readFitOptions } from "../internal/btyd/fitBetaGeoFamily.js";
import { packDiscrete } from "../internal/btyd/validate.js";
import type { BetaGeoBetaBinomModel, DiscreteRfmRecord, FitDiagnostics } from "./types.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link fitBetaGeoBetaBinom}. */
export interface FitBetaGeoBetaBinomOptions {
  /**
   * L2 penalty weight: the minimised objective is `−(Σ wᵢ ln Lᵢ)/(Σ wᵢ) + penalizer · (α² + β² + γ² + δ²)`
   * (no time rescaling in discrete time).
   * @defaultValue 0
   */
  penalizer?: number;
  /**
   * Iteration budget of the optimiser.
   * @defaultValue 1000
   */
  maxIterations?: number;
}

/** A fitted BG/BB model with its unit, diagnostics and warnings (plain JSON-serialisable data). */
export interface FitBetaGeoBetaBinomResult extends BetaGeoBetaBinomModel, FitDiagnostics {
  /** `"opportunity"`: the model's clock counts transaction opportunities, not calendar time. */
  readonly unit: "opportunity";
  /** Standard errors of alpha, beta, gamma, delta; `null` when the Hessian is not positive definite. */
  readonly standardErrors: { readonly alpha: number | null; readonly beta: number | null; readonly gamma: number | null; readonly delta: number | null };
}

/**
 * Fits the BG/BB (beta-geometric / beta-Bernoulli) model for discrete-time, non-contractual settings:
 * there are fixed transaction opportunities (a yearly donation drive, a weekly event) and at each one
 * an alive customer buys with probability p ~ Beta(α, β), and before each one may die with
 * probability θ ~ Beta(γ, δ).
 *
 * Likelihood (Fader, Hardie & Shang 2010, eq. 5), per customer with x purchases in n opportunities,
 * the last at t_x: L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1}
 * B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ). Optimiser: BFGS over log-parameters,
 * Nelder–Mead fallback. Standard errors from the inverse Hessian of the total negative log-likelihood.
 *
 * Source: https://doi.org/10.1287/mksc.1100.0560 (Fader, Hardie & Shang 2010, "Customer-Base
 * Analysis in a Discrete-Time Noncontractual Setting"). Cost: O(Σ (n − t_x)) per evaluation; use
 * `weight` to pass each distinct (x, t_x, n) pattern once.
 *
 * Warnings (`warnings`, empty when none): fewer than 50 customers or 10 repeat buyers, a parameter
 * running to a bound, a singular Hessian, a standard error over 10× its parameter (docs/predicting-clv.md,
 * "When a fit warns"). The clock counts opportunities: `unit` is `"opportunity"`.
 *
 * @param records - One {@link DiscreteRfmRecord} per customer or distinct pattern (with `weight`).
 * @example
 * ```ts
 * declare const donations: DiscreteRfmRecord[]; // { frequency, recency, periods, weight } per pattern
 * const model = fitBetaGeoBetaBinom(donations); // 22 patterns, 11,104 donors, n = 6
 * model.params;        // { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 } (rounded)
 * model.logLikelihood; // -33225.58 (rounded)
 * model.warnings;      // []
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_RECORD` / `INVALID_ARGUMENT` for a bad record,
 *   `INVALID_OPTION` for a bad option, `INSUFFICIENT_DATA` without records, without any purchase or with
 *   only copies of one pattern,
 *   `NOT_CONVERGED` when the optimiser fails.
 */
export function fitBetaGeoBetaBinom(records: readonly DiscreteRfmRecord[], options: FitBetaGeoBetaBinomOptions = {}): FitBetaGeoBetaBinomResult {
  const data = packDiscrete(records, "records");
  if (data.x.length === 0) {
    throw argumentError("records", "needs at least one customer to fit BG/BB", records, "Pass the customer histories of the calibration period.", "INSUFFICIENT_DATA");
  }
  if (!data.x.some((x) => x > 0)) {
    throw argumentError("records", "has no customer with a repeat purchase, so BG/BB cannot be identified", `${data.records} records with frequency 0`, "Use more opportunities or more customers.", "INSUFFICIENT_DATA");
  }
  if (data.x.length === 1) throw identicalHistories("BG/BB", data.records);
  const { penalizer, maxIterations } = readFitOptions(options);
  const objective = bgbbObjective(data);
  const fit = fitMaximumLikelihood({
    model: "BG/BB",
    paramNames: ["alpha", "beta", "gamma", "delta"],
    meanNegLogLik: objective,
    toCallerUnits: (t) => t.slice(),
    toWorkingUnits: (t) => t.slice(),
    totalLogLik: (p) => -objective(p) * data.totalWeight,
    totalWeight: data.totalWeight,
    penalizer,
    maxIterations,
  });
  const [alpha = 0, beta = 0, gamma = 0, delta = 0] = fit.params;
  const [sa = null, sb = null, sg = null, sd = null] = fit.standardErrors;
  return withDisplay<FitBetaGeoBetaBinomResult>({
    kind: "BG/BB",
    params: { alpha, beta, gamma, delta },
    unit: "opportunity",
    standardErrors: { alpha: sa, beta: sb, gamma: sg, delta: sd },
    covariance: fit.covariance,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: true,
    customerCount: data.totalWeight,
    recordCount: data.records,
    penalizer,
    method: fit.method,
    warnings: fitWarnings({
      model: "BG/BB",
      paramNames: ["alpha", "beta", "gamma", "delta"],
      params: fit.params,
      working: fit.working,
      standardErrors: fit.standardErrors,
      customerCount: data.totalWeight,
      repeatBuyers: repeatWeight(data.x, data.w),
    }),
  }, tableBundle);
}
