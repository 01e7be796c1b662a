import type { Instant, MetricOptions, Order, ResolvedWindow, ValueOptions } from "../core/types.js";
import type { OrderColumns } from "./book/columns.js";
import { OrderBook, columnsOf } from "./book/OrderBook.js";
import { checkOrdersIterable, prepareBook } from "./book/prepare.js";
import { netOf, valueColumns, type ValueSpec } from "./book/valueColumns.js";
import { orderWindow } from "./book/window.js";
import { optionError } from "./fail.js";
import { rateOption } from "./money/exchange.js";
import { minorToDecimal } from "./money/money.js";
import { bookTotals } from "./kernels/orderTotals.js";
import { refundsDatedIn } from "./kernels/refundDates.js";
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
  /** The value basis: `basis` is the `revenue` option (net, gross, margin), with the margin rate and refund attribution of a value metric. */
  value: ValueSpec;
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
  const ms = instantToMs(value, zone, { ...newParseState(), once: true });
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
    if (zone !== null && cols.sawWallClock && zone.canonical !== bookZone(cols)) {
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

/** The canonical name of a book's zone: its calendar's (read once when the book was made), else looked up. */
function bookZone(cols: OrderColumns): string {
  return cols.calendar?.canonical ?? canonicalTimeZone(cols.timeZone);
}

function unsupportedAccumulator(orders: unknown): Error {
  return optionError(
    "orders",
    "is an OrderAccumulator, which this function does not read",
    orders,
    "Call it on prepareOrders(orders) instead; an accumulator feeds summarize, averageOrderValue, purchaseFrequency, customerValue, repeatCustomerRate, customerSummaries, cohortTable and historicalLifetimeValue.",
  );
}

/**
 * Reads `revenue`, `marginRate` and `refundAttribution`. `valueBasis`: whether the metric takes the margin basis
 * and refund attribution (the value metrics); else only `"net"` or `"gross"`, and neither of the other two.
 */
function valueOption(opts: ValueOptions, valueBasis: boolean): ValueSpec {
  const revenue = opts.revenue ?? "net";
  if (revenue !== "net" && revenue !== "gross" && !(valueBasis && revenue === "margin")) {
    throw optionError(
      "revenue",
      valueBasis ? 'must be "net", "gross" or "margin"' : 'must be "net" or "gross"',
      revenue,
      valueBasis ? 'Use "net" (refunds subtracted, the default), "gross" or "margin" (with marginRate, or the orders\' cost).' : 'Use "net" (refunds subtracted, the default) or "gross"; "margin" is read by the value metrics (docs/choosing-definitions.md).',
    );
  }
  let rate = null;
  if (opts.marginRate !== undefined) {
    if (!valueBasis) throw optionError("marginRate", "is not an option of this function", opts.marginRate, "Leave it out; the value metrics (averageOrderValue, customerValue, cohortTable, …) read it.");
    if (revenue !== "margin") throw optionError("marginRate", 'applies only to revenue: "margin"', opts.marginRate, 'Add revenue: "margin", or leave marginRate out.');
    rate = rateOption("marginRate", opts.marginRate);
    if (rate.mantissa > 10 ** rate.scale) throw optionError("marginRate", "must be a fraction in (0, 1]", opts.marginRate, 'Pass the share of net revenue kept, such as "0.35".');
  }
  const attribution = opts.refundAttribution ?? "orderDate";
  if (opts.refundAttribution !== undefined && !valueBasis) {
    throw optionError("refundAttribution", "is not an option of this function", opts.refundAttribution, "Leave it out; the period-based value metrics (cohortTable, historicalLifetimeValue, cohortEconomics) read it.");
  }
  if (attribution !== "orderDate" && attribution !== "refundDate") {
    throw optionError("refundAttribution", 'must be "orderDate" or "refundDate"', attribution, 'Use "orderDate" (the default) or "refundDate" (each order\'s refundedAt).');
  }
  return { basis: revenue, rate, refundDate: attribution === "refundDate" };
}

/** The echo of a value basis in `ResolvedWindow`: the basis, and the margin rate and refund attribution when they apply. */
function windowOf(from: string | null, to: string | null, asOf: string | null, timeZone: string, v: ValueSpec): ResolvedWindow {
  const w: ResolvedWindow = { from, to, asOf, timeZone, revenue: v.basis };
  if (v.basis === "margin") w.marginRate = v.rate === null ? null : minorToDecimal(v.rate.mantissa, v.rate.scale);
  if (v.refundDate) w.refundAttribution = "refundDate";
  return w;
}

const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** Resolves the shared options against an accumulator: only what its state can answer exactly. */
function resolveStream(core: AccumulatorCore, opts: ValueOptions, zoneArg: ZoneCalendar | null, valueBasis: boolean): Resolved {
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
  const value = valueOption(opts, valueBasis);
  if (value.basis === "margin" && value.rate === null) {
    throw optionError(
      "revenue",
      'is "margin" from the orders\' cost, which an accumulator does not keep',
      value.basis,
      'Pass marginRate (such as "0.35") for a margin on an accumulator, or use prepareOrders(orders) for margins from costs.',
    );
  }
  if (value.refundDate) {
    throw optionError(
      "refundAttribution",
      "is \"refundDate\", and an accumulator keeps each period's refunds at the order's date, not the refund's",
      opts.refundAttribution,
      'Leave it out (refunds at the order date), or use prepareOrders(orders) to count refunds at their refundedAt.',
    );
  }
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
    value,
    window: windowOf(null, null, iso(asOf), zone.timeZone, value),
    stream: core,
  };
}

