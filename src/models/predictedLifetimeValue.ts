import type { Decimal } from "decimal.js";
import { gammaGammaConditional } from "../internal/btyd/gammaGamma.js";
import { readHistories } from "../internal/btyd/input.js";
import { CLV, lifetimeValueKernel } from "../internal/btyd/lifetimeValue.js";
import { readSpendModel, readTransactionModel } from "../internal/btyd/model.js";
import { continuousClock, perCustomer } from "../internal/btyd/predict.js";
import { readHorizonAndRate } from "../internal/btyd/scores.js";
import { DAYS_PER_MONTH } from "../internal/btyd/units.js";
import { argumentError } from "../internal/fail.js";
import { readMoney, readRfm } from "../internal/btyd/validate.js";
import type { BetaGeoModel, CustomerHistories, GammaGammaModel, ModifiedBetaGeoModel, ParetoNbdModel, RfmRecord } from "./types.js";
import type { TimeUnit } from "../core/types.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";

/** Longest horizon of {@link predictedLifetimeValue}, in months (100 years). */

/** A customer for {@link predictedLifetimeValue}: the RFM history plus the mean repeat-purchase value. */
export interface LifetimeValueCustomer extends RfmRecord {
  /** Mean value of the repeat purchases, z̄, in currency units (ignored when `frequency` is 0). */
  monetaryValue: number | string | Decimal;
}

/** Options of {@link predictedLifetimeValue}. */
export interface PredictedLifetimeValueOptions {
  /**
   * Unit of the customers' `recency` and `T` when `customers` is an array; converted exactly to the
   * transaction model's unit (which the model carries: a weekly model with daily customers gives the
   * weekly CLV, never a month measured in the wrong unit). With a customerSummaries result, its own unit
   * (another is `UNIT_MISMATCH`).
   * @defaultValue the unit of a customerSummaries result, else the model's `unit`
   */
  unit?: TimeUnit;
  /**
   * Horizon in whole months (a month is 365.25/12 = 30.4375 days), at most 1,200 (100 years): the cost
   * is one conditional expectation per month and customer, and discounting leaves nothing past that.
   * @defaultValue 12
   */
  months?: number;
  /**
   * Monthly discount rate d; cash flows of month m are divided by (1 + d)^m. (0.01 per month is about
   * 12.7% per year.)
   * @defaultValue 0.01
   */
  discountRate?: number;
}

/** One customer's predicted lifetime value. */
export interface PredictedLifetimeValueCustomer {
  /** The record's `customerId` as a string, or its input position (`"0"`, `"1"`, …) when records carry none. */
  customerId: string;
  /** Discounted expected value of the customer's purchases over the horizon, currency units (a float). */
  predictedLifetimeValue: number;
}

/** Result of {@link predictedLifetimeValue}. */
export interface PredictedLifetimeValueResult {
  /** One record per input customer, in input order. */
  customers: PredictedLifetimeValueCustomer[];
  /** Σ wᵢ · CLVᵢ: the predicted value of all these customers (`weight` counted, default 1). */
  total: number;
  /** Horizon in months. */
  months: number;
  /** Monthly discount rate. */
  discountRate: number;
  /** The unit the customers' times were read in. */
  unit: TimeUnit;
  /** Length of a month in `unit` (30.4375 / days per unit; 4.348… for weeks). */
  unitsPerMonth: number;
}

