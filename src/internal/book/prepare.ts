import type { OrderAccessors } from "../../core/types.js";
import { optionError } from "../fail.js";
import { amountMantissa } from "../money/amounts.js";
import { convertAmount, rateFor, type ExchangeTable, type Rate } from "../money/exchange.js";
import { pow10, type MoneyScratch } from "../money/money.js";
import { newParseState, type InstantParseState } from "../time/instant.js";
import type { ZoneCalendar } from "../time/zone.js";
import { bookFloat64, bookInt32, toBookFloat64, toBookInt32 } from "./buffers.js";
import { repeatRows, type OrderColumns } from "./columns.js";
import { firstDuplicate } from "./duplicates.js";
import { OrderBook } from "./OrderBook.js";
import {
  currencyOf,
  customerIdOf,
  duplicateOrderId,
  isAbsent,
  mixedCurrency,
  negativeCost,
  negativeRefund,
  negativeTotal,
  notAnObject,
  orderIdOf,
  orderReaders,
  placedAtOf,
  refundedAtOf,
  refundExceedsTotal,
  tooLarge,
  tooManyPlaces,
  usesAccessors as hasAccessors,
} from "./orderRecord.js";
import { SegmentLabels } from "./segments.js";
import { hashString, StringTable } from "./stringTable.js";
import { ScratchPool } from "./scratch.js";