/**
 * Resolves the orders argument and the shared {@link MetricOptions}. `acceptsAccumulator`: whether the metric
 * reads an accumulator (else one is refused with INVALID_OPTION).
 */
export function resolveMetric(orders: MetricInput, options: MetricOptions | ValueOptions | undefined, acceptsAccumulator = false, valueBasis = false): Resolved {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const opts: ValueOptions = (options ?? {}) as ValueOptions;
  // The zone option's calendar: its one validation on this path (a book or an accumulator then compares names).
  const zoneArg = opts.timeZone === undefined ? null : zoneOption(opts.timeZone);
  if (isAccumulator(orders)) {
    if (!acceptsAccumulator) throw unsupportedAccumulator(orders);
    return resolveStream(coreOf(orders), opts, zoneArg, valueBasis);
  }
  const book = toBook(orders, zoneArg);
  const cols = columnsOf(book);
  // The book's own calendar when the zone is the book's (its offsets are then read once per book).
  const sameZone = zoneArg === null || zoneArg.canonical === bookZone(cols);
  const zone = sameZone && cols.calendar !== undefined ? cols.calendar : (zoneArg ?? new ZoneCalendar(cols.timeZone));
  const value = valueOption(opts, valueBasis);
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
    value,
    window: windowOf(iso(from), iso(to), iso(asOf), zone.timeZone, value),
    stream: null,
  };
}

/** The {@link OrderTotals} of a resolved input: from the accumulator's rows, or by the book kernel over the window. */
export function orderTotals(r: Resolved): OrderTotals {
  const net = r.value.basis === "net";
  return r.stream !== null ? streamTotals(r.stream, net) : bookTotals(r.cols, r.from, r.to, r.asOf, net);
}

/** Orders, customers and value (minor units at `scale`) of a value metric's window. */
export interface ValueTotals {
  orders: number;
  customers: number;
  /** Value on the call's basis (gross, net or margin), integer minor units at `scale`. */
  value: number | bigint;
  scale: number;
}

/**
 * The {@link ValueTotals} of a resolved input on its value basis (`r.value`): on a book, the order-totals kernel
 * over the basis view of the columns (src/internal/book/valueColumns.ts), with refunds moved to their refund
 * dates when asked (then the window holds the refunds dated in it, whatever the order's date); on an
 * accumulator, its net or gross totals, times the margin rate (exactly: the rate's digits, one more scale).
 */
export function valueTotals(r: Resolved): ValueTotals {
  const v = r.value;
  if (r.stream !== null) {
    const t = streamTotals(r.stream, netOf(v));
    if (v.basis === "margin" && v.rate !== null) {
      return { orders: t.orders, customers: t.customers, value: times(t.revenue, v.rate.mantissa), scale: r.cols.scale + v.rate.scale };
    }
    return { orders: t.orders, customers: t.customers, value: t.revenue, scale: r.cols.scale };
  }
  const cols = valueColumns(r.cols, v);
  const byDate = v.refundDate && netOf(v) && cols.refunded !== null;
  const t = bookTotals(cols, r.from, r.to, r.asOf, netOf(v) && !byDate);
  if (!byDate) return { orders: t.orders, customers: t.customers, value: t.revenue, scale: cols.scale };
  const { lo, hi } = orderWindow(r.from, r.to, r.asOf);
  const refunds = refundsDatedIn(cols, lo, hi);
  const value = typeof t.revenue === "number" && typeof refunds === "number" && Number.isSafeInteger(t.revenue - refunds) ? t.revenue - refunds : BigInt(t.revenue) - BigInt(refunds);
  return { orders: t.orders, customers: t.customers, value, scale: cols.scale };
}

/** `units × m` exactly (a number while safe, else a bigint). */
function times(units: number | bigint, m: number): number | bigint {
  if (typeof units === "number") {
    const p = units * m;
    if (Number.isSafeInteger(p)) return p;
  }
  return BigInt(units) * BigInt(m);
}
