import { periodTransactionsSvg, type ModelCheckChartOptions } from "../internal/display/modelCheckCharts.js";
import type { PeriodTransactionsCheckResult } from "../models/periodTransactionsCheck.js";

export type { ModelCheckChartOptions } from "../internal/display/modelCheckCharts.js";

/**
 * Renders a {@link periodTransactionsCheck} result as grouped SVG bars: customers by repeat purchases in the
 * calibration period (0, 1, …, k+), actual against the model (BTYD's `PlotFrequencyInCalibration`).
 *
 * Cost: O(bins) time and output size.
 *
 * @param input - a {@link PeriodTransactionsCheckResult}.
 * @param options - see {@link ModelCheckChartOptions}.
 * @returns an SVG document as a string.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `input` is not a
 * well-formed result; `INVALID_OPTION` for an option outside its range.
 *
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * const check = periodTransactionsCheck(bgnbd, [{ frequency: 1, recency: 5, T: 30 }]);
 * periodTransactionsChart(check).includes("<rect"); // true
 * ```
 */
export function periodTransactionsChart(input: PeriodTransactionsCheckResult, options: ModelCheckChartOptions = {}): string {
  return periodTransactionsSvg(input, options);
}
