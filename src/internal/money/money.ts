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

/**
 * The one rounding rule of money quotients in results (docs/money-and-time.md, "Rounding"): a division that
 * does not terminate within 20 significant digits is rounded to 20, ties to even (`ROUND_HALF_EVEN`), in
 * every function (AOV, CV, monetary values, the CLV formulas), whatever decimal.js's global settings are.
 */
export const DIVISION_DIGITS = 20;
/** See {@link DIVISION_DIGITS}: decimal.js's `ROUND_HALF_EVEN`. */
export const DIVISION_ROUNDING = 6;
/** A decimal.js constructor with the rule of {@link DIVISION_DIGITS} (a constant: never `set`). */
export const Quotient = Decimal.clone({ precision: DIVISION_DIGITS, rounding: DIVISION_ROUNDING });

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
      if (exp > MAX_AMOUNT_EXPONENT) return MONEY_TOO_PRECISE;
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

/** The largest decimal exponent (either sign) of an amount read from a string or a Decimal; beyond it, too large or too precise. */
export const MAX_AMOUNT_EXPONENT = 400;

/**
 * Whether a finite `Decimal` (of any copy of decimal.js) has a base-10 exponent `e` (that of its leading digit)
 * within ±{@link MAX_AMOUNT_EXPONENT}, checked before its digits are written out: a finite decimal.js value may
 * have an exponent up to 9e15, and `toFixed()` of `1e100000000` takes a minute and gigabytes (`1e1000000000`
 * aborts the process). Zero has exponent 0.
 */
