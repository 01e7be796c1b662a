// Date cells to the ISO 8601 strings prepareOrders reads: a string with an offset stays an instant, one without is
// a wall-clock time that prepareOrders reads in its `timeZone`. Only the text is checked here (a real calendar
// date, hours 0-23, ...); no time zone arithmetic (shopifyInstant adds the cell's own offset).

import { daysFromCivil } from "../time/civil.js";

/** Reads one date cell: the ISO string, or `null` when the cell is not a date in the format. */
export type DateReader = (text: string) => string | null;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?(?: ?([Zz]|[+-]\d{2}(?::?\d{2})?))?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function validTime(h: number, min: number, s: number): boolean {
  return h <= 23 && min <= 59 && s <= 59;
}

/** `+0100`, `+01`, `+01:00`, `Z` to `+01:00` / `Z`; `null` when out of range. */
function normalOffset(text: string): string | null {
  if (text === "Z" || text === "z") return "Z";
  const sign = text[0];
  const digits = text.slice(1).replace(":", "");
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (h > 18 || m > 59) return null;
  return `${sign}${pad2(h)}:${pad2(m)}`;
}

/**
 * Text read a code unit at a time: a string, or the bytes of a cell (ByteCellScanner), which are the same units
 * where the text is ASCII. The checks of Shopify's form below read either, so there is one copy of them.
 */
export interface CodeUnits {
  readonly length: number;
  charCodeAt(index: number): number;
}

