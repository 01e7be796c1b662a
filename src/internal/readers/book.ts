// The sink of readOrderBook: each order the reader makes goes straight into columns (the order id, the interned
// customer id, epoch milliseconds, integer minor units, the segment label), and the book is built from them by
// the body of prepareOrderColumns. No Order object outlives its row and no date string is kept, so a big export
// never holds an object per order.
//
// The book is the one prepareOrders makes from the same orders: the same checks in the same order per order
// (orderRecord.ts: placedAtOf, amountMantissa, the scale raised to the most decimal places seen, negative and
// excessive refunds), the same first-order tie-break (order ids as strings), the same currency, segment labels
// and time flags.
import type { Order } from "../../core/types.js";
import type { OrderBook } from "../book/OrderBook.js";
import { isAbsent, negativeRefund, negativeTotal, placedAtOf, refundExceedsTotal, tooLarge, tooManyPlaces } from "../book/orderRecord.js";
import { prepareColumnsBook } from "../book/prepareColumns.js";
import { ownCopy, StringTable } from "../book/stringTable.js";
import { amountMantissa } from "../money/amounts.js";
import { pow10, type MoneyScratch } from "../money/money.js";
import { EARLIEST_ORDER_TIME, LATEST_ORDER_TIME, newParseState, type InstantParseState } from "../time/instant.js";
import type { ZoneCalendar } from "../time/zone.js";

/** Growable columns of the orders read so far. */
export class BookColumns {
  private n = 0;
  private readonly orderIds: string[] = [];
  /** The customer ids, each once (flat copies, holding no text they were cut from), and each order's index among them. */
  private readonly customers: StringTable = new StringTable();
  private customer = new Int32Array(1024);
  private time = new Float64Array(1024);
  private total = new Float64Array(1024);
  private refunded: Float64Array | null = null;
  private segments: (string | undefined)[] | null = null;
  private scale = 0;
  private maxUnits = 0;
  private currency: string | null = null;
  private readonly money: MoneyScratch = { scale: 0 };
  private readonly parsed: InstantParseState = newParseState();
  /** The order being added's own parse flags, merged into `parsed` once it is accepted (as the accumulator does). */
  private readonly orderParse: InstantParseState = newParseState();

  /** The instants taken as an order's `time` gives them (see `add`). */
  readonly instants: { from: number; to: number };

  constructor(
    private readonly zone: ZoneCalendar,
    private readonly earliest: number,
  ) {
    this.instants = { from: Math.max(earliest, EARLIEST_ORDER_TIME), to: LATEST_ORDER_TIME };
  }

  /** Reads one order into the columns, or throws (RetentionMetricsError, `index` = the order's index) leaving them as they were. */
  add(order: Order): void {
    const i = this.n;
    // A rejected order (onError: "collect" goes on reading) must leave sawWallClock and sawTimeOfDay as they were.
    const op = this.orderParse;
    op.sawWallClock = false;
    op.sawTimeOfDay = false;
    // The instant the format read from a Shopify cell (NaN: none, read placedAt here), in `instants` (the format
    // gives no other: one out of range comes as the ISO text readOrders gives, which placedAtOf reads, and names in
    // its error).
    const read = (order as { time?: number }).time ?? NaN;
    let t: number;
    if (read === read) {
      t = read;
      op.sawTimeOfDay = true;
    } else {
      t = placedAtOf(order.placedAt, i, this.zone, op, this.earliest, "readOrderBook(input, …)");
    }
    // Both amounts are read before anything changes; the scale is the most decimal places seen (as prepareOrders).
    const totalMantissa = amountMantissa(order.total, this.money, i, "total");
    const totalPlaces = this.money.scale;
    const hasRefund = !isAbsent(order.refunded);
    const refundMantissa = hasRefund ? amountMantissa(order.refunded, this.money, i, "refunded") : 0;
    const refundPlaces = hasRefund ? this.money.scale : 0;
    const scale = Math.max(this.scale, totalPlaces, refundPlaces);
    const factor = pow10(scale - this.scale);
    if (factor !== 1 && this.maxUnits * factor > Number.MAX_SAFE_INTEGER) {
      const [field, value] = totalPlaces === scale ? ["total", order.total] : ["refunded", order.refunded];
      throw tooManyPlaces(i, field, scale, value);
    }
    const units = totalMantissa * pow10(scale - totalPlaces);
    if (!Number.isSafeInteger(units)) throw tooLarge(i, "total", order.total);
    if (units < 0) throw negativeTotal(i, order.total);
    const r = refundMantissa * pow10(scale - refundPlaces);
    if (hasRefund) {
      if (!Number.isSafeInteger(r)) throw tooLarge(i, "refunded", order.refunded);
      if (r < 0) throw negativeRefund(i, order.refunded);
      if (r > units) throw refundExceedsTotal(i, order.total, order.refunded);
    }
    if (op.sawWallClock) this.parsed.sawWallClock = true;
    if (op.sawTimeOfDay) this.parsed.sawTimeOfDay = true;
    if (factor !== 1) {
      for (let k = 0; k < i; k++) this.total[k] = (this.total[k] as number) * factor;
      if (this.refunded !== null) for (let k = 0; k < i; k++) this.refunded[k] = (this.refunded[k] as number) * factor;
      this.maxUnits *= factor;
      this.scale = scale;
    }
    if (units > this.maxUnits) this.maxUnits = units;
    if (r > this.maxUnits) this.maxUnits = r;
    if (i === this.time.length) this.grow();
    this.time[i] = t;
    this.total[i] = units;
    if (r !== 0) {
      if (this.refunded === null) this.refunded = new Float64Array(this.time.length);
      this.refunded[i] = r;
    }
    this.orderIds.push(order.orderId as string);
    const id = order.customerId as string;
    let c = this.customers.get(id);
    // A new customer's id as a string of its own: as it is when the reader made it from the bytes (`ownText`),
    // else a flat copy. detach's copy is a view into a longer string, and a key is compared at every lookup of its
    // customer: a view and its parent are a cache miss more each time (measured in one process, interleaved: the
    // book's read of 1M orders of 200,000 customers took 0.97x the CPU with flat copies).
    if (c < 0) c = this.customers.intern((order as { ownText?: boolean }).ownText === true ? id : ownCopy(id));
    this.customer[i] = c;
    if (order.segment !== undefined || this.segments !== null) {
      if (this.segments === null) this.segments = new Array<string | undefined>(i).fill(undefined);
      this.segments.push(order.segment as string | undefined);
    }
    if (order.currency !== undefined) this.currency = order.currency as string;
    this.n = i + 1;
  }

