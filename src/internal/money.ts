import { Decimal } from "decimal.js";

/**
 * Exact money: amounts are held as integer minor units at a decimal `scale` (units × 10^-scale), as
 * `number` while they are safe integers. A Decimal is made once per result, never per order.
 */

/** Scratch output of {@link parseMoney}; one per call, never shared. */
export interface MoneyScratch {
  /** Decimal places of the last parsed amount (after dropping trailing fraction zeros). */
  scale: number;
}

/** Parse failure marker: not a decimal number at all. */
export const MONEY_INVALID = Number.NaN;
/** Parse failure marker: a decimal number with more significant digits than a double holds exactly. */
export const MONEY_TOO_PRECISE = Number.POSITIVE_INFINITY;

/** The largest scale (decimal places) an amount may have. */
export const MAX_SCALE = 12;

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

/** 10^k for 0 ≤ k ≤ 22 (exact doubles). */
export function pow10(k: number): number {
  return POW10[k] ?? 10 ** k;
}

/**
 * Parses a decimal string (`"19.99"`, `"-3"`, `".5"`, `"1e3"`) to an integer mantissa, writing its scale to
 * `out.scale`. Returns {@link MONEY_INVALID} (NaN) for a non-number and {@link MONEY_TOO_PRECISE} (Infinity)
 * when the digits do not fit a safe integer or the scale exceeds {@link MAX_SCALE}.
 */
export function parseDecimalString(s: string, out: MoneyScratch): number {
  const len = s.length;
  let i = 0;
  let negative = false;
  if (len === 0) return MONEY_INVALID;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) {
    negative = c0 === 45;
    i = 1;
  }
  let mantissa = 0;
  let digitsSeen = 0;
  let scale = 0;
  let pendingZeros = 0;
  let inFraction = false;
  let overflow = false;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digitsSeen++;
      const digit = c - 48;
      if (inFraction) {
        // Defer trailing zeros of the fraction so that "19.90" has scale 1.
        if (digit === 0) {
          pendingZeros++;
          continue;
        }
        for (; pendingZeros > 0; pendingZeros--) {
          mantissa *= 10;
          scale++;
        }
        scale++;
      }
      mantissa = mantissa * 10 + digit;
      if (mantissa > Number.MAX_SAFE_INTEGER) overflow = true;
    } else if (c === 46 && !inFraction) {
      inFraction = true;
    } else if (c === 101 || c === 69) {
      break;
    } else {
      return MONEY_INVALID;
    }
  }
  if (digitsSeen === 0) return MONEY_INVALID;
  if (i < len) {
    // Exponent part.
    i++;
    let expNegative = false;
    const e0 = s.charCodeAt(i);
    if (e0 === 45 || e0 === 43) {
      expNegative = e0 === 45;
      i++;
    }
    if (i >= len) return MONEY_INVALID;
    let exp = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return MONEY_INVALID;
      exp = exp * 10 + c;
      if (exp > 400) return MONEY_TOO_PRECISE;
    }
    scale += expNegative ? exp : -exp;
    if (mantissa === 0) scale = 0;
    if (scale < 0) {
      mantissa *= pow10(-scale);
      scale = 0;
      if (mantissa > Number.MAX_SAFE_INTEGER) overflow = true;
    }
    // Drop trailing zeros the exponent exposed ("1.50e1" -> 15).
    while (scale > 0 && mantissa % 10 === 0 && mantissa !== 0) {
      mantissa /= 10;
      scale--;
    }
  }
  if (overflow || scale > MAX_SCALE) return MONEY_TOO_PRECISE;
  out.scale = scale;
  return negative ? -mantissa : mantissa;
}

/**
 * Reads a `Money` value (decimal string, finite number read through its shortest decimal form, or Decimal)
 * to an integer mantissa with `out.scale`. Same failure markers as {@link parseDecimalString}.
 */
export function parseMoney(value: unknown, out: MoneyScratch): number {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) {
      out.scale = 0;
      return value === 0 ? 0 : value; // normalise -0
    }
    if (!Number.isFinite(value)) return MONEY_INVALID;
    return parseDecimalString(String(value), out);
  }
  if (typeof value === "string") return parseDecimalString(value, out);
  if (Decimal.isDecimal(value)) {
    const d = value as Decimal;
    if (!d.isFinite()) return MONEY_INVALID;
    return parseDecimalString(d.toFixed(), out);
  }
  return MONEY_INVALID;
}

/**
 * A `Decimal` (an instance of decimal.js's class, with its methods) that `structuredClone` and `postMessage` can
 * copy. decimal.js gives each instance an own enumerable `constructor` property holding the class, a function,
 * which makes the structured clone of any object holding a `Decimal` throw `DataCloneError`. Instances made here
 * inherit `constructor` (= `Decimal`) from a prototype between them and `Decimal.prototype`, and own only the
 * number's sign, exponent and digit words (`s`, `e`, `d`): a clone is the plain object `{ s, e, d }`, and
 * `JSON.stringify`, `instanceof Decimal`, `Decimal.isDecimal` and every method behave as for any `Decimal`.
 */
