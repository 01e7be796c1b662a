import { betaGeoLogLik } from "../internal/btyd/betaGeo.js";
import { bgbbLogLikParts } from "../internal/btyd/betaGeoBetaBinom.js";
import { readTransactionModel, unhandledKind } from "../internal/btyd/model.js";
import { paretoLogLik } from "../internal/btyd/paretoNbd.js";
import { perCustomer, readTransactionInput } from "../internal/btyd/predict.js";
import { readDiscrete, readRfm } from "../internal/btyd/validate.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { CustomerHistories, CustomerHistory, TransactionModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link customerLogLikelihood}. */
export interface CustomerLogLikelihoodOptions {
  /**
   * Unit of the customers' `recency` and `T` when `customers` is an array; converted exactly to the
   * model's unit (the likelihood is then that of the times in the model's unit). Not for BG/BB.
   * @defaultValue the unit of a customerSummaries result, else the model's `unit`
   */
  unit?: TimeUnit;
}

/** One customer's log-likelihood. */
export interface CustomerLogLikelihoodCustomer {
  /** The record's `customerId` as a string, or its input position (`"0"`, `"1"`, …) when records carry none. */
  customerId: string;
  /** ln L(params | x, t_x, T) of this history (unweighted). */
  customerLogLikelihood: number;
}

/** Result of {@link customerLogLikelihood}. */
export interface CustomerLogLikelihoodResult {
  /** One record per input customer, in input order. */
  customers: CustomerLogLikelihoodCustomer[];
  /** Σ wᵢ · ln Lᵢ (`weight` counted): at a fit's parameters, its `logLikelihood`. */
  total: number;
  /** The unit the customers' times were read in (`"opportunity"` for BG/BB). */
  unit: TimeUnit | "opportunity";
}

/**
 * The log-likelihood of each customer's history under a transaction model at its parameters, and the
 * weighted total. The parameters may be any you supply (a model is a plain object
 * `{ kind, params, unit }`, so `{ ...fit, params: { ...fit.params, r: 0.3 } }` evaluates a neighbour of a
 * fit): use it to compare models on a holdout, to profile a parameter, or to find the customers a model
 * explains worst.
 *
 * Formulas, by `model.kind`:
 * - BG/NBD (Fader, Hardie & Lee 2005, eq. 6): ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *   + ln[(α+T)^−(r+x) + 1{x>0} a/(b+x−1) (α+t_x)^−(r+x)].
 * - MBG/NBD (Batislam, Denizel & Filiztekin 2007): B(a, b+x+1) for B(a, b+x), a/(b+x) for a/(b+x−1), and
 *   the second term for every x.
 * - Pareto/NBD (Fader & Hardie 2005 note 009, eq. 18, with the dropout integral): ln Γ(r+x) − ln Γ(r)
 *   + r ln α + s ln β + ln[(α+T)^−(r+x)(β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x)(β+τ)^−(s+1) dτ].
 * - BG/BB (Fader, Hardie & Shang 2010, eq. 5).
 *
 * Units: times in `unit` (default: the model's; converted exactly to the model's unit); results natural
 * logs. At a fit's parameters and data, `total` equals the fit's `logLikelihood`.
 * Source: https://doi.org/10.1287/mksc.1040.0098, https://www.brucehardie.com/notes/009/,
 * https://doi.org/10.1287/mksc.1100.0560. Cost: O(1) per customer (one ₂F₁ or quadrature for
 * Pareto/NBD, O(n − t_x) for BG/BB).
 *
 * @param customers - {@link RfmRecord}s, a {@link customerSummaries} result, or for BG/BB {@link DiscreteRfmRecord}s.
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * customerLogLikelihood(bgnbd, [{ frequency: 2, recency: 30.43, T: 38.86 }]).customers;
 * // [{ customerId: "0", customerLogLikelihood: -9.4597 }] (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model (or one without `unit`), a bad
 *   customer record, or parameters so extreme that a value is not finite; `INVALID_RECORD` when a
 *   customer is not an object; `INVALID_CUSTOMER_ID` / `EMPTY_CUSTOMER_ID` for a bad or missing
 *   `customerId` among keyed records; `INVALID_OPTION` for a bad `unit`; `UNIT_MISMATCH` for a `unit`
 *   that disagrees with the summaries' or is asked of BG/BB.
 */
export function customerLogLikelihood(
  model: TransactionModel,
  customers: readonly CustomerHistory[] | CustomerHistories,
  options: CustomerLogLikelihoodOptions = {},
): CustomerLogLikelihoodResult {
  const m = readTransactionModel(model);
  const input = readTransactionInput(m, customers, options?.unit);
  const toModel = input.clock?.toModel ?? ((v: number) => v);
  let value: (rec: unknown, i: number) => number;
  switch (m.kind) {
    case "BG/BB":
      value = (rec, i) => {
        const [x, tx, n] = readDiscrete(rec, i);
        return bgbbLogLikParts(m.params, x, tx, n).mix;
      };
      break;
    case "Pareto/NBD":
      value = (rec, i) => {
        const [x, tx, T] = readRfm(rec, i);
        return paretoLogLik(m.params, x, toModel(tx), toModel(T));
      };
      break;
    case "BG/NBD":
    case "MBG/NBD": {
      const modified = m.kind === "MBG/NBD";
      value = (rec, i) => {
        const [x, tx, T] = readRfm(rec, i);
        return betaGeoLogLik(m.params, modified, x, toModel(tx), toModel(T));
      };
      break;
    }
    default:
      return unhandledKind(m);
  }
  const { customers: rows, total } = perCustomer(input.records, "customerLogLikelihood", value);
  return withDisplay<CustomerLogLikelihoodResult>({ customers: rows, total, unit: input.unit }, tableBundle);
}
