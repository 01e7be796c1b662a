import { sectionsOf } from "../internal/display/sections.js";

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /**
   * Most rows shown of a per-customer list (RFM scores, customer summaries, generic arrays); the rest is counted.
   * @defaultValue `20`
   */
  maxRows?: number;
  /**
   * Spaces before every line.
   * @defaultValue `0`
   */
  indent?: number;
}

/** Display width of a string: code points (labels are assumed not to contain wide characters). */
const width = (s: string): number => [...s].length;

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
  const maxRows = options.maxRows ?? 20;
  const pad = " ".repeat(options.indent ?? 0);
  const blocks: string[] = [];
  for (const s of sectionsOf(result, maxRows)) {
    const lines: string[] = [s.title];
    const grid: string[][] = s.kind === "keyValue" ? [] : [s.columns];
    for (const row of s.rows) grid.push(row.map((c) => c.text));
    const n = Math.max(0, ...grid.map((r) => r.length));
    const widths = Array.from({ length: n }, (_, i) => Math.max(0, ...grid.map((r) => width(r[i] ?? ""))));
    for (const r of grid) {
      const cells = widths.map((w, i) => {
        const text = r[i] ?? "";
        const fill = " ".repeat(w - width(text));
        return (s.align[i] ?? "left") === "right" ? fill + text : text + fill;
      });
      lines.push(cells.join("  ").trimEnd());
    }
    lines.push(...s.notes);
    blocks.push(lines.map((l) => (l === "" ? l : pad + l)).join("\n"));
  }
  return blocks.join("\n\n");
}