function CloneableDecimal(this: { s: number; e: number; d: number[] | null }, s: number, e: number, d: number[] | null): void {
  this.s = s;
  this.e = e;
  this.d = d;
}
CloneableDecimal.prototype = Object.create(Decimal.prototype as object, {
  constructor: { value: Decimal, writable: true, enumerable: false, configurable: true },
}) as object;
const Cloneable = CloneableDecimal as unknown as new (s: number, e: number, d: number[] | null) => Decimal;

/** Internal fields of a decimal.js instance (sign, base-10 exponent, base-10^7 digit words). */
interface DecimalFields {
  s: number;
  e: number;
  d: number[] | null;
}

/** `x` as a {@link CloneableDecimal} (the same value; it shares `x`'s digit words, which decimal.js never mutates). */
export function cloneableDecimal(x: Decimal): Decimal {
  const f = x as unknown as DecimalFields;
  return Object.getPrototypeOf(x) === CloneableDecimal.prototype ? x : new Cloneable(f.s, f.e, f.d);
}

/** Number of decimal digits of a positive integer below 10^16. */
function digitCount(n: number): number {
  let k = 1;
  for (let p = 10; p <= n; p *= 10) k++;
  return k;
}

const WORD = 1e7;

/**
 * The decimal.js fields of `u × 10^-scale` for a safe integer `u` and 0 ≤ scale ≤ 14: decimal.js keeps the
 * digits in base-10^7 words aligned on the decimal point (integer part, then fraction words padded with zeros
 * on the right), without leading or trailing zero words; `e` is the exponent of the leading digit. Pure integer
 * arithmetic on doubles (every intermediate is an integer below 2^53, so exact); checked against decimal.js's
 * own parsing in test/internal/money.test.ts.
 */
function minorFields(units: number, scale: number): Decimal {
  if (units === 0) return new Cloneable(1, 0, [0]);
  const s = units < 0 ? -1 : 1;
  const u = units < 0 ? -units : units;
  const p = 10 ** scale;
  const f = u % p;
  const ip = (u - f) / p;
  const d: number[] = [];
  let e: number;
  if (ip > 0) {
    if (ip >= WORD * WORD) d.push((ip - (ip % (WORD * WORD))) / (WORD * WORD), ((ip % (WORD * WORD)) - (ip % WORD)) / WORD, ip % WORD);
    else if (ip >= WORD) d.push((ip - (ip % WORD)) / WORD, ip % WORD);
    else d.push(ip);
    e = digitCount(ip) - 1;
  } else {
    e = 0;
  }
  if (f !== 0) {
    // The fraction as `scale` digits, padded on the right to one word (scale ≤ 7) or two.
    const words = scale <= 7 ? [f * 10 ** (7 - scale)] : [(f * 10 ** (14 - scale) - ((f * 10 ** (14 - scale)) % WORD)) / WORD, (f * 10 ** (14 - scale)) % WORD];
    let j = 0;
    if (ip === 0) {
      while (words[j] === 0) j++;
      e = -7 * j - 8 + digitCount(words[j] as number);
    }
    for (; j < words.length; j++) d.push(words[j] as number);
  }
  while (d.length > 1 && d[d.length - 1] === 0) d.pop();
  return new Cloneable(s, e, d);
}

/**
 * Exact Decimal of `units × 10^-scale` for an integer `units` (number that is a safe integer, or bigint), as a
 * {@link cloneableDecimal}. A safe integer is converted by integer arithmetic (no string is parsed).
 */
export function minorToDecimal(units: number | bigint, scale: number): Decimal {
  if (typeof units === "number") {
    if (!Number.isSafeInteger(units)) throw new RangeError(`internal: ${units} is not a safe integer amount`);
    if (scale <= 14) return minorFields(units, scale);
  }
  if (scale === 0) return cloneableDecimal(new Decimal(units.toString()));
  let digits = units.toString();
  const negative = digits.startsWith("-");
  if (negative) digits = digits.slice(1);
  digits = digits.padStart(scale + 1, "0");
  const text = `${negative ? "-" : ""}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return cloneableDecimal(new Decimal(text));
}

/**
 * Exact sum of `values[i]` over the indices `i` for which `include(i)` holds, given as integer minor units.
 * Sums in doubles and, if the total leaves the safe-integer range, sums again in BigInt.
 */
export function safeTotal(partial: number, recompute: () => bigint): number | bigint {
  return Number.isSafeInteger(partial) ? partial : recompute();
}

/** `a / b` as an exact-as-possible Decimal (decimal.js default precision, 20 significant digits); null if b = 0. */
export function ratioDecimal(numerator: Decimal, denominator: number): Decimal | null {
  return denominator === 0 ? null : cloneableDecimal(numerator.div(denominator));
}
