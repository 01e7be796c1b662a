import { betaGeoProbabilityAlive } from "../internal/btyd/betaGeo.js";
import { bgbbProbabilityAlive } from "../internal/btyd/betaGeoBetaBinom.js";
import { readTransactionModel, unhandledKind } from "../internal/btyd/model.js";
import { paretoProbabilityAlive } from "../internal/btyd/paretoNbd.js";
import { perCustomer, readTransactionInput } from "../internal/btyd/predict.js";
import { readDiscrete, readRfm } from "../internal/btyd/validate.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { CustomerHistories, CustomerHistory, TransactionModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link probabilityAlive}. */
export interface ProbabilityAliveOptions {
  /**
   * Unit of the customers' `recency` and `T` when `customers` is an array; converted exactly to the
   * model's unit. Not for BG/BB (opportunities) and not with a customerSummaries result other than its own
   * unit (`UNIT_MISMATCH`).
   * @defaultValue the unit of a customerSummaries result, else the model's `unit`
   */
  unit?: TimeUnit;
}

/** One customer's probability of being alive. */
export interface ProbabilityAliveCustomer {
  /** The record's `customerId` as a string, or its input position (`"0"`, `"1"`, …) when records carry none. */
  customerId: string;
  /** P(alive | history), in [0, 1]. */
  probabilityAlive: number;
}

/** Result of {@link probabilityAlive}. */
export interface ProbabilityAliveResult {
  /** One record per input customer, in input order. */
  customers: ProbabilityAliveCustomer[];
  /** Σ wᵢ · P(alive)ᵢ: the expected number of customers still alive (`weight` counted, default 1). */
  total: number;
  /** The unit the customers' times were read in (`"opportunity"` for BG/BB). */
  unit: TimeUnit | "opportunity";
}

/**
 * The probability that each customer is still "alive" (has not silently churned) at the end of the
 * observation period, given their history. Use it to rank customers for win-back campaigns or to
 * count the probably-active base (`total`).
 *
 * Formulas, by `model.kind`:
 * - BG/NBD (Fader, Hardie & Lee 2005, eq. 13): 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)); equals 1 for x = 0.
 * - MBG/NBD (Batislam et al. 2007): 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)).
 * - Pareto/NBD (Fader & Hardie 2005 note, eq. 19): (α+T)^−(r+x)(β+T)^−s · Γ(r+x)α^rβ^s/Γ(r) / L.
 * - BG/BB (Fader, Hardie & Shang 2010, eq. 11): alive at opportunity n+1, with `periods` as n.
 *
 * Units: times in `unit` (default: the model's; other units are converted exactly to the model's,
 * opportunities for BG/BB); result probabilities in [0, 1]. Source: https://doi.org/10.1287/mksc.1040.0098.
 * Cost: O(1) per customer (BG/NBD, MBG/NBD), one ₂F₁ (Pareto/NBD), O(n − t_x) (BG/BB).
 *
 * @param customers - {@link RfmRecord}s (`{ customerId?, frequency, recency, T }`), a {@link customerSummaries}
 *   result, or for BG/BB {@link DiscreteRfmRecord}s (`{ frequency, recency, periods }`).
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * // CDNOW BG/NBD fit, customer 1 (x = 2, t_x = 30.43, T = 38.86 weeks)
 * const r = probabilityAlive(bgnbd, [{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86 }]);
 * r.customers; // [{ customerId: "1", probabilityAlive: 0.7266 }] (rounded)
 * r.total;     // 0.7266 (rounded): expected customers alive
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not a fitted transaction
 *   model (or has no `unit`), a bad customer record (`customer <i>, <field>: …`) or customers that are
 *   not an array; `INVALID_RECORD` when a customer is not an object; `INVALID_CUSTOMER_ID` /
 *   `EMPTY_CUSTOMER_ID` for a bad or missing `customerId` among keyed records; `INVALID_OPTION` for a bad
 *   `unit`; `UNIT_MISMATCH` for a `unit` that disagrees with the summaries' or is asked of BG/BB.
 */
export function probabilityAlive(
  model: TransactionModel,
  customers: readonly CustomerHistory[] | CustomerHistories,
  options: ProbabilityAliveOptions = {},
): ProbabilityAliveResult {
  const m = readTransactionModel(model);
  const input = readTransactionInput(m, customers, options?.unit);
  let value: (rec: unknown, i: number) => number;
  switch (m.kind) {
    case "BG/BB":
      value = (rec, i) => {
        const [x, tx, n] = readDiscrete(rec, i);
        return bgbbProbabilityAlive(m.params, x, tx, n);
      };
      break;
    case "Pareto/NBD": {
      const toModel = input.clock?.toModel ?? ((v: number) => v);
      value = (rec, i) => {
        const [x, tx, T] = readRfm(rec, i);
        return paretoProbabilityAlive(m.params, x, toModel(tx), toModel(T));
      };
      break;
    }
    case "BG/NBD":
    case "MBG/NBD": {
      const toModel = input.clock?.toModel ?? ((v: number) => v);
      const modified = m.kind === "MBG/NBD";
      value = (rec, i) => {
        const [x, tx, T] = readRfm(rec, i);
        return betaGeoProbabilityAlive(m.params, modified, x, toModel(tx), toModel(T));
      };
      break;
    }
    default:
      return unhandledKind(m);
  }
  const { customers: rows, total } = perCustomer(input.records, "probabilityAlive", value);
  return withDisplay<ProbabilityAliveResult>({ customers: rows, total, unit: input.unit }, tableBundle);
}

