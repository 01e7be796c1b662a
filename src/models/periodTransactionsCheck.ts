import { bgbbPmf } from "../internal/btyd/betaGeoBetaBinom.js";
import { binLabel, expectedHistogram, pmfAt, readMaxFrequency } from "../internal/btyd/checks.js";
import { readTransactionModel } from "../internal/btyd/model.js";
import { readTransactionInput } from "../internal/btyd/predict.js";
import { readDiscrete, readRfm, readWeight } from "../internal/btyd/validate.js";
import { periodTransactionsBundle } from "../internal/display/modelCheckDisplay.js";
import { withDisplay } from "../internal/display/display.js";
import type { TimeUnit } from "../core/types.js";
import type { CustomerHistories, CustomerHistory, TransactionModel } from "./types.js";

/** Options of {@link periodTransactionsCheck}. */
export interface PeriodTransactionsCheckOptions {
  /**
   * Number of bins: repeat-purchase counts 0 … maxFrequency − 1 each in a bin of its own, and a last bin
   * "maxFrequency+" for the rest (BTYD's `censor`). An integer from 1 to 1,000.
   * @defaultValue `7`
   */
  maxFrequency?: number;
  /**
   * Unit of the records' `T`; converted exactly to the model's unit. Not for BG/BB (`UNIT_MISMATCH`).
   * @defaultValue the histories' `unit`, else the model's
   */
  unit?: TimeUnit;
}

/** One bin of {@link PeriodTransactionsCheckResult}. */
export interface PeriodTransactionsBin {
  /** Repeat purchases of the bin: n (the last bin: n or more). */
  frequency: number;
  /** `"0"`, `"1"`, …, `"7+"`. */
  label: string;
  /** Customers (summed weights) whose calibration frequency falls in the bin. */
  actualCustomers: number;
  /** Customers the model expects in the bin: Σᵢ wᵢ P(X(Tᵢ) = n) (the last bin: Σᵢ wᵢ P(X(Tᵢ) ≥ n)). */
  expectedCustomers: number;
}

/** Result of {@link periodTransactionsCheck}. */
export interface PeriodTransactionsCheckResult {
  /** One bin per count 0 … maxFrequency − 1, then "maxFrequency+". */
  bins: PeriodTransactionsBin[];
  /** The model checked (`"BG/NBD"`, …). */
  model: TransactionModel["kind"];
  /** Customers (summed weights); both columns of `bins` sum to it. */
  customerCount: number;
  maxFrequency: number;
  /** The unit of the records' `T` (`"opportunity"` for BG/BB). */
  unit: TimeUnit | "opportunity";
}

/**
 * The period-transactions check of a fitted transaction model: how many customers made 0, 1, 2, … repeat
 * purchases in the calibration period, against how many the model expects, each customer over their own age.
 *
 * - Expected customers with n repeat purchases = Σᵢ wᵢ · P(X(Tᵢ) = n), with P(X(t) = n) the model's count
 *   distribution of a new customer ({@link purchaseCountProbability}: Fader, Hardie & Lee 2005 eq. 8 for BG/NBD,
 *   Schmittlein et al. 1987 for Pareto/NBD, Batislam et al. 2007 for MBG/NBD, Fader, Hardie & Shang 2010 eq. 7
 *   for BG/BB with Tᵢ = `periods`). The last bin holds Σᵢ wᵢ · (1 − Σ_{n<k} P(X(Tᵢ) = n)), so each column sums
 *   to the number of customers.
 * - This is BTYD's `pnbd.PlotFrequencyInCalibration` / `bgnbd.PlotFrequencyInCalibration` (censor = maxFrequency)
 *   computed in closed form; lifetimes' `plot_period_transactions` draws the same comparison from a simulated data set.
 *
 * A model that fits has the two columns close in every bin; a model that under-predicts the zeros and over-predicts
 * the heavy buyers usually fits a population mixing two kinds of customers.
 *
 * Units: `T` in `unit` (default the histories' or the model's); counts of customers (float for the expectations).
 * Source: https://cran.r-project.org/package=BTYD (`PlotFrequencyInCalibration`). Cost: maxFrequency
 * probabilities per distinct T (customers acquired the same day share them).
 *
 * @param model - a fitted BG/NBD, MBG/NBD, Pareto/NBD or BG/BB model.
 * @param customers - the calibration histories ({@link RfmRecord}, or {@link DiscreteRfmRecord} for BG/BB), or
 *   `{ customers, unit }` such as a {@link customerSummaries} result.
 * @param options - see {@link PeriodTransactionsCheckOptions}.
 * @returns one bin per count, actual against expected customers.
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad model or records; `INVALID_RECORD`,
 *   `INVALID_CUSTOMER_ID`; `INVALID_OPTION` for a bad `maxFrequency` or `unit`; `UNIT_MISMATCH`.
 *
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * const check = periodTransactionsCheck(bgnbd, [
 *   { frequency: 0, recency: 0, T: 30 },
 *   { frequency: 2, recency: 20, T: 38 },
 * ], { maxFrequency: 2 });
 * check.bins.map((b) => b.label);             // ["0", "1", "2+"]
 * check.bins.map((b) => b.actualCustomers);   // [1, 0, 1]
 * check.bins.reduce((s, b) => s + b.expectedCustomers, 0); // 2 (up to rounding)
 * ```
 */
export function periodTransactionsCheck(
  model: TransactionModel,
  customers: readonly CustomerHistory[] | CustomerHistories,
  options: PeriodTransactionsCheckOptions = {},
): PeriodTransactionsCheckResult {
  const m = readTransactionModel(model);
  const k = readMaxFrequency(options?.maxFrequency, 7);
  const input = readTransactionInput(m, customers, options?.unit);
  const n = input.records.length;
  const T = new Float64Array(n);
  const w = new Float64Array(n);
  const actual = new Array<number>(k + 1).fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const rec = input.records[i];
    const [x, , age] = m.kind === "BG/BB" ? readDiscrete(rec, i) : readRfm(rec, i);
    const wi = readWeight(rec as Record<string, unknown>, i);
    T[i] = input.clock === null ? age : input.clock.toModel(age);
    w[i] = wi;
    total += wi;
    const bin = Math.min(x, k);
    actual[bin] = (actual[bin] as number) + wi;
  }
  const expected =
    m.kind === "BG/BB" ? expectedHistogram(T, w, k, (x, periods) => (x > periods ? 0 : bgbbPmf(m.params, x, periods))) : expectedHistogram(T, w, k, (x, t) => pmfAt(m, x, t));
  const bins: PeriodTransactionsBin[] = actual.map((a, f) => ({ frequency: f, label: binLabel(f, k), actualCustomers: a, expectedCustomers: expected[f] as number }));
  return withDisplay<PeriodTransactionsCheckResult>({ bins, model: m.kind, customerCount: total, maxFrequency: k, unit: input.unit }, periodTransactionsBundle);
}
