// Value formatting shared by the HTML and plain-text renderers (src/render).

/** A `Decimal` (or anything with `toFixed`), told apart from plain objects without importing decimal.js. */
export function isDecimalLike(v: unknown): v is { toFixed(n: number): string; toString(): string } {
  return typeof v === "object" && v !== null && typeof (v as { toFixed?: unknown }).toFixed === "function" && typeof (v as { isFinite?: unknown }).isFinite === "function";
}

/** Adds thousands separators to the integer part of a plain decimal string. */
function group(digits: string): string {
  const neg = digits.startsWith("-");
  const body = neg ? digits.slice(1) : digits;
  const [int = "", frac] = body.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${grouped}${frac === undefined ? "" : `.${frac}`}`;
}

/**
 * How money of one currency is written: the sign put before the amount (`"$"`, `"€"`, `"CA$"`, `"CHF "`, or
 * `""` when the currency is unknown) and the number of decimals (the currency's minor units: 2 for USD, 0 for
 * JPY, 3 for KWD; 2 when unknown).
 */
export interface MoneyStyle {
  readonly prefix: string;
  readonly digits: number;
}

/** Money of an unknown currency (orders without `currency`): no sign, 2 decimals. */
export const PLAIN_MONEY: MoneyStyle = { prefix: "", digits: 2 };

/**
 * The style of an ISO 4217 code: its en-US symbol (CLDR, through `Intl.NumberFormat`, the same in every
 * runtime with Intl) and its minor units. A symbol that ends in a letter (`CHF`, `SEK`) is followed by a
 * space. `null` (no currency) is {@link PLAIN_MONEY}; without Intl, the code and a space with 2 decimals.
 */
export function moneyStyle(currency: string | null | undefined): MoneyStyle {
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) return PLAIN_MONEY;
  let symbol = currency;
  let digits = 2;
  try {
    const nf = new Intl.NumberFormat("en-US", { style: "currency", currency });
    symbol = nf.formatToParts(0).find((p) => p.type === "currency")?.value ?? currency;
    const d = nf.resolvedOptions().maximumFractionDigits;
    if (typeof d === "number" && Number.isInteger(d) && d >= 0 && d <= 4) digits = d;
  } catch {
    // No Intl (or no data for the code): the ISO code itself, 2 decimals.
  }
  return { prefix: /\p{L}$/u.test(symbol) ? `${symbol} ` : symbol, digits };
}

/**
 * Money in major units, rounded half up to the style's decimals (exactly, by the `Decimal`'s own `toFixed`),
 * with thousands separators and the currency sign before it (`-$1,234.50`); `null` as "–".
 */
export function formatMoney(v: { toFixed(n: number): string } | null | undefined, style: MoneyStyle = PLAIN_MONEY): string {
  if (v === null || v === undefined) return "–";
  // Half up (ROUND_HALF_UP, 4) whatever decimal.js's global rounding is: display rounding, as on a receipt.
  let text = (v as { toFixed(n: number, rm?: number): string }).toFixed(style.digits, 4);
  const neg = text.startsWith("-");
  if (neg) text = text.slice(1);
  // A negative amount that rounds to zero is written as zero.
  const zero = /^[0.]*$/.test(text);
  return `${neg && !zero ? "-" : ""}${style.prefix}${group(text)}`;
}

/** Decimals of every percentage the renderers print. */
export const PERCENT_DIGITS = 1;

/** A ratio as a percentage with `digits` decimals; `null` as "–". */
export function formatPercent(v: number | null | undefined, digits = PERCENT_DIGITS): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "–" : `${(v * 100).toFixed(digits)}%`;
}

/**
 * An integer with thousands separators; any other number with 2 decimals when |v| ≥ 1 (counts per customer,
 * amounts), 4 when smaller (small rates and parameters).
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return group(String(v));
  return group(v.toFixed(Math.abs(v) >= 1 ? 2 : 4));
}

/**
 * Any value as short text: numbers, decimals, strings, booleans, `null`; arrays and objects summarized. A
 * `Decimal` is money (every `Decimal` in a result is) and is written with `money`.
 */
export function formatValue(v: unknown, money: MoneyStyle = PLAIN_MONEY): string {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "bigint") return group(v.toString());
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (isDecimalLike(v)) return formatMoney(v, money);
  if (Array.isArray(v)) return `[${v.length} item${v.length === 1 ? "" : "s"}]`;
  if (ArrayBuffer.isView(v)) return `[${(v as unknown as ArrayLike<unknown>).length} values]`;
  if (typeof v === "object") {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x === null || typeof x !== "object" || isDecimalLike(x))
      .map(([k, x]) => `${k}: ${formatValue(x, money)}`);
    return parts.length > 0 ? parts.join(", ") : "{…}";
  }
  return String(v);
}

