import { betaGeoConditionalPmf } from "../internal/btyd/betaGeo.js";
import { bgbbConditionalPmf } from "../internal/btyd/betaGeoBetaBinom.js";
import { readTransactionModel, unhandledKind } from "../internal/btyd/model.js";
import { paretoConditionalPmf } from "../internal/btyd/paretoNbd.js";
import { perCustomer, readTransactionInput } from "../internal/btyd/predict.js";
import { checkHorizon, readDiscrete, readOpportunities, readRfm, readTimeArgument } from "../internal/btyd/validate.js";
import { argumentError } from "../internal/fail.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { CustomerHistories, CustomerHistory, TransactionModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link conditionalPurchaseCountProbability}. */
export interface ConditionalPurchaseCountProbabilityOptions {
  /**
   * Unit of `t` and of the customers' `recency` and `T` when `customers` is an array; converted exactly
   * to the model's unit. Not for BG/BB (opportunities) and not with a customerSummaries result other than
   * its own unit (`UNIT_MISMATCH`).
   * @defaultValue the unit of a customerSummaries result, else the model's `unit`
   */
  unit?: TimeUnit;
}

/** One customer's probability of exactly `n` purchases in the next `t`. */
export interface ConditionalPurchaseCountProbabilityCustomer {
  /** The record's `customerId` as a string, or its input position (`"0"`, `"1"`, …) when records carry none. */
  customerId: string;
  /** P(Y(t) = n | x, t_x, T), in [0, 1]. */
  conditionalPurchaseCountProbability: number;
}

/** Result of {@link conditionalPurchaseCountProbability}. */
export interface ConditionalPurchaseCountProbabilityResult {
  /** One record per input customer, in input order. */
  customers: ConditionalPurchaseCountProbabilityCustomer[];
  /** Σ wᵢ · Pᵢ: the expected number of these customers with exactly `n` purchases in the next `t`. */
  total: number;
  /** The number of purchases asked about. */
  n: number;
  /** The horizon, in `unit`. */
  t: number;
  /** The unit of `t` and of the customers' times (`"opportunity"` for BG/BB). */
  unit: TimeUnit | "opportunity";
}

/** Largest `n` accepted (the BG/NBD forms sum n terms). */
const MAX_COUNT = 1_000_000;

/**
 * Probability that each customer, given their history, makes exactly `n` purchases in the next `t`
 * time units, P(Y(t) = n | x, t_x, T). With `n = 0` it is the probability of no purchase in the next
 * `t` (one minus it: of at least one). Use it to find who is likely to buy next month, or to check a
 * fit against a holdout period's purchase counts.
 *
 * Formula: a customer alive at T (probability P(alive), {@link probabilityAlive}) continues as a new
 * customer of the same model with the posterior parameters, and a dead one buys nothing:
 * P(Y(t) = n | ·) = P(alive) · P′(X(t) = n) + (1 − P(alive)) · 1{n = 0}, where P′ is the model's
 * unconditional pmf ({@link purchaseCountProbability}) at
 * - BG/NBD: r+x, α+T, a, b+x (Fader, Hardie & Lee 2005, eq. 8 and eq. 13);
 * - MBG/NBD: r+x, α+T, a, b+x+1 with BG/NBD's pmf (the time-0 dropout chance is behind the customer;
 *   Batislam, Denizel & Filiztekin 2007);
 * - Pareto/NBD: r+x, α+T, s, β+T (memoryless lifetime; Fader & Hardie note 028, "Deriving the Conditional
 *   PMF of the Pareto/NBD Model", eq. 16);
 * - BG/BB: alive at opportunity n with probability B(α+x, β+n−x)B(γ, δ+n)/(B(α,β)B(γ,δ)L), then the
 *   pmf of Fader, Hardie & Shang 2010 eq. 7 at α+x, β+n−x, γ, δ+n over `t` whole opportunities (its
 *   mean is their eq. 13).
 *
 * Units: `t` and the customers' times in `unit` (default: the model's); results probabilities in [0, 1]
 * that sum to 1 over n = 0, 1, 2, …. Source: https://doi.org/10.1287/mksc.1040.0098,
 * https://www.brucehardie.com/notes/028/, https://doi.org/10.1287/mksc.1100.0560. Cost per customer: one
 * P(alive) plus one unconditional pmf (O(n) terms, or an adaptive quadrature for Pareto/NBD).
 *
 * @param customers - {@link RfmRecord}s, a {@link customerSummaries} result, or for BG/BB {@link DiscreteRfmRecord}s.
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * // CDNOW customer 1 (x = 2, t_x = 30.43, T = 38.86 weeks): no purchase in the next 39 weeks
 * conditionalPurchaseCountProbability(bgnbd, [{ frequency: 2, recency: 30.43, T: 38.86 }], 0, 39).customers;
 * // [{ customerId: "0", conditionalPurchaseCountProbability: 0.4454 }] (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model (or one without `unit`), a
 *   negative, non-integer or above 1,000,000 `n`, a bad `t` (above 10,000,000 days, or not a whole number
 *   of at most 100,000 opportunities for BG/BB), a bad customer record, or parameters so extreme that a
 *   value is not finite; `INVALID_RECORD` when a customer is not an object; `INVALID_CUSTOMER_ID` /
 *   `EMPTY_CUSTOMER_ID` for a bad or missing `customerId` among keyed records; `INVALID_OPTION` for a bad
 *   `unit`; `UNIT_MISMATCH` for a `unit` that disagrees with the summaries' or is asked of BG/BB.
 */
export function conditionalPurchaseCountProbability(
  model: TransactionModel,
  customers: readonly CustomerHistory[] | CustomerHistories,
  n: number,
  t: number,
  options: ConditionalPurchaseCountProbabilityOptions = {},
): ConditionalPurchaseCountProbabilityResult {
  const m = readTransactionModel(model);
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0 || n > MAX_COUNT) {
    throw argumentError("n", `must be an integer number of purchases from 0 to ${MAX_COUNT.toLocaleString("en-US")}`, n, "Ask for 0, 1, 2, … purchases.");
  }
  const time = readTimeArgument(t, "t");
  const input = readTransactionInput(m, customers, options?.unit);
  const toModel = input.clock?.toModel ?? ((v: number) => v);
  if (input.clock !== null) checkHorizon(time, input.clock.inputDays, "t");
  let value: (rec: unknown, i: number) => number;
  switch (m.kind) {
    case "BG/BB": {
      const future = readOpportunities(time, t, "t");
      value = (rec, i) => {
        const [x, tx, periods] = readDiscrete(rec, i);
        return bgbbConditionalPmf(m.params, x, tx, periods, n, future);
      };
      break;
    }
    case "Pareto/NBD": {
      const horizon = toModel(time);
      value = (rec, i) => {
        const [x, tx, T] = readRfm(rec, i);
        return paretoConditionalPmf(m.params, x, toModel(tx), toModel(T), n, horizon);
      };
      break;
    }
    case "BG/NBD":
    case "MBG/NBD": {
      const horizon = toModel(time);
      const modified = m.kind === "MBG/NBD";
      value = (rec, i) => {
        const [x, tx, T] = readRfm(rec, i);
        return betaGeoConditionalPmf(m.params, modified, x, toModel(tx), toModel(T), n, horizon);
      };
      break;
    }
    default:
      return unhandledKind(m);
  }
  const { customers: rows, total } = perCustomer(input.records, "conditionalPurchaseCountProbability", value);
  return withDisplay<ConditionalPurchaseCountProbabilityResult>({ customers: rows, total, n, t: time, unit: input.unit }, tableBundle);
}
