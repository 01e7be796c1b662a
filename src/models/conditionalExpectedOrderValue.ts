import { gammaGammaConditional } from "../internal/btyd/gammaGamma.js";
import { readSpendModel } from "../internal/btyd/model.js";
import { readSpend } from "../internal/btyd/validate.js";
import type { GammaGammaModel, SpendRecord } from "./types.js";

/**
 * Expected value of a customer's future transactions (average order value) under the Gamma-Gamma
 * model, given x repeat purchases with mean value z̄. Use it as the spend factor of CLV.
 *
 * Formula (Fader, Hardie & Lee 2005, "The Gamma-Gamma Model of Monetary Value", eq. 5):
 * E[Z | x, z̄] = p (v + x z̄) / (p x + q − 1)
 *            = (q−1)/(px+q−1) · p v/(q−1) + px/(px+q−1) · z̄,
 * a weighted mean of the population mean p v/(q−1) and the customer's own mean. For x = 0 it is the
 * population mean (z̄ is ignored).
 *
 * Units: currency units of the fit's monetary values; result a float (an expectation, not a ledger
 * amount; round it for display). Source: https://www.brucehardie.com/notes/025/. Cost: O(1).
 *
 * @example
 * ```ts
 * const gg: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: 6.2488, q: 3.7446, v: 15.4478 } }; // CDNOW fit
 * // CDNOW Gamma-Gamma fit, customer 1 (x = 2, z̄ = 22.35)
 * conditionalExpectedOrderValue(gg, { frequency: 2, monetaryValue: 22.35 }); // 24.66 (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not a fitted
 *   Gamma-Gamma model, a model with q ≤ 1 (infinite expected spend) or a bad record; `INVALID_RECORD`
 *   when the record is not an object.
 */
export function conditionalExpectedOrderValue(model: GammaGammaModel, customer: SpendRecord): number {
  const m = readSpendModel(model);
  const [x, z] = readSpend(customer, 0);
  return gammaGammaConditional(m.params, x, z);
}
