import { growthAccountingSvg, type GrowthAccountingChartOptions } from "../internal/display/growthChart.js";
import type { GrowthAccountingResult } from "../retention/growthAccounting.js";

export type { GrowthAccountingChartOptions } from "../internal/display/growthChart.js";

/**
 * Renders a {@link growthAccounting} result as stacked SVG bars, one per period: new, retained and resurrected
 * customers above zero, churned customers below it. A period still running (`complete: false`) is hatched.
 *
 * Use it to see at a glance whether each period gained more customers than it lost (the quick ratio's picture).
 * The caption names the granularity, time zone and `asOf`. Labels are escaped; counts read from a result that
 * came back from JSON are drawn only when they are finite non-negative numbers.
 *
 * Cost: O(periods) time and output size.
 *
 * @param input - a {@link GrowthAccountingResult}.
 * @param options - see {@link GrowthAccountingChartOptions}.
 * @returns an SVG document as a string.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `width` or `height`) for a size that is not a
 * number from 100 to 10,000.
 *
 * @example
 * ```ts
 * const g = growthAccounting([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
 *   { orderId: "2", customerId: "bob", placedAt: "2024-02-10", total: "15" },
 * ], { asOf: "2024-02-29" });
 * const svg = growthAccountingChart(g);
 * svg.startsWith("<svg"); // true
 * ```
 */
export function growthAccountingChart(input: GrowthAccountingResult, options: GrowthAccountingChartOptions = {}): string {
  return growthAccountingSvg(input, options);
}
