import { fitBetaGeoFamily } from "../internal/btyd/fitBetaGeoFamily.js";
import type { CustomerHistories, ModifiedBetaGeoModel, FitDiagnostics, RfmRecord } from "./types.js";
import type { TimeUnit } from "../core/types.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link fitModifiedBetaGeo}. */
export interface FitModifiedBetaGeoOptions {
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

/** A fitted MBG/NBD model with its unit, diagnostics and warnings (plain JSON-serialisable data). */
export interface FitModifiedBetaGeoResult extends ModifiedBetaGeoModel, FitDiagnostics {
  /** Standard errors of r, alpha (in `unit`), a, b; `null` when the Hessian is not positive definite. */
  readonly standardErrors: { readonly r: number | null; readonly alpha: number | null; readonly a: number | null; readonly b: number | null };
}

/**
 * Fits the MBG/NBD model (modified BG/NBD) by maximum likelihood. Same story as BG/NBD (Poisson
 * purchasing at rate λ ~ Gamma(r, α) while alive; dropout probability p ~ Beta(a, b)), except that a
 * customer may also drop out right after the first purchase, so customers with no repeat purchase
 * are not automatically "alive". Prefer it over BG/NBD when many customers buy once and never
 * return, where BG/NBD's P(alive) = 1 for x = 0 is implausible.
 *
 * Likelihood (Batislam, Denizel & Filiztekin 2007, eq. 6), per customer:
 * L = B(a, b+x+1)/B(a, b) · Γ(r+x) α^r / Γ(r) · [(α+T)^−(r+x) + a/(b+x) (α+t_x)^−(r+x)].
 * Time is rescaled so that the largest T is 10 while fitting (as lifetimes does); `alpha` is reported
 * in the caller's time unit. Optimiser: BFGS over log-parameters with the analytic gradient,
 * Nelder–Mead fallback. Standard errors: square roots of the diagonal of the inverse Hessian of the
 * total (weighted, penalised) negative log-likelihood at the optimum, in the caller's units.
 *
 * Source: https://doi.org/10.1016/j.ijresmar.2006.12.005 (Batislam, Denizel & Filiztekin 2007,
 * "Empirical validation and comparison of models for customer base analysis"). Cost: O(n) per
 * iteration, typically 20–60 iterations.
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
 * const model = fitModifiedBetaGeo(cdnowSummary, { unit: "week" }); // 2,357 CDNOW customers
 * model.params;        // { r: 0.5248, alpha: 6.1830, a: 0.8914, b: 1.6140 } (rounded)
 * model.unit;          // "week"
 * model.logLikelihood; // -9582.13 (rounded)
 * model.warnings;      // []
 * // Or straight from orders: const model = fitModifiedBetaGeo(customerSummaries(orders, { unit: "week" }));
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_RECORD` / `INVALID_ARGUMENT` for a bad record or input
 *   that is neither an array nor a customerSummaries result
 *   (`customer <i>, <field>: …`), `INVALID_OPTION` for a bad option or a plain array without `unit`, `UNIT_MISMATCH` for a `unit` that
 *   disagrees with the summaries', `INSUFFICIENT_DATA` when there are
 *   no records, no repeat purchases, every T is 0, a single customer or only copies of one history,
 *   `NOT_CONVERGED` when the optimiser fails or parameters run to infinity (docs/predicting-clv.md, "When a fit stops").
 */
export function fitModifiedBetaGeo(records: readonly RfmRecord[] | CustomerHistories, options: FitModifiedBetaGeoOptions = {}): FitModifiedBetaGeoResult {
  const fit = fitBetaGeoFamily(records, true, options);
  const [r = 0, alpha = 0, a = 0, b = 0] = fit.params;
  const [sr = null, sAlpha = null, sa = null, sb = null] = fit.standardErrors;
  return withDisplay<FitModifiedBetaGeoResult>({
    kind: "MBG/NBD",
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
