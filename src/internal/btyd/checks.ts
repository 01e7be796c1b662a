// The numbers behind the model checks (issue 18): the period-transactions histogram, calibration against
// holdout, the frequency × recency grids and the tracking curves of a fitted transaction model. Times here are
// in the model's unit unless a name says days.
import { argumentError, optionError } from "../fail.js";
import { betaGeoConditional, betaGeoExpected, betaGeoPmf, betaGeoProbabilityAlive } from "./betaGeo.js";
import { avoidAOne, readTransactionModel, unhandledKind, type ContinuousModel } from "./model.js";

export type { ContinuousModel };
import { paretoConditional, paretoExpected, paretoPmf, paretoProbabilityAlive } from "./paretoNbd.js";
import { finiteValue } from "./predict.js";
import { readPositiveIntegerOption } from "./validate.js";


/**
 * A transaction model for a check on calendar time (tracking, calibration against holdout): BG/NBD, MBG/NBD or
 * Pareto/NBD. BG/BB counts transaction opportunities, which a calendar split does not give: INVALID_ARGUMENT.
 */
export function readContinuousModel(model: unknown, check: string): ContinuousModel {
  const m = readTransactionModel(model);
  if (m.kind === "BG/BB") {
    throw argumentError(
      "model.kind",
      `is "BG/BB", whose clock counts transaction opportunities; ${check} reads calendar time (a calibrationHoldout split or orders)`,
      m.kind,
      "Check a BG/BB model with periodTransactionsCheck and frequencyRecencyMatrix on its discrete records, or fit BG/NBD, MBG/NBD or Pareto/NBD.",
    );
  }
  return m;
}

/** E[X(t)] of a new customer. */
export function expectedAt(m: ContinuousModel, t: number): number {
  switch (m.kind) {
    case "Pareto/NBD":
      return paretoExpected(m.params, t);
    case "BG/NBD":
      return avoidAOne(m, (p) => betaGeoExpected(p, false, t));
    case "MBG/NBD":
      return avoidAOne(m, (p) => betaGeoExpected(p, true, t));
    default:
      return unhandledKind(m);
  }
}

/** E[X(T, T + t) | x, t_x, T]. */
export function conditionalAt(m: ContinuousModel, x: number, tx: number, T: number, t: number): number {
  switch (m.kind) {
    case "Pareto/NBD":
      return paretoConditional(m.params, x, tx, T, t);
    case "BG/NBD":
      return avoidAOne(m, (p) => betaGeoConditional(p, false, x, tx, T, t));
    case "MBG/NBD":
      return avoidAOne(m, (p) => betaGeoConditional(p, true, x, tx, T, t));
    default:
      return unhandledKind(m);
  }
}

/** P(alive | x, t_x, T). */
export function aliveAt(m: ContinuousModel, x: number, tx: number, T: number): number {
  switch (m.kind) {
    case "Pareto/NBD":
      return paretoProbabilityAlive(m.params, x, tx, T);
    case "BG/NBD":
      return betaGeoProbabilityAlive(m.params, false, x, tx, T);
    case "MBG/NBD":
      return betaGeoProbabilityAlive(m.params, true, x, tx, T);
    default:
      return unhandledKind(m);
  }
}

/** P(X(t) = n) of a new customer. */
export function pmfAt(m: ContinuousModel, n: number, t: number): number {
  switch (m.kind) {
    case "Pareto/NBD":
      return paretoPmf(m.params, n, t);
    case "BG/NBD":
      return betaGeoPmf(m.params, false, n, t);
    case "MBG/NBD":
      return betaGeoPmf(m.params, true, n, t);
    default:
      return unhandledKind(m);
  }
}

/** Most frequency bins of a check (0 … maxFrequency − 1 and "maxFrequency+"). */
export const MAX_CHECK_FREQUENCY = 1000;

/** The `maxFrequency` option of the checks: an integer from 1 to 1,000. */
export function readMaxFrequency(v: unknown, fallback: number): number {
  const k = readPositiveIntegerOption(v, "maxFrequency", fallback);
  if (k > MAX_CHECK_FREQUENCY) {
    throw optionError("maxFrequency", `must be at most ${MAX_CHECK_FREQUENCY}`, v, "Bins above a few dozen purchases hold almost no customers; the last bin gathers the rest.");
  }
  return k;
}

/** Bin labels "0", "1", …, "k+" . */
export function binLabel(n: number, k: number): string {
  return n >= k ? `${k}+` : String(n);
}

/**
 * The expected number of customers in each bin 0 … k−1, k+ of repeat purchases: Σᵢ wᵢ P(X(Tᵢ) = n), the last bin
 * Σᵢ wᵢ (1 − Σ_{n<k} P(X(Tᵢ) = n)). `pmf(n, T)` is cached by T (customers of one acquisition day share it).
 */
export function expectedHistogram(T: ArrayLike<number>, w: ArrayLike<number>, k: number, pmf: (n: number, T: number) => number): number[] {
  const out = new Array<number>(k + 1).fill(0);
  const cache = new Map<number, number[]>();
  for (let i = 0; i < T.length; i++) {
    const t = T[i] as number;
    let row = cache.get(t);
    if (row === undefined) {
      row = new Array<number>(k + 1);
      let sum = 0;
      for (let n = 0; n < k; n++) {
        const p = finiteValue(pmf(n, t), "purchaseCountProbability");
        row[n] = p;
        sum += p;
      }
      row[k] = Math.max(0, 1 - sum);
      cache.set(t, row);
    }
    const wi = w[i] as number;
    for (let n = 0; n <= k; n++) out[n] = (out[n] as number) + wi * (row[n] as number);
  }
  return out;
}

/** Mean absolute error, root mean squared error and bias (mean of predicted − actual) over weighted pairs. */
export interface ErrorMetrics {
  meanAbsoluteError: number | null;
  rootMeanSquaredError: number | null;
  bias: number | null;
}

export function errorMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>, w: ArrayLike<number> | null = null): ErrorMetrics {
  let n = 0;
  let abs = 0;
  let sq = 0;
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) {
    const wi = w === null ? 1 : (w[i] as number);
    const e = (predicted[i] as number) - (actual[i] as number);
    n += wi;
    abs += wi * Math.abs(e);
    sq += wi * e * e;
    sum += wi * e;
  }
  if (n === 0) return { meanAbsoluteError: null, rootMeanSquaredError: null, bias: null };
  return { meanAbsoluteError: abs / n, rootMeanSquaredError: Math.sqrt(sq / n), bias: sum / n };
}