/** Whether `text` has an ASCII digit at each of `positions`. */
function digitsAt(text: CodeUnits, positions: readonly number[]): boolean {
  for (let k = 0; k < positions.length; k++) {
    const c = text.charCodeAt(positions[k] as number);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const SHOPIFY_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 21, 22, 23, 24];
const num2 = (text: CodeUnits, at: number): number => (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;

/** Whether `text` has exactly the shape of Shopify's `2024-01-03 09:00:55 +0100` (separators, sign, digits). */
function isShopifyForm(text: CodeUnits): boolean {
  if (text.length !== 25 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return false;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 32) return false;
  const sign = text.charCodeAt(20);
  return (sign === 43 || sign === 45) && digitsAt(text, SHOPIFY_DIGITS);
}

/**
 * The instant (epoch ms) of a text of {@link isShopifyForm}'s shape, or NaN when it is not a calendar date, a time
 * of day and an offset within ±18:59 (each number read once: the book's read calls this for every order).
 */
function shopifyFormInstant(text: CodeUnits): number {
  const y = num2(text, 0) * 100 + num2(text, 2);
  const month = num2(text, 5);
  const day = num2(text, 8);
  const h = num2(text, 11);
  const min = num2(text, 14);
  const sec = num2(text, 17);
  const oh = num2(text, 21);
  const om = num2(text, 23);
  if (!validDate(y, month, day) || !validTime(h, min, sec) || oh > 18 || om > 59) return NaN;
  const offset = (text.charCodeAt(20) === 43 ? 1 : -1) * (oh * 3_600_000 + om * 60_000);
  return daysFromCivil(y, month, day) * 86_400_000 + h * 3_600_000 + min * 60_000 + sec * 1000 - offset;
}

/**
 * Shopify's `2024-01-03 09:00:55 +0100` without the regular expression (the reader's hot path): the result of
 * {@link readIsoDate} for it, or undefined when `text` is not in exactly this form.
 */
function readShopifyDate(text: string): string | null | undefined {
  if (!isShopifyForm(text)) return undefined;
  if (Number.isNaN(shopifyFormInstant(text))) return null;
  return `${text.slice(0, 19)}${text[20]}${text.slice(21, 23)}:${text.slice(23, 25)}`;
}

/**
 * The instant (epoch ms) of Shopify's `2024-01-03 09:00:55 +0100`, for the book's read, which needs no ISO text:
 * NaN exactly when {@link readShopifyDate} gives no ISO string (another form, or not a date), else the instant
 * `prepareOrders` reads from that string. On a cell's bytes too: a text of this form is ASCII, so it is its bytes.
 */
export function shopifyInstant(text: CodeUnits): number {
  return isShopifyForm(text) ? shopifyFormInstant(text) : NaN;
}

/** ISO 8601 / RFC 3339 (with `T`, `t` or a space; offset optional, also `+0100` and ` +0100`) or `yyyyMMdd`. */
export const readIsoDate: DateReader = (text) => {
  const fast = readShopifyDate(text);
  if (fast !== undefined) return fast;
  const m = ISO_RE.exec(text);
  if (m === null) {
    const c = COMPACT_RE.exec(text);
    if (c === null) return null;
    const y = Number(c[1]);
    const mo = Number(c[2]);
    const d = Number(c[3]);
    return validDate(y, mo, d) ? `${c[1]}-${c[2]}-${c[3]}` : null;
  }
  if (!validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  if (m[4] !== undefined && !validTime(Number(m[4]), Number(m[5]), m[6] === undefined ? 0 : Number(m[6]))) return null;
  if (m[7] !== undefined) {
    const offset = normalOffset(m[7]);
    if (offset === null) return null;
    // Rewritten to the RFC 3339 form: no space before the offset, a colon in it.
    const base = text.slice(0, text.length - m[7].length).trimEnd();
    return m[4] === undefined ? `${base}T00:00:00${offset}` : `${base}${offset}`;
  }
  return text;
};

const TOKEN_RE = /yyyy|yy|MM|M|dd|d|HH|H|mm|ss|Z/g;
const TOKEN_PATTERN: Record<string, string> = {
  yyyy: "(\\d{4})",
  yy: "(\\d{2})",
  MM: "(\\d{2})",
  M: "(\\d{1,2})",
  dd: "(\\d{2})",
  d: "(\\d{1,2})",
  HH: "(\\d{2})",
  H: "(\\d{1,2})",
  mm: "(\\d{2})",
  ss: "(\\d{2})",
  Z: "([Zz]|[+-]\\d{2}(?::?\\d{2})?)",
};

/** The tokens a date format may use (anything else is a literal character). */
export const DATE_TOKENS = "yyyy, yy, MM, M, dd, d, HH, H, mm, ss, Z";

/**
 * Compiles a date format (`"dd/MM/yyyy"`, `"MM/dd/yyyy HH:mm"`, `"yyyy-MM-dd HH:mm:ss Z"`) to a reader; `"iso"`
 * is {@link readIsoDate}. Returns `null` when the format has no year, month and day.
 */
export function compileDateFormat(format: string): DateReader | null {
  if (format === "iso") return readIsoDate;
  const order: string[] = [];
  let pattern = "^";
  let last = 0;
  for (const m of format.matchAll(TOKEN_RE)) {
    pattern += literal(format.slice(last, m.index));
    pattern += TOKEN_PATTERN[m[0]] as string;
    order.push(m[0]);
    last = m.index + m[0].length;
  }
  pattern += `${literal(format.slice(last))}$`;
  const at = (token: string, alt: string): number => {
    const i = order.indexOf(token);
    return i >= 0 ? i : order.indexOf(alt);
  };
  const year = order.indexOf("yyyy") >= 0 ? order.indexOf("yyyy") : order.indexOf("yy");
  const month = at("MM", "M");
  const day = at("dd", "d");
  if (year < 0 || month < 0 || day < 0) return null;
  const hour = at("HH", "H");
  const minute = order.indexOf("mm");
  const second = order.indexOf("ss");
  const zone = order.indexOf("Z");
  const shortYear = order[year] === "yy";
  const re = new RegExp(pattern);
  return (text) => {
    const m = re.exec(text);
    if (m === null) return null;
    const y = Number(m[year + 1]) + (shortYear ? 2000 : 0);
    const mo = Number(m[month + 1]);
    const d = Number(m[day + 1]);
    if (!validDate(y, mo, d)) return null;
    let out = `${String(y).padStart(4, "0")}-${pad2(mo)}-${pad2(d)}`;
    if (hour >= 0) {
      const h = Number(m[hour + 1]);
      const mi = minute >= 0 ? Number(m[minute + 1]) : 0;
      const s = second >= 0 ? Number(m[second + 1]) : 0;
      if (!validTime(h, mi, s)) return null;
      out += `T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
    }
    if (zone >= 0) {
      const offset = normalOffset(m[zone + 1] as string);
      if (offset === null) return null;
      out += hour >= 0 ? offset : `T00:00:00${offset}`;
    }
    return out;
  };
}

/** A literal piece of a format as a regular expression; a space matches one or more spaces. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&").replace(/ +/g, " +");
}
