import type { Decimal } from "decimal.js";

/**
 * An amount of money in major units: a decimal string (`"19.99"`, preferred), a finite number (read through
 * its shortest decimal form, so `0.1` means `"0.1"`), or a `Decimal`.
 */
export type Money = string | number | Decimal;

/**
 * A point in time: a `Date`, epoch milliseconds, or an ISO 8601 / RFC 3339 string. A string with `Z` or an
 * offset is an instant; `T`, `t` or a space may separate date and time, the offset may be `+01:00`, `+0100`
 * or `+01`, optionally after one space (Shopify's `"2024-01-03 09:00:55 +0100"`), and `Z` may be `z`. A string
 * without an offset (`"2024-03-31T23:30"`, `"2024-03-31"`, `"20240331"`) is a wall-clock time in the
 * `timeZone` option.
 */
export type Instant = Date | string | number;

/** One order as the library reads it. */
export interface Order {
  /** Unique within the input. A number is read as its decimal string. */
  orderId: string | number;
  /** Non-empty. A number is read as its decimal string, so `1` and `"1"` are the same customer. */
  customerId: string | number;
  /**
   * When the order was placed: a `Date`, epoch milliseconds, or an ISO 8601 string (see {@link Instant}).
   * A time before the `earliestDate` option of `prepareOrders` (default 1990-01-01) is refused with
   * `INVALID_DATE`: that is how a yyyymmdd number (`19970101`, which as epoch milliseconds is 1970-01-01) or
   * epoch seconds given as milliseconds show up. When every order is a date-only string (`"1998-06-30"`), the
   * default `asOf` of the metrics is the end of the last day, so a month ending on it is complete.
   */
  placedAt: Instant;
  /** Order total in major units, `>= 0`. Required: `""` is `INVALID_AMOUNT`, not zero. */
  total: Money;
  /**
   * Amount refunded so far, `0 <= refunded <= total`. Absent (`undefined`, `null` or `""`, an empty CSV cell)
   * means 0.
   */
  refunded?: Money | null | undefined;
  /**
   * ISO 4217 code. Either every order carries the same code or none does. Absent: `undefined`, `null` or `""`
   * (an empty CSV cell).
   */
  currency?: string | null | undefined;
  /**
   * A label such as the acquisition channel. Absent (no segment): `undefined`, `null` or `""` (an empty CSV
   * cell); so `""` is never a segment of its own.
   */
  segment?: string | null | undefined;
  /**
   * Cost of the order (cost of goods, shipping paid, fees) in major units, `>= 0`, in the same forms as `total`;
   * read by `revenue: "margin"` without a `marginRate` (margin = total − refunded − cost). Absent (`undefined`,
   * `null` or `""`): unknown, which that basis refuses.
   */
  cost?: Money | null | undefined;
  /**
   * When the refund was made (see {@link Instant}), not before `placedAt`; read by `refundAttribution:
   * "refundDate"`, which puts the refunded amount in the period of this date. Absent: the order's own date.
   */
  refundedAt?: Instant | null | undefined;
}

/**
 * A unit of elapsed time: `"day"`, `"week"` (7 days), or a positive number of days (`30.4375` for an average
 * month, `365.25` for an average year). Used for buy-till-you-die times (recency, T) and model clocks.
 */
export type TimeUnit = "day" | "week" | number;

/** Which revenue a metric sums. */
export type RevenueBasis = "net" | "gross";

/**
 * What the value metrics (AOV, customer value, cohort revenue, LTV, cohort economics) sum per order: `"gross"`
 * (the total), `"net"` (total − refunded) or `"margin"` (`marginRate` × net, or net − the order's `cost`).
 */
export type ValueBasis = "net" | "gross" | "margin";

/** Which period a refund counts in: the order's (`"orderDate"`) or the refund's (`"refundDate"`, from `refundedAt`). */
export type RefundAttribution = "orderDate" | "refundDate";

/** The options of the value metrics: the shared {@link MetricOptions}, with the margin basis and refund attribution. */
export interface ValueOptions extends Omit<MetricOptions, "revenue"> {
  /**
   * `"net"` subtracts refunds from order totals; `"gross"` does not; `"margin"` keeps `marginRate` × net when
   * `marginRate` is given, else net − each order's `cost` (every order must carry one).
   * @defaultValue `"net"`
   */
  revenue?: ValueBasis;
  /**
   * The share of net revenue kept as margin, for `revenue: "margin"`: a decimal string (`"0.35"`), a finite
   * number or a `Decimal`, in [0, 1]. Margin is then `marginRate × net` exactly (no rounding).
   * @defaultValue none: margin is read from each order's `cost`
   */
  marginRate?: string | number | Decimal;
  /**
   * Where refunds count in period-based results (cohort revenue cells, LTV by period): in the period of the
   * order (`"orderDate"`) or of the refund (`"refundDate"`, from each order's `refundedAt`; an order without
   * one stays on its own date). A refund after `asOf` is not yet seen. Totals over all periods do not change.
   * @defaultValue `"orderDate"`
   */
  refundAttribution?: RefundAttribution;
}

