import { fitMaximumLikelihood } from "../internal/btyd/fitDriver.js";
import { continuousWarnings, prepareContinuousFit, readFitOptions } from "../internal/btyd/fitBetaGeoFamily.js";
import { readFitHistories } from "../internal/btyd/input.js";
import { paretoObjective } from "../internal/btyd/paretoNbd.js";
import type { CustomerHistories, FitDiagnostics, ParetoNbdModel, RfmRecord } from "./types.js";
import type { TimeUnit } from "../core/types.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link fitParetoNbd}. */
export interface FitParetoNbdOptions {
  /**
   * L2 penalty weight: the minimised objective is `−(Σ wᵢ ln Lᵢ)/(Σ wᵢ) + penalizer · (r² + α′² + s² + β′²)`,
   * α′ and β′ in the rescaled time in which the largest T is 10 (lifetimes' `penalizer_coef`).
   * @defaultValue 0
   */
  penalizer?: number;
  /**
   * Iteration budget of the optimiser.
   * @defaultValue 1000
   */
  maxIterations?: number;
  /**
   * The unit of `recency` and `T`, remembered by the model as its `unit`. Required when `records` is a
   * plain array (no default: a guessed unit is the classic CLV unit bug); leave it out when you pass a
   * {@link customerSummaries} result, which carries its unit (if given, it must agree: `UNIT_MISMATCH`).
   * @defaultValue the `unit` of a customerSummaries result; none for an array
   */
  unit?: TimeUnit;
}

/** A fitted Pareto/NBD model with its unit, diagnostics and warnings (plain JSON-serialisable data). */
export interface FitParetoNbdResult extends ParetoNbdModel, FitDiagnostics {
  /** Standard errors of r, alpha, s, beta (in `unit`); `null` when the Hessian is not positive definite. */
  readonly standardErrors: { readonly r: number | null; readonly alpha: number | null; readonly s: number | null; readonly beta: number | null };
}

/**
 * Fits the Pareto/NBD model by maximum likelihood. Use it for non-contractual, continuous-time
 * purchasing when dropout can happen at any moment (not only right after a purchase, as BG/NBD
 * assumes): each customer buys as a Poisson process with rate λ ~ Gamma(r, α) and stays alive for
 * an exponential lifetime with rate μ ~ Gamma(s, β).
 *
 * Likelihood (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related
 * Expressions", eq. 18, written with the dropout integral): L = Γ(r+x) α^r β^s / Γ(r) ·
 * [(α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ]. The integral is evaluated
 * without catastrophic cancellation (closed form with ₂F₁ when its two ends differ by at least 2×,
 * Gauss–Legendre quadrature of the positive integrand otherwise). Time is rescaled so that the
 * largest T is 10 while fitting; `alpha` and `beta` are reported in the caller's time unit.
 * Optimiser: BFGS over log-parameters with central-difference gradients, Nelder–Mead fallback.
 * Standard errors from the inverse Hessian of the total negative log-likelihood, caller's units.
 *
 * Source: https://doi.org/10.1287/mnsc.33.1.1 (Schmittlein, Morrison & Colombo 1987) and
 * https://www.brucehardie.com/notes/009/ (Fader & Hardie 2005 note). Cost: O(n) ₂F₁ evaluations per
 * objective evaluation, about 9 evaluations per iteration.
 *
 * Unit: the model remembers the unit of `recency` and `T` as `unit` (from a {@link customerSummaries}
 * result, or the `unit` option with a plain array), and the predictions convert times given in another
 * unit to it. Warnings (`warnings`, empty when none): fewer than 50 customers or 10 repeat buyers, a
 * parameter running to a bound, a singular Hessian, a standard error over 10× its parameter
 * (docs/predicting-clv.md, "When a fit warns").
 *
 * @param records - A {@link customerSummaries} result (`{ customers, unit }`), or one {@link RfmRecord}
 *   per customer (or per distinct history, with `weight`) together with the `unit` option.
 * @example
 * ```ts
 * declare const cdnowSummary: RfmRecord[]; // { frequency, recency, T } per customer, in weeks
 * const model = fitParetoNbd(cdnowSummary, { unit: "week" }); // 2,357 CDNOW customers
 * model.params;        // { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6678 } (rounded)
 * model.unit;          // "week"
 * model.logLikelihood; // -9594.98 (rounded)
 * model.warnings;      // []
 * // Or straight from orders: const model = fitParetoNbd(customerSummaries(orders, { unit: "week" }));
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_RECORD` / `INVALID_ARGUMENT` for a bad record or input
 *   that is neither an array nor a customerSummaries result,
 *   `INVALID_OPTION` for a bad option or a plain array without `unit`, `UNIT_MISMATCH` for a `unit` that
 *   disagrees with the summaries', `INSUFFICIENT_DATA` when there are no records, no repeat
 *   purchases, every T is 0, a single customer or only copies of one history, `NOT_CONVERGED` when the
 *   optimiser fails or parameters run to infinity (docs/predicting-clv.md, "When a fit stops").
 */
export function fitParetoNbd(records: readonly RfmRecord[] | CustomerHistories, options: FitParetoNbdOptions = {}): FitParetoNbdResult {
  const input = readFitHistories(records, options?.unit, "Pareto/NBD");
  const { data, scale } = prepareContinuousFit(input.records, "Pareto/NBD");
  const { penalizer, maxIterations } = readFitOptions(options);
  const objective = paretoObjective(data, scale);
  const unscaled = paretoObjective(data, 1);
  const fit = fitMaximumLikelihood({
    model: "Pareto/NBD",
    paramNames: ["r", "alpha", "s", "beta"],
    meanNegLogLik: objective,
    toCallerUnits: ([r = 1, alpha = 1, s = 1, beta = 1]) => [r, alpha / scale, s, beta / scale],
    toWorkingUnits: ([r = 1, alpha = 1, s = 1, beta = 1]) => [r, alpha * scale, s, beta * scale],
    totalLogLik: (p) => -unscaled(p) * data.totalWeight,
    totalWeight: data.totalWeight,
    penalizer,
    maxIterations,
  });
  const [r = 0, alpha = 0, s = 0, beta = 0] = fit.params;
  const [sr = null, sAlpha = null, ss = null, sBeta = null] = fit.standardErrors;
  return withDisplay<FitParetoNbdResult>({
    kind: "Pareto/NBD",
    params: { r, alpha, s, beta },
    unit: input.unit,
    standardErrors: { r: sr, alpha: sAlpha, s: ss, beta: sBeta },
    covariance: fit.covariance,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: true,
    customerCount: data.totalWeight,
    recordCount: data.records,
    penalizer,
    method: fit.method,
    warnings: continuousWarnings("Pareto/NBD", ["r", "alpha", "s", "beta"], fit, data),
  }, tableBundle);
}
