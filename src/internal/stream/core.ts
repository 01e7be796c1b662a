import type { DuplicateOrderIds, Granularity, OrderAccessors, WeekStartsOn } from "../../core/types.js";
import {
  currencyOf,
  customerIdOf,
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
  segmentOf,
  tooLarge,
  tooManyPlaces,
  usesAccessors,
  type OrderReaders,
  type OrderRow,
} from "../book/orderRecord.js";
import type { OrderBook } from "../book/OrderBook.js";
import { argumentError, recordError } from "../fail.js";
import { amountMantissa } from "../money/amounts.js";
import { convertAmount, rateFor, type ExchangeTable } from "../money/exchange.js";
import { pow10, type MoneyScratch } from "../money/money.js";
import { newParseState, type InstantParseState } from "../time/instant.js";
import { periodKernel, type PeriodKernel } from "../time/periods.js";
import type { ZoneCalendar } from "../time/zone.js";
import { fingerprint, FingerprintSet } from "./fingerprints.js";
import { ownCopy } from "../book/stringTable.js";
import { CustomerRows } from "./layout.js";
import type { CoreOptions } from "./options.js";

/** The brand of an accumulator: the symbol under which it keeps its core (not enumerable). */
export const CORE: unique symbol = Symbol("retention-metrics.accumulator");

/** What the internal layers know of an `OrderAccumulator`: its brand, holding its core. */
export interface AccumulatorHandle {
  readonly [CORE]: AccumulatorCore;
}

/** Whether `value` is an accumulator (carries the brand). */
export function isAccumulator(value: unknown): value is AccumulatorHandle {
  return typeof value === "object" && value !== null && CORE in value;
}

/** The core of an accumulator. */
export function coreOf(acc: AccumulatorHandle): AccumulatorCore {
  return acc[CORE];
}

/**
 * The state of an order accumulator: its options, the running order count, currency and time range, the
 * order-id fingerprints, and (from {@link CustomerRows}) everything the streaming metrics need per customer.
 */
export class AccumulatorCore extends CustomerRows {
  readonly timeZone: string;
  readonly granularity: Granularity;
  readonly weekStartsOn: WeekStartsOn;
  readonly duplicateOrderIds: DuplicateOrderIds;
  readonly zone: ZoneCalendar;
  readonly kernel: PeriodKernel;
  readonly accessors: OrderAccessors<unknown>;
  private readonly readers: OrderReaders<unknown>;
  private readonly usesAccessors: boolean;
  readonly earliest: number;
  /** The `exchangeRates` option: amounts are converted to `exchange.to` as they are read (null: none). */
  readonly exchange: ExchangeTable | null;
  private readonly parse: InstantParseState = newParseState();
  /** The flags of the order being added, merged into `parse` only when it is accepted. */
  private readonly orderParse: InstantParseState = newParseState();
  /** Scratch parse flags of refund times (checked, not kept, so their flags are not either). */
  private readonly refundParse: InstantParseState = newParseState();
  private readonly money: MoneyScratch = { scale: 0 };
  private readonly fp: Uint32Array = new Uint32Array(2);

  /** Orders added. */
  n: number = 0;
  currency: string | null = null;
  minTime: number = Infinity;
  maxTime: number = -Infinity;

  fps: FingerprintSet | null;

  /** The synthetic book of the cohort view (views.ts), for the state version it was built at. */
  bookCache: { version: number; book: OrderBook } | null = null;

  private lastDayKey: number = NaN;
  private lastPeriod: number = 0;

  constructor(o: CoreOptions) {
    super(o.blockShift);
    this.zone = o.zone;
    this.timeZone = o.zone.timeZone;
    this.granularity = o.granularity;
    this.weekStartsOn = o.weekStartsOn;
    this.duplicateOrderIds = o.duplicateOrderIds;
    this.accessors = o.accessors;
    this.earliest = o.earliest;
    this.exchange = o.exchange;
    this.kernel = periodKernel(o.granularity, this.zone, o.weekStartsOn);
    this.readers = orderReaders(o.accessors);
    this.usesAccessors = usesAccessors(o.accessors);
    this.fps = o.duplicateOrderIds === "check" ? new FingerprintSet() : null;
  }

