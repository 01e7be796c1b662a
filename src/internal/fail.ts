import { RetentionMetricsError, type RetentionMetricsErrorCode } from "../core/RetentionMetricsError.js";

/** Short, safe rendering of an offending value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") {
    const s = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(s);
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : `Date(${value.toISOString()})`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

/**
 * Error about input record `index`. Message grammar:
 * `order <index>, <field>: <problem> (got <value>). <hint>`
 */
export function recordError(
  code: RetentionMetricsErrorCode,
  index: number,
  field: string,
  problem: string,
  got: unknown,
  hint: string,
  noun = "order",
): RetentionMetricsError {
  return new RetentionMetricsError(code, `${noun} ${index}, ${field}: ${problem} (got ${describeValue(got)}). ${hint}`, {
    index,
    field,
  });
}

/** Error about an option. Message grammar: `option <name>: <problem> (got <value>). <hint>` */
export function optionError(
  name: string,
  problem: string,
  got: unknown,
  hint: string,
  code: RetentionMetricsErrorCode = "INVALID_OPTION",
): RetentionMetricsError {
  return new RetentionMetricsError(code, `option ${name}: ${problem} (got ${describeValue(got)}). ${hint}`, {
    field: name,
  });
}

/** Error about a formula argument. Message grammar: `argument <name>: <problem> (got <value>). <hint>` */
export function argumentError(
  name: string,
  problem: string,
  got: unknown,
  hint: string,
  code: RetentionMetricsErrorCode = "INVALID_ARGUMENT",
): RetentionMetricsError {
  return new RetentionMetricsError(code, `argument ${name}: ${problem} (got ${describeValue(got)}). ${hint}`, {
    field: name,
  });
}
