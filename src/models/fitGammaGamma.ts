import { argumentError, optionError } from "../internal/fail.js";
import { fitMaximumLikelihood } from "../internal/btyd/fitDriver.js";
import { identicalHistories, readFitOptions } from "../internal/btyd/fitBetaGeoFamily.js";
import type { SpendData } from "../internal/btyd/validate.js";
import { gammaGammaTotalLogLik } from "../internal/btyd/gammaGamma.js";
import { readHistories } from "../internal/btyd/input.js";
import { packSpend } from "../internal/btyd/validate.js";
import { fitWarnings } from "../internal/btyd/warnings.js";
import type { FitDiagnostics, GammaGammaModel, SpendRecord } from "./types.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Options of {@link fitGammaGamma}. */
export interface FitGammaGammaOptions {
  /**
   * L2 penalty weight: the minimised objective is `−(Σ wᵢ ln Lᵢ)/(Σ wᵢ) + penalizer · (p² + q² + v′²)`,
   * where v′ = v / (weighted mean spend): spends are divided by their mean while fitting so that the
   * optimiser sees values of order 1 (lifetimes penalises v unscaled, so penalised fits differ).
   * @defaultValue 0
   */
  penalizer?: number;
  /**
   * Iteration budget of the optimiser.
   * @defaultValue 1000
   */
  maxIterations?: number;
  /**
   * Keep q above 1 (lifetimes' `q_constraint`), so that the population mean spend p·v/(q−1) and every
   * {@link conditionalExpectedOrderValue} exist. The fit then runs over q − 1 > 0 instead of q > 0 (the
   * penalizer, if any, applies to q − 1). When the unconstrained maximum has q ≤ 1, the constrained
   * one lies at the edge q → 1 and the fit warns `parameter-at-bound`: spend is too heavy-tailed for
   * the model.
   * @defaultValue false
   */
  qConstraint?: boolean;
}

/** A fitted Gamma-Gamma model with its unit, diagnostics and warnings (plain JSON-serialisable data). */
export interface FitGammaGammaResult extends GammaGammaModel, FitDiagnostics {
  /** `null`: spend per transaction has no clock. */
  readonly unit: null;
  /** Standard errors of p, q and v (currency units); `null` when the Hessian is not positive definite. */
  readonly standardErrors: { readonly p: number | null; readonly q: number | null; readonly v: number | null };
}

/**
 * Fits the Gamma-Gamma model of spend per transaction: each customer's transaction values are
 * Gamma(p, ν) distributed around the customer's own mean p/ν, and ν varies across customers as
 * Gamma(q, v). Use it with a transaction model to value customers; it assumes spend is independent
 * of purchase frequency (check the correlation of frequency and monetary value first).
 *
 * Fitted on customers with at least one repeat purchase and a positive mean repeat spend (others are
 * skipped and not counted). Likelihood (Fader, Hardie & Lee 2005, "The Gamma-Gamma Model of Monetary
 * Value", eq. 3): ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln z̄ + px ln x
 * − (px+q) ln(x z̄ + v). Spends are divided by their weighted mean while fitting; `v` and the
 * log-likelihood are reported in the caller's currency units. Optimiser: BFGS over log-parameters,
 * Nelder–Mead fallback. Monetary values are read as floats (the model's inputs are averages).
 *
 * Source: https://www.brucehardie.com/notes/025/ (Fader, Hardie & Lee 2005 note) and Colombo &
 * Jiang 1999, https://doi.org/10.1002/(SICI)1520-6653(199922)13:3<2::AID-DIR1>3.0.CO;2-H. Cost:
 * O(n) per evaluation.
 *
 * Warnings (`warnings`, empty when none): `q<=1`, and fewer than 50 customers, a parameter running to a
 * bound, a singular Hessian or a standard error over 10× its parameter (docs/predicting-clv.md, "When a
 * fit warns"). Spend has no clock, so `unit` is `null`.
 *
 * @param records - One {@link SpendRecord} per customer, or a {@link customerSummaries} result (customers
 *   with no repeat purchase or no spend are skipped).
 * @example
 * ```ts
 * declare const cdnowSpend: SpendRecord[]; // { frequency, monetaryValue } per customer
 * const model = fitGammaGamma(cdnowSpend); // 946 CDNOW customers with x > 0
 * model.params;        // { p: 6.2488, q: 3.7446, v: 15.4478 } (rounded)
 * model.logLikelihood; // -4055.92 (rounded)
 * model.unit;          // null
 * model.warnings;      // []
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_RECORD` / `INVALID_ARGUMENT` for a bad record
 *   (including a negative or non-finite monetary value), `INVALID_OPTION` for a bad option,
 *   `INSUFFICIENT_DATA` with fewer than 2 customers having x > 0 and positive spend,
 *   `INSUFFICIENT_DATA` also when every such customer has the same (frequency, monetaryValue),
 *   `NOT_CONVERGED` when the optimiser fails or a parameter runs to infinity.
 */
