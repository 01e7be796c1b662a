import type { Decimal } from "decimal.js";
import type { TimeUnit } from "../core/types.js";

/**
 * The key of a customer in the prediction functions' records: a non-empty string or a finite number (read
 * as its decimal string). Either every input record carries one or none does; without one, a record's
 * key is its input position as a string (`"0"`, `"1"`, …).
 */
export type CustomerKey = string | number;

/**
 * One customer's purchase history in the form the continuous-time models (BG/NBD, MBG/NBD,
 * Pareto/NBD) use. All times are in one unit of the caller's choice (CDNOW uses weeks) and are
 * measured from the customer's first purchase.
 */
export interface RfmRecord {
  /** The customer's id, carried into the records of the predictions (optional; see {@link CustomerKey}). */
  customerId?: CustomerKey;
  /** Number of repeat purchases (purchases after the first; a non-negative integer), `x`. */
  frequency: number;
  /** Time of the last repeat purchase after the first purchase, `t_x` (0 when `frequency` is 0). */
  recency: number;
  /** Time from the first purchase to the end of the calibration period (the customer's age), `T`. */
  T: number;
  /**
   * How many customers share this exact history (for compressed data).
   * @defaultValue 1
   */
  weight?: number;
}

/**
 * One customer's history for the discrete-time BG/BB model: `periods` transaction opportunities
 * after the first (n), of which `frequency` (x) had a purchase, the last at opportunity `recency`
 * (t_x, 0 when x = 0).
 */
export interface DiscreteRfmRecord {
  /** The customer's id, carried into the records of the predictions (optional; see {@link CustomerKey}). */
  customerId?: CustomerKey;
  /** Number of opportunities with a repeat purchase, x (integer, 0 ≤ x ≤ periods). */
  frequency: number;
  /** Index of the last opportunity with a purchase, t_x (integer, x ≤ t_x ≤ periods; 0 when x = 0). */
  recency: number;
  /** Number of transaction opportunities observed, n (positive integer). */
  periods: number;
  /**
   * How many customers share this exact history (for compressed data such as donations.csv).
   * @defaultValue 1
   */
  weight?: number;
}

/** One customer's spend history for the Gamma-Gamma model. */
export interface SpendRecord {
  /** The customer's id, carried into the records of the predictions (optional; see {@link CustomerKey}). */
  customerId?: CustomerKey;
  /** Number of repeat purchases, x. Customers with x = 0 are skipped by {@link fitGammaGamma}. */
  frequency: number;
  /**
   * Mean value of the repeat purchases, z̄ (currency units, e.g. dollars, not minor units). Read as a
   * float: the model is statistical, and its outputs are expectations, not ledger amounts.
   */
  monetaryValue: number | string | Decimal;
  /**
   * How many customers share this exact history.
   * @defaultValue 1
   */
  weight?: number;
}

/** The unit of a model's clock: the unit its records were measured in (see {@link TimeUnit}). */
export type ModelTimeUnit = TimeUnit;

/**
 * Customer records together with the unit of their times: a {@link customerSummaries} result, or any
 * `{ customers, unit }`. The fits take the model's unit from it, and the predictions convert its times to
 * the model's unit.
 */
export interface CustomerHistories<R = RfmRecord> {
  /** One record per customer. */
  readonly customers: readonly R[];
  /** The unit of `recency` and `T` of the records. */
  readonly unit: TimeUnit;
}

/** A fitted BG/NBD model (Fader, Hardie & Lee 2005). `alpha` is in the model's `unit`. */
export interface BetaGeoModel {
  readonly kind: "BG/NBD";
  readonly params: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  /** The time unit of the data the model was fitted on (the unit of `alpha`). */
  readonly unit: TimeUnit;
}

/** A fitted MBG/NBD model (Batislam, Denizel & Filiztekin 2007). `alpha` is in the model's `unit`. */
export interface ModifiedBetaGeoModel {
  readonly kind: "MBG/NBD";
  readonly params: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  /** The time unit of the data the model was fitted on (the unit of `alpha`). */
  readonly unit: TimeUnit;
}

