import { bootstrapIntervals, deltaIntervals, type RawInterval } from "../internal/btyd/intervals.js";
import { readScoreInput, scoreValues } from "../internal/btyd/scores.js";
import { optionError } from "../internal/fail.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { LifetimeValueCustomer } from "./predictedLifetimeValue.js";
import type { ScoreCustomersOptions } from "./scoreCustomers.js";
import type { BetaGeoModel, CustomerHistories, GammaGammaModel, ModifiedBetaGeoModel, ParetoNbdModel } from "./types.js";
import type { TimeUnit } from "../core/types.js";

/**
 * A model with what {@link scoreIntervals} reads of a fit result besides its parameters: `covariance` (the inverse
 * Hessian, in the order of `params`; `null` or absent when unknown) and the fit's `warnings`.
 */
export type WithUncertainty<M> = M & {
  readonly covariance?: readonly (readonly number[])[] | null;
  readonly warnings?: readonly string[];
};

/** Options of {@link scoreIntervals}: those of {@link scoreCustomers} (without `tiers`), and how to make the intervals. */
export interface ScoreIntervalsOptions extends Omit<ScoreCustomersOptions, "tiers" | "transactionModel" | "spendModel"> {
  /** The transaction model: a BG/NBD, MBG/NBD or Pareto/NBD fit result (its `covariance` and `warnings` are read). */
  transactionModel: WithUncertainty<BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel>;
  /** The Gamma-Gamma fit result (q above 1; its `covariance` and `warnings` are read). */
  spendModel: WithUncertainty<GammaGammaModel>;
  /**
   * `"delta"`: the delta method (fast: 2k evaluations of every prediction, k the number of parameters of both
   * models, 7). `"bootstrap"`: a parametric bootstrap (`draws` evaluations; follows skewed distributions).
   * @defaultValue "delta"
   */
  method?: "delta" | "bootstrap";
  /**
   * Confidence level of the intervals, in (0, 1).
   * @defaultValue 0.9
   */
  level?: number;
  /**
   * Bootstrap draws (`method: "bootstrap"` only), 20 to 10,000; customers × draws at most 5,000,000.
   * @defaultValue 200
   */
  draws?: number;
  /**
   * Seed of the bootstrap's generator (an integer; `method: "bootstrap"` only): the same seed gives the same intervals.
   * @defaultValue 1
   */
  seed?: number;
}

/** An interval of one prediction: the point estimate (as {@link scoreCustomers} gives it) and the range around it. */
export interface PredictionInterval {
  /** The point estimate at the fitted parameters. */
  estimate: number;
  /** Lower end (never above `estimate`; at least 0). */
  lower: number;
  /** Upper end (never below `estimate`; at most 1 for a probability). */
  upper: number;
}

/** One customer's intervals. */
export interface CustomerScoreIntervals {
  /** The record's `customerId` as a string, or its input position when records carry none. */
  customerId: string;
  probabilityAlive: PredictionInterval;
  probabilityOfPurchase: PredictionInterval;
  expectedPurchases: PredictionInterval;
  expectedOrderValue: PredictionInterval;
  predictedLifetimeValue: PredictionInterval;
}

/** Intervals of the totals of {@link ScoreTotals}. */
export interface ScoreTotalIntervals {
  /** Expected number of customers alive. */
  probabilityAlive: PredictionInterval;
  /** Expected number of customers who buy in the next period. */
  probabilityOfPurchase: PredictionInterval;
  /** Expected purchases of all customers over the horizon. */
  expectedPurchases: PredictionInterval;
  /** Mean expected order value of the expected purchases (`null` when no purchase is expected). */
  expectedOrderValue: PredictionInterval | null;
  /** CLV of the whole base. */
  predictedLifetimeValue: PredictionInterval;
}

/** Result of {@link scoreIntervals}. */
export interface ScoreIntervalsResult {
  /** One row per input customer, in input order. */
  customers: CustomerScoreIntervals[];
  /** Intervals of the totals (weighted by `weight`). */
  totals: ScoreTotalIntervals;
  /** The method used. */
  method: "delta" | "bootstrap";
  /** Confidence level. */
  level: number;
  /** Bootstrap draws (`null` for the delta method). */
  draws: number | null;
  /** Bootstrap seed (`null` for the delta method). */
  seed: number | null;
  /** Horizon in months. */
  horizon: number;
  /** Monthly discount rate. */
  discountRate: number;
  /** Next period of `probabilityOfPurchase`, in months. */
  nextPeriod: number;
  /** The unit the customers' times were read in. */
  unit: TimeUnit;
  /**
   * Why the intervals may not be trustworthy, empty when nothing was found: each `"<tag>: <sentence>"`. The fits'
   * own warnings (`few-customers`, `few-repeat-buyers`, `parameter-at-bound`, `no-standard-errors`,
   * `weak-parameter`, `q<=1`, naming the model), and `no-covariance`, `large-parameter-uncertainty`,
   * `bootstrap-rejections` (docs/predicting-clv.md, "Ranges: how sure are the scores").
   */
  warnings: string[];
}

const MAX_DRAWS = 10_000;

