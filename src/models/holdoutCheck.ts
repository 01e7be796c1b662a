import { binLabel, conditionalAt, errorMetrics, readContinuousModel, readMaxFrequency, type ErrorMetrics } from "../internal/btyd/checks.js";
import { continuousClock, finiteValue } from "../internal/btyd/predict.js";
import { readRfm } from "../internal/btyd/validate.js";
import { argumentError } from "../internal/fail.js";
import { holdoutCheckBundle } from "../internal/display/modelCheckDisplay.js";
import { withDisplay } from "../internal/display/display.js";
import type { TimeUnit } from "../core/types.js";
import type { CalibrationHoldoutResult } from "../customers/calibrationHoldout.js";
import type { BetaGeoModel, ModifiedBetaGeoModel, ParetoNbdModel } from "./types.js";

/** Options of {@link holdoutCheck}. */
export interface HoldoutCheckOptions {
  /**
   * Number of groups: calibration frequencies 0 … maxFrequency − 1 each in a group of its own, and a last group
   * "maxFrequency+" (BTYD's `censor`). An integer from 1 to 1,000.
   * @defaultValue `7`
   */
  maxFrequency?: number;
}

/** One customer of {@link HoldoutCheckResult}. */
export interface HoldoutCheckCustomer {
  customerId: string;
  /** Repeat purchases in the calibration period, x. */
  calibrationFrequency: number;
  /** Purchase days in the holdout period (all repeat purchases). */
  actualPurchases: number;
  /** E[X(T, T + holdout) | x, t_x, T]: the model's expectation for the holdout. */
  expectedPurchases: number;
  /** expectedPurchases − actualPurchases. */
  error: number;
}

/** One calibration-frequency group of {@link HoldoutCheckResult}. */
export interface HoldoutCheckGroup {
  /** Calibration frequency of the group (the last group: this many or more). */
  frequency: number;
  /** `"0"`, `"1"`, …, `"7+"`. */
  label: string;
  /** Customers in the group. */
  customers: number;
  /** Mean holdout purchases per customer of the group, actual; `null` for an empty group. */
  actualMean: number | null;
  /** Mean conditional expectation per customer of the group; `null` for an empty group. */
  expectedMean: number | null;
  /** Holdout purchases of the group, actual and expected. */
  actualPurchases: number;
  expectedPurchases: number;
}

/** Result of {@link holdoutCheck}. */
export interface HoldoutCheckResult {
  /** One group per calibration frequency 0 … maxFrequency − 1, then "maxFrequency+". */
  groups: HoldoutCheckGroup[];
  /** One record per calibration customer, in the order of `calibrationCustomers`. */
  customers: HoldoutCheckCustomer[];
  /** The model checked. */
  model: "BG/NBD" | "MBG/NBD" | "Pareto/NBD";
  /** Errors of the per-customer predictions: MAE, RMSE, bias (mean of expected − actual), purchases per customer. */
  customerErrors: ErrorMetrics;
  /** The same over the groups' means (each group counts once; empty groups are left out). */
  groupErrors: ErrorMetrics;
  /** All holdout purchases, actual and expected, and the relative error of the total (`null` with no actual purchase). */
  actualPurchases: number;
  expectedPurchases: number;
  relativeTotalError: number | null;
  /** Customers checked (= `customers.length`). */
  customerCount: number;
  maxFrequency: number;
  /** Holdout length, in `unit`. */
  holdoutDuration: number;
  unit: TimeUnit;
}

/**
 * The calibration-against-holdout check of a fitted BG/NBD, MBG/NBD or Pareto/NBD model: for each customer of a
 * {@link calibrationHoldout} split, the holdout purchases the model expects from the calibration history, against
 * the purchases made; grouped by calibration frequency (0, 1, …, maxFrequency+), with error metrics.
 *
 * - Expected (per customer): E[X(T, T + τ) | x, t_x, T], τ the holdout length ({@link conditionalExpectedPurchases}:
 *   Fader, Hardie & Lee 2005 eq. 10 for BG/NBD; Schmittlein et al. 1987 for Pareto/NBD; Batislam et al. 2007 for MBG/NBD).
 * - Per group: the mean actual and the mean expected holdout purchases of the customers whose calibration
 *   frequency is in the group: BTYD's `PlotFreqVsConditionalExpectedFrequency` (censor = maxFrequency),
 *   lifetimes' `plot_calibration_purchases_vs_holdout_purchases`.
 * - Errors: over customers, MAE = mean |eᵢ|, RMSE = √(mean eᵢ²), bias = mean eᵢ with eᵢ = expected − actual
 *   (purchases per customer; a positive bias over-predicts); the same over the groups' means; and the relative
 *   error of the total, (Σ expected − Σ actual) / Σ actual.
 *
 * The model should be fitted on the same calibration summaries (`fitBetaGeo(split.calibrationCustomers …)`).
 * A BG/BB model is refused: its clock counts opportunities, not the calendar time of the split.
 *
 * Units: as the split's `unit` (converted exactly to the model's). Cost: one conditional expectation per customer.
 * Source: https://cran.r-project.org/package=BTYD; https://github.com/CamDavidsonPilon/lifetimes (`plotting.py`).
 *
 * @param model - a fitted BG/NBD, MBG/NBD or Pareto/NBD model.
 * @param split - a {@link calibrationHoldout} result.
 * @param options - see {@link HoldoutCheckOptions}.
 * @returns the groups, the customers and the error metrics.
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` for a bad or BG/BB model, or a split whose
 *   `calibrationCustomers` and `holdoutCustomers` differ in length or hold bad records; `INVALID_OPTION` for a bad
 *   `maxFrequency`.
 *
 * @example
 * ```ts
 * const split = calibrationHoldout([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-01-15", total: "20" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-02-12", total: "30" },
 *   { orderId: "4", customerId: "bob", placedAt: "2024-01-08", total: "15" },
 * ], { calibrationEnd: "2024-01-31", observationEnd: "2024-03-31", unit: "week" });
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * const check = holdoutCheck(bgnbd, split, { maxFrequency: 2 });
 * check.groups.map((g) => [g.label, g.customers, g.actualMean]); // [["0", 1, 0], ["1", 1, 1], ["2+", 0, null]]
 * check.customers[0]!.expectedPurchases > 0;                    // true
 * ```
 */
