// The body of formatTable (src/render/formatTable.ts): the sections of a result as aligned plain text.
import { numberOption, optionsObject } from "./check.js";
import { escapeTerminal } from "./escape.js";
import { sectionsOf } from "./sections.js";

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /**
   * Most rows shown of a per-customer list (RFM scores, customer summaries, generic arrays); the rest is counted.
   * An integer ≥ 0, or `Infinity` for all.
   * @defaultValue `20`
   */
  maxRows?: number;
  /**
   * Spaces before every line: an integer from 0 to 100.
   * @defaultValue `0`
   */
  indent?: number;
}

/** Display width of a string: code points (labels are assumed not to contain wide characters). */
const width = (s: string): number => [...s].length;

/** The aligned plain-text tables of any value (see {@link formatTable}, its public wrapper). */
export function textOf(result: unknown, options: FormatTableOptions = {}): string {
  const o = optionsObject(options);
  const maxRows = numberOption("maxRows", o.maxRows, 20, 0, Infinity, true);
  const pad = " ".repeat(numberOption("indent", o.indent, 0, 0, 100, true));
  const blocks: string[] = [];
  for (const s of sectionsOf(result, maxRows)) {
    // Every text of the result is escaped for the terminal; the only line breaks are the ones joined in here.
    const lines: string[] = [escapeTerminal(s.title)];
    const grid: string[][] = s.kind === "keyValue" ? [] : [s.columns.map(escapeTerminal)];
    for (const row of s.rows) grid.push(row.map((c) => escapeTerminal(c.text)));
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
    lines.push(...s.notes.map(escapeTerminal));
    blocks.push(lines.map((l) => (l === "" ? l : pad + l)).join("\n"));
  }
  return blocks.join("\n\n");
}