/**
 * Intervals for every prediction of the score table ({@link scoreCustomers}), per customer and for the totals: how
 * far each could move given the uncertainty of the fitted parameters. Use them to see which scores to act on (a CLV
 * of 40 ± 2 against one of 40 ± 30) and to report a base's value as a range.
 *
 * The parameter uncertainty is the fits' `covariance` (the inverse Hessian of the log-likelihood at the estimate),
 * taken to the log scale, Σφ = D⁻¹ Σ D⁻¹ with D = diag(θ), the two models independent (separate fits). Methods:
 * - `"delta"` (default): Var f ≈ ∇f(φ̂)ᵀ Σφ ∇f(φ̂), the gradient by central differences (step 1e-4) in each
 *   log-parameter; interval f̂ ± z_{(1+level)/2} · sd (Casella & Berger 2002, "Statistical Inference", §5.5.4,
 *   Theorem 5.5.24), cut at the prediction's range ([0, 1] for probabilities, [0, ∞) otherwise).
 * - `"bootstrap"`: a parametric bootstrap: log-parameters drawn from the asymptotic normal N(φ̂, Σφ) (not a refit
 *   on resampled customers), every prediction recomputed per draw, the percentile interval of the draws (Efron &
 *   Tibshirani 1993, "An Introduction to the Bootstrap", §6.5 and §13.3), widened to contain the estimate. Draws
 *   come from a seeded mulberry32 generator: the same `seed` gives the same intervals.
 *
 * When not to trust them (and `warnings` says so): few customers or repeat buyers (the normal approximation needs
 * many), a parameter at a boundary of its range or a Hessian that is not positive definite (no covariance: that
 * model's uncertainty is left out, `no-covariance`), a log-scale standard deviation above 1
 * (`large-parameter-uncertainty`). The intervals cover parameter uncertainty only, not the randomness of a
 * customer's own purchases nor a wrong model (see the model checks).
 *
 * Units: as {@link scoreCustomers}. Cost: 14 (delta) or `draws` (bootstrap) score evaluations of every customer.
 *
 * @param customers - {@link LifetimeValueCustomer}s or a {@link customerSummaries} result.
 * @example
 * ```ts
 * declare const bgnbd: FitBetaGeoResult;   // fitBetaGeo on the 2,357 CDNOW customers (covariance included)
 * declare const gg: FitGammaGammaResult;   // fitGammaGamma on their spend
 * const r = scoreIntervals([{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   { transactionModel: bgnbd, spendModel: gg, level: 0.9 });
 * r.customers[0]?.predictedLifetimeValue; // { estimate: 36.30, lower: 33.55, upper: 39.05 } (rounded)
 * r.warnings;                            // []
 * ```
 * @throws {@link RetentionMetricsError} as {@link scoreCustomers}; also `INVALID_ARGUMENT` for a `covariance` that is
 *   not a k × k symmetric matrix of finite numbers, a prediction with no finite derivative on either side of the
 *   estimate (delta method), or a bootstrap whose draws give no usable predictions;
 *   `INVALID_OPTION` for a bad `method`, `level`, `draws` (or customers × draws above 5,000,000) or `seed`.
 */
export function scoreIntervals(
  customers: readonly LifetimeValueCustomer[] | CustomerHistories<LifetimeValueCustomer>,
  options: ScoreIntervalsOptions,
): ScoreIntervalsResult {
  const { settings, columns } = readScoreInput(customers, options);
  const method = options.method ?? "delta";
  if (method !== "delta" && method !== "bootstrap") {
    throw optionError("method", 'must be "delta" or "bootstrap"', method, 'Leave it out for "delta".');
  }
  const level = options.level ?? 0.9;
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    throw optionError("level", "must be a number between 0 and 1 (exclusive)", level, "Use 0.9 for 90% intervals.");
  }
  const draws = options.draws ?? 200;
  if (typeof draws !== "number" || !Number.isSafeInteger(draws) || draws < 20 || draws > MAX_DRAWS) {
    throw optionError("draws", `must be an integer from 20 to ${MAX_DRAWS}`, draws, "Leave it out for 200.");
  }
  const seed = options.seed ?? 1;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw optionError("seed", "must be an integer", seed, "Any integer; the same seed gives the same intervals.");
  }
  const point = scoreValues(settings, columns);
  const table = method === "delta" ? deltaIntervals(settings, columns, point, level) : bootstrapIntervals(settings, columns, point, level, draws, seed);
  const n = columns.ids.length;
  const rows: CustomerScoreIntervals[] = new Array<CustomerScoreIntervals>(n);
  const c = table.customers;
  // The kernels' intervals are fresh plain { estimate, lower, upper } objects, one per customer and field: used as they are.
  const plain = (v: RawInterval | undefined): PredictionInterval => v ?? { estimate: 0, lower: 0, upper: 0 };
  for (let i = 0; i < n; i++) {
    rows[i] = {
      customerId: columns.ids[i] ?? "",
      probabilityAlive: plain(c.probabilityAlive[i]),
      probabilityOfPurchase: plain(c.probabilityOfPurchase[i]),
      expectedPurchases: plain(c.expectedPurchases[i]),
      expectedOrderValue: plain(c.expectedOrderValue[i]),
      predictedLifetimeValue: plain(c.predictedLifetimeValue[i]),
    };
  }
  const t = table.totals;
  const eov = t.expectedOrderValue;
  return withDisplay<ScoreIntervalsResult>(
    {
      customers: rows,
      totals: {
        probabilityAlive: plain(t.probabilityAlive),
        probabilityOfPurchase: plain(t.probabilityOfPurchase),
        expectedPurchases: plain(t.expectedPurchases),
        expectedOrderValue: Number.isFinite(eov.estimate) && Number.isFinite(eov.lower) && Number.isFinite(eov.upper) ? plain(eov) : null,
        predictedLifetimeValue: plain(t.predictedLifetimeValue),
      },
      method,
      level,
      draws: method === "bootstrap" ? table.draws : null,
      seed: method === "bootstrap" ? seed : null,
      horizon: settings.months,
      discountRate: settings.discountRate,
      nextPeriod: settings.nextPeriod,
      unit: settings.unit,
      warnings: table.warnings,
    },
    tableBundle,
  );
}
