import type { RetentionMetricsError } from "../../core/RetentionMetricsError.js";
import type { OrderAccessors } from "../../core/types.js";
import { optionError, recordError } from "../fail.js";
import { EARLIEST_ORDER_TIME, earlyDateError, inOrderYears, instantToMs, LATEST_ORDER_TIME, outOfYearsError, type InstantParseState } from "../time/instant.js";
import type { ZoneCalendar } from "../time/zone.js";

/**
 * The order-record reader: what a valid order field is, and the error (code, index, field, message) for one
 * that is not, written once for the three entry paths (`prepareOrders`, `prepareOrderColumns` and the
 * accumulator's `add`). Each path reads the fields in its own order (the order in which it reports a record's
 * first problem), through these functions. They are small and monomorphic, for the hot loops; the error
 * builders are the cold paths.
 */

/** One field reader of a row: the `accessors` option's functions, or a named property load. */
export type FieldReader<T> = (row: T, index: number) => unknown;

/** An input row read as an `Order`-shaped record, with named property loads. */
export interface OrderRow {
  orderId?: unknown;
  customerId?: unknown;
  placedAt?: unknown;
  total?: unknown;
  refunded?: unknown;
  currency?: unknown;
  segment?: unknown;
  cost?: unknown;
  refundedAt?: unknown;
}

/** The readers of a row. */
export interface OrderReaders<T> {
  orderId: FieldReader<T>;
  customerId: FieldReader<T>;
  placedAt: FieldReader<T>;
  total: FieldReader<T>;
  refunded: FieldReader<T>;
  currency: FieldReader<T>;
  segment: FieldReader<T>;
  cost: FieldReader<T>;
  refundedAt: FieldReader<T>;
}

/** Reads the `accessors` option: an object of functions (default `{}`), or throws INVALID_OPTION. */
export function checkAccessors<T>(value: unknown): OrderAccessors<T> {
  const acc = value ?? {};
  if (typeof acc !== "object" || acc === null) {
    throw optionError("accessors", "must be an object of functions", acc, "Pass { customerId: (row) => row.user, ... }.");
  }
  for (const [name, fn] of Object.entries(acc)) {
    if (typeof fn !== "function") throw optionError(`accessors.${name}`, "must be a function", fn, "Pass (row, index) => value.");
  }
  return acc as OrderAccessors<T>;
}

/**
 * The readers of a row: each given accessor, else a named property load. The default readers are separate
 * function literals, so each load site sees one shape and stays monomorphic (a shared `row[name]` closure would
 * be megamorphic across the seven fields).
 */
export function orderReaders<T>(acc: OrderAccessors<T>): OrderReaders<T> {
  return {
    orderId: acc.orderId ?? ((row) => (row as OrderRow).orderId),
    customerId: acc.customerId ?? ((row) => (row as OrderRow).customerId),
    placedAt: acc.placedAt ?? ((row) => (row as OrderRow).placedAt),
    total: acc.total ?? ((row) => (row as OrderRow).total),
    refunded: acc.refunded ?? ((row) => (row as OrderRow).refunded),
    currency: acc.currency ?? ((row) => (row as OrderRow).currency),
    segment: acc.segment ?? ((row) => (row as OrderRow).segment),
    cost: acc.cost ?? ((row) => (row as OrderRow).cost),
    refundedAt: acc.refundedAt ?? ((row) => (row as OrderRow).refundedAt),
  };
}

/** Whether `accessors` gives any reader (when it gives none, rows must be objects). */
export function usesAccessors(acc: object): boolean {
  return Object.keys(acc).length > 0;
}

// ---------------------------------------------------------------- field readers

/**
 * An id read as a string: a string as is, a finite number within ±(2^53 − 1) or a bigint as its decimal string;
 * else null. A number past 2^53 − 1 is refused: two 64-bit ids parsed by `JSON.parse` can round to one double,
 * and would merge into one customer (or one order).
 */
function readId(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && value <= Number.MAX_SAFE_INTEGER && value >= -Number.MAX_SAFE_INTEGER) return String(value);
  if (typeof value === "bigint") return value.toString();
  return null;
}

/** Whether an optional field is absent: `undefined`, `null`, or `""` (a CSV reader's empty cell). */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** Whether `value` is a three-letter upper-case ISO 4217 code. */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === "string" && CURRENCY_RE.test(value);
}

const CURRENCY_RE = /^[A-Z]{3}$/;

