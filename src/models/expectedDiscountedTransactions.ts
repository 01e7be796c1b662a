import { paretoLogLikParts } from "../internal/btyd/paretoNbd.js";
import { readTransactionModel } from "../internal/btyd/model.js";
import { readHistories } from "../internal/btyd/input.js";
import { continuousClock, perCustomer } from "../internal/btyd/predict.js";
import { optionError } from "../internal/fail.js";
import { lnGamma } from "../internal/numeric/special/gamma.js";
import { logHyperU } from "../internal/numeric/special/hyperU.js";
import { readRfm } from "../internal/btyd/validate.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { CustomerHistories, ParetoNbdModel, RfmRecord } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link expectedDiscountedTransactions}. */
export interface ExpectedDiscountedTransactionsOptions {
  /**
   * Unit of the customers' `recency` and `T` when `customers` is an array; converted exactly to the
   * model's unit. With a customerSummaries result, its own unit (another is `UNIT_MISMATCH`).
   * @defaultValue the unit of a customerSummaries result, else the model's `unit`
   */
  unit?: TimeUnit;
  /**
   * Effective annual discount rate, converted to the continuous rate per model time unit
   * δ = ln(1 + rate) · (days per unit) / 365.25 (15% a year is δ = 0.00268 per week).
   * @defaultValue 0.15
   */
  annualDiscountRate?: number;
}

/** One customer's discounted expected residual transactions. */
export interface ExpectedDiscountedTransactionsCustomer {
  /** The record's `customerId` as a string, or its input position (`"0"`, `"1"`, …) when records carry none. */
  customerId: string;
  /** DERT, a (float) number of discounted purchases. */
  expectedDiscountedTransactions: number;
}

/** Result of {@link expectedDiscountedTransactions}. */
export interface ExpectedDiscountedTransactionsResult {
  /** One record per input customer, in input order. */
  customers: ExpectedDiscountedTransactionsCustomer[];
  /** Σ wᵢ · DERTᵢ over the customers (`weight` counted, default 1). */
  total: number;
  /** The effective annual discount rate used. */
  annualDiscountRate: number;
  /** The unit the customers' times were read in. */
  unit: TimeUnit;
}

/**
 * Discounted expected residual transactions (DERT) of each customer under the Pareto/NBD model: the
 * present value, with continuous discounting over an infinite horizon, of the customer's future
 * purchases. Multiply by the expected spend per purchase for a CLV in money (FHL 2005 "RFM and CLV").
 *
 * Formula (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis",
 * eq. 2): DERT = α^r β^s δ^(s−1) Γ(r+x+1) U(s, s; δ(β+T)) / (Γ(r) (α+T)^(r+x+1) L(r,α,s,β | x,t_x,T)),
 * where U is Tricomi's confluent hypergeometric function (computed by trapezoidal quadrature of its
 * integral representation) and L the Pareto/NBD likelihood. This is the quantity CLVTools reports as DERT.
 *
 * Units: times in `unit` (default: the model's; other units are converted exactly to the model's);
 * results (float) numbers of discounted purchases. Source: https://doi.org/10.1509/jmkr.2005.42.4.415.
 * Cost: one quadrature of a few hundred points plus one likelihood evaluation per customer.
 *
 * @param customers - {@link RfmRecord}s or a {@link customerSummaries} result.
 * @example
 * ```ts
 * const pnbd: ParetoNbdModel = { kind: "Pareto/NBD", params: { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6678 }, unit: "week" }; // CDNOW fit
 * // CDNOW Pareto/NBD fit, customer 1 (x = 2, t_x = 30.43, T = 38.86 weeks), 15% a year
 * expectedDiscountedTransactions(pnbd, [{ frequency: 2, recency: 30.43, T: 38.86 }]).total; // 6.514 (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not a fitted Pareto/NBD
 *   model (or has no `unit`), a bad customer record or customers that are not an array;
 *   `INVALID_RECORD` for a non-object customer; `INVALID_CUSTOMER_ID` / `EMPTY_CUSTOMER_ID` for a bad or
 *   missing `customerId` among keyed records; `INVALID_OPTION` for a bad `unit` or a rate that is not
 *   above 0; `UNIT_MISMATCH` for a `unit` that disagrees with the summaries'.
 */
export function expectedDiscountedTransactions(
  model: ParetoNbdModel,
  customers: readonly RfmRecord[] | CustomerHistories,
  options: ExpectedDiscountedTransactionsOptions = {},
): ExpectedDiscountedTransactionsResult {
  const m = readTransactionModel(model, "model", ["Pareto/NBD"]) as ParetoNbdModel;
  const rate = options?.annualDiscountRate ?? 0.15;
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) {
    throw optionError("annualDiscountRate", "must be a finite rate above 0 (the horizon is infinite)", rate, "Use e.g. 0.15 for 15% a year.");
  }
  const input = readHistories(customers, options?.unit, "customers", true);
  const clock = continuousClock(m, input.unit);
  const { r, alpha, s, beta } = m.params;
  // δ per model unit; times are converted to the model's unit.
  const delta = (Math.log1p(rate) * clock.modelDays) / 365.25;
  const { customers: rows, total } = perCustomer(input.records, "expectedDiscountedTransactions", (rec, i) => {
    const [x, txIn, TIn] = readRfm(rec, i);
    const tx = clock.toModel(txIn);
    const T = clock.toModel(TIn);
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
  });
  return withDisplay<ExpectedDiscountedTransactionsResult>({ customers: rows, total, annualDiscountRate: rate, unit: clock.unit }, tableBundle);
}
