import { trackingSvg, type TrackingChartOptions } from "../internal/display/modelCheckCharts.js";
import type { TrackingCheckResult } from "../models/trackingCheck.js";

export type { TrackingChartOptions } from "../internal/display/modelCheckCharts.js";

/**
 * Renders a {@link trackingCheck} result as an SVG line chart: repeat purchases over calendar time, actual against
 * the model, cumulative (default) or per period, with a dashed line at the end of the calibration period
 * (BTYD's tracking plots).
 *
 * Cost: O(periods) time and output size.
 *
 * @param input - a {@link TrackingCheckResult}.
 * @param options - see {@link TrackingChartOptions}.
 * @returns an SVG document as a string.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `input` is not a
 * well-formed result; `INVALID_OPTION` for an option outside its range.
 *
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * const tracking = trackingCheck(bgnbd, [
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-01", total: "10" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "20" },
 * ], { calibrationEnd: "2024-01-28", observationEnd: "2024-02-25" });
 * const svg = trackingChart(tracking, { cumulative: false });
 * svg.startsWith("<svg"); // true
 * ```
 */
export function trackingChart(input: TrackingCheckResult, options: TrackingChartOptions = {}): string {
  return trackingSvg(input, options);
}