export function decimalExponentInRange(d: Decimal): boolean {
  const e = (d as unknown as DecimalFields).e;
  return typeof e === "number" && e <= MAX_AMOUNT_EXPONENT && e >= -MAX_AMOUNT_EXPONENT;
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
    // Check the exponent before writing the digits out: toFixed() of 1e100000000 takes a minute and gigabytes.
    if (!decimalExponentInRange(d)) return MONEY_TOO_PRECISE;
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
 * The decimal.js fields of `u × 10^-scale` for a safe integer `u` and 0 ≤ scale ≤ 7: decimal.js keeps the
 * digits in base-10^7 words aligned on the decimal point (integer part, then at most one fraction word padded
 * with zeros on the right), without leading or trailing zero words; `e` is the exponent of the leading digit.
 * Pure integer arithmetic on doubles (every intermediate is an integer below 2^53, so exact); checked against
 * decimal.js's own parsing in test/internal/money.test.ts.
 */
function minorFields(units: number, scale: number): Decimal {
  if (units === 0) return new Cloneable(1, 0, [0]);
  const s = units < 0 ? -1 : 1;
  const u = units < 0 ? -units : units;
  const p = POW10[scale] as number;
  const ip = Math.floor(u / p);
  // The `scale` digits of the fraction, padded on the right to seven.
  const fw = (u - ip * p) * (POW10[7 - scale] as number);
  if (ip === 0) return new Cloneable(s, digitCount(fw) - 8, [fw]);
  return new Cloneable(s, digitCount(ip) - 1, integerWords(ip, fw));
}

/**
 * The digit words of an integer part 0 < ip < 2^53 followed by one fraction word `fw` (0 for none), without
 * trailing zero words, as an array of exactly that length (an array grown by `push` holds 17 slots).
 */
function integerWords(ip: number, fw: number): number[] {
  if (ip < WORD) return fw === 0 ? [ip] : [ip, fw];
  const hi = Math.floor(ip / WORD);
  const lo = ip - hi * WORD;
  if (hi < WORD) return fw !== 0 ? [hi, lo, fw] : lo !== 0 ? [hi, lo] : [hi];
  const top = Math.floor(hi / WORD);
  const mid = hi - top * WORD;
  return fw !== 0 ? [top, mid, lo, fw] : lo !== 0 ? [top, mid, lo] : mid !== 0 ? [top, mid] : [top];
}

/**
 * Exact Decimal of `units × 10^-scale` for an integer `units` (number that is a safe integer, or bigint), as a
 * {@link cloneableDecimal}. A safe integer at a scale up to 7 (every currency's minor unit and then some) is
 * converted by integer arithmetic; larger scales and bigints go through decimal.js's parsing.
 */
export function minorToDecimal(units: number | bigint, scale: number): Decimal {
  if (typeof units === "number") {
    if (!Number.isSafeInteger(units)) throw new RangeError(`internal: ${units} is not a safe integer amount`);
    if (scale <= 7) return minorFields(units, scale);
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
 * `units × 10^-scale / n` as decimal.js's `minorToDecimal(units, scale).div(n)` gives it at precision `pr`
 * and rounding mode `rm`, as a {@link cloneableDecimal}: by default the rule of every result quotient
 * ({@link DIVISION_DIGITS}, half-even), not decimal.js's global settings.
 *
 * For a safe integer `units`, 0 ≤ scale ≤ 7, an integer 1 ≤ n < 10^7, precision ≥ 17 and the rounding modes 0–8,
 * the digit words are computed by long division on doubles, seven digits per step (every intermediate is an
 * integer below 2^53, so exact), and rounded as decimal.js's `finalise` rounds them; no string is parsed and no
 * Decimal arithmetic runs. Anything else goes through decimal.js. A precision of at least 17 puts the rounding
 * digit after the decimal point (the integer part of a safe integer has at most 16 digits). decimal.js keeps a
 * value in one canonical form (base-10^7 words aligned on the decimal point, no leading or trailing zero word,
 * `e` the exponent of the leading digit), so equal values give equal fields: checked field by field against
 * `div` in test/internal/money.test.ts. `scratch` (any array, reused between calls by a caller that makes many
 * quotients) holds the words while they are computed, so that the only array allocated is the result's.
 */
export function minorQuotient(units: number, scale: number, n: number, scratch: number[] = [], pr = DIVISION_DIGITS, rm: number = DIVISION_ROUNDING): Decimal {
  if (!(n >= 1 && n < WORD && scale >= 0 && scale <= 7 && pr >= 17 && rm >= 0 && rm <= 8) || !Number.isInteger(n) || !Number.isSafeInteger(units)) {
    const Q = pr === DIVISION_DIGITS && rm === DIVISION_ROUNDING ? Quotient : Decimal.clone({ precision: pr, rounding: rm as Decimal.Rounding });
    return cloneableDecimal(new Q(minorToDecimal(units, scale)).div(n));
  }
  if (units === 0) return new Cloneable(1, 0, [0]);
  return quotientFields(units, scale, n, pr, rm, scratch);
}

/** The words of {@link minorQuotient} (arguments in its fast range, `units` ≠ 0), computed in `d`. */
function quotientFields(units: number, scale: number, n: number, pr: number, rm: number, d: number[]): Decimal {
  const s = units < 0 ? -1 : 1;
  const u = units < 0 ? -units : units;
  // u = a·n + r; a = ip·10^scale + f. `Math.floor(x / y)` is the exact integer quotient for integers
  // 0 ≤ x < 2^53 and y ≥ 1 (the rounding error of x / y is below 1/y, the least distance from a non-integer
  // quotient to an integer), and the products below are exact, so no `%` (a call to fmod on doubles) is needed.
  const a = Math.floor(u / n);
  let r = u - a * n;
  const p = POW10[scale] as number;
  const ip = Math.floor(a / p);
  const f = a - ip * p;
  // len: words written to d; sig: significant digits in them; e: exponent of the leading digit.
  let len = 0;
  let e = 0;
  let sig = 0;
  if (ip > 0) {
    sig = digitCount(ip);
    e = sig - 1;
    if (ip < WORD) {
      d[len++] = ip;
    } else {
      const hi = Math.floor(ip / WORD);
      const top = Math.floor(hi / WORD);
      if (top > 0) d[len++] = top;
      d[len++] = hi - top * WORD;
      d[len++] = ip - hi * WORD;
    }
  }
  // Fraction word 0: the `scale` digits of f, then 7 − scale digits of r / n; then seven digits per word.
  const sh = POW10[7 - scale] as number;
  let t = r * sh;
  let w = Math.floor(t / n);
  r = t - w * n;
  w += f * sh;
  for (let j = 0; ; ) {
    if (sig > 0) {
      d[len++] = w;
      sig += 7;
    } else if (w !== 0) {
      sig = digitCount(w);
      e = -7 * j - 8 + sig;
      d[len++] = w;
    }
    if (sig >= pr || r === 0) break;
    j++;
    t = r * WORD;
    w = Math.floor(t / n);
    r = t - w * n;
  }
  if (sig > pr || (sig === pr && r !== 0)) {
    // Round to pr significant digits: drop `extra` digits of the last word (or look at the next word).
    const last = len - 1;
    const extra = sig - pr;
    const lw = d[last] as number;
    let rd: number;
    let rest: boolean;
    let step: number;
    let kept: number;
    if (extra === 0) {
      t = r * WORD;
      const nw = Math.floor(t / n);
      rd = Math.floor(nw / 1e6);
      rest = nw !== rd * 1e6 || t !== nw * n;
      step = 1;
      kept = lw;
    } else {
      step = POW10[extra] as number;
      const below = step / 10;
      // Words are below 10^7: int32 arithmetic.
      const low = (lw | 0) % step;
      rd = (low / below) | 0;
      rest = low % below !== 0 || r !== 0;
      kept = lw - low;
    }
    // decimal.js's finalise: modes 0-3 by direction and sign, 4-8 to nearest (ties by mode).
    const odd = (((kept / step) | 0) & 1) === 1;
    const up =
      rm < 4
        ? (rd !== 0 || rest) && (rm === 0 || rm === (s < 0 ? 3 : 2))
        : rd > 5 || (rd === 5 && (rm === 4 || rest || (rm === 6 && odd) || rm === (s < 0 ? 8 : 7)));
    d[last] = kept;
    if (up) {
      let i = last;
      let add = step;
      while (i > 0 && (d[i] as number) + add === WORD) {
        d[i] = 0;
        i--;
        add = 1;
      }
      if (i > 0) {
        d[i] = (d[i] as number) + add;
      } else {
        const old = d[0] as number;
        const grown = old + add;
        if (digitCount(grown) !== digitCount(old)) e++;
        d[0] = grown === WORD ? 1 : grown;
      }
    }
  }
  while (len > 1 && d[len - 1] === 0) len--;
  return new Cloneable(s, e, exactWords(d, len));
}

/** The first `len` entries of `d` as an array of exactly that length (see {@link integerWords}). */
function exactWords(d: number[], len: number): number[] {
  switch (len) {
    case 1:
      return [d[0] as number];
    case 2:
      return [d[0] as number, d[1] as number];
    case 3:
      return [d[0] as number, d[1] as number, d[2] as number];
    case 4:
      return [d[0] as number, d[1] as number, d[2] as number, d[3] as number];
    case 5:
      return [d[0] as number, d[1] as number, d[2] as number, d[3] as number, d[4] as number];
    default:
      return d.slice(0, len);
  }
}

/** `a / b` rounded by the rule of {@link DIVISION_DIGITS} (20 significant digits, half-even); null if b = 0. */
export function ratioDecimal(numerator: Decimal, denominator: number): Decimal | null {
  return denominator === 0 ? null : cloneableDecimal(new Quotient(numerator).div(denominator));
}