/** Throws INVALID_OPTION unless `orders` is iterable (the first check of `prepareOrders` and of a metric given orders). */
export function checkOrdersIterable(orders: unknown): void {
  if (orders == null || typeof (orders as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw optionError("orders", "must be an iterable of orders", orders, "Pass an array (or any iterable) of Order objects.");
  }
}

/** Throws DUPLICATE_ORDER_ID for the first of the first n orders whose id repeats an earlier one. */
function throwDuplicate(orderIds: readonly string[], hashes: Int32Array, n: number): void {
  const dup = firstDuplicate(orderIds, hashes, n);
  if (dup === null) return;
  throw duplicateOrderId(dup.index, dup.first, orderIds[dup.index]);
}

/** The most rows the columns of {@link prepareBook} are sized for up front from an array's `length` (2^25). */
const PRESIZE_LIMIT = 33_554_432;

/**
 * The body of `prepareOrders`: reads every order of `orders` (iterable, checked) in `zone` through `accessors`
 * (checked), refusing placedAt before `earliest` (epoch ms), into a book. Each order is read exactly once
 * (src/internal/book/orderRecord.ts); the first bad record throws with its index.
 */
export function prepareBook<T>(
  orders: Iterable<T>,
  zone: ZoneCalendar,
  accessors: OrderAccessors<T>,
  earliest: number,
  exchange: ExchangeTable | null = null,
  trustIds = false,
): OrderBook {
  const readers = orderReaders(accessors);
  const readOrderId = readers.orderId;
  const readCustomerId = readers.customerId;
  const readPlacedAt = readers.placedAt;
  const readTotal = readers.total;
  const readRefunded = readers.refunded;
  const readCurrency = readers.currency;
  const readSegment = readers.segment;
  const readCost = readers.cost;
  const readRefundedAt = readers.refundedAt;
  const usesAccessors = hasAccessors(accessors);

  const parseState: InstantParseState = newParseState();
  const refundParse: InstantParseState = newParseState();
  const money: MoneyScratch = { scale: 0 };

  // Sized from an array's length when its last row is there, and at most PRESIZE_LIMIT: a sparse array's length
  // says nothing of its rows (`[]` with length 2^32 − 1 is a few bytes, and its first hole is refused as
  // INVALID_RECORD, not RangeError from allocating 16 GB); past the limit the columns grow by doubling.
  const presize = Array.isArray(orders) && orders.length > 0 && orders.length - 1 in orders ? Math.min(orders.length, PRESIZE_LIMIT) : 0;
  let capacity = presize > 0 ? presize : Array.isArray(orders) ? 1 : 1024;
  // Columns and scratch on book memory (src/internal/book/buffers.ts): they start no full garbage collection.
  let customer = bookInt32(capacity);
  let time = bookFloat64(capacity);
  let total = bookFloat64(capacity);
  let refunded: Float64Array | null = null;
  let segment: Int32Array | null = null;
  // Made at the first order that has one (NaN: none given), so that books without them carry no column.
  let cost: Float64Array | null = null;
  let refundedAt: Float64Array | null = null;
  // Order ids are checked for duplicates after the loop, by sorting their hashes (src/internal/book/duplicates.ts):
  // a hash table of a million ids would cost a cache miss per order.
  // Sized once for an array input: growing a multi-million-slot array by doubling leaves old-space garbage
  // that brings on extra full collections over the (large, live) input.
  // With `trustIds` (duplicateOrderIds: "trust") no id is kept per order and none is hashed: only each
  // customer's first order id, for the ties and the book (firstIds, by customer).
  const orderIds: string[] = trustIds ? [] : presize > 0 ? new Array<string>(presize) : [];
  let orderHash = bookInt32(trustIds ? 0 : capacity);
  const firstIds: string[] = [];
  // Sized for a customer per four orders (the table doubles past that): fewer rehashes of a growing table.
  const customerTable = new StringTable(presize >> 2);
  const customerIds = customerTable.keys;
  // Per customer: index and time of the first order (= time[firstOrder[c]], kept alongside to save a random
  // read). Typed arrays sized like the customer table and doubled with it, not JS arrays grown by push.
  let customerCapacity = Math.max(64, presize >> 2);
  let firstOrder = bookInt32(customerCapacity);
  let firstTime = bookFloat64(customerCapacity);
  const segments = new SegmentLabels();
  // Read before the loop (the array grows in place): after the loop, a property read of an instance of our own
  // classes can meet type feedback that V8 cleared since the last call (see factsPass in customerFacts.ts).
  const segmentLabels = segments.labels;
  // With exchange rates every amount is converted to the reporting currency's minor units as it is read.
  let scale = exchange === null ? 0 : exchange.decimals;
  let rate: Rate | null = null;
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
    if (!trustIds) {
      const h2 = bookInt32(capacity);
      h2.set(orderHash);
      orderHash = h2;
    }
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
    if (cost) {
      const k2 = bookFloat64(capacity).fill(NaN);
      k2.set(cost);
      cost = k2;
    }
    if (refundedAt) {
      const a2 = bookFloat64(capacity).fill(NaN);
      a2.set(refundedAt);
      refundedAt = a2;
    }
    if (segment) {
      const s2 = bookInt32(capacity).fill(-1);
      s2.set(segment);
      segment = s2;
    }
  };

  const growCustomers = (): void => {
    customerCapacity *= 2;
    const f2 = bookInt32(customerCapacity);
    f2.set(firstOrder);
    firstOrder = f2;
    const t2 = bookFloat64(customerCapacity);
    t2.set(firstTime);
    firstTime = t2;
  };

  /** Reads one amount to minor units at the book's scale, raising the scale (and rescaling) if needed. */
  const readAmount = (value: unknown, i: number, name: string, n: number): number => {
    const mantissa = amountMantissa(value, money, i, name);
    if (rate !== null) {
      const converted = convertAmount(mantissa, money.scale, rate, scale);
      if (Number.isNaN(converted)) throw tooLarge(i, name, value);
      return converted;
    }
    if (money.scale > scale) {
      const factor = pow10(money.scale - scale);
      if (maxUnits * factor > Number.MAX_SAFE_INTEGER) throw tooManyPlaces(i, name, money.scale, value);
      for (let k = 0; k < n; k++) total[k] = (total[k] as number) * factor;
      if (refunded) for (let k = 0; k < n; k++) refunded[k] = (refunded[k] as number) * factor;
      if (cost) for (let k = 0; k < n; k++) cost[k] = (cost[k] as number) * factor;
      maxUnits *= factor;
      scale = money.scale;
    }
    const units = mantissa * pow10(scale - money.scale);
    if (!Number.isSafeInteger(units)) throw tooLarge(i, name, value);
    const magnitude = Math.abs(units);
    if (magnitude > maxUnits) maxUnits = magnitude;
    return units;
  };

  let i = 0;
  try {
    for (const row of orders) {
      if (i === capacity) grow();
      if (!usesAccessors && (typeof row !== "object" || row === null || Array.isArray(row))) throw notAnObject(i, row);
      const orderId = orderIdOf(readOrderId(row, i), i);
      if (!trustIds) {
        orderIds[i] = orderId;
        orderHash[i] = hashString(orderId);
      }
      const customerId = customerIdOf(readCustomerId(row, i), i);
      const t = placedAtOf(readPlacedAt(row, i), i, zone, parseState, earliest, "prepareOrders(orders, …)");
      time[i] = t;
      if (t < minTime) minTime = t;
      if (t > maxTime) maxTime = t;
      if (exchange !== null) {
        // The order's rate, by its currency (read first here) and local day.
        const rawCur = readCurrency(row, i);
        rate = rateFor(exchange, currencyOf(rawCur, i), t, zone, i, rawCur);
      }
      // total
      const rawTotal = readTotal(row, i);
      const units = readAmount(rawTotal, i, "total", i);
      if (units < 0) throw negativeTotal(i, rawTotal);
      total[i] = units;
      // refunded
      const rawRefunded = readRefunded(row, i);
      if (!isAbsent(rawRefunded)) {
        const r = readAmount(rawRefunded, i, "refunded", i + 1);
        if (r < 0) throw negativeRefund(i, rawRefunded);
        // total[i] may have been rescaled by readAmount above.
        if (r > (total[i] as number)) throw refundExceedsTotal(i, rawTotal, rawRefunded);
        if (r !== 0) {
          if (!refunded) refunded = bookFloat64(capacity);
          refunded[i] = r;
        }
      }
      // cost and refund time (optional columns)
      const rawCost = readCost(row, i);
      if (!isAbsent(rawCost)) {
        const k = readAmount(rawCost, i, "cost", i + 1);
        if (k < 0) throw negativeCost(i, rawCost);
        if (!cost) cost = bookFloat64(capacity).fill(NaN);
        cost[i] = k;
      }
      const rawRefundedAt = readRefundedAt(row, i);
      if (!isAbsent(rawRefundedAt)) {
        const ra = refundedAtOf(rawRefundedAt, i, zone, t, refundParse);
        if (!refundedAt) refundedAt = bookFloat64(capacity).fill(NaN);
        refundedAt[i] = ra;
      }
      // currency
      const rawCurrency = exchange === null ? readCurrency(row, i) : null;
      const cur = exchange === null ? currencyOf(rawCurrency, i) : exchange.to;
      if (i === 0) {
        currency = cur;
        currencyFrom = 0;
      } else if (cur !== currency) {
        throw mixedCurrency(i, rawCurrency, currency === null ? `is set while order ${currencyFrom} has none` : `differs from ${currency} of order ${currencyFrom}`);
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
        if (c === customerCapacity) growCustomers();
        firstOrder[c] = i;
        firstTime[c] = t;
        if (trustIds) firstIds.push(orderId);
      } else {
        const tf = firstTime[c] as number;
        if (t < tf || (t === tf && orderId < ((trustIds ? firstIds[c] : orderIds[firstOrder[c] as number]) as string))) {
          firstOrder[c] = i;
          firstTime[c] = t;
          if (trustIds) firstIds[c] = orderId;
        }
      }
      customer[i] = c;
      i++;
    }
  } catch (error) {
    // A duplicate id before the failing record is the first bad record.
    if (!trustIds) throwDuplicate(orderIds, orderHash, orderIds[i] === undefined ? i : i + 1);
    throw error;
  }
  const n = i;
  const customers = customerIds.length;
  let firstOrderIds = firstIds;
  if (!trustIds) {
    if (orderIds.length !== n) orderIds.length = n;
    throwDuplicate(orderIds, orderHash, n);
    // The book keeps only each customer's first order id (see OrderColumns.firstOrderIds).
    firstOrderIds = new Array<string>(customers);
    for (let c = 0; c < customers; c++) firstOrderIds[c] = orderIds[firstOrder[c] as number] as string;
  }
  const columnsCustomer = customer.subarray(0, n);
  const repeats = repeatRows(columnsCustomer, n, customers);
  const columns: OrderColumns = {
    n,
    customer: columnsCustomer,
    time: time.subarray(0, n),
    total: total.subarray(0, n),
    refunded: refunded ? refunded.subarray(0, n) : null,
    segment: segment ? segment.subarray(0, n) : null,
    ...(cost ? { cost: cost.subarray(0, n) } : {}),
    ...(refundedAt ? { refundedAt: refundedAt.subarray(0, n) } : {}),
    firstOrderIds,
    customerIds,
    customers,
    segmentLabels,
    firstOrder: toBookInt32(firstOrder.subarray(0, customers)),
    firstTime: toBookFloat64(firstTime.subarray(0, customers)),
    scale,
    currency,
    timeZone: zone.timeZone,
    calendar: zone,
    repeatRow: repeats.row,
    orderRow: repeats.orderRow,
    scratch: new ScratchPool(),
    // A wall-clock refund time was read in this zone too (see toBook in resolve.ts).
    sawWallClock: parseState.sawWallClock || refundParse.sawWallClock,
    dateOnly: n > 0 && !parseState.sawTimeOfDay,
    minTime,
    maxTime,
  };
  return new OrderBook(columns);
}

