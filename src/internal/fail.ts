import { RetentionMetricsError, type RetentionMetricsErrorCode } from "../core/RetentionMetricsError.js";

/**
 * Where every error code is explained: docs/errors.md, which has one `## <CODE>` section per code.
 * The one place this URL is written; every message ends with `See <ERRORS_DOCS_URL>#<code in lower case>`.
 */
export const ERRORS_DOCS_URL = "https://github.com/retention-metrics/retention-metrics/blob/main/docs/errors.md";

/** The docs entry of one code, for example `…/docs/errors.md#invalid_date`. */
export function errorDocsUrl(code: RetentionMetricsErrorCode): string {
  return `${ERRORS_DOCS_URL}#${code.toLowerCase()}`;
}

/** A finished message: `<where>: <problem> (got <value>). <hint> See <link>`. */
function message(where: string, code: RetentionMetricsErrorCode, problem: string, got: unknown, hint: string): string {
  return `${where}: ${problem} (got ${describeValue(got)}). ${hint} See ${errorDocsUrl(code)}`;
}

/** Short, safe rendering of an offending value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") {
    const s = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(s);
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Date]") {
    // A Date of any realm (see dateTime in time/instant.ts, which this layer does not import).
    let t = NaN;
    try {
      t = Date.prototype.getTime.call(value);
    } catch {
      // Fakes the tag.
    }
    return Number.isNaN(t) ? "Invalid Date" : Math.abs(t) <= 8.64e15 ? `Date(${new Date(t).toISOString()})` : "Invalid Date";
  }
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

/**
 * Error about input record `index`. Message grammar:
 * `order <index>, <field>: <problem> (got <value>). <hint> See <link>`
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
  return new RetentionMetricsError(code, message(`${noun} ${index}, ${field}`, code, problem, got, hint), {
    index,
    field,
  });
}

/** Error about an option. Message grammar: `option <name>: <problem> (got <value>). <hint> See <link>` */
export function optionError(
  name: string,
  problem: string,
  got: unknown,
  hint: string,
  code: RetentionMetricsErrorCode = "INVALID_OPTION",
): RetentionMetricsError {
  return new RetentionMetricsError(code, message(`option ${name}`, code, problem, got, hint), {
    field: name,
  });
}

/** Error about a formula argument. Message grammar: `argument <name>: <problem> (got <value>). <hint> See <link>` */
export function argumentError(
  name: string,
  problem: string,
  got: unknown,
  hint: string,
  code: RetentionMetricsErrorCode = "INVALID_ARGUMENT",
): RetentionMetricsError {
  return new RetentionMetricsError(code, message(`argument ${name}`, code, problem, got, hint), {
    field: name,
  });
}

/**
 * INVALID_STATE about a saved accumulator state. `field` is the state's field (`"customers.gross"`,
 * `"dayBits"`, or `"state"` for the whole), `index` the customer (or array entry) at fault. Message grammar:
 * `state <field>[<index>]: <problem> (got <value>). <hint> See <link>`
 */
export function stateError(field: string, index: number | null, problem: string, got: unknown): RetentionMetricsError {
  const where = field === "state" ? "state" : `state ${field}${index === null ? "" : `[${index}]`}`;
  const hint = "Pass the value of JSON.stringify(accumulator) or accumulator.toJSON(), unchanged.";
  return new RetentionMetricsError("INVALID_STATE", message(where, "INVALID_STATE", problem, got, hint), { index, field });
}