/** Record `i`'s order id (a non-empty string), or throws INVALID_ORDER_ID. */
export function orderIdOf(raw: unknown, i: number): string {
  const id = readId(raw);
  if (id === null || id.length === 0) throw badOrderId(i, raw);
  return id;
}

/** Record `i`'s customer id (a non-empty string), or throws INVALID_CUSTOMER_ID / EMPTY_CUSTOMER_ID. */
export function customerIdOf(raw: unknown, i: number): string {
  const id = readId(raw);
  if (id === null || id.length === 0) throw badCustomerId(i, raw);
  return id;
}

/**
 * Record `i`'s placedAt in epoch ms, read in `zone` (flags into `state`), or throws INVALID_DATE: not an
 * instant, outside the years 0001–9999 (see `EARLIEST_ORDER_TIME`), or before `earliest` (`entry` is the call whose `earliestDate` option moves that bound).
 */
export function placedAtOf(raw: unknown, i: number, zone: ZoneCalendar, state: InstantParseState, earliest: number, entry: string): number {
  const t = instantToMs(raw, zone, state);
  if (Number.isNaN(t)) throw badPlacedAt(i, raw);
  if (!(t >= earliest && t <= LATEST_ORDER_TIME && t >= EARLIEST_ORDER_TIME)) {
    if (!inOrderYears(t)) throw outOfYearsError(i, raw, t);
    throw earlyDateError(i, raw, t, earliest, typeof raw === "number", entry);
  }
  return t;
}

/**
 * Record `i`'s refundedAt in epoch ms (NaN when absent), read in `zone`, or throws INVALID_DATE (field
 * `refundedAt`): not an instant, or before the order's placedAt `placed`. `state` gathers the refund times' own
 * parse flags (a wall-clock string sets `sawWallClock`; the book's `dateOnly` is about placedAt alone).
 */
export function refundedAtOf(raw: unknown, i: number, zone: ZoneCalendar, placed: number, state: InstantParseState): number {
  if (isAbsent(raw)) return NaN;
  const t = instantToMs(raw, zone, state);
  if (Number.isNaN(t) || !inOrderYears(t)) {
    throw recordError("INVALID_DATE", i, "refundedAt", "is not a valid instant", raw, 'Pass a Date, epoch milliseconds, or an ISO 8601 string such as "2024-04-02".');
  }
  if (t < placed) throw refundBeforeOrder(i, raw);
  return t;
}

/** INVALID_DATE: record `i`'s refundedAt is before its placedAt. */
export function refundBeforeOrder(i: number, raw: unknown): RetentionMetricsError {
  return recordError("INVALID_DATE", i, "refundedAt", "is before the order's placedAt", raw, "A refund follows its order; check both times (and the time zone of wall-clock strings).");
}

/** INVALID_AMOUNT: record `i`'s cost is negative. */
export function negativeCost(i: number, raw: unknown): RetentionMetricsError {
  return recordError("INVALID_AMOUNT", i, "cost", "is negative", raw, "Pass the order's cost as a positive amount, or 0.");
}

/** Record `i`'s currency, null when absent, or throws INVALID_CURRENCY. */
export function currencyOf(raw: unknown, i: number): string | null {
  if (isAbsent(raw)) return null;
  if (!isCurrencyCode(raw)) {
    throw recordError("INVALID_CURRENCY", i, "currency", "is not a three-letter ISO 4217 code", raw, 'Pass an upper-case code such as "USD".');
  }
  return raw;
}

/** Record `i`'s segment label, null when absent (`""` is no segment), or throws INVALID_SEGMENT. */
export function segmentOf(raw: unknown, i: number): string | null {
  if (raw === null || raw === undefined || raw === "") return null;
  if (typeof raw !== "string") throw recordError("INVALID_SEGMENT", i, "segment", "must be a string", raw, 'Pass a label such as "newsletter".');
  return raw;
}

// ---------------------------------------------------------------- errors

/** INVALID_RECORD: record `i` is not an object, or is an array (rows read without accessors must be objects). */
export function notAnObject(i: number, row: unknown): RetentionMetricsError {
  return recordError("INVALID_RECORD", i, "order", "is not an object", row, "Pass objects with orderId, customerId, placedAt and total (an array row, such as a CSV line, through the accessors option of prepareOrders).");
}

/** Whether `raw` is a number id past ±(2^53 − 1), which a double cannot tell from its neighbours. */
export function isUnsafeNumberId(raw: unknown): boolean {
  return typeof raw === "number" && Number.isFinite(raw) && Math.abs(raw) > Number.MAX_SAFE_INTEGER;
}

