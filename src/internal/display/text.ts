// The body of formatTable (src/render/formatTable.ts): the sections of a result as aligned plain text.
import { sectionsOf } from "./sections.js";

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

/** The aligned plain-text tables of any value (see {@link formatTable}, its public wrapper). */
export function textOf(result: unknown, options: FormatTableOptions = {}): string {
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
