import { readRetentionModel } from "../internal/btyd/model.js";
import { sbgRetentionRate } from "../internal/btyd/shiftedBetaGeometric.js";
import { argumentError } from "../internal/fail.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import type { ShiftedBetaGeometricModel } from "./types.js";

/** One period of {@link projectedRetention}. */
export interface ProjectedRetentionPeriod {
  /** The period t (1 = the first renewal period after acquisition). */
  period: number;
  /** r(t) = (β+t−1)/(α+β+t−1): the share of the customers active at the start of period t who renew at its end. */
  projectedRetention: number;
  /** S(t) = P(T > t): the share of a newly acquired cohort still active after t periods. */
  survival: number;
  /** P(T = t) = S(t−1) − S(t): the share of a newly acquired cohort lost in period t. */
  churnProbability: number;
}

/** Result of {@link projectedRetention}. */
export interface ProjectedRetentionResult {
  /** One record per period, t = 1 … `periods`, in order. */
  periods: ProjectedRetentionPeriod[];
  /** `"period"`: the model's renewal periods. */
  unit: "period";
}

/**
 * The retention curve an sBG model projects for a newly acquired cohort: for each period t = 1 … `periods`, the
 * retention rate r(t), the survival S(t) and the churn probability P(T = t). Multiply `survival` by a cohort's size
 * to forecast its active customers; compare with the observed counts to check the fit.
 *
 * Formulas (Fader & Hardie 2007, "How to Project Customer Retention", eq. 8, 6 and 7):
 * r(t) = (β+t−1)/(α+β+t−1); S(t) = Π_{i=1}^{t} r(i) = B(α, β+t)/B(α, β); P(T = t) = S(t−1) · α/(α+β+t−1).
 * r(t) rises with t (the customers likely to leave leave first) towards 1; S(t) falls from S(0) = 1.
 *
 * Units: periods of the model (the periods of the survivor counts it was fitted on); results are shares in [0, 1].
 * Source: https://doi.org/10.1002/dir.20074. Cost: O(periods).
 *
 * @param periods - How many periods to project (a whole number ≥ 1).
 * @example
 * ```ts
 * const highEnd: ShiftedBetaGeometricModel = { kind: "sBG", params: { alpha: 0.668, beta: 3.806 } }; // FH 2007
 * const curve = projectedRetention(highEnd, 12);
 * curve.periods[0];  // { period: 1, projectedRetention: 0.8507, survival: 0.8507, churnProbability: 0.1493 } (rounded)
 * curve.periods[11]; // { period: 12, projectedRetention: 0.9568, survival: 0.3780, churnProbability: 0.0171 } (rounded)
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a model that is not an sBG model with α, β > 0, or
 *   `periods` that is not a whole number ≥ 1.
 */
export function projectedRetention(model: ShiftedBetaGeometricModel, periods: number): ProjectedRetentionResult {
  const { alpha, beta } = readRetentionModel(model).params;
  if (typeof periods !== "number" || !Number.isSafeInteger(periods) || periods < 1) {
    throw argumentError("periods", "must be a whole number of periods, at least 1", periods, "Pass how many renewal periods to project, e.g. 12.");
  }
  const rows: ProjectedRetentionPeriod[] = [];
  let survival = 1;
  for (let t = 1; t <= periods; t++) {
    const rate = sbgRetentionRate(alpha, beta, t);
    const churnProbability = survival * (1 - rate);
    survival *= rate;
    rows.push({ period: t, projectedRetention: rate, survival, churnProbability });
  }
  return withDisplay<ProjectedRetentionResult>({ periods: rows, unit: "period" }, tableBundle);
}
