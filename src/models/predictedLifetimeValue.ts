import type { Decimal } from "decimal.js";
import { betaGeoConditional } from "../internal/btyd/betaGeo.js";
import { gammaGammaConditional } from "../internal/btyd/gammaGamma.js";
import { readSpendModel, readTransactionModel } from "../internal/btyd/model.js";
import { paretoConditional } from "../internal/btyd/paretoNbd.js";
import { DAYS_PER_MONTH } from "../internal/btyd/units.js";
import { argumentError, optionError } from "../internal/fail.js";
import { readMoney, readPositiveIntegerOption, readRfm, readTimeUnitDays } from "../internal/btyd/validate.js";
import { avoidAOne } from "./expectedPurchases.js";
import type { BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel, ParetoNbdModel, RfmRecord } from "./types.js";
import type { TimeUnit } from "../core/types.js";
import { tableBundle, withDisplay } from "../internal/display.js";

/** A customer for {@link predictedLifetimeValue}: the RFM history plus the mean repeat-purchase value. */
export interface LifetimeValueCustomer extends RfmRecord {
  /** Mean value of the repeat purchases, z̄, in currency units (ignored when `frequency` is 0). */
  monetaryValue: number | string | Decimal;
}

/** Options of {@link predictedLifetimeValue}. */
export interface PredictedLifetimeValueOptions {
  /**
   * The time unit the transaction model was fitted in. Required, no default: mixing units (weekly data
   * with a daily month factor, as lifetimes' quickstart does) silently inflates CLV several-fold.
   */
  unit: TimeUnit;
  /**
   * Horizon in months (a month is 365.25/12 = 30.4375 days).
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

/** Result of {@link predictedLifetimeValue}. */
export interface PredictedLifetimeValueResult {
  /** Discounted expected value of each customer's purchases over the horizon, in currency units, input order. */
  readonly values: number[];
  /** Sum of `values`. */
  readonly total: number;
  readonly months: number;
  readonly discountRate: number;
  readonly unit: TimeUnit;
  /** Length of a month in the model's time unit (30.4375 / days per unit; 4.348… for weeks). */
  readonly unitsPerMonth: number;
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
 * length comes from `unit`.
 *
 * Units: currency units of the spend model. Results are floats: they are model expectations, not
 * ledger amounts, so round them for display (no money is added here, only expectations).
 * BG/BB is not accepted (its clock counts opportunities, not calendar time).
 * Source: https://www.brucehardie.com/notes/025/ (spend) and https://doi.org/10.1287/mksc.1040.0098.
 * Cost: O(M) ₂F₁ evaluations per customer.
 *
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 } }; // CDNOW fit, weeks
 * const gg: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: 6.2488, q: 3.7446, v: 15.4478 } }; // CDNOW fit
 * predictedLifetimeValue(bgnbd, gg, [{ frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   { unit: "week", months: 12, discountRate: 0.01 }).values; // [36.30] (rounded; CDNOW fits)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model (BG/BB included, or a
 *   Gamma-Gamma model with q ≤ 1) or a bad customer record (`customer <i>, <field>: …`),
 *   `INVALID_RECORD` for a non-object customer, `INVALID_OPTION` for a missing `unit` or bad option.
 */
export function predictedLifetimeValue(
  transactionModel: BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel,
  spendModel: GammaGammaModel,
  customers: readonly LifetimeValueCustomer[],
  options: PredictedLifetimeValueOptions,
): PredictedLifetimeValueResult {
  const tm = readTransactionModel(transactionModel, "transactionModel", ["BG/NBD", "MBG/NBD", "Pareto/NBD"]) as
    | BetaGeoModel
    | ModifiedBetaGeoModel
    | ParetoNbdModel;
  const sm = readSpendModel(spendModel, "spendModel");
  if (!Array.isArray(customers)) {
    throw argumentError("customers", "must be an array of customer records", customers, "Pass { frequency, recency, T, monetaryValue } per customer.");
  }
  const unit = options?.unit as TimeUnit;
  const unitLength = readTimeUnitDays(unit, "unit");
  const months = readPositiveIntegerOption(options.months, "months", 12);
  const d = options.discountRate ?? 0.01;
  if (typeof d !== "number" || !Number.isFinite(d) || d <= -1) {
    throw optionError("discountRate", "must be a finite monthly rate above −1", d, "Use e.g. 0.01 for 1% per month.");
  }
  const unitsPerMonth = DAYS_PER_MONTH / unitLength;
  const expected = (x: number, tx: number, T: number, t: number): number => {
    if (tm.kind === "Pareto/NBD") return paretoConditional(tm.params, x, tx, T, t);
    const modified = tm.kind === "MBG/NBD";
    return avoidAOne(tm, (p) => betaGeoConditional(p, modified, x, tx, T, t));
  };
  const values: number[] = [];
  let total = 0;
  for (let i = 0; i < customers.length; i++) {
    const c: unknown = customers[i];
    const [x, tx, T] = readRfm(c, i);
    const z = readMoney((c as Record<string, unknown>)["monetaryValue"], i, "monetaryValue");
    if (z < 0) {
      throw argumentError(`customers[${i}].monetaryValue`, "must not be negative", z, "Use the mean value of the repeat purchases.");
    }
    const spend = gammaGammaConditional(sm.params, x, z);
    let clv = 0;
    let prev = 0;
    for (let m = 1; m <= months; m++) {
      const cur = expected(x, tx, T, m * unitsPerMonth);
      clv += ((cur - prev) * spend) / Math.pow(1 + d, m);
      prev = cur;
    }
    values.push(clv);
    total += clv;
  }
  return withDisplay<PredictedLifetimeValueResult>({ values, total, months, discountRate: d, unit, unitsPerMonth }, tableBundle);
}
