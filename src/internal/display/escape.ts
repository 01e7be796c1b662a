/**
 * Characters that XML 1.0 does not allow in a document (C0 controls but tab, newline and carriage return;
 * U+FFFE, U+FFFF; unpaired surrogates), plus DEL and the C1 controls, which XML allows but HTML calls a parse
 * error and no font draws. A label holding one would make an SVG that no XML parser reads (the chart does
 * not render): each becomes U+FFFD, the replacement character.
 */
const NOT_MARKUP_TEXT = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for HTML and XML (element content and double- or single-quoted attribute values): the five
 * markup characters as entities, and every character XML does not allow as U+FFFD (see above).
 */
export function escapeXml(value: unknown): string {
  return String(value)
    .replace(NOT_MARKUP_TEXT, "\uFFFD")
    .replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Characters a terminal acts on rather than shows: every C0 control (newline, tab and escape included), DEL,
 * every C1 control (CSI U+009B starts an escape sequence too), the line and paragraph separators, and the
 * bidirectional formatting characters (embeddings, overrides, isolates, marks), which reorder the rest of the
 * line (CVE-2021-42574, "Trojan Source"). Also unpaired surrogates, which no terminal can draw.
 */
const NOT_TERMINAL_TEXT =
  /[\0-\x1F\x7F-\x9F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const SHORT: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text for one cell of terminal output: each character of {@link NOT_TERMINAL_TEXT} written visibly as an
 * escape (`\n`, `\t`, `\r`, `\u001B`, `\u202E`), so an id shows what it holds and cannot move the cursor,
 * change colours, end a line or reorder the line.
 */
export function escapeTerminal(value: string): string {
  return value.replace(NOT_TERMINAL_TEXT, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}
