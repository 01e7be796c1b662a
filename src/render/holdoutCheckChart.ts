import { holdoutCheckSvg, type ModelCheckChartOptions } from "../internal/display/modelCheckCharts.js";
import type { HoldoutCheckResult } from "../models/holdoutCheck.js";

/**
 * Renders a {@link holdoutCheck} result as an SVG line chart: mean holdout purchases per customer by calibration
 * frequency (0, 1, …, k+), actual against the model's conditional expectation (BTYD's
 * `PlotFreqVsConditionalExpectedFrequency`, lifetimes' `plot_calibration_purchases_vs_holdout_purchases`).
 * Empty groups leave a gap.
 *
 * Cost: O(groups) time and output size.
 *
 * @param input - a {@link HoldoutCheckResult}.
 * @param options - see {@link ModelCheckChartOptions}.
 * @returns an SVG document as a string.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `input` is not a
 * well-formed result; `INVALID_OPTION` for an option outside its range.
 *
 * @example
 * ```ts
 * const split = calibrationHoldout([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-12", total: "30" },
 * ], { calibrationEnd: "2024-01-31", observationEnd: "2024-03-31", unit: "week" });
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * holdoutCheckChart(holdoutCheck(bgnbd, split)).includes("<path"); // true
 * ```
 */
export function holdoutCheckChart(input: HoldoutCheckResult, options: ModelCheckChartOptions = {}): string {
  return holdoutCheckSvg(input, options);
}
