import { paretoLogLikParts } from "../internal/btyd/paretoNbd.js";
import { readTransactionModel } from "../internal/btyd/model.js";
import { optionError } from "../internal/fail.js";
import { lnGamma } from "../internal/special/gamma.js";
import { logHyperU } from "../internal/special/hyperU.js";
import { readRfm, readTimeUnitDays } from "../internal/btyd/validate.js";
import type { ParetoNbdModel, RfmRecord } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link expectedDiscountedTransactions}. */
export interface ExpectedDiscountedTransactionsOptions {
  /** The time unit the Pareto/NBD model was fitted in (required, no default). */
  unit: TimeUnit;
  /**
   * Effective annual discount rate, converted to the continuous rate per model time unit
   * δ = ln(1 + rate) · (days per unit) / 365.25 (15% a year is δ = 0.00268 per week).
   * @defaultValue 0.15
   */
  annualDiscountRate?: number;
}

/**
 * Discounted expected residual transactions (DERT) of a customer under the Pareto/NBD model: the
 * present value, with continuous discounting over an infinite horizon, of the customer's future
 * purchases. Multiply by the expected spend per purchase for a CLV in money (FHL 2005 "RFM and CLV").
 *
 * Formula (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis",
 * eq. 2): DERT = α^r β^s δ^(s−1) Γ(r+x+1) U(s, s; δ(β+T)) / (Γ(r) (α+T)^(r+x+1) L(r,α,s,β | x,t_x,T)),
 * where U is Tricomi's confluent hypergeometric function (computed by trapezoidal quadrature of its
 * integral representation) and L the Pareto/NBD likelihood. This is the quantity CLVTools reports as DERT.
 *
 * Units: a (float) number of discounted purchases. Source: https://doi.org/10.1509/jmkr.2005.42.4.415.
 * Cost: one quadrature of a few hundred points plus one likelihood evaluation.
 *
 * @example
 * ```ts
 * const pnbd: ParetoNbdModel = { kind: "Pareto/NBD", params: { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6678 } }; // CDNOW fit, weeks
 * // CDNOW Pareto/NBD fit, customer 1 (x = 2, t_x = 30.43, T = 38.86 weeks), 15% a year
 * expectedDiscountedTransactions(pnbd, { frequency: 2, recency: 30.43, T: 38.86 }, { unit: "week" }); // 6.514 (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not a fitted Pareto/NBD
 *   model or a bad customer record; `INVALID_RECORD` for a non-object customer; `INVALID_OPTION` for a
 *   missing `unit` or a rate that is not above 0.
 */
export function expectedDiscountedTransactions(model: ParetoNbdModel, customer: RfmRecord, options: ExpectedDiscountedTransactionsOptions): number {
  const m = readTransactionModel(model, "model", ["Pareto/NBD"]) as ParetoNbdModel;
  const unit = options?.unit as TimeUnit;
  const unitLength = readTimeUnitDays(unit, "unit");
  const rate = options.annualDiscountRate ?? 0.15;
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) {
    throw optionError("annualDiscountRate", "must be a finite rate above 0 (the horizon is infinite)", rate, "Use e.g. 0.15 for 15% a year.");
  }
  const [x, tx, T] = readRfm(customer, 0);
  const { r, alpha, s, beta } = m.params;
  const delta = (Math.log1p(rate) * unitLength) / 365.25;
  const parts = paretoLogLikParts(m.params, x, tx, T);
  const logL = parts.head + parts.mix;
  const logDert =
    r * Math.log(alpha) +
    s * Math.log(beta) +
    (s - 1) * Math.log(delta) +
    lnGamma(r + x + 1) +
    logHyperU(s, s, delta * (beta + T)) -
    lnGamma(r) -
    (r + x + 1) * Math.log(alpha + T) -
    logL;
  return Math.exp(logDert);
}
