import type { Instant, MetricOptions, Order, ResolvedWindow, RevenueBasis } from "../core/types.js";
import type { OrderColumns } from "./book/columns.js";
import { OrderBook, columnsOf } from "./book/OrderBook.js";
import { checkOrdersIterable, prepareBook } from "./book/prepare.js";
import { optionError } from "./fail.js";
import { bookTotals } from "./kernels/orderTotals.js";
import type { OrderTotals } from "./kernels/outputs.js";
import { coreOf, isAccumulator, type AccumulatorCore, type AccumulatorHandle } from "./stream/core.js";
import { streamHeaderBook, streamTotals } from "./stream/views.js";
import { DEFAULT_EARLIEST_DATE, inOrderYears, instantToMs, newParseState, outOfYearsOptionError } from "./time/instant.js";
import { canonicalTimeZone, ZoneCalendar } from "./time/zone.js";

/**
 * The input resolver: the only module that knows both books and accumulators. It turns a metric's orders
 * argument into a book (preparing an iterable once) or an accumulator's state, validates the time zone (once
 * per call) and the shared options, and picks the filler of an output that both can give ({@link orderTotals}).
 */

/** The orders argument of a metric, as the internal layers know it (the public `OrdersInput`). */
export type MetricInput = OrderBook | AccumulatorHandle | Iterable<Order>;

/** Everything a metric needs after reading its input and shared options. */
export interface Resolved {
  book: OrderBook;
  cols: OrderColumns;
  zone: ZoneCalendar;
  /** Inclusive lower bound (ms), -Infinity when unbounded. */
  from: number;
  /** Exclusive upper bound (ms), +Infinity when unbounded. */
  to: number;
  /** Observation end (ms, inclusive); -Infinity when there are no orders. */
  asOf: number;
  revenue: RevenueBasis;
  window: ResolvedWindow;
  /**
   * The accumulator's state when the input is an accumulator; then `book` has its customer ids, scale,
   * currency and times but no rows (src/internal/stream/views.ts): kernels read the state instead.
   */
  stream: AccumulatorCore | null;
}

/**
 * The calendar of a `timeZone` option (`"UTC"` when undefined), or throws INVALID_TIME_ZONE: the one check of
 * a zone name on every path that takes one (a metric, the prepare functions).
 */
export function zoneOption(timeZone: unknown): ZoneCalendar {
  return new ZoneCalendar((timeZone ?? "UTC") as string);
}

function isDateOnly(value: Instant): boolean {
  return typeof value === "string" && /^\d{4}-?\d{2}-?\d{2}$/.test(value);
}

/**
 * Reads an Instant option to epoch ms, or throws INVALID_OPTION: not an instant, or outside the years
 * 0001–9999 that order times may have (at the edge of a `Date`, the calendar steps a metric takes from the
 * option, such as the start of the next period, would leave the Date range and throw RangeError).
 */
export function instantOption(name: string, value: unknown, zone: ZoneCalendar): number {
  const ms = instantToMs(value, zone, newParseState());
  if (Number.isNaN(ms)) {
    throw optionError(name, "is not a valid instant", value, 'Pass a Date, epoch milliseconds, or an ISO 8601 string such as "2024-03-31".');
  }
  if (!inOrderYears(ms)) throw outOfYearsOptionError(name, value, ms);
  return ms;
}

/** Reads an `asOf`-style option: a date-only string means the last millisecond of that local day. */
export function endInstantOption(name: string, value: Instant, zone: ZoneCalendar): number {
  const ms = instantOption(name, value, zone);
  return isDateOnly(value) ? lastMsOfLocalDay(ms, zone) : ms;
}

/** The last millisecond of the local day of `ms` in `zone` (what a date-only end means). */
function lastMsOfLocalDay(ms: number, zone: ZoneCalendar): number {
  return zone.startOfLocalDay(zone.localDay(ms) + 1) - 1;
}

/**
 * The default observation end: the latest order's time, or, when every order was given as a date only
 * (`dateOnly`), the end of its local day in `zone` (the last millisecond, as a date-only `asOf` option means),
 * so that a period ending on the last day of the data is complete. The calendar day of either is the same, so
 * day counts (T, recency) do not change. -Infinity when there are no orders.
 */
function defaultAsOf(maxTime: number, dateOnly: boolean, zone: ZoneCalendar): number {
  return dateOnly && Number.isFinite(maxTime) ? lastMsOfLocalDay(maxTime, zone) : maxTime;
}

/**
 * Turns the orders argument (not an accumulator) into a book, preparing a plain iterable once in `zone` (the
 * `timeZone` option, validated, or null for the default), and checks the zone agreement of a given book.
 */
function toBook(orders: OrderBook | Iterable<Order>, zone: ZoneCalendar | null): OrderBook {
  if (orders instanceof OrderBook) {
    const cols = columnsOf(orders);
    if (zone !== null && zone.canonical !== (cols.calendar?.canonical ?? canonicalTimeZone(cols.timeZone)) && cols.sawWallClock) {
      throw optionError(
        "timeZone",
        `differs from the zone ${cols.timeZone} in which this book's wall-clock times were read`,
        zone.timeZone,
        "Prepare the orders with prepareOrders(orders, { timeZone }) in the zone you analyse in, or give placedAt with an offset.",
      );
    }
    return orders;
  }
  checkOrdersIterable(orders);
  return prepareBook(orders, zone ?? zoneOption(undefined), {}, DEFAULT_EARLIEST_DATE);
}

