import { fitBetaGeoFamily } from "../internal/btyd/fitBetaGeoFamily.js";
import type { CustomerHistories, BetaGeoModel, FitDiagnostics, RfmRecord } from "./types.js";
import type { TimeUnit } from "../core/types.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link fitBetaGeo}. */
export interface FitBetaGeoOptions {
  /**
   * L2 penalty weight. The minimised objective is
   * `−(Σ wᵢ ln Lᵢ)/(Σ wᵢ) + penalizer · (r² + α′² + a² + b²)`, where α′ is alpha in the rescaled
   * time in which the largest T is 10 (the same objective as lifetimes' `penalizer_coef`).
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

/** A fitted BG/NBD model with its unit, diagnostics and warnings (plain JSON-serialisable data). */
export interface FitBetaGeoResult extends BetaGeoModel, FitDiagnostics {
  /** Standard errors of r, alpha (in `unit`), a, b; `null` when the Hessian is not positive definite. */
  readonly standardErrors: { readonly r: number | null; readonly alpha: number | null; readonly a: number | null; readonly b: number | null };
}

/**
 * Fits the BG/NBD ("beta-geometric / negative binomial distribution") model of repeat buying by
 * maximum likelihood. Use it for non-contractual, continuous-time purchasing (a shop where a
 * customer may buy at any time and leaves silently). Each customer buys as a Poisson process with
 * rate λ ~ Gamma(r, α) while alive, and after each repeat purchase becomes inactive with probability
 * p ~ Beta(a, b).
 *
 * Likelihood (Fader, Hardie & Lee 2005, eq. 6), per customer with x repeat purchases, last at t_x,
 * age T: L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / Γ(r) · [(α+T)^−(r+x) + 1{x>0} a/(b+x−1) (α+t_x)^−(r+x)].
 * Time is rescaled so that the largest T is 10 while fitting (as lifetimes does); `alpha` is reported
 * in the caller's time unit. Optimiser: BFGS over log-parameters with the analytic gradient,
 * Nelder–Mead fallback. Standard errors: square roots of the diagonal of the inverse Hessian of the
 * total (weighted, penalised) negative log-likelihood at the optimum, in the caller's units.
 *
 * Source: https://doi.org/10.1287/mksc.1040.0098 (Fader, Hardie & Lee 2005, "Counting Your Customers
 * the Easy Way"). Cost: O(n) per iteration (gamma functions once per distinct frequency), typically
 * 20–60 iterations.
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
 * const model = fitBetaGeo(cdnowSummary, { unit: "week" }); // 2,357 CDNOW customers
 * model.params;        // { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 } (rounded)
 * model.unit;          // "week"
 * model.logLikelihood; // -9582.43 (rounded)
 * model.warnings;      // []
 * // Or straight from orders: const model = fitBetaGeo(customerSummaries(orders, { unit: "week" }));
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_RECORD` / `INVALID_ARGUMENT` for a bad record or input
 *   that is neither an array nor a customerSummaries result
 *   (`customer <i>, <field>: …`), `INVALID_OPTION` for a bad option or a plain array without `unit`, `UNIT_MISMATCH` for a `unit` that
 *   disagrees with the summaries', `INSUFFICIENT_DATA` when there are
 *   no records, no repeat purchases, every T is 0, a single customer or only copies of one history,
 *   `NOT_CONVERGED` when the optimiser fails or parameters run to infinity (docs/predicting-clv.md, "When a fit stops").
 */
export function fitBetaGeo(records: readonly RfmRecord[] | CustomerHistories, options: FitBetaGeoOptions = {}): FitBetaGeoResult {
  const fit = fitBetaGeoFamily(records, false, options);
  const [r = 0, alpha = 0, a = 0, b = 0] = fit.params;
  const [sr = null, sAlpha = null, sa = null, sb = null] = fit.standardErrors;
  return withDisplay<FitBetaGeoResult>({
    kind: "BG/NBD",
    params: { r, alpha, a, b },
    unit: fit.unit,
    standardErrors: { r: sr, alpha: sAlpha, a: sa, b: sb },
    covariance: fit.covariance,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: true,
    customerCount: fit.data.totalWeight,
    recordCount: fit.data.records,
    penalizer: fit.penalizer,
    method: fit.method,
    warnings: fit.warnings,
  }, tableBundle);
}
