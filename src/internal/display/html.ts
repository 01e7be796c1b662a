// The body of toHtml (src/render/toHtml.ts): the sections of a result as HTML tables.
import { sequentialColor, textColorOn } from "./colorScale.js";
import { numberOption, optionsObject } from "./check.js";
import { escapeXml } from "./escape.js";
import { sectionsOf, type Cell } from "./sections.js";

/** Options of {@link toHtml}. */
export interface ToHtmlOptions {
  /**
   * Most rows shown of a per-customer list (RFM scores, customer summaries, generic arrays); the rest is counted.
   * An integer ≥ 0, or `Infinity` for all.
   * @defaultValue `20`
   */
  maxRows?: number;
}

function td(cell: Cell, align: "left" | "right", header: boolean): string {
  const tag = header ? "th" : "td";
  const style: string[] = [`text-align:${align}`, "padding:2px 6px", "white-space:nowrap"];
  // Numeric cells (right-aligned columns): class rm-num, and tabular figures so digits line up.
  const classes: string[] = align === "right" ? ["rm-num"] : [];
  if (align === "right") style.push("font-variant-numeric:tabular-nums");
  if (cell.heat !== undefined) {
    const t = Number.isFinite(cell.heat) ? Math.min(1, Math.max(0, cell.heat)) : 0;
    style.push(`background:${sequentialColor(t)}`, `color:${cell.incomplete === true ? "#1a1a1a" : textColorOn(t)}`);
    if (cell.incomplete === true) {
      style.push("opacity:0.6", "background-image:repeating-linear-gradient(45deg,rgba(0,0,0,0.25) 0 2px,transparent 2px 6px)");
      classes.push("rm-incomplete");
    }
  }
  const cls = classes.length > 0 ? ` class="${classes.join(" ")}"` : "";
  return `<${tag}${cls} style="${style.join(";")}">${escapeXml(cell.text)}</${tag}>`;
}

/** The HTML tables of any value (see {@link toHtml}, its public wrapper). */
export function htmlOf(result: unknown, options: ToHtmlOptions = {}): string {
  const maxRows = numberOption("maxRows", optionsObject(options).maxRows, 20, 0, Infinity, true);
  const out: string[] = [`<div class="retention-metrics" style="font-family:Helvetica,Arial,sans-serif;font-size:12px">`];
  for (const s of sectionsOf(result, maxRows)) {
    out.push(`<table style="border-collapse:collapse;margin:6px 0 12px 0">`);
    out.push(`<caption style="text-align:left;font-weight:bold;padding:2px 0;white-space:nowrap">${escapeXml(s.title)}</caption>`);
    if (s.kind !== "keyValue") {
      out.push(`<thead><tr>${s.columns.map((c, i) => td({ text: c }, s.align[i] ?? "left", true)).join("")}</tr></thead>`);
    }
    out.push("<tbody>");
    for (const row of s.rows) {
      out.push(`<tr>${row.map((c, i) => (s.kind === "keyValue" && i === 0 ? td(c, "left", true) : td(c, s.align[i] ?? "left", false))).join("")}</tr>`);
    }
    out.push("</tbody></table>");
    for (const n of s.notes) out.push(`<p style="margin:0 0 8px 0;color:#555555">${escapeXml(n)}</p>`);
  }
  out.push("</div>");
  return out.join("");
}