  get sawWallClock(): boolean {
    return this.parse.sawWallClock;
  }

  set sawWallClock(v: boolean) {
    this.parse.sawWallClock = v;
  }

  get sawTimeOfDay(): boolean {
    return this.parse.sawTimeOfDay;
  }

  set sawTimeOfDay(v: boolean) {
    this.parse.sawTimeOfDay = v;
  }

  /** Whether every order added was a date-only string (false when empty): see `OrderColumns.dateOnly`. */
  get dateOnly(): boolean {
    return this.n > 0 && !this.parse.sawTimeOfDay;
  }

  // ---------------------------------------------------------------- add

  /** Checks that the state can move to `scale` decimal places exactly, or throws INVALID_AMOUNT about `value`. */
  private checkScale(scale: number, value: unknown, i: number, name: string): void {
    if (scale > this.scale && this.maxUnits * pow10(scale - this.scale) > Number.MAX_SAFE_INTEGER) throw tooManyPlaces(i, name, scale, value);
  }

  /** `mantissa × 10^(scale − from)` as a safe integer, or throws INVALID_AMOUNT. */
  private units(mantissa: number, from: number, scale: number, value: unknown, i: number, name: string): number {
    const units = mantissa * pow10(scale - from);
    if (!Number.isSafeInteger(units)) throw tooLarge(i, name, value);
    return units === 0 ? 0 : units;
  }

