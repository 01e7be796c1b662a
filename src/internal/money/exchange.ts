import { optionError, recordError } from "../fail.js";
import { daysFromCivil, daysInMonth, isoDate } from "../time/civil.js";
import type { ZoneCalendar } from "../time/zone.js";
import { MAX_SCALE, MONEY_TOO_PRECISE, parseMoney, pow10, type MoneyScratch } from "./money.js";

/**
 * Conversion of order amounts to one reporting currency at read time (the `exchangeRates` option of
 * `prepareOrders` and `createAccumulator`). A rate is read once, to an integer mantissa and a scale; an amount
 * `a` (mantissa `u`, scale `s`) in a currency with rate `x` (mantissa `m`, scale `r`) becomes `u·m × 10^-(s+r)`
 * units of the reporting currency, exactly, then rounded half-even once to `decimals` places: one rounding per
 * order amount (total, refunded and cost each), never of a sum.
 */

/** A rate read to an integer: `mantissa × 10^-scale` (> 0). */
export interface Rate {
  mantissa: number;
  scale: number;
}

/** A validated rate table. */
export interface ExchangeTable {
  /** The reporting currency. */
  to: string;
  /** Decimal places of the reporting currency's minor unit ({@link minorDigits}; the book's scale). */
  decimals: number;
  /** Per currency: one rate for every day, or rates by local day number (days since 1970-01-01). */
  rates: Map<string, Rate | Map<number, Rate>>;
}

const CURRENCY_RE = /^[A-Z]{3}$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads a positive rate (a decimal string, a finite number or a Decimal), or throws INVALID_OPTION naming `name`. */
export function rateOption(name: string, value: unknown, allowZero = false): Rate {
  const scratch: MoneyScratch = { scale: 0 };
  // Read as money amounts are (a string, a number by its shortest decimal form, or a Decimal).
  const m = parseMoney(value, scratch);
  if (Number.isNaN(m) || m === MONEY_TOO_PRECISE || m < 0 || (m === 0 && !allowZero)) {
    throw optionError(
      name,
      m === MONEY_TOO_PRECISE ? `has more digits than can be held exactly (at most 15 significant digits and ${MAX_SCALE} decimal places)` : allowZero ? "is not a decimal number ≥ 0" : "is not a decimal number > 0",
      value,
      'Pass the rate as a decimal string, such as "0.9215".',
    );
  }
  return { mantissa: m, scale: m === 0 ? 0 : scratch.scale };
}

/** A `"YYYY-MM-DD"` key as a day number, or NaN. */
function dayOfKey(key: string): number {
  const match = DATE_RE.exec(key);
  if (match === null) return NaN;
  const y = Number(match[1]);
  const mo = Number(match[2]);
  const d = Number(match[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? daysFromCivil(y, mo, d) : NaN;
}

/** Validates the `exchangeRates` option (undefined: no conversion → null), or throws INVALID_OPTION. */
export function exchangeOption(value: unknown): ExchangeTable | null {
  if (value === undefined || value === null) return null;
  const hint = 'Pass { to: "EUR", rates: { USD: "0.92", GBP: { "2024-01-05": "1.16" } } }.';
  if (typeof value !== "object") throw optionError("exchangeRates", "must be an object", value, hint);
  const o = value as { to?: unknown; rates?: unknown };
  if (typeof o.to !== "string" || !CURRENCY_RE.test(o.to)) throw optionError("exchangeRates.to", "is not a three-letter ISO 4217 code", o.to, hint);
  const decimals = minorDigits(o.to);
  if (typeof o.rates !== "object" || o.rates === null || Array.isArray(o.rates)) throw optionError("exchangeRates.rates", "must be an object of rates by currency", o.rates, hint);
  const rates = new Map<string, Rate | Map<number, Rate>>();
  for (const [code, r] of Object.entries(o.rates as Record<string, unknown>)) {
    const name = `exchangeRates.rates.${code}`;
    if (!CURRENCY_RE.test(code)) throw optionError(name, "is not keyed by a three-letter ISO 4217 code", code, hint);
    if (typeof r === "object" && r !== null && !(typeof (r as { toFixed?: unknown }).toFixed === "function")) {
      const byDay = new Map<number, Rate>();
      for (const [key, v] of Object.entries(r as Record<string, unknown>)) {
        const z = dayOfKey(key);
        if (Number.isNaN(z)) throw optionError(`${name}.${key}`, 'is not keyed by a date "YYYY-MM-DD"', key, hint);
        byDay.set(z, rateOption(`${name}.${key}`, v));
      }
      rates.set(code, byDay);
    } else {
      rates.set(code, rateOption(name, r));
    }
  }
  return { to: o.to, decimals, rates };
}

/**
 * The rate of `currency` for record `i` placed at instant `t` (the reporting currency without an entry: 1), or
 * throws MIXED_CURRENCY (field `currency`, as `readOrders` does) naming what is missing. The local day in `zone`
 * is read only for a currency with daily rates.
 */
export function rateFor(table: ExchangeTable, currency: string | null, t: number, zone: ZoneCalendar, i: number, raw: unknown): Rate {
  if (currency === null) {
    throw recordError("MIXED_CURRENCY", i, "currency", `is missing, and with exchangeRates every order needs a currency to convert to ${table.to}`, raw, "Give every order its ISO 4217 currency code.");
  }
  const r = table.rates.get(currency);
  if (r === undefined) {
    if (currency === table.to) return ONE;
    throw recordError("MIXED_CURRENCY", i, "currency", `has no rate to ${table.to} in exchangeRates`, raw, `Add rates.${currency} to exchangeRates.`);
  }
  if (r instanceof Map) {
    const day = zone.localDay(t);
    const x = r.get(day);
    if (x === undefined) {
      throw recordError("MIXED_CURRENCY", i, "currency", `has no rate to ${table.to} for the order's local day ${isoDate(day)} in exchangeRates`, raw, `Add rates.${currency}["${isoDate(day)}"] to exchangeRates.`);
    }
    return x;
  }
  return r;
}

/** Decimal places of a currency's minor unit (2 for EUR, 0 for JPY), from the runtime's Intl data; 2 if unknown. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const ONE: Rate = { mantissa: 1, scale: 0 };

/**
 * `mantissa × 10^-scale × rate`, rounded half-even to `decimals` places, in integer minor units: exact (BigInt
 * when the product leaves the safe range). Returns NaN when the result is not a safe integer.
 */
export function convertAmount(mantissa: number, scale: number, rate: Rate, decimals: number): number {
  const shift = scale + rate.scale - decimals;
  const p = mantissa * rate.mantissa;
  if (shift <= 0) {
    const v = p * pow10(-shift);
    if (Number.isSafeInteger(p) && Number.isSafeInteger(v)) return v === 0 ? 0 : v;
    const b = BigInt(mantissa) * BigInt(rate.mantissa) * 10n ** BigInt(-shift);
    return bigToSafe(b);
  }
  return bigToSafe(divideHalfEven(BigInt(mantissa) * BigInt(rate.mantissa), 10n ** BigInt(shift)));
}

/** `n / d` (d > 0) rounded half to even: the one rounding of every currency conversion (here and in readers). */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const twice = (a - q * d) * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q += 1n;
  return neg ? -q : q;
}

function bigToSafe(b: bigint): number {
  if (b > 9_007_199_254_740_991n || b < -9_007_199_254_740_991n) return NaN;
  const v = Number(b);
  return v === 0 ? 0 : v;
}
