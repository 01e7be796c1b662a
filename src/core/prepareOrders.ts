import { checkAccessors } from "../internal/book/orderRecord.js";
import { checkOrdersIterable, prepareBook } from "../internal/book/prepare.js";
import type { OrderBook } from "../internal/book/OrderBook.js";
import { optionError } from "../internal/fail.js";
import { exchangeOption } from "../internal/money/exchange.js";
import { zoneOption } from "../internal/resolve.js";
import { earliestDateOption } from "../internal/time/instant.js";
import type { DuplicateOrderIds, ExchangeRateTable, Instant, Order, OrderAccessors } from "./types.js";

/** Options of {@link prepareOrders}. */
export interface PrepareOrdersOptions<T = Order> {
  /**
   * IANA time zone in which strings without an offset (`"2024-03-31T23:30"`, `"2024-03-31"`) are read. It also
   * becomes the default `timeZone` of metrics computed on the book.
   * @defaultValue `"UTC"`
   */
  timeZone?: string;
  /**
   * Readers for rows of another shape, so they need not be copied into {@link Order} objects.
   * @defaultValue read `row.orderId`, `row.customerId`, `row.placedAt`, `row.total`, `row.refunded`,
   * `row.currency`, `row.segment`, `row.cost`, `row.refundedAt`
   */
  accessors?: OrderAccessors<T>;
  /**
   * Orders placed before this instant are refused with `INVALID_DATE`, because such a date is almost always a
   * mistake: a yyyymmdd number (`19970101`, as CSV readers that cast types produce) or epoch seconds read as
   * epoch milliseconds (both land in January 1970), or a missing time written as `0`. The error names the
   * likely mistake. Pass an earlier instant for older data, or `null` to accept any valid date in the years 0001–9999 (a `placedAt` outside them is always INVALID_DATE). A date-only
   * string is the start of that day in `timeZone`.
   * @defaultValue `"1990-01-01T00:00:00Z"`
   */
  earliestDate?: Instant | null;
  /**
   * Rates that convert every order to one reporting currency as it is read: each amount (total, refunded, cost)
   * times its currency's rate (one rate, or the rate of the order's local date in `timeZone`), rounded half to
   * even once to the reporting currency's minor unit (see {@link ExchangeRateTable}). The book's `currency` is
   * then `to`. An order without a currency, or without a rate for its currency (and day), is `MIXED_CURRENCY`
   * (field `currency`). Without it, orders in two currencies are `MIXED_CURRENCY` at the first of the second.
   * @defaultValue none (no conversion)
   */
  exchangeRates?: ExchangeRateTable;
  /**
   * `"check"` refuses a repeated `orderId` with `DUPLICATE_ORDER_ID`. `"trust"` skips that check, as an
   * accumulator can (see {@link createAccumulator}): no id is hashed, sorted or kept per order (only each
   * customer's first order id, for ties and the book), which saves about 24 bytes per order while the book is
   * built and the check's hashing and sorting (about 7% of the time of `prepareOrders` at a million orders).
   * **Risk:** with `"trust"` an order listed twice (an export read twice, overlapping pages of an API, a join
   * that repeated rows) is counted twice, in revenue, order counts, frequencies and every metric, and nothing
   * says so. Use it only when the ids are unique by construction (a primary key read once).
   * @defaultValue `"check"`
   */
  duplicateOrderIds?: DuplicateOrderIds;
}

/**
 * Validates and parses orders once into an immutable {@link OrderBook} that every metric accepts.
 *
 * Each order is read exactly once: ids are interned to dense integers, `placedAt` becomes epoch
 * milliseconds (ISO strings by a hand-written parser, wall-clock strings in `timeZone`), and money becomes
 * integer minor units at the largest number of decimal places seen. Nothing is dropped: the first bad record
 * throws with its index.
 *
 * Input rules (docs/money-and-time.md): `placedAt` is a `Date`, epoch milliseconds, or an ISO 8601 / RFC 3339
 * string (`"2024-01-03T09:00:55Z"`, `"2024-01-03 09:00:55 +0100"`, `"2024-01-03"`); a time before
 * `earliestDate` (default 1990-01-01) is refused, which catches yyyymmdd numbers and epoch seconds. An empty
 * string in an optional field (`refunded`, `currency`, `segment`, `cost`, `refundedAt`) means the field is absent, as a CSV reader
 * writes an empty cell; required fields stay required (`total: ""` is `INVALID_AMOUNT`).
 *
 * Cost: O(n) time; memory about 38 bytes per order (plus about 24 transient, for the duplicate-id check, none
 * with `duplicateOrderIds: "trust"`) and the id strings, which are shared with the input.
 *
 * @param orders - any iterable of {@link Order} (or of rows read through `accessors`).
 * @param options - see {@link PrepareOrdersOptions}.
 * @returns the prepared book.
 * @throws {@link RetentionMetricsError} with `index` and `field` of the first bad record:
 * `INVALID_RECORD`, `INVALID_ORDER_ID`, `DUPLICATE_ORDER_ID`, `INVALID_CUSTOMER_ID`, `EMPTY_CUSTOMER_ID`,
 * `INVALID_DATE`, `INVALID_AMOUNT`, `NEGATIVE_TOTAL`, `NEGATIVE_REFUND`, `REFUND_EXCEEDS_TOTAL`,
 * `INVALID_CURRENCY`, `MIXED_CURRENCY`, `INVALID_SEGMENT`; and `INVALID_TIME_ZONE` / `INVALID_OPTION` for options
 * (`timeZone`, `accessors`, `earliestDate`, `exchangeRates`, `duplicateOrderIds`). With `duplicateOrderIds:
 * "trust"`, never `DUPLICATE_ORDER_ID`. A `cost` below zero is `INVALID_AMOUNT` (field
 * `cost`); a `refundedAt` before `placedAt` is `INVALID_DATE` (field `refundedAt`).
 *
 * @example
 * ```ts
 * const book = prepareOrders([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-03-01T10:00:00Z", total: "20.00" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-04-02", total: "35.50", refunded: "5.50" },
 * ]);
 * book.orderCount;    // 2
 * book.customerCount; // 1
 * ```
 */
export function prepareOrders<T = Order>(orders: Iterable<T>, options: PrepareOrdersOptions<T> = {}): OrderBook {
  checkOrdersIterable(orders);
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const zone = zoneOption(options.timeZone);
  const accessors = checkAccessors<T>(options.accessors);
  const dup = options.duplicateOrderIds ?? "check";
  if (dup !== "check" && dup !== "trust") {
    throw optionError("duplicateOrderIds", 'must be "check" or "trust"', dup, 'Use "check" (the default) or "trust" when the ids are known to be unique.');
  }
  return prepareBook(orders, zone, accessors, earliestDateOption(options.earliestDate, zone), exchangeOption(options.exchangeRates), dup === "trust");
}
