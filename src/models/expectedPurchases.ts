import { betaGeoExpected } from "../internal/btyd/betaGeo.js";
import { bgbbExpected } from "../internal/btyd/betaGeoBetaBinom.js";
import { checkOpportunityUnit } from "../internal/btyd/input.js";
import { readTransactionModel, unhandledKind } from "../internal/btyd/model.js";
import { paretoExpected } from "../internal/btyd/paretoNbd.js";
import { continuousClock, finiteValue } from "../internal/btyd/predict.js";
import { checkHorizon, readOpportunities, readTimeArgument } from "../internal/btyd/validate.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import { avoidAOne } from "../internal/btyd/model.js";
import type { TransactionModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link expectedPurchases} and {@link purchaseCountProbability}. */
export interface ExpectedPurchasesOptions {
  /**
   * Unit of `t`; converted exactly to the model's unit. Not for BG/BB (opportunities: `UNIT_MISMATCH`).
   * @defaultValue the model's `unit`
   */
  unit?: TimeUnit;
}

/** Result of {@link expectedPurchases}. */
export interface ExpectedPurchasesResult {
  /** E[X(t)], a (float) number of repeat purchases of a new customer. */
  expectedPurchases: number;
  /** The horizon, in `unit`. */
  t: number;
  /** The unit of `t` (`"opportunity"` for BG/BB). */
  unit: TimeUnit | "opportunity";
}

/**
 * Expected number of repeat purchases in the first `t` time units of a newly acquired customer,
 * E[X(t)]. Use it to forecast purchases of a new cohort (multiply by cohort size).
 *
 * Formulas, by `model.kind`:
 * - BG/NBD (Fader, Hardie & Lee 2005, eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
 * - MBG/NBD (Batislam et al. 2007): b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].
 * - Pareto/NBD (Schmittlein et al. 1987): rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] (limit ln form at s = 1).
 * - BG/BB (Fader, Hardie & Shang 2010, eq. 9, summed form): α/(α+β) · Σ_{i=1}^{t} B(γ, δ+i)/B(γ,δ);
 *   `t` is a whole number of transaction opportunities.
 *
 * Units: `t` in `unit` (default: the model's; another unit is converted exactly to the model's); result
 * a (float) number of purchases, ≥ 0 and non-decreasing in t.
 * Source: https://doi.org/10.1287/mksc.1040.0098. Cost: one ₂F₁ (BG/NBD, MBG/NBD), O(1) (Pareto/NBD), O(t) (BG/BB).
 *
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * expectedPurchases(bgnbd, 52).expectedPurchases;                // 1.444 (BTYD's value for the CDNOW fit, one year in weeks)
 * expectedPurchases(bgnbd, 364, { unit: "day" }).expectedPurchases; // 1.444 (the same 52 weeks, in days)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not a fitted transaction
 *   model (or has no `unit`), a negative / non-finite `t`, a `t` above 10,000,000 days (or a non-integer
 *   `t` or one above 100,000 opportunities for BG/BB), or parameters so extreme that the value is not a
 *   finite number;
 *   `INVALID_OPTION` for a bad `unit`; `UNIT_MISMATCH` for a `unit` asked of BG/BB.
 */
export function expectedPurchases(model: TransactionModel, t: number, options: ExpectedPurchasesOptions = {}): ExpectedPurchasesResult {
  const m = readTransactionModel(model);
  const time = readTimeArgument(t, "t");
  const result = (value: number, unit: TimeUnit | "opportunity"): ExpectedPurchasesResult =>
    withDisplay<ExpectedPurchasesResult>({ expectedPurchases: finiteValue(value, "expectedPurchases"), t: time, unit }, tableBundle);
  if (m.kind === "BG/BB") {
    checkOpportunityUnit(options?.unit, m.unit, "model");
    readOpportunities(time, t, "t");
    return result(bgbbExpected(m.params, time), "opportunity");
  }
  const clock = continuousClock(m, options?.unit);
  checkHorizon(time, clock.inputDays, "t");
  const horizon = clock.toModel(time);
  switch (m.kind) {
    case "Pareto/NBD":
      return result(paretoExpected(m.params, horizon), clock.unit);
    case "BG/NBD":
      return result(avoidAOne(m, (p) => betaGeoExpected(p, false, horizon)), clock.unit);
    case "MBG/NBD":
      return result(avoidAOne(m, (p) => betaGeoExpected(p, true, horizon)), clock.unit);
    default:
      return unhandledKind(m);
  }
}
