import { betaGeoConditional } from "../internal/btyd/betaGeo.js";
import { bgbbConditional } from "../internal/btyd/betaGeoBetaBinom.js";
import { readTransactionModel } from "../internal/btyd/model.js";
import { paretoConditional } from "../internal/btyd/paretoNbd.js";
import { argumentError } from "../internal/fail.js";
import { readDiscrete, readRfm, readTimeArgument } from "../internal/btyd/validate.js";
import { avoidAOne } from "./expectedPurchases.js";
import type { CustomerHistory, TransactionModel } from "./types.js";

/**
 * Expected number of purchases in the next `t` time units for a customer with the given history,
 * E[Y(t) | x, t_x, T]. Use it to forecast each existing customer's activity (the input of CLV).
 *
 * Formulas, by `model.kind`:
 * - BG/NBD (Fader, Hardie & Lee 2005, eq. 10): (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x)
 *   ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
 * - MBG/NBD (Batislam et al. 2007): (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive).
 * - Pareto/NBD (Schmittlein et al. 1987; Fader & Hardie 2005 note eq. 20):
 *   (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive).
 * - BG/BB (Fader, Hardie & Shang 2010, eq. 13): purchases in opportunities n+1 … n+t, `t` whole.
 *
 * Units: times in the model's unit; result a (float) number of purchases.
 * Source: https://doi.org/10.1287/mksc.1040.0098. Cost: one ₂F₁ (O(r+x+40/(1−z)) terms), or O(t) for BG/BB.
 *
 * @param customer - {@link RfmRecord}, or for BG/BB {@link DiscreteRfmRecord}.
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 } }; // CDNOW fit, weeks
 * // CDNOW BG/NBD fit, customer 1 (x = 2, t_x = 30.43, T = 38.86 weeks), next 39 weeks
 * conditionalExpectedPurchases(bgnbd, { frequency: 2, recency: 30.43, T: 38.86 }, 39); // 1.2259 (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model, customer record or `t`;
 *   `INVALID_RECORD` when the customer is not an object.
 */
export function conditionalExpectedPurchases(model: TransactionModel, customer: CustomerHistory, t: number): number {
  const m = readTransactionModel(model);
  const time = readTimeArgument(t, "t");
  switch (m.kind) {
    case "BG/BB": {
      if (!Number.isSafeInteger(time)) throw argumentError("t", "must be a whole number of transaction opportunities for BG/BB", t, "Round to whole periods.");
      const [x, tx, n] = readDiscrete(customer, 0);
      return bgbbConditional(m.params, x, tx, n, time);
    }
    case "Pareto/NBD": {
      const [x, tx, T] = readRfm(customer, 0);
      return paretoConditional(m.params, x, tx, T, time);
    }
    case "BG/NBD":
    case "MBG/NBD": {
      const [x, tx, T] = readRfm(customer, 0);
      const modified = m.kind === "MBG/NBD";
      return avoidAOne(m, (p) => betaGeoConditional(p, modified, x, tx, T, time));
    }
  }
}
