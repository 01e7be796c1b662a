import { assignTiers, readScoreInput, scoreTotals, scoreValues } from "../internal/btyd/scores.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import { columnView, defineLazy } from "../internal/kernels/summaryRecords.js";
import type { LifetimeValueCustomer } from "./predictedLifetimeValue.js";
import type { BetaGeoModel, CustomerHistories, GammaGammaModel, ModifiedBetaGeoModel, ParetoNbdModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/** Options of {@link scoreCustomers}. */
export interface ScoreCustomersOptions {
  /** The transaction model: a BG/NBD, MBG/NBD or Pareto/NBD fit (or a model with the same fields). */
  transactionModel: BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel;
  /** The Gamma-Gamma spend model (q above 1). */
  spendModel: GammaGammaModel;
  /**
   * Horizon of the expected purchases and of the CLV, in whole months (a month is 30.4375 days), at most 1,200.
   * @defaultValue 12
   */
  horizon?: number;
  /**
   * Monthly discount rate d of the CLV (cash flows of month m divided by (1 + d)^m).
   * @defaultValue 0.01
   */
  discountRate?: number;
  /**
   * Length of the "next period" of `probabilityOfPurchase`, in months (fractions allowed: 0.23 is about a week).
   * @defaultValue 1
   */
  nextPeriod?: number;
  /**
   * Unit of the customers' `recency` and `T` when `customers` is an array (converted exactly to the model's unit).
   * @defaultValue the unit of a customerSummaries result, else the transaction model's `unit`
   */
  unit?: TimeUnit;
  /**
   * Value tiers: a number k of quantile tiers by CLV (5: quintiles; tier 1 the top fifth), or a strictly
   * decreasing list of CLV thresholds `[c₁, c₂, …]` (tier j: CLV ≥ c_j; below them all: the last tier).
   * @defaultValue 5
   */
  tiers?: number | readonly number[];
}

/** One customer's row of the score table (plain data). */
export interface CustomerScore {
  /** The record's `customerId` as a string, or its input position (`"0"`, `"1"`, …) when records carry none. */
  customerId: string;
  /** P(alive | x, t_x, T) at the end of the observation period, in [0, 1]. */
  probabilityAlive: number;
  /** P(at least one purchase in the next `nextPeriod` months | history), in [0, 1]. */
  probabilityOfPurchase: number;
  /** E[purchases in the next `horizon` months | history]. */
  expectedPurchases: number;
  /** E[order value | history], the Gamma-Gamma conditional mean (currency units). */
  expectedOrderValue: number;
  /** Discounted CLV over the horizon (currency units): {@link predictedLifetimeValue}'s value exactly. */
  predictedLifetimeValue: number;
  /** Value tier by CLV: 1 is the most valuable. */
  tier: number;
}

/** Totals of a score table (each weighted by the records' `weight`, default 1). */
export interface ScoreTotals {
  /** Σ wᵢ: the customers scored. */
  customers: number;
  /** Σ wᵢ P(alive)ᵢ: the expected number of customers still alive. */
  probabilityAlive: number;
  /** Σ wᵢ P(purchase)ᵢ: the expected number of customers who buy in the next period. */
  probabilityOfPurchase: number;
  /** Σ wᵢ E[purchases]ᵢ over the horizon. */
  expectedPurchases: number;
  /** Σ wᵢ E[purchases]ᵢ E[order value]ᵢ / Σ wᵢ E[purchases]ᵢ: the mean expected order value of the expected purchases (`null` when none are expected). */
  expectedOrderValue: number | null;
  /** Σ wᵢ CLVᵢ: the discounted value of the whole base. */
  predictedLifetimeValue: number;
}

/**
 * The score table as one array per field (entry k belongs to `customers[k]`): the columnar view for code that reads
 * every customer (a million-row export, a chart, a worker). Reading it builds no record. Plain data: `structuredClone`
 * copies the typed arrays and `JSON.stringify` writes each as a JSON array.
 */
export interface CustomerScoreColumns {
  customerId: string[];
  probabilityAlive: Float64Array;
  probabilityOfPurchase: Float64Array;
  expectedPurchases: Float64Array;
  expectedOrderValue: Float64Array;
  predictedLifetimeValue: Float64Array;
  tier: Uint8Array;
}

/** Result of {@link scoreCustomers}. */
export interface ScoreCustomersResult {
  /**
   * One row per input customer, in input order: plain objects, built all at once on the first read of this field
   * (reading only `columns` builds none).
   */
  customers: CustomerScore[];
  /** The same values as columns: see {@link CustomerScoreColumns}. */
  columns: CustomerScoreColumns;
  /** Totals over all customers. */
  totals: ScoreTotals;
  /** The CLV thresholds of the tiers, highest first: tier j holds CLV ≥ `tierThresholds[j−1]`. */
  tierThresholds: number[];
  /** Horizon in months. */
  horizon: number;
  /** Monthly discount rate. */
  discountRate: number;
  /** Length of the next period of `probabilityOfPurchase`, in months. */
  nextPeriod: number;
  /** The unit the customers' times were read in. */
  unit: TimeUnit;
}

/**
 * The customer scoring table: for each customer, who is likely to buy next month and what they are worth. One plain
 * record per customer (keyed by `customerId`) with P(alive), P(at least one purchase in the next period), expected
 * purchases over the horizon, expected order value, discounted CLV and a value tier. Use it to pick a campaign's
 * audience, or export it ({@link exportCustomerScores}) to a spreadsheet or a CRM.
 *
 * Formulas, for a customer with x repeat purchases, the last at t_x, age T (model units):
 * - P(alive): BG/NBD Fader, Hardie & Lee 2005 eq. 13; MBG/NBD Batislam et al. 2007; Pareto/NBD Fader & Hardie note
 *   009 eq. 19 (as {@link probabilityAlive}).
 * - P(purchase in the next t) = P(alive) · (1 − P₀(t)), P₀ the probability of no purchase in t of a customer alive at
 *   T: ((α+T)/(α+T+t))^(r+x) for BG/NBD and MBG/NBD (FHL 2005 eq. 8 at n = 0, posterior parameters r+x, α+T); for
 *   Pareto/NBD the likelihood of no purchase in (0, t] at (r+x, α+T, s, β+T) (note 009 eq. 18 with x = t_x = 0).
 *   Equals 1 − {@link conditionalPurchaseCountProbability} at n = 0.
 * - Expected purchases E[Y(t) | x, t_x, T] at t = horizon (FHL 2005 eq. 10; Schmittlein et al. 1987 eq. 22).
 * - Expected order value E[Z | x, z̄] = p(v + x z̄)/(px + q − 1) (Fader, Hardie & Lee 2005 note 025, eq. 5).
 * - CLV = Σ_{m=1}^{M} (E[Y(t_m)] − E[Y(t_{m−1})]) · E[Z] / (1 + d)^m, t_m = m months: {@link predictedLifetimeValue}'s
 *   kernel, so the two agree to the last bit.
 * - Tier: quantiles of the CLV (tier 1 the top 1/k), or the caller's thresholds; equal CLVs share a tier.
 *
 * Units: times in `unit`; money in the spend model's currency units (floats: expectations, not ledger amounts).
 * BG/BB is not accepted (its clock counts opportunities). Cost: one P(alive) per customer, and one ₂F₁ per month
 * for each distinct (x, T) (summaries in whole days share them), plus a sort for the quantile tiers; the records
 * are built on the first read of `customers`, and `columns` gives the same values without them (bench/score.ts
 * times a million customers).
 *
 * @param customers - {@link LifetimeValueCustomer}s (`{ customerId?, frequency, recency, T, monetaryValue, weight? }`)
 *   or a {@link customerSummaries} result.
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * const gg: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: 6.2488, q: 3.7446, v: 15.4478 } }; // CDNOW fit
 * const s = scoreCustomers([{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   { transactionModel: bgnbd, spendModel: gg, horizon: 12 });
 * s.customers;
 * // [{ customerId: "1", probabilityAlive: 0.7266, probabilityOfPurchase: 0.1404, expectedPurchases: 1.5630,
 * //    expectedOrderValue: 24.66, predictedLifetimeValue: 36.30, tier: 1 }] (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for options that are not an object, a bad model (BG/BB
 *   included, a transaction model without `unit`, a Gamma-Gamma model with q ≤ 1), a bad customer record
 *   (`customer <i>, <field>: …`) or customers that are not an array; `INVALID_RECORD` for a non-object customer;
 *   `INVALID_CUSTOMER_ID` / `EMPTY_CUSTOMER_ID` for a bad or missing `customerId` among keyed records;
 *   `INVALID_OPTION` for a bad `horizon`, `discountRate`, `nextPeriod` or `tiers`; `UNIT_MISMATCH` for a `unit`
 *   that disagrees with the summaries'.
 */
export function scoreCustomers(
  customers: readonly LifetimeValueCustomer[] | CustomerHistories<LifetimeValueCustomer>,
  options: ScoreCustomersOptions,
): ScoreCustomersResult {
  const { settings, columns } = readScoreInput(customers, options);
  const values = scoreValues(settings, columns);
  const { tier, thresholds } = assignTiers(values.predictedLifetimeValue, options.tiers);
  const cols: CustomerScoreColumns = {
    customerId: columns.ids,
    probabilityAlive: values.probabilityAlive,
    probabilityOfPurchase: values.probabilityOfPurchase,
    expectedPurchases: values.expectedPurchases,
    expectedOrderValue: values.expectedOrderValue,
    predictedLifetimeValue: values.predictedLifetimeValue,
    tier,
  };
  // JSON writes the typed arrays as arrays (as customerSummaries' columns).
  columnView(cols);
  const rows = (): CustomerScore[] => {
    const n = cols.customerId.length;
    const out: CustomerScore[] = new Array<CustomerScore>(n);
    const { customerId, probabilityAlive, probabilityOfPurchase, expectedPurchases, expectedOrderValue, predictedLifetimeValue } = cols;
    for (let i = 0; i < n; i++) {
      out[i] = {
        customerId: customerId[i] ?? "",
        probabilityAlive: probabilityAlive[i] ?? 0,
        probabilityOfPurchase: probabilityOfPurchase[i] ?? 0,
        expectedPurchases: expectedPurchases[i] ?? 0,
        expectedOrderValue: expectedOrderValue[i] ?? 0,
        predictedLifetimeValue: predictedLifetimeValue[i] ?? 0,
        tier: tier[i] ?? 0,
      };
    }
    return out;
  };
  const t = scoreTotals(values, columns.w);
  return withDisplay<ScoreCustomersResult>(
    defineLazy(
      {
      customers: undefined as unknown as CustomerScore[],
      columns: cols,
      totals: {
        customers: columns.totalWeight,
        probabilityAlive: t.probabilityAlive,
        probabilityOfPurchase: t.probabilityOfPurchase,
        expectedPurchases: t.expectedPurchases,
        expectedOrderValue: Number.isFinite(t.expectedOrderValue) ? t.expectedOrderValue : null,
        predictedLifetimeValue: t.predictedLifetimeValue,
      },
      tierThresholds: thresholds,
      horizon: settings.months,
      discountRate: settings.discountRate,
      nextPeriod: settings.nextPeriod,
      unit: settings.unit,
      },
      "customers",
      rows,
    ),
    tableBundle,
  );
}
