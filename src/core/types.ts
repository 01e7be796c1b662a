import type { Decimal } from "decimal.js";
import type { OrderBook } from "../internal/book/OrderBook.js";
import type { OrderAccumulator } from "../stream/OrderAccumulator.js";

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
}

/**
 * What every order metric accepts: a prepared {@link OrderBook}, any iterable of {@link Order}, or an
 * {@link OrderAccumulator} (read by the metrics that say so: `summarize`, `averageOrderValue`,
 * `purchaseFrequency`, `customerValue`, `repeatCustomerRate`, `customerSummaries`, `cohortTable`,
 * `historicalLifetimeValue`).
 */
export type OrdersInput = OrderBook | OrderAccumulator<unknown> | Iterable<Order>;

/**
 * A unit of elapsed time: `"day"`, `"week"` (7 days), or a positive number of days (`30.4375` for an average
 * month, `365.25` for an average year). Used for buy-till-you-die times (recency, T) and model clocks.
 */
export type TimeUnit = "day" | "week" | number;

/** Which revenue a metric sums. */
export type RevenueBasis = "net" | "gross";

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
  revenue: RevenueBasis;
}