/**
 * Predicted (discounted) customer lifetime value over a horizon of whole months, combining a
 * transaction model (how many purchases) with the Gamma-Gamma spend model (how much per purchase).
 * Use it to rank customers by future value or to value a customer base.
 *
 * Formula (the discrete-month CLV of lifetimes' `customer_lifetime_value`, with the unit done right):
 * CLV = Σ_{m=1}^{M} (E[Y(t_m)] − E[Y(t_{m−1})]) · E[Z] / (1 + d)^m, with t_m = m · 30.4375 days
 * expressed in the model's unit (t_m = m · 4.348 for weeks), E[Y(t)] the conditional expected
 * purchases ({@link conditionalExpectedPurchases}) and E[Z] the conditional expected order value
 * ({@link conditionalExpectedOrderValue}). lifetimes' quickstart fits on weeks but converts months
 * with a 30-day factor meant for daily data, which inflates the horizon seven-fold; here the month
 * length comes from the unit the model carries, and customers in another unit are converted to it.
 *
 * Units: currency units of the spend model. Results are floats: they are model expectations, not
 * ledger amounts, so round them for display (no money is added here, only expectations).
 * BG/BB is not accepted (its clock counts opportunities, not calendar time).
 * Source: https://www.brucehardie.com/notes/025/ (spend) and https://doi.org/10.1287/mksc.1040.0098.
 * Cost: O(M) ₂F₁ evaluations per customer.
 *
 * @param customers - {@link LifetimeValueCustomer}s (`{ customerId?, frequency, recency, T, monetaryValue }`)
 *   or a {@link customerSummaries} result.
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * const gg: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: 6.2488, q: 3.7446, v: 15.4478 } }; // CDNOW fit
 * const clv = predictedLifetimeValue(bgnbd, gg, [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   { months: 12, discountRate: 0.01 });
 * clv.customers; // [{ customerId: "1", predictedLifetimeValue: 36.30 }] (rounded; CDNOW fits)
 * clv.total;     // 36.30 (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model (BG/BB included, a
 *   transaction model without `unit`, or a Gamma-Gamma model with q ≤ 1), a bad customer record
 *   (`customer <i>, <field>: …`) or customers that are not an array; `INVALID_RECORD` for a non-object
 *   customer; `INVALID_CUSTOMER_ID` / `EMPTY_CUSTOMER_ID` for a bad or missing `customerId` among keyed
 *   records; `INVALID_OPTION` for a bad option (`months` above 1,200, a `discountRate` at or below −1 or so
 *   negative that the discount factor overflows); `UNIT_MISMATCH` for a `unit` that disagrees with the
 *   summaries'.
 */
export function predictedLifetimeValue(
  transactionModel: BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel,
  spendModel: GammaGammaModel,
  customers: readonly LifetimeValueCustomer[] | CustomerHistories<LifetimeValueCustomer>,
  options: PredictedLifetimeValueOptions = {},
): PredictedLifetimeValueResult {
  const tm = readTransactionModel(transactionModel, "transactionModel", ["BG/NBD", "MBG/NBD", "Pareto/NBD"]) as
    | BetaGeoModel
    | ModifiedBetaGeoModel
    | ParetoNbdModel;
  const sm = readSpendModel(spendModel, "spendModel");
  const { months, discountRate: d } = readHorizonAndRate(options?.months, "months", options?.discountRate);
  const input = readHistories(customers, options?.unit, "customers", true);
  const clock = continuousClock(tm, input.unit, "transactionModel");
  const monthInModel = DAYS_PER_MONTH / clock.modelDays;
  const kernel = lifetimeValueKernel(tm, months, monthInModel, d);
  const out = new Float64Array(4);
  const { customers: rows, total } = perCustomer(input.records, "predictedLifetimeValue", (c, i) => {
    const [x, txIn, TIn] = readRfm(c, i);
    const tx = clock.toModel(txIn);
    const T = clock.toModel(TIn);
    const z = readMoney((c as Record<string, unknown>)["monetaryValue"], i, "monetaryValue");
    if (z < 0) {
      throw argumentError(`customers[${i}].monetaryValue`, "must not be negative", z, "Use the mean value of the repeat purchases.");
    }
    kernel(x, tx, T, gammaGammaConditional(sm.params, x, z), out);
    return out[CLV] ?? Number.NaN;
  });
  return withDisplay<PredictedLifetimeValueResult>(
    { customers: rows, total, months, discountRate: d, unit: clock.unit, unitsPerMonth: DAYS_PER_MONTH / clock.inputDays },
    tableBundle,
  );
}
