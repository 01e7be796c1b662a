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
 * Every text taken from the result (ids, segment names, labels) is escaped for the terminal: control characters
 * (newline, tab, escape sequences, C1), line separators and bidirectional formatting characters are written
 * visibly as `\n`, `\t`, `\u001B`, `\u202E`, so the only line breaks are the table's own.
 *
 * Cost: O(size of the shown tables).
 *
 * @param result - a result of this library, or any value (generic fallback).
 * @param options - see {@link FormatTableOptions}.
 * @returns lines joined with `\n`, no trailing newline.
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `result` has the
 * fields of a result this function lays out but not their types (read back from JSON with its Decimals as
 * strings, or changed by hand); `INVALID_OPTION` for a bad `maxRows` or `indent`. Any other value is shown as
 * key/value lines.
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
