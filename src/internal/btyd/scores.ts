import { argumentError, optionError } from "../fail.js";
import { gammaGammaConditional } from "./gammaGamma.js";
import { customerKey, readHistories, recordsAreKeyed, type PredictionClock } from "./input.js";
import { ALIVE, ANY, CLV, EXPECTED, lifetimeValueKernel, type ContinuousModel } from "./lifetimeValue.js";
import { readSpendModel, readTransactionModel } from "./model.js";
import { continuousClock, finiteValue } from "./predict.js";
import { DAYS_PER_MONTH } from "./units.js";
import { readMoney, readPositiveIntegerOption, readRfm, readWeight } from "./validate.js";
import type { TimeUnit } from "../../core/types.js";
import type { GammaGammaModel } from "../../models/types.js";

/** Longest horizon of a score table, in months (100 years), as for predictedLifetimeValue. */
export const MAX_MONTHS = 1200;
/** Most quantile tiers. */
export const MAX_TIERS = 100;

/** The options every score function reads (scoreCustomers, scoreIntervals). */
export interface ScoreOptionsInput {
  transactionModel?: unknown;
  spendModel?: unknown;
  horizon?: unknown;
  discountRate?: unknown;
  nextPeriod?: unknown;
  unit?: TimeUnit | undefined;
}

/** Validated settings of a score table. */
export interface ScoreSettings {
  readonly transactionModel: ContinuousModel;
  readonly spendModel: GammaGammaModel;
  /** Horizon in whole months. */
  readonly months: number;
  /** Monthly discount rate. */
  readonly discountRate: number;
  /** Length of the "next period" of P(purchase), in months. */
  readonly nextPeriod: number;
  /** The caller's unit and the model's month in model units. */
  readonly unit: TimeUnit;
  /** The caller's unit against the model's (its `toModel` converts the customers' times). */
  readonly clock: PredictionClock;
  readonly monthInModel: number;
}

/** Customers packed as columns, times in the model's unit. */
export interface ScoreColumns {
  readonly ids: string[];
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  /** Mean repeat-purchase value z̄ (currency units). */
  readonly z: Float64Array;
  readonly w: Float64Array;
  readonly totalWeight: number;
}

/** The five predictions of a score table, one column each. */
export interface ScoreValues {
  readonly probabilityAlive: Float64Array;
  readonly probabilityOfPurchase: Float64Array;
  readonly expectedPurchases: Float64Array;
  readonly expectedOrderValue: Float64Array;
  readonly predictedLifetimeValue: Float64Array;
}

/** The prediction names, in the order of the records' fields. */
export const SCORE_FIELDS = ["probabilityAlive", "probabilityOfPurchase", "expectedPurchases", "expectedOrderValue", "predictedLifetimeValue"] as const;
export type ScoreField = (typeof SCORE_FIELDS)[number];

/**
 * Reads a CLV horizon in whole months (option `name`, default 12, at most {@link MAX_MONTHS}) and a monthly
 * discount rate (default 0.01, above −1, and not so negative that (1 + d)^−months overflows), or throws
 * INVALID_OPTION: shared by predictedLifetimeValue (`months`) and the score functions (`horizon`).
 */
export function readHorizonAndRate(horizon: unknown, name: string, discountRate: unknown): { months: number; discountRate: number } {
  const months = readPositiveIntegerOption(horizon, name, 12);
  if (months > MAX_MONTHS) {
    throw optionError(name, `must be at most ${MAX_MONTHS} months (100 years)`, months, "Value a horizon a business can act on; discounting leaves nothing of the months past it.");
  }
  const d = discountRate ?? 0.01;
  if (typeof d !== "number" || !Number.isFinite(d) || d <= -1) {
    throw optionError("discountRate", "must be a finite monthly rate above −1", d, "Use e.g. 0.01 for 1% per month.");
  }
  if (months * Math.log1p(d) < -700) {
    throw optionError("discountRate", `is so far below 0 that the discount factor (1 + d)^−${months} overflows`, d, "Use a rate of 0 or more (a negative rate grows future cash flows exponentially).");
  }
  return { months, discountRate: d };
}

