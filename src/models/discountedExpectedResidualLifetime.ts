import { readRetentionModel } from "../internal/btyd/model.js";
import { sbgDerl } from "../internal/btyd/shiftedBetaGeometric.js";
import { argumentError, optionError } from "../internal/fail.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { ShiftedBetaGeometricModel } from "./types.js";

/** Options of {@link discountedExpectedResidualLifetime}. */
export interface DiscountedExpectedResidualLifetimeOptions {
  /**
   * How many times the customer has renewed (n − 1 in Fader & Hardie's notation): 0 for a customer who has made
   * only the first payment, 3 for one who has paid four periods.
   * @defaultValue 0
   */
  renewals?: number;
}

/** Result of {@link discountedExpectedResidualLifetime}. */
export interface DiscountedExpectedResidualLifetimeResult {
  /**
   * DERL: the expected present value of the customer's future payments, counted in payments (multiply by the
   * payment per period for money). With `discountRate` 0 the undiscounted expected residual lifetime, `null` when
   * it is infinite (α ≤ 1).
   */
  discountedExpectedResidualLifetime: number | null;
  /** The discount rate per period used. */
  discountRate: number;
  /** The renewals the customer has made. */
  renewals: number;
  /** `"period"`: the model's renewal periods. */
  unit: "period";
}

/**
 * The discounted expected residual lifetime (DERL) of a customer under an sBG model: the expected number of
 * further payments the customer makes, each discounted to the present, for a customer who has renewed
 * `renewals` times and is about to make the next renewal decision. The value of that customer is DERL × the
 * payment per period (the residual lifetime value of a subscriber); summed over the customers of each tenure it
 * values a customer base.
 *
 * Formula (Fader & Hardie 2010, "Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring
 * Heterogeneity", eq. 6), with n − 1 = `renewals` and d = `discountRate`:
 * DERL(d | α, β, n−1 renewals) = (β+n−1)/(α+β+n−1) · ₂F₁(1, β+n; α+β+n; 1/(1+d))
 * = Σ_{t≥n} P(T > t | T > n−1) / (1+d)^(t−n): the next renewal payment is counted undiscounted (the customer is
 * evaluated just before making it), each later one discounted once more per period. A customer who has just made
 * the first payment (renewals 0) has DERL = DEL − 1, DEL = ₂F₁(1, β; α+β; 1/(1+d)) the discounted expected
 * lifetime including that payment. With d = 0: the expected residual lifetime (β+n−1)/(α−1) when α > 1.
 * DERL rises with `renewals` (a customer who stayed is likely a low-churn one) and falls with d.
 *
 * Units: `discountRate` per model period (10% a year on annual renewals is 0.1; on monthly renewals use the
 * monthly rate, (1.1)^(1/12) − 1 ≈ 0.008); result a number of payments. Source: https://doi.org/10.1287/mksc.1080.0482.
 * Cost: one ₂F₁ series, about (β+n)/d terms.
 *
 * @param discountRate - Discount rate per period, d ≥ 0 (0 for the undiscounted expected residual lifetime).
 * @example
 * ```ts
 * const highEnd: ShiftedBetaGeometricModel = { kind: "sBG", params: { alpha: 0.668, beta: 3.806 } }; // FH 2007
 * discountedExpectedResidualLifetime(highEnd, 0.1).discountedExpectedResidualLifetime;                  // 5.4149 (rounded)
 * discountedExpectedResidualLifetime(highEnd, 0.1, { renewals: 7 }).discountedExpectedResidualLifetime; // 7.5299 (rounded)
 * discountedExpectedResidualLifetime(highEnd, 0).discountedExpectedResidualLifetime;                    // null (α ≤ 1: infinite mean)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not an sBG model with α, β > 0, or a
 *   `discountRate` that is not a finite number ≥ 0; `INVALID_OPTION` for `renewals` that is not a whole number ≥ 0.
 */
export function discountedExpectedResidualLifetime(
  model: ShiftedBetaGeometricModel,
  discountRate: number,
  options: DiscountedExpectedResidualLifetimeOptions = {},
): DiscountedExpectedResidualLifetimeResult {
  const { alpha, beta } = readRetentionModel(model).params;
  if (typeof discountRate !== "number" || !Number.isFinite(discountRate) || discountRate < 0) {
    throw argumentError("discountRate", "must be a finite rate per period, at least 0", discountRate, "Use e.g. 0.1 for 10% per period (0 for the undiscounted residual lifetime).");
  }
  const renewals = options?.renewals ?? 0;
  if (typeof renewals !== "number" || !Number.isSafeInteger(renewals) || renewals < 0) {
    throw optionError("renewals", "must be a whole number of renewals, at least 0", renewals, "Count the renewals the customer has made (0 right after the first payment).");
  }
  return withDisplay<DiscountedExpectedResidualLifetimeResult>(
    { discountedExpectedResidualLifetime: sbgDerl(alpha, beta, discountRate, renewals), discountRate, renewals, unit: "period" },
    tableBundle,
  );
}
