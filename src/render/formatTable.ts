import { textOf, type FormatTableOptions } from "../internal/display/text.js";

export type { FormatTableOptions } from "../internal/display/text.js";

/**
 * Renders a result as aligned plain text for terminals and logs: the same tables as {@link toHtml}, with
 * columns padded to their widest cell (text left, numbers right), a title line per table, and incomplete
 * cohort cells marked `~`. Results: {@link summarize}, {@link cohortTable}, {@link rfmScores},
 * {@link customerSummaries}, {@link historicalLifetimeValue}, {@link retentionSeries}, and any other object
 * as key/value lines.
 *
 * Numbers: money (every `Decimal`) with the result's `currency` sign (its en-US symbol: `$`, `€`, `CA$`,
 * `CHF `) and that currency's minor units (2 for USD, 0 for JPY), rounded half up exactly; with no currency
 * (orders without `currency`), no sign and 2 decimals. Percentages with 1 decimal, counts with thousands
 * separators, other numbers with 2 decimals (4 below 1). A CRR table says what CRR, retained share and churn
 * each count and shows the reactivated customers; the two "repeat customers" counts are labelled by what
 * they count (2+ orders in {@link summarize}, 2+ purchase days in {@link customerSummaries}).
 *
 * Cost: O(size of the shown tables).
 *
 * @param result - a result of this library, or any value (generic fallback).
 * @param options - see {@link FormatTableOptions}.
 * @returns lines joined with `\n`, no trailing newline.
 * @throws nothing.
 *
 * @example
 * ```ts
 * const s = summarize([{ orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" }]);
 * formatTable(s).split("\n").slice(0, 2);
 * // ["Summary", "Orders                                                       1"]
 * ```
 */
export function formatTable(result: unknown, options: FormatTableOptions = {}): string {
  return textOf(result, options);
}