/** Options shared by every order metric. */
export interface MetricOptions {
  /**
   * IANA time zone for calendar questions and for reading wall-clock strings.
   * @defaultValue `"UTC"`, or the zone the {@link OrderBook} was prepared in
   */
  timeZone?: string;
  /**
   * The observation end: orders placed after it are not yet seen. A date-only string means the end of that
   * day in `timeZone`.
   * @defaultValue the time of the latest order (never the clock); when every order's `placedAt` was a
   * date-only string, the end of the latest order's day (its last millisecond, as `asOf` given as that date)
   */
  asOf?: Instant;
  /**
   * Start of the half-open window `[from, to)` of orders that count.
   * @defaultValue no lower bound
   */
  from?: Instant;
  /**
   * End (exclusive) of the window `[from, to)` of orders that count.
   * @defaultValue no upper bound
   */
  to?: Instant;
  /**
   * `"net"` subtracts refunds from order totals; `"gross"` does not.
   * @defaultValue `"net"`
   */
  revenue?: RevenueBasis;
}

/** The observation window a result was computed over, as ISO 8601 UTC strings (`null`: unbounded / no data). */
export interface ResolvedWindow {
  /** Inclusive start, or `null` for no lower bound. */
  from: string | null;
  /** Exclusive end, or `null` for no upper bound. */
  to: string | null;
  /** Observation end, or `null` when there are no orders at all. */
  asOf: string | null;
  /** Time zone used for calendar questions. */
  timeZone: string;
  /** Revenue basis used. */
  revenue: ValueBasis;
  /** With `revenue: "margin"`: the margin rate, or `null` when margin was read from each order's `cost`. */
  marginRate?: Decimal | null;
  /** Where refunds were counted, when not on the order's date (`"refundDate"`). */
  refundAttribution?: RefundAttribution;
}

/**
 * Rates converting order amounts to one reporting currency as the orders are read (the `exchangeRates` option of
 * {@link prepareOrders}, {@link prepareOrderColumns} and {@link createAccumulator}). Each amount (total, refunded,
 * cost) is multiplied by its currency's rate exactly, then rounded half to even once to the reporting currency's
 * minor unit (2 places for EUR, 0 for JPY, from the runtime's `Intl` data; 2 when unknown): one rounding per order
 * amount, never of a sum. The same rule as `readOrders`' `exchangeRates`, which this extends with daily rates.
 */
export interface ExchangeRateTable {
  /** The reporting currency (ISO 4217): the book's `currency`. Orders in it need no rate (1). */
  to: string;
  /**
   * Units of `to` per one unit of each currency, as a decimal string (`"0.9215"`), a number or a `Decimal`: one
   * rate for every day, or rates by the order's local date in the book's time zone (`{ "2024-01-05": "0.9215" }`).
   */
  rates: Readonly<Record<string, string | number | Decimal | Readonly<Record<string, string | number | Decimal>>>>;
}

/** Calendar granularity of a period. */
export type Granularity = "day" | "week" | "month" | "quarter" | "year";

/** Day of the week a week starts on: 0 = Sunday, 1 = Monday, … 6 = Saturday (as in date-fns). */
export type WeekStartsOn = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** How an accumulator handles repeated order ids: `"check"` (fingerprint every id, throw on a repeat) or `"trust"` (keep nothing per order). */
export type DuplicateOrderIds = "check" | "trust";

/** The per-customer columns of an {@link AccumulatorState}: entry k of each column belongs to customer `ids[k]` (customers in order of first appearance). */
export interface AccumulatorCustomerColumns {
  ids: string[];
  orders: number[];
  /** Integer minor units at `scale`, as decimal strings. */
  gross: string[];
  refunded: string[];
  firstTime: number[];
  lastTime: number[];
  firstOrderId: string[];
  firstGross: string[];
  firstRefunded: string[];
  /** Index into `segments`, or -1. */
  firstSegment: number[];
  firstDay: number[];
  lastDay: number[];
  purchaseDays: number[];
  firstDayGross: string[];
  firstDayRefunded: string[];
  /** Number of entries of the customer in the state's `dayBits` (the customer's entries follow the previous customer's). */
  dayEntries: number[];
  /** Number of entries of the customer in the state's `periods` and `periodMoney`. */
  periodEntries: number[];
}