export function holdoutCheck(model: BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel, split: CalibrationHoldoutResult, options: HoldoutCheckOptions = {}): HoldoutCheckResult {
  const m = readContinuousModel(model, "holdoutCheck");
  const k = readMaxFrequency(options?.maxFrequency, 7);
  const { cal, hold, duration, unit } = readSplit(split);
  const clock = continuousClock(m, unit);
  const horizon = clock.toModel(duration);
  const n = cal.length;
  const expected = new Float64Array(n);
  const actual = new Float64Array(n);
  const customers: HoldoutCheckCustomer[] = new Array(n);
  const sums = Array.from({ length: k + 1 }, () => ({ customers: 0, actual: 0, expected: 0 }));
  let totalActual = 0;
  let totalExpected = 0;
  for (let i = 0; i < n; i++) {
    const rec = cal[i] as Record<string, unknown>;
    const [x, tx, T] = readRfm(rec, i);
    const h = hold[i] as Record<string, unknown> | undefined;
    const a = h?.frequency;
    if (typeof a !== "number" || !Number.isSafeInteger(a) || a < 0) {
      throw argumentError(`split.holdoutCustomers[${i}].frequency`, "must be a count (an integer ≥ 0)", a, "Pass the result of calibrationHoldout.");
    }
    const e = finiteValue(conditionalAt(m, x, clock.toModel(tx), clock.toModel(T), horizon), "conditionalExpectedPurchases", i);
    expected[i] = e;
    actual[i] = a;
    totalActual += a;
    totalExpected += e;
    customers[i] = { customerId: String(rec.customerId ?? i), calibrationFrequency: x, actualPurchases: a, expectedPurchases: e, error: e - a };
    const g = sums[Math.min(x, k)] as { customers: number; actual: number; expected: number };
    g.customers++;
    g.actual += a;
    g.expected += e;
  }
  const groups: HoldoutCheckGroup[] = sums.map((g, f) => ({
    frequency: f,
    label: binLabel(f, k),
    customers: g.customers,
    actualMean: g.customers === 0 ? null : g.actual / g.customers,
    expectedMean: g.customers === 0 ? null : g.expected / g.customers,
    actualPurchases: g.actual,
    expectedPurchases: g.expected,
  }));
  const filled = groups.filter((g) => g.customers > 0);
  return withDisplay<HoldoutCheckResult>(
    {
      groups,
      customers,
      model: m.kind,
      customerErrors: errorMetrics(expected, actual),
      groupErrors: errorMetrics(
        filled.map((g) => g.expectedMean as number),
        filled.map((g) => g.actualMean as number),
      ),
      actualPurchases: totalActual,
      expectedPurchases: totalExpected,
      relativeTotalError: totalActual === 0 ? null : (totalExpected - totalActual) / totalActual,
      customerCount: n,
      maxFrequency: k,
      holdoutDuration: duration,
      unit,
    },
    holdoutCheckBundle,
  );
}

/** The fields of a calibrationHoldout result the check reads, or INVALID_ARGUMENT. */
function readSplit(split: unknown): { cal: readonly unknown[]; hold: readonly unknown[]; duration: number; unit: TimeUnit } {
  const hint = "Pass the result of calibrationHoldout.";
  if (typeof split !== "object" || split === null) throw argumentError("split", "must be a calibrationHoldout result", split, hint);
  const s = split as Record<string, unknown>;
  const cal = s.calibrationCustomers;
  const hold = s.holdoutCustomers;
  if (!Array.isArray(cal)) throw argumentError("split.calibrationCustomers", "must be an array", cal, hint);
  if (!Array.isArray(hold) || hold.length !== cal.length) {
    throw argumentError("split.holdoutCustomers", `must be an array aligned with calibrationCustomers (${cal.length} records)`, Array.isArray(hold) ? hold.length : hold, hint);
  }
  const duration = s.holdoutDuration;
  if (typeof duration !== "number" || !Number.isFinite(duration) || duration < 0) throw argumentError("split.holdoutDuration", "must be a finite number ≥ 0", duration, hint);
  return { cal, hold, duration, unit: s.unit as TimeUnit };
}
