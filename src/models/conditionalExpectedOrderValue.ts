import { gammaGammaConditional } from "../internal/btyd/gammaGamma.js";
import { readHistories } from "../internal/btyd/input.js";
import { readSpendModel } from "../internal/btyd/model.js";
import { perCustomer } from "../internal/btyd/predict.js";
import { readSpend } from "../internal/btyd/validate.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { GammaGammaModel, SpendRecord } from "./types.js";

/** One customer's expected order value. */
export interface ConditionalExpectedOrderValueCustomer {
  /** The record's `customerId` as a string, or its input position (`"0"`, `"1"`, …) when records carry none. */
  customerId: string;
  /** E[Z | x, z̄], currency units (a float expectation). */
  conditionalExpectedOrderValue: number;
}

/** Result of {@link conditionalExpectedOrderValue}. No total: a sum of expected order values means nothing. */
export interface ConditionalExpectedOrderValueResult {
  /** One record per input customer, in input order. */
  customers: ConditionalExpectedOrderValueCustomer[];
}

/**
 * Expected value of each customer's future transactions (average order value) under the Gamma-Gamma
 * model, given x repeat purchases with mean value z̄. Use it as the spend factor of CLV.
 *
 * Formula (Fader, Hardie & Lee 2005, "The Gamma-Gamma Model of Monetary Value", eq. 5):
 * E[Z | x, z̄] = p (v + x z̄) / (p x + q − 1)
 *            = (q−1)/(px+q−1) · p v/(q−1) + px/(px+q−1) · z̄,
 * a weighted mean of the population mean p v/(q−1) and the customer's own mean. For x = 0 it is the
 * population mean (z̄ is ignored).
 *
 * Units: currency units of the fit's monetary values; results floats (expectations, not ledger
 * amounts; round them for display). Source: https://www.brucehardie.com/notes/025/. Cost: O(1) per customer.
 *
 * @param customers - {@link SpendRecord}s (`{ customerId?, frequency, monetaryValue }`) or a
 *   {@link customerSummaries} result.
 * @example
 * ```ts
 * const gg: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: 6.2488, q: 3.7446, v: 15.4478 } }; // CDNOW fit
 * // CDNOW Gamma-Gamma fit, customer 1 (x = 2, z̄ = 22.35)
 * conditionalExpectedOrderValue(gg, [{ customerId: "1", frequency: 2, monetaryValue: 22.35 }]).customers;
 * // [{ customerId: "1", conditionalExpectedOrderValue: 24.66 }] (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not a fitted
 *   Gamma-Gamma model, a model with q ≤ 1 (infinite expected spend), a bad record or customers that are
 *   not an array; `INVALID_RECORD` when a customer is not an object; `INVALID_CUSTOMER_ID` /
 *   `EMPTY_CUSTOMER_ID` for a bad or missing `customerId` among keyed records.
 */
export function conditionalExpectedOrderValue(
  model: GammaGammaModel,
  customers: readonly SpendRecord[] | { readonly customers: readonly SpendRecord[] },
): ConditionalExpectedOrderValueResult {
  const m = readSpendModel(model);
  const { records } = readHistories(customers, undefined, "customers", false);
  const { customers: rows } = perCustomer(records, "conditionalExpectedOrderValue", (rec, i) => {
    const [x, z] = readSpend(rec, i);
    return gammaGammaConditional(m.params, x, z);
  });
  return withDisplay<ConditionalExpectedOrderValueResult>({ customers: rows }, tableBundle);
}
