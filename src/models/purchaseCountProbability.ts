import { betaGeoPmf } from "../internal/btyd/betaGeo.js";
import { bgbbPmf } from "../internal/btyd/betaGeoBetaBinom.js";
import { checkOpportunityUnit } from "../internal/btyd/input.js";
import { readTransactionModel, unhandledKind } from "../internal/btyd/model.js";
import { paretoPmf } from "../internal/btyd/paretoNbd.js";
import { continuousClock, finiteValue } from "../internal/btyd/predict.js";
import { argumentError } from "../internal/fail.js";
import { checkHorizon, readOpportunities, readTimeArgument } from "../internal/btyd/validate.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { ExpectedPurchasesOptions } from "./expectedPurchases.js";
import type { TransactionModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Largest `n` of {@link purchaseCountProbability} (the BG/NBD forms sum n terms). */
const MAX_COUNT = 1_000_000;

/** Result of {@link purchaseCountProbability}. */
export interface PurchaseCountProbabilityResult {
  /** P(X(t) = n) for a new customer. */
  purchaseCountProbability: number;
  /** The number of repeat purchases asked about. */
  n: number;
  /** The horizon, in `unit`. */
  t: number;
  /** The unit of `t` (`"opportunity"` for BG/BB). */
  unit: TimeUnit | "opportunity";
}

/**
 * Probability that a newly acquired customer makes exactly `n` repeat purchases in the first `t`
 * time units, P(X(t) = n). Use it to check a fit (compare predicted and observed frequency histograms)
 * or to forecast the distribution of repeat buying.
 *
 * Formulas, by `model.kind`:
 * - BG/NBD (Fader, Hardie & Lee 2005, eq. 8): B(a,b+n)/B(a,b) · NB(n) + 1{n>0} B(a+1,b+n−1)/B(a,b) · P(N ≥ n),
 *   with NB the Poisson–gamma (negative binomial) count in t; the tail P(N ≥ n) is summed without cancellation.
 * - MBG/NBD: B(a,b+n+1)/B(a,b) · NB(n) + B(a+1,b+n)/B(a,b) · P(N ≥ n).
 * - Pareto/NBD (as Fader & Hardie 2006, "Deriving an Expression for P(X(t) = x) Under the Pareto/NBD
 *   Model"): NB(n)·(β/(β+t))^s + Γ(r+n)α^r sβ^s/(Γ(r) n!) ∫₀ᵗ τ^n (α+τ)^−(r+n) (β+τ)^−(s+1) dτ, the
 *   integral by adaptive Gauss–Legendre quadrature.
 * - BG/BB (Fader, Hardie & Shang 2010, eq. 7); `t` a whole number of opportunities.
 *
 * Units: `t` in `unit` (default: the model's; another unit is converted exactly); result a probability. Over n = 0, 1, 2, … the values sum to 1.
 * Source: https://doi.org/10.1287/mksc.1040.0098. Cost: O(n) (BG/NBD, MBG/NBD, BG/BB), one adaptive
 * quadrature (Pareto/NBD).
 *
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * purchaseCountProbability(bgnbd, 0, 39).purchaseCountProbability; // 0.5743 (rounded), CDNOW fit, 39 weeks
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model (or one without `unit`), a
 *   negative, non-integer or above 1,000,000 `n`, a bad `t` (above 10,000,000 days, or above 100,000
 *   opportunities for BG/BB), or parameters so extreme that the value is not a finite number; `INVALID_OPTION` for a bad `unit`; `UNIT_MISMATCH` for a
 *   `unit` asked of BG/BB.
 */
export function purchaseCountProbability(model: TransactionModel, n: number, t: number, options: ExpectedPurchasesOptions = {}): PurchaseCountProbabilityResult {
  const m = readTransactionModel(model);
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw argumentError("n", "must be a non-negative integer number of purchases", n, "Ask for 0, 1, 2, … purchases.");
  }
  if (n > MAX_COUNT) {
    throw argumentError("n", `must be at most ${MAX_COUNT.toLocaleString("en-US")} purchases`, n, "The cost grows with n; no customer makes a million repeat purchases.");
  }
  const time = readTimeArgument(t, "t");
  const result = (value: number, unit: TimeUnit | "opportunity"): PurchaseCountProbabilityResult =>
    withDisplay<PurchaseCountProbabilityResult>({ purchaseCountProbability: finiteValue(value, "purchaseCountProbability"), n, t: time, unit }, tableBundle);
  if (m.kind === "BG/BB") {
    checkOpportunityUnit(options?.unit, m.unit, "model");
    readOpportunities(time, t, "t");
    return result(bgbbPmf(m.params, n, time), "opportunity");
  }
  const clock = continuousClock(m, options?.unit);
  checkHorizon(time, clock.inputDays, "t");
  const horizon = clock.toModel(time);
  switch (m.kind) {
    case "Pareto/NBD":
      return result(paretoPmf(m.params, n, horizon), clock.unit);
    case "BG/NBD":
      return result(betaGeoPmf(m.params, false, n, horizon), clock.unit);
    case "MBG/NBD":
      return result(betaGeoPmf(m.params, true, n, horizon), clock.unit);
    default:
      return unhandledKind(m);
  }
}