  /**
   * Validates one order (src/internal/book/orderRecord.ts) and folds it into the state. A rejected order leaves
   * the state exactly as it was.
   */
  add(row: unknown): void {
    const i = this.n;
    const r = this.readers;
    // Plain Order objects are read with named property loads (monomorphic, fast); accessors only when given.
    const direct = !this.usesAccessors;
    if (direct && (typeof row !== "object" || row === null || Array.isArray(row))) throw notAnObject(i, row);
    const orderId = orderIdOf(direct ? (row as OrderRow).orderId : r.orderId(row, i), i);
    const fps = this.fps;
    let slot = -1;
    if (fps !== null) {
      fingerprint(orderId, this.fp);
      slot = fps.probe(this.fp[0] as number, this.fp[1] as number);
      if (slot < 0) {
        throw recordError(
          "DUPLICATE_ORDER_ID",
          i,
          "orderId",
          "repeats the id of an earlier order of this accumulator",
          orderId,
          "Remove the duplicate row, or give each order its own id; duplicates would count revenue twice.",
        );
      }
    }
    const customerId = customerIdOf(direct ? (row as OrderRow).customerId : r.customerId(row, i), i);
    // The order's own parse flags: a rejected order must leave sawWallClock and sawTimeOfDay as they were.
    const op = this.orderParse;
    op.sawWallClock = false;
    op.sawTimeOfDay = false;
    const t = placedAtOf(direct ? (row as OrderRow).placedAt : r.placedAt(row, i), i, this.zone, op, this.earliest, "createAccumulator(…)");
    // Amounts are read to integer mantissas first; nothing is rescaled until the order is accepted.
    const rawTotal = direct ? (row as OrderRow).total : r.total(row, i);
    const fx = this.exchange;
    // With exchange rates: the order's rate (by its currency and local day), and each amount converted to the
    // reporting currency's minor units (a mantissa at scale fx.decimals), as prepareOrders does.
    const rawCurrency = direct ? (row as OrderRow).currency : r.currency(row, i);
    const rate = fx === null ? null : rateFor(fx, currencyOf(rawCurrency, i), t, this.zone, i, rawCurrency);
    let mt = amountMantissa(rawTotal, this.money, i, "total");
    let st = this.money.scale;
    if (rate !== null) {
      mt = convertAmount(mt, st, rate, (fx as ExchangeTable).decimals);
      if (Number.isNaN(mt)) throw tooLarge(i, "total", rawTotal);
      st = (fx as ExchangeTable).decimals;
    }
    const rawRefunded = direct ? (row as OrderRow).refunded : r.refunded(row, i);
    const hasRefund = !isAbsent(rawRefunded);
    let mr = 0;
    let sr = 0;
    if (hasRefund) {
      mr = amountMantissa(rawRefunded, this.money, i, "refunded");
      sr = this.money.scale;
      if (rate !== null) {
        mr = convertAmount(mr, sr, rate, (fx as ExchangeTable).decimals);
        if (Number.isNaN(mr)) throw tooLarge(i, "refunded", rawRefunded);
        sr = (fx as ExchangeTable).decimals;
      }
    }
    const scale = Math.max(this.scale, st, sr);
    this.checkScale(Math.max(this.scale, st), rawTotal, i, "total");
    const g = this.units(mt, st, scale, rawTotal, i, "total");
    if (g < 0) throw negativeTotal(i, rawTotal);
    let rf = 0;
    if (hasRefund) {
      this.checkScale(scale, rawRefunded, i, "refunded");
      rf = this.units(mr, sr, scale, rawRefunded, i, "refunded");
      if (rf < 0) throw negativeRefund(i, rawRefunded);
      if (rf > g) throw refundExceedsTotal(i, rawTotal, rawRefunded);
    }
    // cost and refundedAt are checked as prepareOrders checks them (so both accept the same orders), not kept:
    // the metrics refuse margins from costs and refund-date attribution on an accumulator.
    const rawCost = direct ? (row as OrderRow).cost : r.cost(row, i);
    if (!isAbsent(rawCost) && amountMantissa(rawCost, this.money, i, "cost") < 0) throw negativeCost(i, rawCost);
    const rawRefundedAt = direct ? (row as OrderRow).refundedAt : r.refundedAt(row, i);
    if (!isAbsent(rawRefundedAt)) refundedAtOf(rawRefundedAt, i, this.zone, t, this.refundParse);
    const cur = fx === null ? currencyOf(rawCurrency, i) : fx.to;
    if (i > 0 && cur !== this.currency) {
      throw mixedCurrency(i, rawCurrency, this.currency === null ? "is set while earlier orders have none" : `differs from ${this.currency} of earlier orders`);
    }
    const label = segmentOf(direct ? (row as OrderRow).segment : r.segment(row, i), i);
    // Interning is the first change: a new customer cannot fail the check below, an existing one is not changed.
    // A new customer's id is kept as a copy of its own (see ownCopy): the one held per customer.
    const known = this.ids.size;
    const found = this.ids.get(customerId);
    const c = found >= 0 ? found : this.ids.intern(ownCopy(customerId));
    if (c < known && this.grossOverflows(c, scale, g)) {
      throw recordError("INVALID_AMOUNT", i, "total", "brings the customer's total past 9 quadrillion minor units, more than an accumulator holds exactly", rawTotal, "Check the amounts, or use prepareOrders, which sums in BigInt.");
    }
    if (c < known && this.ordersFull(c)) {
      throw recordError("INVALID_CUSTOMER_ID", i, "customerId", "gives the customer more than 2147483647 orders, more than an accumulator counts per customer", customerId, "Check the customer ids, or use prepareOrders.");
    }
    // --- Commit. ---
    if (op.sawWallClock) this.parse.sawWallClock = true;
    if (op.sawTimeOfDay) this.parse.sawTimeOfDay = true;
    if (c === known) this.initCustomer(c);
    if (scale > this.scale) this.rescale(scale);
    if (fps !== null) fps.fill(slot, this.fp[0] as number, this.fp[1] as number);
    this.currency = cur;
    const seg = label === null ? -1 : this.segmentIndex(label);
    const day = this.zone.localDay(t);
    let p: number;
    if (day === this.lastDayKey) p = this.lastPeriod;
    else {
      p = this.kernel.ofDay(day);
      this.lastDayKey = day;
      this.lastPeriod = p;
    }
    this.fold(c, t, orderId, day, p, g, rf, seg);
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
    this.n = i + 1;
    this.version++;
  }

  // ---------------------------------------------------------------- merge

