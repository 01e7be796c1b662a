import { SegmentLabels } from "../internal/book/segments.js";
import { amountMantissa } from "../internal/money/amounts.js";
import { checkTimeZone, ZoneCalendar } from "../internal/time/zone.js";
import { earliestDateOption, earlyDateError, instantToMs, newParseState, type InstantParseState } from "../internal/time/instant.js";
import { pow10, type MoneyScratch } from "../internal/money/money.js";
import { optionError, recordError } from "../internal/fail.js";
import { repeatRows, type OrderColumns } from "../internal/book/columns.js";
import { firstDuplicate } from "../internal/book/duplicates.js";
import { bookFloat64, bookInt32, toBookFloat64, toBookInt32 } from "../internal/book/buffers.js";
import { hashString, StringTable } from "../internal/book/stringTable.js";
import { OrderBook } from "../internal/book/OrderBook.js";
import type { Instant, Order } from "./types.js";

/**
 * Functions that read the fields of one input row, for rows that are not shaped like {@link Order}. Each gets
 * the row and its 0-based index. Fields left out are read from the property of the same name.
 */
export interface OrderAccessors<T> {
  orderId?: (row: T, index: number) => unknown;
  customerId?: (row: T, index: number) => unknown;
  placedAt?: (row: T, index: number) => unknown;
  total?: (row: T, index: number) => unknown;
  refunded?: (row: T, index: number) => unknown;
  currency?: (row: T, index: number) => unknown;
  segment?: (row: T, index: number) => unknown;
}

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
   * `row.currency`, `row.segment`
   */
  accessors?: OrderAccessors<T>;
  /**
   * Orders placed before this instant are refused with `INVALID_DATE`, because such a date is almost always a
   * mistake: a yyyymmdd number (`19970101`, as CSV readers that cast types produce) or epoch seconds read as
   * epoch milliseconds (both land in January 1970), or a missing time written as `0`. The error names the
   * likely mistake. Pass an earlier instant for older data, or `null` to accept any valid date. A date-only
   * string is the start of that day in `timeZone`.
   * @defaultValue `"1990-01-01T00:00:00Z"`
   */
  earliestDate?: Instant | null;
}

type Reader<T> = (row: T, index: number) => unknown;

/** Throws DUPLICATE_ORDER_ID for the first of the first n orders whose id repeats an earlier one. */
function throwDuplicate(orderIds: readonly string[], hashes: Int32Array, n: number): void {
  const dup = firstDuplicate(orderIds, hashes, n);
  if (dup === null) return;
  throw recordError(
    "DUPLICATE_ORDER_ID",
    dup.index,
    "orderId",
    `repeats the id of order ${dup.first}`,
    orderIds[dup.index],
    "Remove the duplicate row, or give each order its own id; duplicates would count revenue twice.",
  );
}

const CURRENCY_RE = /^[A-Z]{3}$/;