const UNSAFE_ID = "is a number past 2^53 − 1, which cannot be held exactly (two such ids may be one double)";
const UNSAFE_ID_HINT = "Pass large ids as strings or BigInt (parse 64-bit ids from JSON as strings).";

/** INVALID_ORDER_ID for record `i`. */
export function badOrderId(i: number, raw: unknown): RetentionMetricsError {
  if (isUnsafeNumberId(raw)) return recordError("INVALID_ORDER_ID", i, "orderId", UNSAFE_ID, raw, UNSAFE_ID_HINT);
  return recordError("INVALID_ORDER_ID", i, "orderId", "must be a non-empty string or a number", raw, "Give every order a unique id.");
}

/** EMPTY_CUSTOMER_ID for `""`, else INVALID_CUSTOMER_ID, for record `i`. */
export function badCustomerId(i: number, raw: unknown): RetentionMetricsError {
  if (isUnsafeNumberId(raw)) return recordError("INVALID_CUSTOMER_ID", i, "customerId", UNSAFE_ID, raw, UNSAFE_ID_HINT);
  return raw === ""
    ? recordError("EMPTY_CUSTOMER_ID", i, "customerId", "is empty", raw, "Give every order the id of the customer who placed it; guest orders need an id of their own.")
    : recordError("INVALID_CUSTOMER_ID", i, "customerId", "must be a string or a number", raw, "Give every order the id of the customer who placed it.");
}

/** INVALID_DATE: record `i`'s placedAt is not an instant. */
function badPlacedAt(i: number, raw: unknown): RetentionMetricsError {
  return recordError(
    "INVALID_DATE",
    i,
    "placedAt",
    "is not a valid instant",
    raw,
    'Pass a Date, epoch milliseconds, or an ISO 8601 string such as "2024-03-31T23:30:00Z" or "2024-03-31".',
  );
}

/** DUPLICATE_ORDER_ID: record `i` repeats the id of record `first`. */
export function duplicateOrderId(i: number, first: number, id: unknown): RetentionMetricsError {
  return recordError(
    "DUPLICATE_ORDER_ID",
    i,
    "orderId",
    `repeats the id of order ${first}`,
    id,
    "Remove the duplicate row, or give each order its own id; duplicates would count revenue twice.",
  );
}

/** INVALID_AMOUNT: record `i`'s amount `field` has `scale` decimal places, more than the input's amounts can all be held at. */
export function tooManyPlaces(i: number, field: string, scale: number, raw: unknown): RetentionMetricsError {
  return recordError("INVALID_AMOUNT", i, field, `has ${scale} decimal places, too many to hold every amount of this input exactly`, raw, "Round amounts to the currency's minor unit.");
}

/** INVALID_AMOUNT: record `i`'s amount `field` is past 2^53 minor units. */
export function tooLarge(i: number, field: string, raw: unknown): RetentionMetricsError {
  return recordError("INVALID_AMOUNT", i, field, "is too large to be held exactly", raw, "Check the amount; it exceeds 9 quadrillion minor units.");
}

/** NEGATIVE_TOTAL for record `i`. */
export function negativeTotal(i: number, raw: unknown): RetentionMetricsError {
  return recordError("NEGATIVE_TOTAL", i, "total", "is negative", raw, "Record returns in refunded, not as a negative total.");
}

/** NEGATIVE_REFUND for record `i`. */
export function negativeRefund(i: number, raw: unknown): RetentionMetricsError {
  return recordError("NEGATIVE_REFUND", i, "refunded", "is negative", raw, "Pass the refunded amount as a positive number.");
}

/** REFUND_EXCEEDS_TOTAL for record `i`, whose total is `total`. */
export function refundExceedsTotal(i: number, total: unknown, refunded: unknown): RetentionMetricsError {
  return recordError("REFUND_EXCEEDS_TOTAL", i, "refunded", `is larger than the order total ${String(total)}`, refunded, "A refund cannot exceed what was paid; check both amounts.");
}

/** MIXED_CURRENCY for record `i`: `problem` says how it differs from the earlier records. */
export function mixedCurrency(i: number, raw: unknown, problem: string): RetentionMetricsError {
  return recordError("MIXED_CURRENCY", i, "currency", problem, raw, "Analyse one currency at a time: convert amounts first, or split the orders by currency.");
}
