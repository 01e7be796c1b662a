// Well-formedness and element counting for the SVG/HTML strings of src/render (fast-xml-parser, tests only).
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** Characters XML 1.0 does not allow anywhere in a document (the validator below does not look at them). */
const NOT_XML_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws unless `text` is one well-formed XML element (SVG, or the XHTML-compatible fragments of toHtml). */
export function assertWellFormed(text: string): void {
  const bad = NOT_XML_CHAR.exec(text);
  if (bad !== null) throw new Error(`not well-formed: character U+${bad[0].charCodeAt(0).toString(16).padStart(4, "0")} at ${bad.index}`);
  const r = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (r !== true) throw new Error(`not well-formed: ${r.err.msg} at line ${r.err.line}, column ${r.err.col}`);
}

/** The parsed tree (attributes under "@_", text under "#text"), every element as an array. */
export function parseXml(text: string): unknown {
  return new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, trimValues: false, isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute }).parse(text);
}

/** Number of elements named `name` with a `class` attribute containing `cls` (or any when `cls` is omitted). */
export function countElements(text: string, name: string, cls?: string): number {
  let n = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith("@_") || k === "#text") continue;
      if (k === name) {
        for (const el of v as unknown[]) {
          const c = (el as Record<string, unknown>)?.["@_class"];
          if (cls === undefined || (typeof c === "string" && c.split(/\s+/).includes(cls))) n++;
        }
      }
      walk(v);
    }
  };
  walk(parseXml(text));
  return n;
}

/** The text content of every element named `name`, in document order (depth first). */
export function texts(text: string, name: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith("@_") || k === "#text") continue;
      if (k === name) for (const el of v as unknown[]) out.push(typeof el === "object" && el !== null ? String((el as Record<string, unknown>)["#text"] ?? "") : String(el));
      walk(v);
    }
  };
  walk(parseXml(text));
  return out;
}

/** The names of every element in `text`, in document order (depth first). */
export function elementNames(text: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith("@_") || k === "#text") continue;
      out.push(k);
      walk(v);
    }
  };
  walk(parseXml(text));
  return out;
}
