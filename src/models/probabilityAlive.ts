import { betaGeoProbabilityAlive } from "../internal/btyd/betaGeo.js";
import { bgbbProbabilityAlive } from "../internal/btyd/betaGeoBetaBinom.js";
import { readTransactionModel } from "../internal/btyd/model.js";
import { paretoProbabilityAlive } from "../internal/btyd/paretoNbd.js";
import { readDiscrete, readRfm } from "../internal/btyd/validate.js";
import type { CustomerHistory, TransactionModel } from "./types.js";

/**
 * The probability that a customer is still "alive" (has not silently churned) at the end of the
 * observation period, given their history. Use it to rank customers for win-back campaigns or to
 * count the probably-active base.
 *
 * Formulas, by `model.kind`:
 * - BG/NBD (Fader, Hardie & Lee 2005, eq. 13): 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)); equals 1 for x = 0.
 * - MBG/NBD (Batislam et al. 2007): 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)).
 * - Pareto/NBD (Fader & Hardie 2005 note, eq. 19): (α+T)^−(r+x)(β+T)^−s · Γ(r+x)α^rβ^s/Γ(r) / L.
 * - BG/BB (Fader, Hardie & Shang 2010, eq. 11): alive at opportunity n+1, with `periods` as n.
 *
 * Units: times in the model's unit (opportunities for BG/BB); result a probability in [0, 1].
 * Source: https://doi.org/10.1287/mksc.1040.0098. Cost: O(1) (BG/NBD, MBG/NBD), one ₂F₁ (Pareto/NBD),
 * O(n − t_x) (BG/BB).
 *
 * @param customer - {@link RfmRecord} (`{ frequency, recency, T }`), or for BG/BB {@link DiscreteRfmRecord} (`{ frequency, recency, periods }`).
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 } }; // CDNOW fit, weeks
 * // CDNOW BG/NBD fit, customer 1 (x = 2, t_x = 30.43, T = 38.86 weeks)
 * probabilityAlive(bgnbd, { frequency: 2, recency: 30.43, T: 38.86 }); // 0.7266 (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not a fitted
 *   transaction model or a bad customer record (`customer 0, <field>: …`), `INVALID_RECORD` when the
 *   customer is not an object.
 */
export function probabilityAlive(model: TransactionModel, customer: CustomerHistory): number {
  const m = readTransactionModel(model);
  switch (m.kind) {
    case "BG/BB": {
      const [x, tx, n] = readDiscrete(customer, 0);
      return bgbbProbabilityAlive(m.params, x, tx, n);
    }
    case "Pareto/NBD": {
      const [x, tx, T] = readRfm(customer, 0);
      return paretoProbabilityAlive(m.params, x, tx, T);
    }
    default: {
      const [x, tx, T] = readRfm(customer, 0);
      return betaGeoProbabilityAlive(m.params, m.kind === "MBG/NBD", x, tx, T);
    }
  }
}