function unsupportedAccumulator(orders: unknown): Error {
  return optionError(
    "orders",
    "is an OrderAccumulator, which this function does not read",
    orders,
    "Call it on prepareOrders(orders) instead; an accumulator feeds summarize, averageOrderValue, purchaseFrequency, customerValue, repeatCustomerRate, customerSummaries, cohortTable and historicalLifetimeValue.",
  );
}

function revenueOption(opts: MetricOptions): RevenueBasis {
  const revenue = opts.revenue ?? "net";
  if (revenue !== "net" && revenue !== "gross") {
    throw optionError("revenue", 'must be "net" or "gross"', revenue, 'Use "net" (refunds subtracted, the default) or "gross".');
  }
  return revenue;
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** Resolves the shared options against an accumulator: only what its state can answer exactly. */
function resolveStream(core: AccumulatorCore, opts: MetricOptions, zoneArg: ZoneCalendar | null): Resolved {
  // Compared by canonical name: "utc" is the accumulator's "UTC", "Europe/Kyiv" its "Europe/Kiev".
  if (zoneArg !== null && zoneArg.canonical !== core.zone.canonical) {
    throw optionError(
      "timeZone",
      `differs from the accumulator's zone ${core.timeZone}, in which its calendar days were counted`,
      opts.timeZone,
      "Leave timeZone out, or create the accumulator with createAccumulator({ timeZone }) in the zone you analyse in.",
    );
  }
  for (const name of ["from", "to"] as const) {
    if (opts[name] !== undefined) {
      throw optionError(
        name,
        "cannot be applied to an accumulator, which keeps per-customer totals rather than orders",
        opts[name],
        "Leave it out and add only the orders of the window you want to the accumulator (filter them as you stream).",
      );
    }
  }
  const zone = core.zone;
  const revenue = revenueOption(opts);
  let asOf = defaultAsOf(core.maxTime, core.dateOnly, core.zone);
  if (opts.asOf !== undefined) {
    asOf = endInstantOption("asOf", opts.asOf, zone);
    if (core.n > 0 && asOf < core.maxTime) {
      throw optionError(
        "asOf",
        `is earlier than the latest order added to the accumulator (${new Date(core.maxTime).toISOString()})`,
        opts.asOf,
        "Pass an asOf at or after the latest order, or leave it out; to look back in time, add only the orders placed until then.",
      );
    }
  }
  const book = streamHeaderBook(core);
  return {
    book,
    cols: columnsOf(book),
    zone,
    from: -Infinity,
    to: Infinity,
    asOf,
    revenue,
    window: { from: null, to: null, asOf: iso(asOf), timeZone: zone.timeZone, revenue },
    stream: core,
  };
}

/**
 * Resolves the orders argument and the shared {@link MetricOptions}. `acceptsAccumulator`: whether the metric
 * reads an accumulator (else one is refused with INVALID_OPTION).
 */
export function resolveMetric(orders: MetricInput, options: MetricOptions | undefined, acceptsAccumulator = false): Resolved {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const opts = options ?? {};
  // The zone option's calendar: its one validation on this path (a book or an accumulator then compares names).
  const zoneArg = opts.timeZone === undefined ? null : zoneOption(opts.timeZone);
  if (isAccumulator(orders)) {
    if (!acceptsAccumulator) throw unsupportedAccumulator(orders);
    return resolveStream(coreOf(orders), opts, zoneArg);
  }
  const book = toBook(orders, zoneArg);
  const cols = columnsOf(book);
  // The book's own calendar when the zone is the book's (its offsets are then read once per book).
  const sameZone = zoneArg === null || zoneArg.canonical === (cols.calendar?.canonical ?? canonicalTimeZone(cols.timeZone));
  const zone = sameZone && cols.calendar !== undefined ? cols.calendar : (zoneArg ?? new ZoneCalendar(cols.timeZone));
  const revenue = revenueOption(opts);
  const from = opts.from === undefined ? -Infinity : instantOption("from", opts.from, zone);
  const to = opts.to === undefined ? Infinity : instantOption("to", opts.to, zone);
  if (from >= to) {
    throw optionError("to", "must be later than from", opts.to, "The window [from, to) is half-open; give an end after its start.");
  }
  // A date-only book has wall-clock times, so `zone` is the book's own zone here (toBook refuses another).
  const asOf = opts.asOf === undefined ? defaultAsOf(cols.maxTime, cols.dateOnly, zone) : endInstantOption("asOf", opts.asOf, zone);
  return {
    book,
    cols,
    zone,
    from,
    to,
    asOf,
    revenue,
    window: { from: iso(from), to: iso(to), asOf: iso(asOf), timeZone: zone.timeZone, revenue },
    stream: null,
  };
}

/** The {@link OrderTotals} of a resolved input: from the accumulator's rows, or by the book kernel over the window. */
export function orderTotals(r: Resolved): OrderTotals {
  const net = r.revenue === "net";
  return r.stream !== null ? streamTotals(r.stream, net) : bookTotals(r.cols, r.from, r.to, r.asOf, net);
}
