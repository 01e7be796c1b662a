import { betaGeoConditional } from "../internal/btyd/betaGeo.js";
import { bgbbConditional } from "../internal/btyd/betaGeoBetaBinom.js";
import { avoidAOne, readTransactionModel, unhandledKind } from "../internal/btyd/model.js";
import { paretoConditional } from "../internal/btyd/paretoNbd.js";
import { perCustomer, readTransactionInput } from "../internal/btyd/predict.js";
import { checkHorizon, readDiscrete, readOpportunities, readRfm, readTimeArgument } from "../internal/btyd/validate.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { CustomerHistories, CustomerHistory, TransactionModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link conditionalExpectedPurchases}. */
export interface ConditionalExpectedPurchasesOptions {
  /**
   * Unit of `t` and of the customers' `recency` and `T` when `customers` is an array; converted exactly
   * to the model's unit. Not for BG/BB (opportunities) and not with a customerSummaries result other than
   * its own unit (`UNIT_MISMATCH`).
   * @defaultValue the unit of a customerSummaries result, else the model's `unit`
   */
  unit?: TimeUnit;
}

/** One customer's expected purchases in the next `t`. */
export interface ConditionalExpectedPurchasesCustomer {
  /** The record's `customerId` as a string, or its input position (`"0"`, `"1"`, …) when records carry none. */
  customerId: string;
  /** E[Y(t) | x, t_x, T], a (float) number of purchases. */
  conditionalExpectedPurchases: number;
}

/** Result of {@link conditionalExpectedPurchases}. */
export interface ConditionalExpectedPurchasesResult {
  /** One record per input customer, in input order. */
  customers: ConditionalExpectedPurchasesCustomer[];
  /** Σ wᵢ · E[Yᵢ(t)]: the purchases expected of all these customers in the next `t` (`weight` counted). */
  total: number;
  /** The horizon, in `unit`. */
  t: number;
  /** The unit of `t` and of the customers' times (`"opportunity"` for BG/BB). */
  unit: TimeUnit | "opportunity";
}

/**
 * Expected number of purchases in the next `t` time units for each customer with the given history,
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
 * Units: `t` and the customers' times in `unit` (default: the model's; other units are converted exactly
 * to the model's); result (float) numbers of purchases.
 * Source: https://doi.org/10.1287/mksc.1040.0098. Cost per customer: one ₂F₁ (O(r+x+40/(1−z)) terms), or
 * O(t) for BG/BB.
 *
 * @param customers - {@link RfmRecord}s, a {@link customerSummaries} result, or for BG/BB {@link DiscreteRfmRecord}s.
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * // CDNOW BG/NBD fit, customer 1 (x = 2, t_x = 30.43, T = 38.86 weeks), next 39 weeks
 * conditionalExpectedPurchases(bgnbd, [{ frequency: 2, recency: 30.43, T: 38.86 }], 39).customers;
 * // [{ customerId: "0", conditionalExpectedPurchases: 1.2259 }] (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model (or one without `unit`), bad
 *   customer records or `t` (above 10,000,000 days, or a non-integer `t` or one above 100,000
 *   opportunities for BG/BB), or parameters so extreme that a value is not a finite number; `INVALID_RECORD` when a customer is not an object; `INVALID_CUSTOMER_ID` /
 *   `EMPTY_CUSTOMER_ID` for a bad or missing `customerId` among keyed records; `INVALID_OPTION` for a bad
 *   `unit`; `UNIT_MISMATCH` for a `unit` that disagrees with the summaries' or is asked of BG/BB.
 */
export function conditionalExpectedPurchases(
  model: TransactionModel,
  customers: readonly CustomerHistory[] | CustomerHistories,
  t: number,
  options: ConditionalExpectedPurchasesOptions = {},
): ConditionalExpectedPurchasesResult {
  const m = readTransactionModel(model);
  const time = readTimeArgument(t, "t");
  const input = readTransactionInput(m, customers, options?.unit);
  const toModel = input.clock?.toModel ?? ((v: number) => v);
  if (input.clock !== null) checkHorizon(time, input.clock.inputDays, "t");
  let value: (rec: unknown, i: number) => number;
  switch (m.kind) {
    case "BG/BB":
      readOpportunities(time, t, "t");
      value = (rec, i) => {
        const [x, tx, n] = readDiscrete(rec, i);
        return bgbbConditional(m.params, x, tx, n, time);
      };
      break;
    case "Pareto/NBD": {
      const horizon = toModel(time);
      value = (rec, i) => {
        const [x, tx, T] = readRfm(rec, i);
        return paretoConditional(m.params, x, toModel(tx), toModel(T), horizon);
      };
      break;
    }
    case "BG/NBD":
    case "MBG/NBD": {
      const horizon = toModel(time);
      const modified = m.kind === "MBG/NBD";
      value = (rec, i) => {
        const [x, tx, T] = readRfm(rec, i);
        return avoidAOne(m, (p) => betaGeoConditional(p, modified, x, toModel(tx), toModel(T), horizon));
      };
      break;
    }
    default:
      return unhandledKind(m);
  }
  const { customers: rows, total } = perCustomer(input.records, "conditionalExpectedPurchases", value);
  return withDisplay<ConditionalExpectedPurchasesResult>({ customers: rows, total, t: time, unit: input.unit }, tableBundle);
}