/**
 * The whole state of an {@link OrderAccumulator} as plain JSON data: what `accumulator.toJSON()` returns and
 * `JSON.stringify(accumulator)` writes, and what {@link accumulatorFromJSON} reads back. Money is integer minor
 * units at `scale` as decimal strings (exact at any size); times are epoch milliseconds; days are local day
 * numbers (days since 1970-01-01 in `timeZone`); periods are period indices at `granularity` (months since
 * year 0 for `"month"`). Treat it as opaque: its layout may change with `version`.
 */
export interface AccumulatorState {
  version: number;
  timeZone: string;
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  duplicateOrderIds: DuplicateOrderIds;
  orders: number;
  scale: number;
  /** The common currency, `null` for none, and also `null` before the first order. */
  currency: string | null;
  sawWallClock: boolean;
  /**
   * Whether some order's placedAt was not a date-only string (a Date, a number, a time of day); while false,
   * the default `asOf` is the end of the last day. Missing (a state written before it existed) reads as true.
   */
  sawTimeOfDay?: boolean;
  /** The `earliestDate` option in epoch ms, `null` for none. Missing reads as the default (1990-01-01). */
  earliestDate?: number | null;
  /** Epoch ms of the earliest and latest order, `null` when empty. */
  minTime: number | null;
  maxTime: number | null;
  segments: string[];
  customers: AccumulatorCustomerColumns;
  /**
   * Days with an order, as `[word, mask, word, mask, …]` (days `32·word + bit`, mask as a signed 32-bit integer):
   * each customer's entries in turn (`customers.dayEntries`), newest first.
   */
  dayBits: number[];
  /** Orders per period at `granularity`, as `[period, orders, …]`: each customer's entries in turn, newest first. */
  periods: number[];
  /** Gross and refunded minor units of each entry of `periods`, as `[gross, refunded, …]`. */
  periodMoney: string[];
  /** Base64 of the (hi, lo) 32-bit word pairs of the order-id fingerprints (little-endian), or `null` with "trust". */
  fingerprints: string | null;
}

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
  cost?: (row: T, index: number) => unknown;
  refundedAt?: (row: T, index: number) => unknown;
}

/**
 * The part of an Apache Arrow `Vector` that {@link prepareOrderColumns} reads (duck-typed: the library does not
 * import `apache-arrow`). `type.typeId` and `type.unit` tell timestamps, dates, dictionaries and decimals apart.
 */
export interface ArrowVectorLike {
  readonly length: number;
  readonly nullCount?: number;
  readonly type?: unknown;
  toArray(): unknown;
  get(index: number): unknown;
}

/** The part of an Apache Arrow `Table` that {@link prepareOrderColumns} reads (duck-typed). */
export interface ArrowTableLike {
  readonly numRows: number;
  getChild(name: string): ArrowVectorLike | null;
}

/** One column: an array, a typed array, or an Arrow vector, with one value per order. */
export type OrderColumn<T> = ArrayLike<T> | ArrowVectorLike;

/**
 * Orders as columns (one value per order in each, all of the same length), the input of
 * {@link prepareOrderColumns}.
 */
export interface OrderColumnsInput {
  /**
   * Customer of each order: strings, or numbers (`number[]`, `Int32Array`, `Uint32Array`, `Float64Array`,
   * `BigInt64Array`). A numeric key becomes its decimal string id (`42` → `"42"`), as in {@link prepareOrders}.
   */
  customerId: OrderColumn<string | number | bigint>;
  /**
   * Time of each order in epoch milliseconds (`number[]`, `Float64Array`, `BigInt64Array`); `Date` objects and
   * ISO 8601 strings are read too, more slowly.
   */
  placedAt: OrderColumn<number | bigint | Date | string>;
  /** Order total in integer minor units at the `scale` option (cents: `1999` is 19.99). */
  total: OrderColumn<number | bigint>;
  /** Refunded amount in integer minor units; `null`/`undefined` in a plain array mean none. */
  refunded?: OrderColumn<number | bigint | null | undefined> | null | undefined;
  /**
   * Order ids (strings or numbers). When given, a repeated id throws `DUPLICATE_ORDER_ID`. When left out, no
   * duplicate check is possible and the id of an order is its row index.
   */
  orderId?: OrderColumn<string | number | bigint> | null | undefined;
  /** Segment label of each order, or `null`. */
  segment?: OrderColumn<string | null | undefined> | null | undefined;
  /** Cost of each order in integer minor units at `scale` (see {@link Order.cost}); `null`/`undefined` in a plain array: unknown. */
  cost?: OrderColumn<number | bigint | null | undefined> | null | undefined;
  /** Refund time of each order in epoch milliseconds (see {@link Order.refundedAt}); `null`/`undefined`/`NaN`: none. */
  refundedAt?: OrderColumn<number | bigint | Date | string | null | undefined> | null | undefined;
}

/** Our names of the input columns. */
export type OrderColumnName = keyof OrderColumnsInput;
