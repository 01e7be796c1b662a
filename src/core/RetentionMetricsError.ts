/**
 * The stable codes carried by {@link RetentionMetricsError}. A code never changes meaning
 * between versions, so callers may branch on it.
 *
 * | code | raised when |
 * |---|---|
 * | `INVALID_RECORD` | an input record is not an object |
 * | `INVALID_COLUMN` | an input column is missing, of an unreadable type, or of another length than the others |
 * | `INVALID_ORDER_ID` | an order id is missing, empty or not a string/number |
 * | `DUPLICATE_ORDER_ID` | two records share an order id |
 * | `INVALID_CUSTOMER_ID` | a customer id is missing or not a string/number |
 * | `EMPTY_CUSTOMER_ID` | a customer id is the empty string |
 * | `INVALID_DATE` | a time cannot be read as an instant |
 * | `INVALID_AMOUNT` | an amount is not a finite decimal, or cannot be held exactly |
 * | `NEGATIVE_TOTAL` | an order total is below zero |
 * | `NEGATIVE_REFUND` | a refunded amount is below zero |
 * | `REFUND_EXCEEDS_TOTAL` | a refunded amount is larger than the order total |
 * | `INVALID_CURRENCY` | a currency is not a three-letter ISO 4217 code |
 * | `MIXED_CURRENCY` | orders carry different currencies (or some carry none) |
 * | `INVALID_SEGMENT` | a segment label is not a string |
 * | `INVALID_TIME_ZONE` | a time zone is not a known IANA name |
 * | `INVALID_OPTION` | an option has a wrong type or value |
 * | `INVALID_ARGUMENT` | a formula input (count, rate, amount) is out of its domain |
 * | `INVALID_SCORE` | a survey answer is out of range or not an integer |
 * | `INSUFFICIENT_DATA` | a model or statistic has too little data to be computed |
 * | `NOT_CONVERGED` | a numerical fit did not converge |
 * | `UNIT_MISMATCH` | two time units that must agree do not (a model and its input, a result and an option) |
 * | `INVALID_STATE` | a saved accumulator state is malformed, inconsistent, or of another version |
 */
export type RetentionMetricsErrorCode =
  | "INVALID_RECORD"
  | "INVALID_COLUMN"
  | "INVALID_ORDER_ID"
  | "DUPLICATE_ORDER_ID"
  | "INVALID_CUSTOMER_ID"
  | "EMPTY_CUSTOMER_ID"
  | "INVALID_DATE"
  | "INVALID_AMOUNT"
  | "NEGATIVE_TOTAL"
  | "NEGATIVE_REFUND"
  | "REFUND_EXCEEDS_TOTAL"
  | "INVALID_CURRENCY"
  | "MIXED_CURRENCY"
  | "INVALID_SEGMENT"
  | "INVALID_TIME_ZONE"
  | "INVALID_OPTION"
  | "INVALID_ARGUMENT"
  | "INVALID_SCORE"
  | "INSUFFICIENT_DATA"
  | "NOT_CONVERGED"
  | "UNIT_MISMATCH"
  | "INVALID_STATE";

/** What {@link RetentionMetricsError} is built from. */
export interface RetentionMetricsErrorDetails {
  /** Position of the offending record in the input (0-based), or `null` when no record is at fault. */
  index?: number | null;
  /** The field, option or argument at fault, for example `"total"` or `"timeZone"`. */
  field?: string | null;
}

/**
 * The one error type thrown by retention-metrics for bad input.
 *
 * Every message follows one grammar, so logs read alike:
 * `<where>: <what is wrong> (got <value>). <what to do> See <link>`, where `<where>` is
 * `order <index>, <field>` for an input record, `option <name>` for an option, or
 * `argument <name>` for a formula input, and `<link>` is the code's entry in docs/errors.md.
 *
 * @example
 * ```ts
 * try {
 *   prepareOrders([{ orderId: "a", customerId: "c", placedAt: "2024-13-01", total: "5" }]);
 * } catch (e) {
 *   if (e instanceof RetentionMetricsError) {
 *     e.code;  // "INVALID_DATE"
 *     e.index; // 0
 *     e.field; // "placedAt"
 *   }
 * }
 * ```
 */
export class RetentionMetricsError extends Error {
  /** Stable machine-readable code; see {@link RetentionMetricsErrorCode}. */
  readonly code: RetentionMetricsErrorCode;
  /** 0-based position of the offending record, or `null`. */
  readonly index: number | null;
  /** Offending field, option or argument name, or `null`. */
  readonly field: string | null;

  constructor(code: RetentionMetricsErrorCode, message: string, details: RetentionMetricsErrorDetails = {}) {
    super(message);
    this.name = "RetentionMetricsError";
    this.code = code;
    this.index = details.index ?? null;
    this.field = details.field ?? null;
  }
}
