import type { OrdersInput } from "../core/OrdersInput.js";
import type { TimeUnit } from "../core/types.js";
import type { CalibrationHoldoutResult } from "../customers/calibrationHoldout.js";
import { readContinuousModel } from "../internal/btyd/checks.js";
import { argumentError } from "../internal/fail.js";
import { modelCheckBundle } from "../internal/display/modelCheckDisplay.js";
import { withDisplay } from "../internal/display/display.js";
import { frequencyRecencyMatrix, type FrequencyRecencyMatrixResult } from "./frequencyRecencyMatrix.js";
import { holdoutCheck, type HoldoutCheckResult } from "./holdoutCheck.js";
import { periodTransactionsCheck, type PeriodTransactionsCheckResult } from "./periodTransactionsCheck.js";
import { trackingCheck, type TrackingCheckResult } from "./trackingCheck.js";
import type { BetaGeoModel, ModifiedBetaGeoModel, ParetoNbdModel } from "./types.js";

/** Options of {@link modelCheck}. */
export interface ModelCheckOptions {
  /**
   * The orders the split was made from, for the tracking check (which needs each purchase's day). Without them
   * `tracking` is `null`.
   * @defaultValue none
   */
  orders?: OrdersInput;
  /**
   * Bins of the period-transactions and holdout checks: 0 … maxFrequency − 1, and "maxFrequency+".
   * @defaultValue `7`
   */
  maxFrequency?: number;
  /**
   * Length of one tracking period.
   * @defaultValue the split's `unit`
   */
  period?: TimeUnit;
}

/** Result of {@link modelCheck}: the four checks of one model on one calibration/holdout split. */
export interface ModelCheckResult {
  /** The model checked. */
  model: "BG/NBD" | "MBG/NBD" | "Pareto/NBD";
  /** Customers by repeat purchases in the calibration period, actual and expected ({@link periodTransactionsCheck}). */
  periodTransactions: PeriodTransactionsCheckResult;
  /** Holdout purchases by calibration frequency, with error metrics ({@link holdoutCheck}). */
  holdout: HoldoutCheckResult;
  /**
   * The frequency × recency grids ({@link frequencyRecencyMatrix}) for customers of the longest calibration age,
   * rows up to the highest calibration frequency (at most 12), 12 recency steps, expected purchases over the
   * holdout length (call {@link frequencyRecencyMatrix} for a finer grid).
   */
  frequencyRecency: FrequencyRecencyMatrixResult;
  /** Repeat purchases per period over calendar time ({@link trackingCheck}), or `null` without `orders`. */
  tracking: TrackingCheckResult | null;
}

/**
 * All the model checks of a fitted BG/NBD, MBG/NBD or Pareto/NBD model on a {@link calibrationHoldout} split, in
 * one plain result that shows in a notebook as a small dashboard (headline numbers and the charts):
 *
 * - `periodTransactions`: {@link periodTransactionsCheck} on the calibration customers;
 * - `holdout`: {@link holdoutCheck} (mean holdout purchases by calibration frequency, MAE, RMSE, bias);
 * - `frequencyRecency`: {@link frequencyRecencyMatrix} at T = the longest calibration age, t = the holdout length,
 *   frequencies 0 … min(12, highest calibration frequency), 12 recency steps;
 * - `tracking`: {@link trackingCheck} over the split's calibration end and observation end, time zone and window,
 *   when `orders` (the orders of the split) are given; each customer enters at their own first purchase.
 *
 * Fit the model on the split's calibration customers first (`fitBetaGeo({ customers: split.calibrationCustomers,
 * unit: split.unit })`). Each part has its own renderer: {@link trackingChart}, {@link periodTransactionsChart},
 * {@link holdoutCheckChart}, {@link frequencyRecencyHeatmap}.
 *
 * Units: the split's. Cost: the four checks' (tracking: one pass over the orders).
 * Source: BTYD (https://cran.r-project.org/package=BTYD) and lifetimes' plotting module, computed in closed form.
 *
 * @param model - a fitted BG/NBD, MBG/NBD or Pareto/NBD model.
 * @param split - a {@link calibrationHoldout} result.
 * @param options - see {@link ModelCheckOptions}.
 * @returns the four checks.
 * @throws {@link RetentionMetricsError} as the four checks; `INVALID_ARGUMENT` (field `options.orders`) when the
 *   orders give another number of calibration customers than the split.
 *
 * @example
 * ```ts
 * const orders = [
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-01-15", total: "20" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-02-12", total: "30" },
 *   { orderId: "4", customerId: "bob", placedAt: "2024-01-08", total: "15" },
 * ];
 * const split = calibrationHoldout(orders, { calibrationEnd: "2024-01-31", observationEnd: "2024-03-31", unit: "week" });
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * const check = modelCheck(bgnbd, split, { orders });
 * check.holdout.actualPurchases;          // 1
 * check.tracking!.holdout.actualPurchases; // 1
 * ```
 */
export function modelCheck(model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel, split: CalibrationHoldoutResult, options: ModelCheckOptions = {}): ModelCheckResult {
  const m = readContinuousModel(model, "modelCheck");
  const o = options ?? {};
  const bins = o.maxFrequency !== undefined ? { maxFrequency: o.maxFrequency } : {};
  const holdout = holdoutCheck(m, split, bins);
  const histories = { customers: split.calibrationCustomers, unit: split.unit };
  const periodTransactions = periodTransactionsCheck(m, histories, bins);
  let maxT = 0;
  let maxX = 0;
  for (const c of split.calibrationCustomers) {
    if (c.T > maxT) maxT = c.T;
    if (c.frequency > maxX) maxX = c.frequency;
  }
  const frequencyRecency = frequencyRecencyMatrix(m, {
    T: maxT > 0 ? maxT : 1,
    maxFrequency: Math.max(1, Math.min(12, maxX)),
    recencySteps: 12,
    t: split.holdoutDuration > 0 ? split.holdoutDuration : 1,
    unit: split.unit,
  });
  let tracking: TrackingCheckResult | null = null;
  if (o.orders !== undefined) {
    const w = split.window;
    tracking = trackingCheck(m, o.orders, {
      calibrationEnd: split.calibrationEnd,
      observationEnd: split.observationEnd,
      timeZone: w.timeZone,
      ...(w.from !== null ? { from: w.from } : {}),
      ...(w.to !== null ? { to: w.to } : {}),
      period: o.period ?? split.unit,
    });
    if (tracking.customerCount !== split.calibrationCustomers.length) {
      throw argumentError(
        "options.orders",
        `give ${tracking.customerCount} customers acquired by the calibration end, the split ${split.calibrationCustomers.length}`,
        tracking.customerCount,
        "Pass the orders the calibrationHoldout split was made from.",
      );
    }
  }
  return withDisplay<ModelCheckResult>({ model: m.kind, periodTransactions, holdout, frequencyRecency, tracking }, modelCheckBundle);
}
