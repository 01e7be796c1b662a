import { Decimal } from "decimal.js";
import { argumentError } from "../fail.js";
import { cloneableDecimal, decimalExponentInRange, DIVISION_DIGITS, MAX_AMOUNT_EXPONENT, Quotient } from "./money.js";

/**
 * Plain decimal notation accepted in a money string: optional sign, digits with an optional
 * fraction, optional exponent. Hex, binary, octal, `"Infinity"`, `"NaN"`, blanks and
 * thousands separators are refused, although `decimal.js` would read some of them.
 */
const DECIMAL_STRING = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Arithmetic context for formula results. Products and sums of the inputs are exact at this
 * precision for any realistic input (an input string would need more than 500 significant digits
 * to be rounded); only a true division is rounded, by {@link divide}.
 */
const Exact = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN });

export { DIVISION_DIGITS };

/**
 * Reads a money amount or another decimal argument given as `string | number | Decimal`.
 *
 * - a string must be plain decimal notation (`"19.99"`, `"-3"`, `"1e3"`);
 * - a number must be finite and is read through its shortest decimal form, `String(x)`,
 *   so `0.1` means exactly `"0.1"`;
 * - a `Decimal` (from any copy of decimal.js) must be finite and is copied exactly;
 * - a string or `Decimal` whose exponent is beyond ±400 (`"1e500"`, `new Decimal("1e100000000")`) is refused
 *   before its digits are written out, so a hostile value cannot make a formula take minutes or gigabytes.
 *
 * The result is an exact `Decimal` of the arithmetic context used by the formulas; turn it into a
 * public `Decimal` with {@link toPublic}.
 *
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (field `name`) when the value cannot be read or is out of range.
 */
export function toDecimal(value: unknown, name: string): Decimal {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw argumentError(name, "is not a finite number", value, "Pass a finite amount, preferably as a string such as \"19.99\".");
    }
    return new Exact(String(value));
  }
  if (typeof value === "string") {
    if (!DECIMAL_STRING.test(value)) {
      throw argumentError(name, "is not a decimal number", value, "Write the amount in plain decimal notation, such as \"19.99\".");
    }
    return inRange(new Exact(value), name);
  }
  if (Decimal.isDecimal(value)) {
    const d = value as Decimal;
    if (!d.isFinite()) {
      throw argumentError(name, "is not a finite decimal", d.toString(), "Pass a finite amount.");
    }
    return inRange(new Exact(d), name);
  }
  throw argumentError(name, "is not a string, number or Decimal", value, "Pass the amount in major units, such as \"19.99\".");
}

/**
 * `d`, or throws INVALID_ARGUMENT when its exponent is beyond ±{@link MAX_AMOUNT_EXPONENT} (checked on the copy,
 * before any digits are written out: decimal.js holds `1e100000000` in a few words, but writing it in fixed
 * notation takes a minute and gigabytes).
 */
function inRange(d: Decimal, name: string): Decimal {
  if (decimalExponentInRange(d)) return d;
  throw argumentError(name, `is out of range (its exponent is beyond ±${MAX_AMOUNT_EXPONENT})`, d.toExponential(0), "Pass a realistic amount, such as \"19.99\".");
}

/** Reads a finite `number` argument (a rate or a count of periods) exactly, through `String(x)`. */
export function numberToDecimal(value: number): Decimal {
  return new Exact(String(value));
}

/** Exact sum of two decimals. */
export function add(a: Decimal, b: Decimal): Decimal {
  return new Exact(a).plus(b);
}

/** Exact difference `a − b`. */
export function subtract(a: Decimal, b: Decimal): Decimal {
  return new Exact(a).minus(b);
}

/** Exact product of decimals. */
export function multiply(...factors: readonly Decimal[]): Decimal {
  let p = new Exact(1);
  for (const f of factors) p = p.times(f);
  return p;
}

/** `a / b` rounded half-even to {@link DIVISION_DIGITS} significant digits (exact when it terminates within them). */
export function divide(a: Decimal, b: Decimal): Decimal {
  return new Quotient(a).div(b);
}

/**
 * The value of a formula as a result `Decimal`, without rounding: an instance of the public `Decimal` class
 * exported by decimal.js (its methods use decimal.js's global settings, not those of {@link Exact} or
 * {@link Quotient}), made by {@link cloneableDecimal} so that `structuredClone` and `postMessage` can copy the
 * result that holds it.
 */
export function toPublic(value: Decimal): Decimal {
  return cloneableDecimal(value);
}