  /** The table of the customer ids read (its keys are `columns().customerIds`). */
  customerTable(): StringTable {
    return this.customers;
  }

  /** The book of the orders read (the reader has checked that they share one currency). */
  book(): OrderBook {
    return bookOfColumns(this.columns(), this.zone);
  }

  /** The columns read so far (views of the growable arrays, not copies). */
  columns(): ReadColumns {
    const n = this.n;
    return {
      n,
      orderIds: this.orderIds,
      customer: this.customer.subarray(0, n),
      customerIds: this.customers.keys,
      time: this.time.subarray(0, n),
      total: this.total.subarray(0, n),
      refunded: this.refunded === null ? null : this.refunded.subarray(0, n),
      segments: this.segments,
      scale: this.scale,
      maxUnits: this.maxUnits,
      currency: this.currency,
      sawWallClock: this.parsed.sawWallClock,
      sawTimeOfDay: this.parsed.sawTimeOfDay,
    };
  }

  private grow(): void {
    const time = new Float64Array(this.time.length * 2);
    time.set(this.time);
    this.time = time;
    const total = new Float64Array(time.length);
    total.set(this.total);
    this.total = total;
    const customer = new Int32Array(time.length);
    customer.set(this.customer);
    this.customer = customer;
    if (this.refunded !== null) {
      const refunded = new Float64Array(time.length);
      refunded.set(this.refunded);
      this.refunded = refunded;
    }
  }
}

/** The columns of the orders read (plain data: a part read in a worker posts them to the merge, parallel.ts). */
export interface ReadColumns {
  n: number;
  /** Order ids, distinct (the reader's repeated-id check). */
  orderIds: string[];
  /** Each order's customer: an index into `customerIds` (ids in order of first appearance). */
  customer: Int32Array;
  customerIds: string[];
  /** Epoch milliseconds. */
  time: Float64Array;
  /** Integer minor units at `scale`. */
  total: Float64Array;
  refunded: Float64Array | null;
  segments: (string | undefined)[] | null;
  scale: number;
  /** The largest of `total` and `refunded`. */
  maxUnits: number;
  currency: string | null;
  sawWallClock: boolean;
  sawTimeOfDay: boolean;
}

/** The book of read columns, as prepareOrderColumns builds one (the reader has checked the currency and the ids). */
export function bookOfColumns(c: ReadColumns, zone: ZoneCalendar): OrderBook {
  const columns = {
    orderId: c.orderIds,
    // Not read: the customers are given interned (customerKeys below).
    customerId: [] as string[],
    placedAt: c.time,
    total: c.total,
    ...(c.refunded === null ? {} : { refunded: c.refunded }),
    ...(c.segments === null ? {} : { segment: c.segments }),
  };
  return prepareColumnsBook(columns, {
    zone,
    scale: c.scale,
    currency: c.currency,
    names: {},
    earliestDate: null,
    timesFromText: { sawWallClock: c.sawWallClock, dateOnly: !c.sawTimeOfDay },
    // The reader's check of repeated order ids covers every id read; the customers are interned as they came.
    distinctOrderIds: true,
    customerKeys: { customer: c.customer, ids: c.customerIds },
  });
}