/** Reads and checks the model and horizon options of a score function. */
export function readScoreSettings(options: ScoreOptionsInput | undefined, historiesUnit: TimeUnit | undefined): ScoreSettings {
  if (typeof options !== "object" || options === null) {
    throw argumentError("options", "must be an object with transactionModel and spendModel", options, "Pass { transactionModel, spendModel } (fit results).");
  }
  const tm = readTransactionModel(options.transactionModel, "transactionModel", ["BG/NBD", "MBG/NBD", "Pareto/NBD"]) as ContinuousModel;
  const sm = readSpendModel(options.spendModel, "spendModel");
  const { months, discountRate: d } = readHorizonAndRate(options.horizon, "horizon", options.discountRate);
  const next = options.nextPeriod ?? 1;
  if (typeof next !== "number" || !Number.isFinite(next) || next <= 0 || next > MAX_MONTHS) {
    throw optionError("nextPeriod", `must be a number of months above 0 and at most ${MAX_MONTHS}`, next, "Use 1 for the next month, 0.25 for about a week.");
  }
  const clock = continuousClock(tm, historiesUnit, "transactionModel");
  return {
    transactionModel: tm,
    spendModel: sm,
    months,
    discountRate: d,
    nextPeriod: next,
    unit: clock.unit,
    clock,
    monthInModel: DAYS_PER_MONTH / clock.modelDays,
  };
}

/** Reads the customers (array or customerSummaries result) and the settings together. */
export function readScoreInput(customers: unknown, options: ScoreOptionsInput | undefined): { settings: ScoreSettings; columns: ScoreColumns } {
  const input = readHistories(customers, options?.unit, "customers", true);
  const settings = readScoreSettings(options, input.unit);
  return { settings, columns: packScoreColumns(input.records, settings.clock.toModel) };
}

/** Validates and packs the customers (`{ customerId?, frequency, recency, T, monetaryValue, weight? }`). */
export function packScoreColumns(records: readonly unknown[], toModel: (v: number) => number): ScoreColumns {
  const n = records.length;
  const keyed = recordsAreKeyed(records);
  const ids: string[] = new Array<string>(n);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const rec = records[i];
    const [xi, txi, Ti] = readRfm(rec, i);
    const r = rec as Record<string, unknown>;
    const zi = readMoney(r["monetaryValue"], i, "monetaryValue");
    if (zi < 0) {
      throw argumentError(`customers[${i}].monetaryValue`, "must not be negative", zi, "Use the mean value of the repeat purchases.");
    }
    ids[i] = customerKey(r, i, keyed);
    x[i] = xi;
    tx[i] = toModel(txi);
    T[i] = toModel(Ti);
    z[i] = zi;
    const wi = readWeight(r, i);
    w[i] = wi;
    totalWeight += wi;
  }
  return { ids, x, tx, T, z, w, totalWeight };
}

/**
 * The five predictions for every customer at the given parameters (the models' own by default): P(alive),
 * P(purchase in the next period), E[Y(horizon)], E[Z] and the discounted CLV, all from
 * {@link lifetimeValueKernel} (the CLV is predictedLifetimeValue's to the last bit). `check` turns a value
 * that is not finite into an INVALID_ARGUMENT (off for the perturbed parameters of the interval methods,
 * which reject such draws instead).
 */
export function scoreValues(
  settings: ScoreSettings,
  columns: ScoreColumns,
  transactionModel: ContinuousModel = settings.transactionModel,
  spendParams: GammaGammaModel["params"] = settings.spendModel.params,
  check = true,
): ScoreValues {
  const n = columns.x.length;
  const alive = new Float64Array(n);
  const purchase = new Float64Array(n);
  const expected = new Float64Array(n);
  const orderValue = new Float64Array(n);
  const clv = new Float64Array(n);
  const kernel = lifetimeValueKernel(transactionModel, settings.months, settings.monthInModel, settings.discountRate, settings.nextPeriod * settings.monthInModel);
  const out = new Float64Array(4);
  const { x, tx, T, z } = columns;
  for (let i = 0; i < n; i++) {
    const xi = x[i] ?? 0;
    const spend = gammaGammaConditional(spendParams, xi, z[i] ?? 0);
    kernel(xi, tx[i] ?? 0, T[i] ?? 0, spend, out);
    const a = out[ALIVE] as number;
    const p = out[ANY] as number;
    const e = out[EXPECTED] as number;
    const c = out[CLV] as number;
    alive[i] = a;
    purchase[i] = p;
    expected[i] = e;
    orderValue[i] = spend;
    clv[i] = c;
    // a − a is 0 for a finite a and NaN for ±Infinity or NaN: one test for all five values.
    if (check && !(a - a + (p - p) + (e - e) + (spend - spend) + (c - c) === 0)) {
      finiteValue(a, "probabilityAlive", i);
      finiteValue(p, "probabilityOfPurchase", i);
      finiteValue(e, "expectedPurchases", i);
      finiteValue(spend, "expectedOrderValue", i);
      finiteValue(c, "predictedLifetimeValue", i);
    }
  }
  return { probabilityAlive: alive, probabilityOfPurchase: purchase, expectedPurchases: expected, expectedOrderValue: orderValue, predictedLifetimeValue: clv };
}