function readId(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  return null;
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
 * string in an optional field (`refunded`, `currency`, `segment`) means the field is absent, as a CSV reader
 * writes an empty cell; required fields stay required (`total: ""` is `INVALID_AMOUNT`).
 *
 * Cost: O(n) time; memory about 38 bytes per order (plus 8 transient, for the duplicate-id check) and the id
 * strings, which are shared with the input.
 *
 * @param orders - any iterable of {@link Order} (or of rows read through `accessors`).
 * @param options - see {@link PrepareOrdersOptions}.
 * @returns the prepared book.
 * @throws {@link RetentionMetricsError} with `index` and `field` of the first bad record:
 * `INVALID_RECORD`, `INVALID_ORDER_ID`, `DUPLICATE_ORDER_ID`, `INVALID_CUSTOMER_ID`, `EMPTY_CUSTOMER_ID`,
 * `INVALID_DATE`, `INVALID_AMOUNT`, `NEGATIVE_TOTAL`, `NEGATIVE_REFUND`, `REFUND_EXCEEDS_TOTAL`,
 * `INVALID_CURRENCY`, `MIXED_CURRENCY`, `INVALID_SEGMENT`; and `INVALID_TIME_ZONE` / `INVALID_OPTION` for options
 * (`timeZone`, `accessors`, `earliestDate`).
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
  if (orders == null || typeof (orders as Iterable<T>)[Symbol.iterator] !== "function") {
    throw optionError("orders", "must be an iterable of orders", orders, "Pass an array (or any iterable) of Order objects.");
  }
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const timeZone = checkTimeZone(options.timeZone ?? "UTC");
  const acc = options.accessors ?? {};
  if (typeof acc !== "object" || acc === null) {
    throw optionError("accessors", "must be an object of functions", acc, "Pass { customerId: (row) => row.user, ... }.");
  }
  for (const [name, fn] of Object.entries(acc)) {
    if (typeof fn !== "function") {
      throw optionError(`accessors.${name}`, "must be a function", fn, "Pass (row, index) => value.");
    }
  }
  const readOrderId: Reader<T> = acc.orderId ?? ((row) => (row as Order).orderId);
  const readCustomerId: Reader<T> = acc.customerId ?? ((row) => (row as Order).customerId);
  const readPlacedAt: Reader<T> = acc.placedAt ?? ((row) => (row as Order).placedAt);
  const readTotal: Reader<T> = acc.total ?? ((row) => (row as Order).total);
  const readRefunded: Reader<T> = acc.refunded ?? ((row) => (row as Order).refunded);
  const readCurrency: Reader<T> = acc.currency ?? ((row) => (row as Order).currency);
  const readSegment: Reader<T> = acc.segment ?? ((row) => (row as Order).segment);
  // Default readers are separate function literals with named property loads, so each load site sees one
  // shape and stays monomorphic (a shared `row[name]` closure would be megamorphic across the seven fields).
  const usesAccessors = Object.keys(acc).length > 0;

  const zone = new ZoneCalendar(timeZone);
  const earliest = earliestDateOption(options.earliestDate, zone);
  const parseState: InstantParseState = newParseState();
  const money: MoneyScratch = { scale: 0 };

  let capacity = Array.isArray(orders) ? Math.max(orders.length, 1) : 1024;
  // Columns and scratch on book memory (src/internal/buffers.ts): they start no full garbage collection.
  let customer = bookInt32(capacity);
  let time = bookFloat64(capacity);
  let total = bookFloat64(capacity);
  let refunded: Float64Array | null = null;
  let segment: Int32Array | null = null;
  // Order ids are checked for duplicates after the loop, by sorting their hashes (src/internal/duplicates.ts):
  // a hash table of a million ids would cost a cache miss per order.
  // Sized once for an array input: growing a multi-million-slot array by doubling leaves old-space garbage
  // that brings on extra full collections over the (large, live) input.
  const orderIds: string[] = Array.isArray(orders) ? new Array<string>(orders.length) : [];
  let orderHash = bookInt32(capacity);
  // Sized for a customer per four orders (the table doubles past that): fewer rehashes of a growing table.
  const customerTable = new StringTable(Array.isArray(orders) ? orders.length >> 2 : 0);
  const customerIds = customerTable.keys;
  const firstOrder: number[] = [];
  /** Time of each customer's first order (= time[firstOrder[c]], kept alongside to save a random read). */
  const firstTime: number[] = [];
  const segments = new SegmentLabels();
  // Read before the loop (the array grows in place): after the loop, a property read of an instance of our own
  // classes can meet type feedback that V8 cleared since the last call (see factsPass in customerFacts.ts).
  const segmentLabels = segments.labels;
  let scale = 0;
  let maxUnits = 0;
  let currency: string | null = null;
  let currencyFrom = -1;
  let minTime = Infinity;
  let maxTime = -Infinity;

  const grow = (): void => {
    capacity *= 2;
    const c2 = bookInt32(capacity);
    c2.set(customer);
    customer = c2;
    const h2 = bookInt32(capacity);
    h2.set(orderHash);
    orderHash = h2;
    const t2 = bookFloat64(capacity);
    t2.set(time);
    time = t2;
    const m2 = bookFloat64(capacity);
    m2.set(total);
    total = m2;
    if (refunded) {
      const r2 = bookFloat64(capacity);
      r2.set(refunded);
      refunded = r2;
    }
    if (segment) {
      const s2 = bookInt32(capacity).fill(-1);
      s2.set(segment);
      segment = s2;
    }
  };

  /** Reads one amount to minor units at the book's scale, raising the scale (and rescaling) if needed. */
  const readAmount = (value: unknown, i: number, name: string, n: number): number => {
    const mantissa = amountMantissa(value, money, i, name);
    if (money.scale > scale) {
      const factor = pow10(money.scale - scale);
      if (maxUnits * factor > Number.MAX_SAFE_INTEGER) {
        throw recordError(
          "INVALID_AMOUNT",
          i,
          name,
          `has ${money.scale} decimal places, too many to hold every amount of this input exactly`,
          value,
          "Round amounts to the currency's minor unit.",
        );
      }
      for (let k = 0; k < n; k++) total[k] = (total[k] as number) * factor;
      if (refunded) for (let k = 0; k < n; k++) refunded[k] = (refunded[k] as number) * factor;
      maxUnits *= factor;
      scale = money.scale;
    }
    const units = mantissa * pow10(scale - money.scale);
    if (!Number.isSafeInteger(units)) {
      throw recordError("INVALID_AMOUNT", i, name, "is too large to be held exactly", value, "Check the amount; it exceeds 9 quadrillion minor units.");
    }
    const magnitude = Math.abs(units);
    if (magnitude > maxUnits) maxUnits = magnitude;
    return units;
  };

  let i = 0;
  try {
    for (const row of orders) {
      if (i === capacity) grow();
      if (!usesAccessors && (typeof row !== "object" || row === null)) {
        throw recordError("INVALID_RECORD", i, "order", "is not an object", row, "Pass objects with orderId, customerId, placedAt and total.");
      }
      // orderId
      const rawOrderId = readOrderId(row, i);
      const orderId = readId(rawOrderId);
      if (orderId === null || orderId.length === 0) {
        throw recordError("INVALID_ORDER_ID", i, "orderId", "must be a non-empty string or a number", rawOrderId, "Give every order a unique id.");
      }
      orderIds[i] = orderId;
      orderHash[i] = hashString(orderId);
      // customerId
      const rawCustomerId = readCustomerId(row, i);
      const customerId = readId(rawCustomerId);
      if (customerId === null) {
        throw recordError("INVALID_CUSTOMER_ID", i, "customerId", "must be a string or a number", rawCustomerId, "Give every order the id of the customer who placed it.");
      }
      if (customerId.length === 0) {
        throw recordError("EMPTY_CUSTOMER_ID", i, "customerId", "is empty", rawCustomerId, "Give every order the id of the customer who placed it; guest orders need an id of their own.");
      }
      // placedAt
      const rawPlacedAt = readPlacedAt(row, i);
      const t = instantToMs(rawPlacedAt, zone, parseState);
      if (Number.isNaN(t)) {
        throw recordError(
          "INVALID_DATE",
          i,
          "placedAt",
          "is not a valid instant",
          rawPlacedAt,
          'Pass a Date, epoch milliseconds, or an ISO 8601 string such as "2024-03-31T23:30:00Z" or "2024-03-31".',
        );
      }
      if (t < earliest) throw earlyDateError(i, rawPlacedAt, t, earliest, typeof rawPlacedAt === "number", "prepareOrders(orders, …)");
      time[i] = t;
      if (t < minTime) minTime = t;
      if (t > maxTime) maxTime = t;
      // total
      const rawTotal = readTotal(row, i);
      const units = readAmount(rawTotal, i, "total", i);
      if (units < 0) {
        throw recordError("NEGATIVE_TOTAL", i, "total", "is negative", rawTotal, "Record returns in refunded, not as a negative total.");
      }
      total[i] = units;
      // refunded
      const rawRefunded = readRefunded(row, i);
      // An empty string is an absent field (a CSV reader's empty cell), as are undefined and null.
      if (rawRefunded !== undefined && rawRefunded !== null && rawRefunded !== "") {
        const r = readAmount(rawRefunded, i, "refunded", i + 1);
        if (r < 0) {
          throw recordError("NEGATIVE_REFUND", i, "refunded", "is negative", rawRefunded, "Pass the refunded amount as a positive number.");
        }
        // total[i] may have been rescaled by readAmount above.
        if (r > (total[i] as number)) {
          throw recordError(
            "REFUND_EXCEEDS_TOTAL",
            i,
            "refunded",
            `is larger than the order total ${String(rawTotal)}`,
            rawRefunded,
            "A refund cannot exceed what was paid; check both amounts.",
          );
        }
        if (r !== 0) {
          if (!refunded) refunded = bookFloat64(capacity);
          refunded[i] = r;
        }
      }
      // currency
      const rawCurrency = readCurrency(row, i);
      const hasCurrency = rawCurrency !== undefined && rawCurrency !== null && rawCurrency !== "";
      if (hasCurrency && (typeof rawCurrency !== "string" || !CURRENCY_RE.test(rawCurrency))) {
        throw recordError("INVALID_CURRENCY", i, "currency", "is not a three-letter ISO 4217 code", rawCurrency, 'Pass an upper-case code such as "USD".');
      }
      if (i === 0) {
        currency = hasCurrency ? (rawCurrency as string) : null;
        currencyFrom = 0;
      } else if ((hasCurrency ? rawCurrency : null) !== currency) {
        throw recordError(
          "MIXED_CURRENCY",
          i,
          "currency",
          currency === null ? `is set while order ${currencyFrom} has none` : `differs from ${currency} of order ${currencyFrom}`,
          rawCurrency,
          "Analyse one currency at a time: convert amounts first, or split the orders by currency.",
        );
      }
      // segment
      const s = segments.indexOf(readSegment(row, i), i);
      if (s >= 0) {
        if (!segment) segment = bookInt32(capacity).fill(-1);
        segment[i] = s;
      } else if (segment) {
        segment[i] = -1;
      }
      // customer index and first order
      const known = customerTable.size;
      const c = customerTable.intern(customerId);
      if (c === known) {
        firstOrder.push(i);
        firstTime.push(t);
      } else {
        const tf = firstTime[c] as number;
        if (t < tf || (t === tf && orderId < (orderIds[firstOrder[c] as number] as string))) {
          firstOrder[c] = i;
          firstTime[c] = t;
        }
      }
      customer[i] = c;
      i++;
    }
  } catch (error) {
    // A duplicate id before the failing record is the first bad record.
    throwDuplicate(orderIds, orderHash, orderIds[i] === undefined ? i : i + 1);
    throw error;
  }
  const n = i;
  if (orderIds.length !== n) orderIds.length = n;
  throwDuplicate(orderIds, orderHash, n);
  // The book keeps only each customer's first order id (see OrderColumns.firstOrderIds).
  const firstOrderIds = new Array<string>(firstOrder.length);
  for (let c = 0; c < firstOrder.length; c++) firstOrderIds[c] = orderIds[firstOrder[c] as number] as string;
  const columnsCustomer = customer.subarray(0, n);
  const repeats = repeatRows(columnsCustomer, n, customerIds.length);
  const columns: OrderColumns = {
    n,
    customer: columnsCustomer,
    time: time.subarray(0, n),
    total: total.subarray(0, n),
    refunded: refunded ? refunded.subarray(0, n) : null,
    segment: segment ? segment.subarray(0, n) : null,
    firstOrderIds,
    customerIds,
    segmentLabels,
    firstOrder: toBookInt32(firstOrder),
    firstTime: toBookFloat64(firstTime),
    scale,
    currency,
    timeZone,
    calendar: zone,
    repeatRow: repeats.row,
    orderRow: repeats.orderRow,
    sawWallClock: parseState.sawWallClock,
    dateOnly: n > 0 && !parseState.sawTimeOfDay,
    minTime,
    maxTime,
  };
  return new OrderBook(columns);
}
