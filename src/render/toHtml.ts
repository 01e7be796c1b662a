import { htmlOf, type ToHtmlOptions } from "../internal/display/html.js";

export type { ToHtmlOptions } from "../internal/display/html.js";

/**
 * Renders a result as an HTML fragment of tables, for notebooks, reports and e-mails: {@link summarize} (the
 * KPIs and first against repeat orders), {@link cohortTable} (a heatmap table: cells coloured by retention,
 * incomplete cells hatched and marked `~`; the average curve; segment ranks), {@link rfmScores} (segment counts
 * and the first customers), {@link customerSummaries}, {@link historicalLifetimeValue},
 * {@link retentionSeries}; any other object as a key/value table plus a table per array of records.
 *
 * Every value is escaped (customer ids and segment names are user data): the markup characters as entities, and
 * the characters XML and HTML do not allow (C0 and C1 controls but tab and newline, unpaired surrogates) as U+FFFD. Inline styles only: no scripts, no
 * external CSS, no DOM. Numeric cells (counts, money, percentages) are right-aligned (`text-align:right`,
 * class `rm-num`); values are written as by {@link formatTable} (money with the result's currency sign and
 * minor units, percentages with 1 decimal).
 *
 * Cost: O(size of the shown tables).
 *
 * @param result - a result of this library, or any value (generic fallback).
 * @param options - see {@link ToHtmlOptions}.
 * @returns an HTML fragment (`<div class="retention-metrics">…</div>`).
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (with the path of the field in `field`) when `result` has the
 * fields of a result this function lays out but not their types (read back from JSON with its Decimals as
 * strings, or changed by hand); `INVALID_OPTION` for a bad `maxRows`. Any other value is shown as
 * key/value lines.
 *
 * @example
 * ```ts
 * const s = summarize([{ orderId: "1", customerId: "<b>ann</b>", placedAt: "2024-01-10", total: "10" }]);
 * const html = toHtml(s);
 * html.includes("<table"); // true
 * ```
 */
export function toHtml(result: unknown, options: ToHtmlOptions = {}): string {
  return htmlOf(result, options);
}
