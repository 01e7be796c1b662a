import { frequencyRecencySvg, type FrequencyRecencyHeatmapOptions } from "../internal/display/modelCheckCharts.js";
import type { FrequencyRecencyMatrixResult } from "../models/frequencyRecencyMatrix.js";

export type { FrequencyRecencyHeatmapOptions } from "../internal/display/modelCheckCharts.js";

/**
 * Renders a {@link frequencyRecencyMatrix} result as an SVG heatmap: repeat purchases (rows, highest on top) by
 * recency (columns), coloured by the expected purchases in the next t or by P(alive) (`metric`), on the sequential
 * scale of {@link cohortHeatmap} (lifetimes' `plot_frequency_recency_matrix` and `plot_probability_alive_matrix`).
 * Impossible histories (no repeat purchase but a recency above 0) are left blank.
 *
 * Cost: O(cells) time and output size.
 *
 * @param input - a {@link FrequencyRecencyMatrixResult}.
 * @param options - see {@link FrequencyRecencyHeatmapOptions}.
 * @returns an SVG document as a string.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `input` is not a
 * well-formed result; `INVALID_OPTION` for an option outside its range.
 *
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
 * const grid = frequencyRecencyMatrix(bgnbd, { T: 39, maxFrequency: 5, recencySteps: 13 });
 * frequencyRecencyHeatmap(grid, { metric: "probabilityAlive" }).startsWith("<svg"); // true
 * ```
 */
export function frequencyRecencyHeatmap(input: FrequencyRecencyMatrixResult, options: FrequencyRecencyHeatmapOptions = {}): string {
  return frequencyRecencySvg(input, options);
}