export function fitGammaGamma(records: readonly SpendRecord[] | { readonly customers: readonly SpendRecord[] }, options: FitGammaGammaOptions = {}): FitGammaGammaResult {
  const data = packSpend(readHistories(records, undefined, "records", false).records, "records");
  if (data.records < 2) {
    throw argumentError("records", "needs at least 2 customers with a repeat purchase and positive spend to fit Gamma-Gamma", `${data.records} such customers`, "Fit on a longer period or more customers.", "INSUFFICIENT_DATA");
  }
  if (allSame(data)) throw identicalHistories("Gamma-Gamma", data.records);
  const { penalizer, maxIterations } = readFitOptions(options);
  const qConstraint = options?.qConstraint ?? false;
  if (typeof qConstraint !== "boolean") {
    throw optionError("qConstraint", "must be true or false", qConstraint, "Pass true to keep q above 1, or leave it out.");
  }
  // With the constraint the optimiser works on q − 1 > 0.
  const qShift = qConstraint ? 1 : 0;
  let sum = 0;
  for (let i = 0; i < data.m.length; i++) sum += (data.w[i] ?? 0) * (data.m[i] ?? 0);
  const scale = sum / data.totalWeight;
  const fit = fitMaximumLikelihood({
    model: "Gamma-Gamma",
    paramNames: ["p", "q", "v"],
    meanNegLogLik: ([p = 1, q = 1, v = 1]) => -gammaGammaTotalLogLik(data, [p, q + qShift, v], scale) / data.totalWeight,
    toCallerUnits: ([p = 1, q = 1, v = 1]) => [p, q + qShift, v * scale],
    toWorkingUnits: ([p = 1, q = 1, v = 1]) => [p, q - qShift, v / scale],
    totalLogLik: (prm) => gammaGammaTotalLogLik(data, prm, 1),
    totalWeight: data.totalWeight,
    penalizer,
    maxIterations,
  });
  const [p = 0, q = 0, v = 0] = fit.params;
  const [sp = null, sq = null, sv = null] = fit.standardErrors;
  return withDisplay<FitGammaGammaResult>({
    kind: "Gamma-Gamma",
    params: { p, q, v },
    unit: null,
    standardErrors: { p: sp, q: sq, v: sv },
    covariance: fit.covariance,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: true,
    customerCount: data.totalWeight,
    recordCount: data.records,
    penalizer,
    method: fit.method,
    warnings: [
      ...(q <= 1 ? [`q<=1: q = ${q.toPrecision(3)} is at most 1, so the population mean spend p·v/(q−1) is infinite; conditionalExpectedOrderValue rejects this model.`] : []),
      ...fitWarnings({
        model: "Gamma-Gamma",
        paramNames: ["p", "q", "v"],
        params: fit.params,
        working: fit.working,
        standardErrors: fit.standardErrors,
        customerCount: data.totalWeight,
        repeatBuyers: null,
      }),
    ],
  }, tableBundle);
}

/** Whether every customer used has the same frequency and mean spend (nothing to tell them apart). */
function allSame(data: SpendData): boolean {
  for (let i = 1; i < data.x.length; i++) if (data.x[i] !== data.x[0] || data.m[i] !== data.m[0]) return false;
  return true;
}
