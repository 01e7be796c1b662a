// Amount cells: checked as decimal text (no float), compared, and converted between currencies by an exchange
// rate in exact integer arithmetic.

import { divideHalfEven } from "../money/exchange.js";

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The amount as decimal text (`"12.50"`), or `null` when the cell is not a plain decimal number: an optional sign,
 * then digits with an optional point and digits after it, or a point and digits (`/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/`,
 * read without the regular expression: the reader's hot path).
 */
export function readAmount(text: string): string | null {
  const n = text.length;
  const first = text.charCodeAt(0);
  let i = first === 43 || first === 45 ? 1 : 0;
  const whole = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const digits = i - whole;
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    const fraction = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (digits === 0 && i === fraction) return null;
  } else if (digits === 0) {
    return null;
  }
  if (i !== n) return null;
  return first === 43 ? text.slice(1) : text;
}

/** True when the decimal text is below zero (`"-0"` is not). */
export function isNegative(amount: string): boolean {
  return amount.charCodeAt(0) === 45 && /[1-9]/.test(amount);
}

/** An exact decimal as integer digits and a scale: `"12.50"` is 1250n, 2. */
function scaled(text: string): { units: bigint; scale: number } {
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf(".");
  const whole = dot < 0 ? body : body.slice(0, dot);
  const fraction = dot < 0 ? "" : body.slice(dot + 1);
  const units = BigInt(`${whole === "" ? "0" : whole}${fraction}`);
  return { units: negative ? -units : units, scale: fraction.length };
}

/**
 * a > b for two decimal texts, exactly. Texts of 15 digits or fewer compare as doubles: each is the double
 * nearest to it, distinct decimals of 15 digits are distinct doubles, and rounding keeps the order.
 */
export function greaterThan(a: string, b: string): boolean {
  if (a.length <= 15 && b.length <= 15) return Number(a) > Number(b);
  const x = scaled(a);
  const y = scaled(b);
  const s = Math.max(x.scale, y.scale);
  return x.units * 10n ** BigInt(s - x.scale) > y.units * 10n ** BigInt(s - y.scale);
}

/**
 * amount × rate, rounded half to even to `digits` decimal places, as decimal text. Exact: integers all the way.
 */
export function convertAmount(amount: string, rate: string, digits: number): string {
  const a = scaled(amount);
  const r = scaled(rate);
  let units = a.units * r.units;
  let scale = a.scale + r.scale;
  if (scale > digits) {
    units = divideHalfEven(units, 10n ** BigInt(scale - digits));
    scale = digits;
  }
  const negative = units < 0n;
  let text = (negative ? -units : units).toString();
  if (scale > 0) {
    text = text.padStart(scale + 1, "0");
    text = `${text.slice(0, text.length - scale)}.${text.slice(text.length - scale)}`;
  }
  return negative ? `-${text}` : text;
}