/** A fitted Pareto/NBD model (Schmittlein, Morrison & Colombo 1987). `alpha`, `beta` in the model's `unit`. */
export interface ParetoNbdModel {
  readonly kind: "Pareto/NBD";
  readonly params: { readonly r: number; readonly alpha: number; readonly s: number; readonly beta: number };
  /** The time unit of the data the model was fitted on (the unit of `alpha` and `beta`). */
  readonly unit: TimeUnit;
}

/** A fitted BG/BB model (Fader, Hardie & Shang 2010). Time is counted in transaction opportunities. */
export interface BetaGeoBetaBinomModel {
  readonly kind: "BG/BB";
  readonly params: { readonly alpha: number; readonly beta: number; readonly gamma: number; readonly delta: number };
  /** `"opportunity"`: the model's clock counts transaction opportunities (optional on a hand-made model). */
  readonly unit?: "opportunity";
}

/** Any fitted transaction ("buy till you die") model; predictions dispatch on `kind`. */
export type TransactionModel = BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel | BetaGeoBetaBinomModel;

/** A fitted Gamma-Gamma spend model (Fader, Hardie & Lee 2005 note; Colombo & Jiang 1999). */
export interface GammaGammaModel {
  readonly kind: "Gamma-Gamma";
  readonly params: { readonly p: number; readonly q: number; readonly v: number };
  /** `null`: spend per transaction has no clock (optional on a hand-made model). */
  readonly unit?: null;
}

/**
 * A fitted shifted-beta-geometric (sBG) contract-duration model (Fader & Hardie 2007): each customer renews at the
 * end of every period with probability 1 − θ, θ ~ Beta(alpha, beta) across customers. Not a transaction model:
 * its predictions are {@link projectedRetention} and {@link discountedExpectedResidualLifetime}.
 */
export interface ShiftedBetaGeometricModel {
  readonly kind: "sBG";
  readonly params: { readonly alpha: number; readonly beta: number };
  /** `"period"`: the model's clock counts renewal periods (a month for monthly plans, a year for annual ones). */
  readonly unit?: "period";
}

/**
 * Survivor counts of one cohort: `[n₀, n₁, …, n_k]`, the cohort size n₀ (customers acquired together, at their
 * first payment) and n_t the customers of the cohort still active after t renewal periods. Whole numbers that
 * never increase.
 */
export type SurvivorCounts = readonly number[];

/** A customer history accepted by the prediction functions: {@link RfmRecord} or, for BG/BB, {@link DiscreteRfmRecord}. */
export type CustomerHistory = RfmRecord | DiscreteRfmRecord;

/** Diagnostics shared by every fit result. */
export interface FitDiagnostics {
  /**
   * Log-likelihood at the estimate in the caller's time unit, weighted by `weight`, without the
   * penalty (the number the papers report).
   */
  readonly logLikelihood: number;
  /** Iterations used by the optimiser (BFGS, plus Nelder–Mead when it was needed). */
  readonly iterations: number;
  /**
   * Always `true` in a returned result: the optimiser reached a stationary point (a fit that does not
   * throws `NOT_CONVERGED`). Whether that point means anything is what `warnings` says.
   */
  readonly converged: true;
  /** Number of customers the fit used: the sum of the weights of the records it used. */
  readonly customerCount: number;
  /** Number of input records the fit used. */
  readonly recordCount: number;
  /** The L2 penalizer used (0 for plain maximum likelihood). */
  readonly penalizer: number;
  /**
   * The asymptotic covariance of the estimate: the inverse of the Hessian of the total (weighted, penalised)
   * negative log-likelihood at the optimum, in the caller's units, rows and columns in the order of `params`' keys
   * (its diagonal is the square of `standardErrors`). `null` when the Hessian is not positive definite (then
   * `warnings` has `no-standard-errors`). {@link scoreIntervals} reads it.
   */
  readonly covariance: number[][] | null;
  /** Optimiser path taken: `"bfgs"` or `"nelder-mead+bfgs"`. */
  readonly method: "bfgs" | "nelder-mead+bfgs";
  /**
   * Why the estimate may not mean much, empty when nothing was found. Each warning is
   * `"<tag>: <sentence>"` with a stable tag: `few-customers`, `few-repeat-buyers`, `parameter-at-bound`,
   * `no-standard-errors`, `weak-parameter`, and for Gamma-Gamma `q<=1` (criteria in
   * docs/predicting-clv.md, "When a fit warns").
   */
  readonly warnings: string[];
}