/** Weighted totals Σ wᵢ vᵢ of the four additive predictions, and the purchase-weighted mean order value. */
export function scoreTotals(values: ScoreValues, w: Float64Array): Record<ScoreField, number> {
  let alive = 0;
  let purchase = 0;
  let expected = 0;
  let clv = 0;
  let spend = 0;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i] ?? 0;
    alive += wi * (values.probabilityAlive[i] ?? 0);
    purchase += wi * (values.probabilityOfPurchase[i] ?? 0);
    const e = wi * (values.expectedPurchases[i] ?? 0);
    expected += e;
    spend += e * (values.expectedOrderValue[i] ?? 0);
    clv += wi * (values.predictedLifetimeValue[i] ?? 0);
  }
  return {
    probabilityAlive: alive,
    probabilityOfPurchase: purchase,
    expectedPurchases: expected,
    expectedOrderValue: expected > 0 ? spend / expected : Number.NaN,
    predictedLifetimeValue: clv,
  };
}

/**
 * Value tiers: tier 1 is the most valuable. With `tiers` a count k (default 5, quintiles), the thresholds are the
 * CLVs at the ranks ⌈j·n/k⌉ (j = 1…k−1) of the customers sorted by CLV, highest first (input records, weights not
 * counted); with `tiers` a strictly decreasing list of CLV thresholds [c₁, c₂, …], tier j holds CLV ≥ c_j (below
 * all of them: tier k+1). Either way a customer's tier is 1 + the number of thresholds above its CLV, so equal
 * CLVs share a tier.
 */
export function assignTiers(clv: Float64Array, tiersOption: unknown): { tier: Uint8Array; thresholds: number[] } {
  let thresholds: number[];
  if (Array.isArray(tiersOption)) {
    if (tiersOption.length < 1 || tiersOption.length > MAX_TIERS - 1) {
      throw optionError("tiers", `must list 1 to ${MAX_TIERS - 1} CLV thresholds`, tiersOption, "E.g. [500, 100, 20] for four tiers.");
    }
    for (let j = 0; j < tiersOption.length; j++) {
      const v: unknown = tiersOption[j];
      if (typeof v !== "number" || !Number.isFinite(v) || (j > 0 && !(v < (tiersOption[j - 1] as number)))) {
        throw optionError("tiers", "must be finite CLV thresholds in strictly decreasing order", tiersOption, "E.g. [500, 100, 20]: tier 1 is a CLV of 500 or more.");
      }
    }
    thresholds = (tiersOption as number[]).slice();
  } else {
    const k = tiersOption ?? 5;
    if (typeof k !== "number" || !Number.isSafeInteger(k) || k < 1 || k > MAX_TIERS) {
      throw optionError("tiers", `must be a number of quantile tiers from 1 to ${MAX_TIERS}, or a list of CLV thresholds`, k, "Leave it out for quintiles.");
    }
    // The order statistics by selection (O(n) each on a shrinking range) rather than a full sort.
    const work = clv.slice();
    const n = work.length;
    thresholds = [];
    let lo = 0;
    for (let j = k - 1; j >= 1 && n > 0; j--) {
      // Descending rank ⌈j·n/k⌉ − 1 is ascending rank n − ⌈j·n/k⌉; ranks grow as j falls, so each search starts
      // where the last one ended.
      const rank = n - Math.min(n, Math.ceil((j * n) / k));
      select(work, lo, n - 1, rank);
      thresholds.unshift(work[rank] ?? 0);
      lo = rank;
    }
    // A value at a cut goes to the higher tier: the threshold is the lowest CLV of tier j.
  }
  const tier = new Uint8Array(clv.length);
  const m = thresholds.length;
  for (let i = 0; i < clv.length; i++) {
    const v = clv[i] ?? 0;
    let t = 1;
    // Binary search would do for many thresholds; quintiles need at most four comparisons.
    for (let j = 0; j < m && v < (thresholds[j] ?? 0); j++) t++;
    tier[i] = t;
  }
  return { tier, thresholds };
}

/**
 * Puts the element of ascending rank `rank` of a[lo..hi] at a[rank], smaller ones before it and larger ones after
 * (Hoare's quickselect with a median-of-three pivot; expected O(hi − lo)).
 */
function select(a: Float64Array, lo: number, hi: number, rank: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else return;
  }
}