  /** Whether the options that give the state its meaning agree; throws INVALID_ARGUMENT naming the first difference. */
  private checkCompatible(b: AccumulatorCore): void {
    // Zones by canonical name ("utc" and "UTC", "Europe/Kiev" and "Europe/Kyiv" are one zone each).
    const pairs: [string, unknown, unknown][] = [
      ["timeZone", this.zone.canonical, b.zone.canonical],
      ["granularity", this.granularity, b.granularity],
      ["weekStartsOn", this.weekStartsOn, b.weekStartsOn],
    ];
    for (const [name, x, y] of pairs) {
      if (x !== y) {
        throw argumentError("b", `has ${name} ${JSON.stringify(y)} while a has ${JSON.stringify(x)}`, y, `Create both accumulators with the same ${name}.`);
      }
    }
    if (this.n > 0 && b.n > 0 && this.currency !== b.currency) {
      throw argumentError(
        "b",
        `holds orders in ${b.currency ?? "no currency"} while a holds orders in ${this.currency ?? "no currency"}`,
        b.currency,
        "Analyse one currency at a time: convert amounts first, or split the orders by currency.",
        "MIXED_CURRENCY",
      );
    }
  }

  /** Folds `b` into this state (which must be a private copy: on a throw it is left half-merged). */
  absorb(b: AccumulatorCore): void {
    this.checkCompatible(b);
    let fb = 1;
    if (b.scale > this.scale) {
      if (this.maxUnits * pow10(b.scale - this.scale) > Number.MAX_SAFE_INTEGER) {
        throw argumentError("b", `has amounts with ${b.scale} decimal places, too many to hold every amount of both accumulators exactly`, b.scale, "Round amounts to the currency's minor unit.", "INVALID_AMOUNT");
      }
      this.rescale(b.scale);
    } else if (b.scale < this.scale) {
      fb = pow10(this.scale - b.scale);
      if (b.maxUnits * fb > Number.MAX_SAFE_INTEGER) {
        throw argumentError("b", `has amounts too large to hold at a's ${this.scale} decimal places`, b.scale, "Round amounts to the currency's minor unit.", "INVALID_AMOUNT");
      }
    }
    if (this.fps !== null && b.fps !== null) {
      const mine = this.fps;
      mine.reserveFor(b.fps);
      b.fps.forEach((hi, lo) => {
        if (!mine.add(hi, lo)) {
          throw argumentError(
            "b",
            "holds an order id that a holds too",
            `fingerprint ${hi.toString(16)}${lo.toString(16).padStart(8, "0")}`,
            "Shard orders so that each order goes to one accumulator; duplicates would count revenue twice.",
            "DUPLICATE_ORDER_ID",
          );
        }
      });
    } else {
      this.fps = null;
      (this as { duplicateOrderIds: DuplicateOrderIds }).duplicateOrderIds = "trust";
    }
    if (b.n > 0) this.currency = b.currency;
    this.absorbRows(b, fb);
    this.n += b.n;
    if (b.minTime < this.minTime) this.minTime = b.minTime;
    if (b.maxTime > this.maxTime) this.maxTime = b.maxTime;
    if (b.sawWallClock) this.sawWallClock = true;
    if (b.sawTimeOfDay) this.sawTimeOfDay = true;
    this.version++;
  }

  /** A deep copy (same options and accessors). */
  clone(): AccumulatorCore {
    const k = new AccumulatorCore(this.options());
    k.n = this.n;
    k.currency = this.currency;
    k.minTime = this.minTime;
    k.maxTime = this.maxTime;
    k.sawWallClock = this.sawWallClock;
    k.sawTimeOfDay = this.sawTimeOfDay;
    k.copyRows(this);
    k.fps = this.fps === null ? null : this.fps.clone();
    return k;
  }

  /** The options this state was made with. */
  private options(): CoreOptions {
    return {
      zone: this.zone,
      granularity: this.granularity,
      weekStartsOn: this.weekStartsOn,
      duplicateOrderIds: this.duplicateOrderIds,
      accessors: this.accessors,
      earliest: this.earliest,
      exchange: this.exchange,
      ...(this.blockShift === undefined ? {} : { blockShift: this.blockShift }),
    };
  }
}
