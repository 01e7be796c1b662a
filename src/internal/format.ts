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

/** Money in major units with two decimals and thousands separators; `null` as "–". */
export function formatMoney(v: { toFixed(n: number): string } | null | undefined): string {
  return v === null || v === undefined ? "–" : group(v.toFixed(2));
}

/** A ratio as a percentage with `digits` decimals; `null` as "–". */
export function formatPercent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "–" : `${(v * 100).toFixed(digits)}%`;
}

/** An integer with thousands separators, any other number with up to 4 significant decimals. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return group(String(v));
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 2 : abs >= 1 ? 3 : 4;
  return group(v.toFixed(digits));
}

/** Any value as short text: numbers, decimals, strings, booleans, `null`; arrays and objects summarized. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "bigint") return group(v.toString());
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (isDecimalLike(v)) return group(v.toString());
  if (Array.isArray(v)) return `[${v.length} item${v.length === 1 ? "" : "s"}]`;
  if (ArrayBuffer.isView(v)) return `[${(v as unknown as ArrayLike<unknown>).length} values]`;
  if (typeof v === "object") {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x === null || typeof x !== "object" || isDecimalLike(x))
      .map(([k, x]) => `${k}: ${formatValue(x)}`);
    return parts.length > 0 ? parts.join(", ") : "{…}";
  }
  return String(v);
}
