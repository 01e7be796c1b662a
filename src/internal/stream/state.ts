import { amountMantissa } from "../money/amounts.js";
import { argumentError, optionError, recordError } from "../fail.js";
import { DEFAULT_EARLIEST_DATE, earliestDateOption, earlyDateError, instantToMs, newParseState, type InstantParseState } from "../time/instant.js";
import { MAX_SCALE, pow10, type MoneyScratch } from "../money/money.js";
import { checkGranularity, checkWeekStartsOn, periodKernel, type Granularity, type PeriodKernel, type WeekStartsOn } from "../time/periods.js";
import { StringTable } from "../book/stringTable.js";
import type { OrderBook } from "../book/OrderBook.js";
import type { OrderAccumulator } from "../../stream/OrderAccumulator.js";
import type { accumulatorFromJSON } from "../../stream/accumulatorFromJSON.js";
import { checkTimeZone, ZoneCalendar } from "../time/zone.js";
import { base64ToWords, fingerprint, FingerprintSet, wordsToBase64 } from "./fingerprints.js";

/** Version of {@link AccumulatorState}; bumped whenever its meaning changes. */
export const STATE_VERSION = 1;

/** How an accumulator handles repeated order ids: `"check"` (fingerprint every id, throw on a repeat) or `"trust"` (keep nothing per order). */
export type DuplicateOrderIds = "check" | "trust";

type Reader = (row: unknown, index: number) => unknown;

/** An input row read as an {@link Order}-shaped record. */
interface OrderRow {
  orderId?: unknown;
  customerId?: unknown;
  placedAt?: unknown;
  total?: unknown;
  refunded?: unknown;
  currency?: unknown;
  segment?: unknown;
}

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

/** Options the core is made with (validated). */
export interface CoreOptions {
  timeZone: string;
  granularity: Granularity;
  weekStartsOn: WeekStartsOn;
  duplicateOrderIds: DuplicateOrderIds;
  accessors: Record<string, unknown>;
  /** Epoch ms before which placedAt is refused (-Infinity: no bound). */
  earliest: number;
}

const CURRENCY_RE = /^[A-Z]{3}$/;
const FIELDS = ["orderId", "customerId", "placedAt", "total", "refunded", "currency", "segment"] as const;

function readId(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  return null;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Fields of a customer record (offsets into {@link AccumulatorCore.rec}); money in minor units at `scale`. */
export const C_ORDERS = 0;
export const C_GROSS = 1;
export const C_REFUNDED = 2;
export const C_FIRST_TIME = 3;
export const C_LAST_TIME = 4;
export const C_FIRST_GROSS = 5;
export const C_FIRST_REFUNDED = 6;
export const C_FIRST_SEG = 7;
export const C_FIRST_DAY = 8;
export const C_LAST_DAY = 9;
export const C_DAYS = 10;
export const C_FIRST_DAY_GROSS = 11;
export const C_FIRST_DAY_REFUNDED = 12;
export const C_DAY_HEAD = 13;
export const C_PER_HEAD = 14;
/** Doubles per customer record (15 fields, padded to 16 = two cache lines). */
export const CS = 16;
/** Fields of a period entry (offsets into {@link AccumulatorCore.pool}). */
export const P_COUNT = 0;
export const P_GROSS = 1;
export const P_REFUNDED = 2;
export const PS = 3;
/** Integer fields of a period entry (offsets into {@link AccumulatorCore.ipool}). */
export const I_PER = 0;
export const I_NEXT = 1;
export const IS = 2;
/** Fields of a day-bitmap entry (offsets into {@link AccumulatorCore.dpool}). */
export const D_WORD = 0;
export const D_MASK = 1;
export const D_NEXT = 2;
export const DS = 3;

function growF(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
function growI(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** Validates the options of createAccumulator. */
export function checkCoreOptions(options: unknown): CoreOptions {
  if (options === undefined) options = {};
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object", options, "Pass an options object or leave it out.");
  }
  const o = options as Record<string, unknown>;
  const timeZone = checkTimeZone(o["timeZone"] ?? "UTC");
  const granularity = checkGranularity(o["granularity"], "month");
  const weekStartsOn = checkWeekStartsOn(o["weekStartsOn"]);
  const dup = o["duplicateOrderIds"] ?? "check";
  if (dup !== "check" && dup !== "trust") {
    throw optionError("duplicateOrderIds", 'must be "check" or "trust"', dup, 'Use "check" (the default) or "trust" when the ids are known to be unique.');
  }
  const acc = o["accessors"] ?? {};
  if (typeof acc !== "object" || acc === null) {
    throw optionError("accessors", "must be an object of functions", acc, "Pass { customerId: (row) => row.user, ... }.");
  }
  for (const [name, fn] of Object.entries(acc)) {
    if (typeof fn !== "function") throw optionError(`accessors.${name}`, "must be a function", fn, "Pass (row, index) => value.");
  }
  const earliest = earliestDateOption(o["earliestDate"], new ZoneCalendar(timeZone));
  return { timeZone, granularity, weekStartsOn, duplicateOrderIds: dup, accessors: acc as Record<string, unknown>, earliest };
}

/**
 * The state of an order accumulator: everything the streaming metrics need, kept per customer (never per
 * order), in growable typed arrays indexed by the dense customer index.
 */
export class AccumulatorCore {
  readonly timeZone: string;
  readonly granularity: Granularity;
  readonly weekStartsOn: WeekStartsOn;
  readonly duplicateOrderIds: DuplicateOrderIds;
  readonly zone: ZoneCalendar;
  readonly kernel: PeriodKernel;
  readonly accessors: Record<string, unknown>;
  private readonly readers: Reader[];
  private readonly usesAccessors: boolean;
  readonly earliest: number;
  private readonly parse: InstantParseState = newParseState();
  /** The flags of the order being added, merged into `parse` only when it is accepted. */
  private readonly orderParse: InstantParseState = newParseState();
  private readonly money: MoneyScratch = { scale: 0 };
  private readonly fp: Uint32Array = new Uint32Array(2);

  /** Orders added. */
  n: number = 0;
  scale: number = 0;
  currency: string | null = null;
  minTime: number = Infinity;
  maxTime: number = -Infinity;
  /** Largest per-customer gross sum (bounds every stored amount). */
  maxUnits: number = 0;
  /** Bumped on every change (caches key on it). */
  version: number = 0;

  ids: StringTable = new StringTable();
  /** Capacity of `rec` in customers. */
  cap: number = 0;
  /** Per customer, one record of {@link CS} doubles (fields `C_*`), so that an order touches one or two cache lines. */
  rec: Float64Array = new Float64Array(0);
  /** Per customer: id of the first order (earliest time, ties broken by the smaller id). */
  cFirstId: string[] = [];

  segLabels: string[] = [];
  private segIndex: Map<string, number> = new Map<string, number>();

  /** Pool of day-bitmap entries, {@link DS} int32s (12 bytes) each (word index, 32-bit mask, next entry or -1). Lists run newest word first. */
  dCap: number = 0;
  dLen: number = 0;
  dpool: Int32Array = new Int32Array(0);

  /**
   * Pool of per-period entries: {@link PS} doubles each in `pool` (orders, gross, refunded) and {@link IS} int32s
   * in `ipool` (period, next entry or -1); 32 bytes an entry. Lists run newest period first.
   */
  pCap: number = 0;
  pLen: number = 0;
  pool: Float64Array = new Float64Array(0);
  ipool: Int32Array = new Int32Array(0);

  fps: FingerprintSet | null;

  /** The synthetic book of {@link streamBook}, for the state version it was built at. */
  bookCache: { version: number; book: OrderBook } | null = null;

  private lastDayKey: number = NaN;
  private lastPeriod: number = 0;

  constructor(o: CoreOptions) {
    this.timeZone = o.timeZone;
    this.granularity = o.granularity;
    this.weekStartsOn = o.weekStartsOn;
    this.duplicateOrderIds = o.duplicateOrderIds;
    this.accessors = o.accessors;
    this.earliest = o.earliest;
    this.zone = new ZoneCalendar(o.timeZone);
    this.kernel = periodKernel(o.granularity, this.zone, o.weekStartsOn);
    this.readers = FIELDS.map((name) => (o.accessors[name] as Reader | undefined) ?? ((row: unknown) => (row as Record<string, unknown>)[name]));
    this.usesAccessors = Object.keys(o.accessors).length > 0;
    this.fps = o.duplicateOrderIds === "check" ? new FingerprintSet() : null;
  }

  get customers(): number {
    return this.ids.size;
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

  // ---------------------------------------------------------------- growth

  private growCustomers(need: number): void {
    let cap = Math.max(this.cap, 256);
    while (cap < need) cap *= 2;
    if (cap === this.cap) return;
    this.rec = growF(this.rec, cap * CS);
    this.cap = cap;
  }

  private newDayEntry(): number {
    if (this.dLen === this.dCap) {
      const cap = Math.max(this.dCap * 2, 1024);
      this.dpool = growI(this.dpool, cap * DS);
      this.dCap = cap;
    }
    return this.dLen++;
  }

  private newPeriodEntry(): number {
    if (this.pLen === this.pCap) {
      const cap = Math.max(this.pCap * 2, 1024);
      this.pool = growF(this.pool, cap * PS);
      this.ipool = growI(this.ipool, cap * IS);
      this.pCap = cap;
    }
    return this.pLen++;
  }

  /** Interns a customer id; a new customer starts empty (first time +∞, first day +∞). */
  customerIndex(id: string): number {
    const known = this.ids.size;
    const c = this.ids.intern(id);
    if (c === known) this.initCustomer(c);
    return c;
  }

  /** Sets up the (new) record of customer `c`. */
  private initCustomer(c: number): void {
    if (c >= this.cap) this.growCustomers(c + 1);
    const rec = this.rec;
    const b = c * CS;
    rec[b + C_ORDERS] = 0;
    rec[b + C_GROSS] = 0;
    rec[b + C_REFUNDED] = 0;
    rec[b + C_FIRST_TIME] = Infinity;
    rec[b + C_LAST_TIME] = -Infinity;
    rec[b + C_FIRST_GROSS] = 0;
    rec[b + C_FIRST_REFUNDED] = 0;
    rec[b + C_FIRST_SEG] = -1;
    rec[b + C_FIRST_DAY] = Infinity;
    rec[b + C_LAST_DAY] = -Infinity;
    rec[b + C_DAYS] = 0;
    rec[b + C_FIRST_DAY_GROSS] = 0;
    rec[b + C_FIRST_DAY_REFUNDED] = 0;
    rec[b + C_DAY_HEAD] = -1;
    rec[b + C_PER_HEAD] = -1;
    this.cFirstId[c] = "";
  }

  segmentIndex(label: string): number {
    let s = this.segIndex.get(label);
    if (s === undefined) {
      s = this.segLabels.length;
      this.segIndex.set(label, s);
      this.segLabels.push(label);
    }
    return s;
  }

  // ---------------------------------------------------------------- per-customer updates

  /** ORs `mask` into the customer's day word `word`; returns how many days were new. */
  setDays(c: number, word: number, mask: number): number {
    let prev = -1;
    let e = this.rec[c * CS + C_DAY_HEAD] as number;
    while (e >= 0 && (this.dpool[e * DS + D_WORD] as number) > word) {
      prev = e;
      e = this.dpool[e * DS + D_NEXT] as number;
    }
    if (e >= 0 && this.dpool[e * DS + D_WORD] === word) {
      const old = this.dpool[e * DS + D_MASK] as number;
      const fresh = mask & ~old;
      if (fresh === 0) return 0;
      this.dpool[e * DS + D_MASK] = old | mask;
      return popcount(fresh);
    }
    const d = this.newDayEntry();
    this.dpool[d * DS + D_WORD] = word;
    this.dpool[d * DS + D_MASK] = mask;
    this.dpool[d * DS + D_NEXT] = e;
    if (prev < 0) this.rec[c * CS + C_DAY_HEAD] = d;
    else this.dpool[prev * DS + D_NEXT] = d;
    return popcount(mask);
  }

  /** Adds (orders, gross, refunded) to the customer's entry of period `p`. */
  addToPeriod(c: number, p: number, orders: number, gross: number, refunded: number): void {
    let prev = -1;
    let e = this.rec[c * CS + C_PER_HEAD] as number;
    while (e >= 0 && (this.ipool[e * IS + I_PER] as number) > p) {
      prev = e;
      e = this.ipool[e * IS + I_NEXT] as number;
    }
    if (e < 0 || this.ipool[e * IS + I_PER] !== p) {
      const q = this.newPeriodEntry();
      this.ipool[q * IS + I_PER] = p;
      this.pool[q * PS + P_COUNT] = 0;
      this.pool[q * PS + P_GROSS] = 0;
      this.pool[q * PS + P_REFUNDED] = 0;
      this.ipool[q * IS + I_NEXT] = e;
      if (prev < 0) this.rec[c * CS + C_PER_HEAD] = q;
      else this.ipool[prev * IS + I_NEXT] = q;
      e = q;
    }
    this.pool[e * PS + P_COUNT] = (this.pool[e * PS + P_COUNT] as number) + orders;
    this.pool[e * PS + P_GROSS] = (this.pool[e * PS + P_GROSS] as number) + gross;
    this.pool[e * PS + P_REFUNDED] = (this.pool[e * PS + P_REFUNDED] as number) + refunded;
  }

  /** Records a first-order candidate; keeps the earliest (ties: the smaller order id). */
  offerFirst(c: number, t: number, id: string, gross: number, refunded: number, seg: number): void {
    const tf = this.rec[c * CS + C_FIRST_TIME] as number;
    if (t < tf || (t === tf && id < (this.cFirstId[c] as string))) {
      this.rec[c * CS + C_FIRST_TIME] = t;
      this.cFirstId[c] = id;
      this.rec[c * CS + C_FIRST_GROSS] = gross;
      this.rec[c * CS + C_FIRST_REFUNDED] = refunded;
      this.rec[c * CS + C_FIRST_SEG] = seg;
    }
  }

  /** Records orders of value (gross, refunded) on local day `day` for the first-purchase-day facts. */
  offerDay(c: number, day: number, gross: number, refunded: number): void {
    const fd = this.rec[c * CS + C_FIRST_DAY] as number;
    if (day < fd) {
      this.rec[c * CS + C_FIRST_DAY] = day;
      this.rec[c * CS + C_FIRST_DAY_GROSS] = gross;
      this.rec[c * CS + C_FIRST_DAY_REFUNDED] = refunded;
    } else if (day === fd) {
      this.rec[c * CS + C_FIRST_DAY_GROSS] = (this.rec[c * CS + C_FIRST_DAY_GROSS] as number) + gross;
      this.rec[c * CS + C_FIRST_DAY_REFUNDED] = (this.rec[c * CS + C_FIRST_DAY_REFUNDED] as number) + refunded;
    }
    if (day > (this.rec[c * CS + C_LAST_DAY] as number)) this.rec[c * CS + C_LAST_DAY] = day;
  }

  /** Multiplies every stored amount by 10^(to − scale). */
  rescale(to: number): void {
    const f = pow10(to - this.scale);
    const C = this.ids.size;
    const money = [C_GROSS, C_REFUNDED, C_FIRST_GROSS, C_FIRST_REFUNDED, C_FIRST_DAY_GROSS, C_FIRST_DAY_REFUNDED];
    const rec = this.rec;
    for (let c = 0; c < C; c++) for (const k of money) rec[c * CS + k] = (rec[c * CS + k] as number) * f;
    const pool = this.pool;
    for (let e = 0; e < this.pLen; e++) {
      pool[e * PS + P_GROSS] = (pool[e * PS + P_GROSS] as number) * f;
      pool[e * PS + P_REFUNDED] = (pool[e * PS + P_REFUNDED] as number) * f;
    }
    this.maxUnits *= f;
    this.scale = to;
    this.version++;
  }

  // ---------------------------------------------------------------- add

  /**
   * Reads one amount to an integer mantissa (its decimal places in `money.scale`), or throws INVALID_AMOUNT.
   * Nothing is rescaled here: the order may still be rejected.
   */
  private mantissa(value: unknown, i: number, name: string): number {
    const mantissa = amountMantissa(value, this.money, i, name);
    return mantissa;
  }

  /** Checks that the state can move to `scale` decimal places exactly, or throws INVALID_AMOUNT about `value`. */
  private checkScale(scale: number, value: unknown, i: number, name: string): void {
    if (scale > this.scale && this.maxUnits * pow10(scale - this.scale) > Number.MAX_SAFE_INTEGER) {
      throw recordError("INVALID_AMOUNT", i, name, `has ${scale} decimal places, too many to hold every amount of this input exactly`, value, "Round amounts to the currency's minor unit.");
    }
  }

  /** `mantissa × 10^(scale − from)` as a safe integer, or throws INVALID_AMOUNT. */
  private units(mantissa: number, from: number, scale: number, value: unknown, i: number, name: string): number {
    const units = mantissa * pow10(scale - from);
    if (!Number.isSafeInteger(units)) {
      throw recordError("INVALID_AMOUNT", i, name, "is too large to be held exactly", value, "Check the amount; it exceeds 9 quadrillion minor units.");
    }
    return units === 0 ? 0 : units;
  }

  /** Validates one order and folds it into the state. A rejected order leaves the state exactly as it was. */
  add(row: unknown): void {
    const i = this.n;
    const r = this.readers;
    // Plain Order objects are read with named property loads (monomorphic, fast); accessors only when given.
    const direct = !this.usesAccessors;
    if (!this.usesAccessors && (typeof row !== "object" || row === null)) {
      throw recordError("INVALID_RECORD", i, "order", "is not an object", row, "Pass objects with orderId, customerId, placedAt and total.");
    }
    const rawOrderId = direct ? (row as OrderRow).orderId : (r[0] as Reader)(row, i);
    const orderId = readId(rawOrderId);
    if (orderId === null || orderId.length === 0) {
      throw recordError("INVALID_ORDER_ID", i, "orderId", "must be a non-empty string or a number", rawOrderId, "Give every order a unique id.");
    }
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
    const rawCustomerId = direct ? (row as OrderRow).customerId : (r[1] as Reader)(row, i);
    const customerId = readId(rawCustomerId);
    if (customerId === null) {
      throw recordError("INVALID_CUSTOMER_ID", i, "customerId", "must be a string or a number", rawCustomerId, "Give every order the id of the customer who placed it.");
    }
    if (customerId.length === 0) {
      throw recordError("EMPTY_CUSTOMER_ID", i, "customerId", "is empty", rawCustomerId, "Give every order the id of the customer who placed it; guest orders need an id of their own.");
    }
    const rawPlacedAt = direct ? (row as OrderRow).placedAt : (r[2] as Reader)(row, i);
    // The order's own parse flags: a rejected order must leave sawWallClock and sawTimeOfDay as they were.
    const op = this.orderParse;
    op.sawWallClock = false;
    op.sawTimeOfDay = false;
    const t = instantToMs(rawPlacedAt, this.zone, op);
    if (Number.isNaN(t) || t < this.earliest) {
      if (!Number.isNaN(t)) throw earlyDateError(i, rawPlacedAt, t, this.earliest, typeof rawPlacedAt === "number", "createAccumulator(…)");
      throw recordError(
        "INVALID_DATE",
        i,
        "placedAt",
        "is not a valid instant",
        rawPlacedAt,
        'Pass a Date, epoch milliseconds, or an ISO 8601 string such as "2024-03-31T23:30:00Z" or "2024-03-31".',
      );
    }
    const rawTotal = direct ? (row as OrderRow).total : (r[3] as Reader)(row, i);
    const mt = this.mantissa(rawTotal, i, "total");
    const st = this.money.scale;
    const rawRefunded = direct ? (row as OrderRow).refunded : (r[4] as Reader)(row, i);
    // An empty string is an absent field (a CSV reader's empty cell), as in prepareOrders.
    const hasRefund = rawRefunded !== undefined && rawRefunded !== null && rawRefunded !== "";
    let mr = 0;
    let sr = 0;
    if (hasRefund) {
      mr = this.mantissa(rawRefunded, i, "refunded");
      sr = this.money.scale;
    }
    const scale = Math.max(this.scale, st, sr);
    this.checkScale(Math.max(this.scale, st), rawTotal, i, "total");
    const g = this.units(mt, st, scale, rawTotal, i, "total");
    if (g < 0) throw recordError("NEGATIVE_TOTAL", i, "total", "is negative", rawTotal, "Record returns in refunded, not as a negative total.");
    let rf = 0;
    if (hasRefund) {
      this.checkScale(scale, rawRefunded, i, "refunded");
      rf = this.units(mr, sr, scale, rawRefunded, i, "refunded");
      if (rf < 0) throw recordError("NEGATIVE_REFUND", i, "refunded", "is negative", rawRefunded, "Pass the refunded amount as a positive number.");
      if (rf > g) {
        throw recordError("REFUND_EXCEEDS_TOTAL", i, "refunded", `is larger than the order total ${String(rawTotal)}`, rawRefunded, "A refund cannot exceed what was paid; check both amounts.");
      }
    }
    const rawCurrency = direct ? (row as OrderRow).currency : (r[5] as Reader)(row, i);
    const hasCurrency = rawCurrency !== undefined && rawCurrency !== null && rawCurrency !== "";
    if (hasCurrency && (typeof rawCurrency !== "string" || !CURRENCY_RE.test(rawCurrency))) {
      throw recordError("INVALID_CURRENCY", i, "currency", "is not a three-letter ISO 4217 code", rawCurrency, 'Pass an upper-case code such as "USD".');
    }
    const cur = hasCurrency ? (rawCurrency as string) : null;
    if (i > 0 && cur !== this.currency) {
      throw recordError(
        "MIXED_CURRENCY",
        i,
        "currency",
        this.currency === null ? "is set while earlier orders have none" : `differs from ${this.currency} of earlier orders`,
        rawCurrency,
        "Analyse one currency at a time: convert amounts first, or split the orders by currency.",
      );
    }
    const rawSegment = direct ? (row as OrderRow).segment : (r[6] as Reader)(row, i);
    if (rawSegment !== undefined && rawSegment !== null && typeof rawSegment !== "string") {
      throw recordError("INVALID_SEGMENT", i, "segment", "must be a string", rawSegment, 'Pass a label such as "newsletter".');
    }
    // Interning is the first change: a new customer cannot fail the check below, an existing one is not changed.
    const known = this.ids.size;
    const c = this.ids.intern(customerId);
    if (c < known && (this.rec[c * CS + C_GROSS] as number) * pow10(scale - this.scale) + g > Number.MAX_SAFE_INTEGER) {
      throw recordError("INVALID_AMOUNT", i, "total", "brings the customer's total past 9 quadrillion minor units, more than an accumulator holds exactly", rawTotal, "Check the amounts, or use prepareOrders, which sums in BigInt.");
    }
    // --- Commit. ---
    if (op.sawWallClock) this.parse.sawWallClock = true;
    if (op.sawTimeOfDay) this.parse.sawTimeOfDay = true;
    if (c === known) this.initCustomer(c);
    if (scale > this.scale) this.rescale(scale);
    if (fps !== null) fps.fill(slot, this.fp[0] as number, this.fp[1] as number);
    this.currency = cur;
    const seg = typeof rawSegment === "string" && rawSegment !== "" ? this.segmentIndex(rawSegment) : -1;
    const rec = this.rec;
    const b = c * CS;
    rec[b + C_ORDERS] = (rec[b + C_ORDERS] as number) + 1;
    const sum = (rec[b + C_GROSS] as number) + g;
    rec[b + C_GROSS] = sum;
    if (sum > this.maxUnits) this.maxUnits = sum;
    rec[b + C_REFUNDED] = (rec[b + C_REFUNDED] as number) + rf;
    const tf = rec[b + C_FIRST_TIME] as number;
    if (t <= tf) this.offerFirst(c, t, orderId, g, rf, seg);
    if (t > (rec[b + C_LAST_TIME] as number)) rec[b + C_LAST_TIME] = t;
    const day = this.zone.localDay(t);
    if (day <= (rec[b + C_FIRST_DAY] as number)) this.offerDay(c, day, g, rf);
    if (day > (rec[b + C_LAST_DAY] as number)) rec[b + C_LAST_DAY] = day;
    const word = Math.floor(day / 32);
    const bit = 1 << (day - word * 32);
    const h = rec[b + C_DAY_HEAD] as number;
    const dpool = this.dpool;
    if (h >= 0 && dpool[h * DS + D_WORD] === word) {
      const old = dpool[h * DS + D_MASK] as number;
      if ((old & bit) === 0) {
        dpool[h * DS + D_MASK] = old | bit;
        rec[b + C_DAYS] = (rec[b + C_DAYS] as number) + 1;
      }
    } else {
      rec[b + C_DAYS] = (rec[b + C_DAYS] as number) + this.setDays(c, word, bit);
    }
    let p: number;
    if (day === this.lastDayKey) p = this.lastPeriod;
    else {
      p = this.kernel.ofDay(day);
      this.lastDayKey = day;
      this.lastPeriod = p;
    }
    const ph = rec[b + C_PER_HEAD] as number;
    const pool = this.pool;
    if (ph >= 0 && this.ipool[ph * IS + I_PER] === p) {
      const q = ph * PS;
      pool[q + P_COUNT] = (pool[q + P_COUNT] as number) + 1;
      pool[q + P_GROSS] = (pool[q + P_GROSS] as number) + g;
      pool[q + P_REFUNDED] = (pool[q + P_REFUNDED] as number) + rf;
    } else {
      this.addToPeriod(c, p, 1, g, rf);
    }
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
    this.n = i + 1;
    this.version++;
  }

  // ---------------------------------------------------------------- merge

  /** Whether the options that give the state its meaning agree; throws INVALID_ARGUMENT naming the first difference. */
  checkCompatible(b: AccumulatorCore): void {
    const pairs: [string, unknown, unknown][] = [
      ["timeZone", this.timeZone, b.timeZone],
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
      mine.reserve(mine.size + b.fps.size);
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
    const segMap = b.segLabels.map((label) => this.segmentIndex(label));
    const B = b.ids.size;
    for (let cb = 0; cb < B; cb++) {
      const c = this.customerIndex(b.ids.keys[cb] as string);
      const gross = (this.rec[c * CS + C_GROSS] as number) + (b.rec[cb * CS + C_GROSS] as number) * fb;
      if (gross > Number.MAX_SAFE_INTEGER) {
        throw argumentError("b", `brings customer ${JSON.stringify(b.ids.keys[cb])} past 9 quadrillion minor units`, b.ids.keys[cb], "Check the amounts.", "INVALID_AMOUNT");
      }
      this.rec[c * CS + C_ORDERS] = (this.rec[c * CS + C_ORDERS] as number) + (b.rec[cb * CS + C_ORDERS] as number);
      this.rec[c * CS + C_GROSS] = gross;
      if (gross > this.maxUnits) this.maxUnits = gross;
      this.rec[c * CS + C_REFUNDED] = (this.rec[c * CS + C_REFUNDED] as number) + (b.rec[cb * CS + C_REFUNDED] as number) * fb;
      const seg = b.rec[cb * CS + C_FIRST_SEG] as number;
      this.offerFirst(c, b.rec[cb * CS + C_FIRST_TIME] as number, b.cFirstId[cb] as string, (b.rec[cb * CS + C_FIRST_GROSS] as number) * fb, (b.rec[cb * CS + C_FIRST_REFUNDED] as number) * fb, seg < 0 ? -1 : (segMap[seg] as number));
      if ((b.rec[cb * CS + C_LAST_TIME] as number) > (this.rec[c * CS + C_LAST_TIME] as number)) this.rec[c * CS + C_LAST_TIME] = b.rec[cb * CS + C_LAST_TIME] as number;
      this.offerDay(c, b.rec[cb * CS + C_FIRST_DAY] as number, (b.rec[cb * CS + C_FIRST_DAY_GROSS] as number) * fb, (b.rec[cb * CS + C_FIRST_DAY_REFUNDED] as number) * fb);
      if ((b.rec[cb * CS + C_LAST_DAY] as number) > (this.rec[c * CS + C_LAST_DAY] as number)) this.rec[c * CS + C_LAST_DAY] = b.rec[cb * CS + C_LAST_DAY] as number;
      for (let e = b.rec[cb * CS + C_DAY_HEAD] as number; e >= 0; e = b.dpool[e * DS + D_NEXT] as number) {
        this.rec[c * CS + C_DAYS] = (this.rec[c * CS + C_DAYS] as number) + this.setDays(c, b.dpool[e * DS + D_WORD] as number, b.dpool[e * DS + D_MASK] as number);
      }
      for (let e = b.rec[cb * CS + C_PER_HEAD] as number; e >= 0; e = b.ipool[e * IS + I_NEXT] as number) {
        this.addToPeriod(c, b.ipool[e * IS + I_PER] as number, b.pool[e * PS + P_COUNT] as number, (b.pool[e * PS + P_GROSS] as number) * fb, (b.pool[e * PS + P_REFUNDED] as number) * fb);
      }
    }
    this.n += b.n;
    if (b.minTime < this.minTime) this.minTime = b.minTime;
    if (b.maxTime > this.maxTime) this.maxTime = b.maxTime;
    if (b.sawWallClock) this.sawWallClock = true;
    if (b.sawTimeOfDay) this.sawTimeOfDay = true;
    this.version++;
  }

  /** A deep copy (same options and accessors). */
  clone(): AccumulatorCore {
    const o = this.options();
    const k = new AccumulatorCore(o);
    k.absorbInto(this);
    return k;
  }

  /** The options this state was made with. */
  options(): CoreOptions {
    return {
      timeZone: this.timeZone,
      granularity: this.granularity,
      weekStartsOn: this.weekStartsOn,
      duplicateOrderIds: this.duplicateOrderIds,
      accessors: this.accessors,
      earliest: this.earliest,
    };
  }

  /** Copies `src` (an equal-option state) into this empty one. */
  private absorbInto(src: AccumulatorCore): void {
    this.n = src.n;
    this.scale = src.scale;
    this.currency = src.currency;
    this.minTime = src.minTime;
    this.maxTime = src.maxTime;
    this.maxUnits = src.maxUnits;
    this.sawWallClock = src.sawWallClock;
    this.sawTimeOfDay = src.sawTimeOfDay;
    for (const id of src.ids.keys) this.ids.intern(id);
    this.cap = src.cap;
    this.rec = src.rec.slice();
    this.cFirstId = src.cFirstId.slice();
    for (const label of src.segLabels) this.segmentIndex(label);
    this.dCap = src.dCap;
    this.dLen = src.dLen;
    this.dpool = src.dpool.slice();
    this.pCap = src.pCap;
    this.pLen = src.pLen;
    this.pool = src.pool.slice();
    this.ipool = src.ipool.slice();
    this.fps = src.fps === null ? null : src.fps.clone();
  }

  // ---------------------------------------------------------------- JSON

  toJSON(): AccumulatorState {
    const C = this.ids.size;
    const rec = this.rec;
    const str = (k: number): string[] => {
      const out = new Array<string>(C);
      for (let c = 0; c < C; c++) out[c] = String(rec[c * CS + k]);
      return out;
    };
    const num = (k: number): number[] => {
      const out = new Array<number>(C);
      for (let c = 0; c < C; c++) out[c] = rec[c * CS + k] as number;
      return out;
    };
    const dayBits: number[] = [];
    const periods: number[] = [];
    const periodMoney: string[] = [];
    const dayEntries = new Array<number>(C);
    const periodEntries = new Array<number>(C);
    const { dpool, pool, ipool } = this;
    for (let c = 0; c < C; c++) {
      let k = 0;
      for (let e = rec[c * CS + C_DAY_HEAD] as number; e >= 0; e = dpool[e * DS + D_NEXT] as number, k++) dayBits.push(dpool[e * DS + D_WORD] as number, dpool[e * DS + D_MASK] as number);
      dayEntries[c] = k;
      k = 0;
      for (let e = rec[c * CS + C_PER_HEAD] as number; e >= 0; e = ipool[e * IS + I_NEXT] as number, k++) {
        periods.push(ipool[e * IS + I_PER] as number, pool[e * PS + P_COUNT] as number);
        periodMoney.push(String(pool[e * PS + P_GROSS]), String(pool[e * PS + P_REFUNDED]));
      }
      periodEntries[c] = k;
    }
    return {
      version: STATE_VERSION,
      timeZone: this.timeZone,
      granularity: this.granularity,
      weekStartsOn: this.weekStartsOn,
      duplicateOrderIds: this.duplicateOrderIds,
      orders: this.n,
      scale: this.scale,
      currency: this.currency,
      sawWallClock: this.sawWallClock,
      sawTimeOfDay: this.sawTimeOfDay,
      earliestDate: Number.isFinite(this.earliest) ? this.earliest : null,
      minTime: this.n === 0 ? null : this.minTime,
      maxTime: this.n === 0 ? null : this.maxTime,
      segments: this.segLabels.slice(),
      customers: {
        ids: this.ids.keys.slice(),
        orders: num(C_ORDERS),
        gross: str(C_GROSS),
        refunded: str(C_REFUNDED),
        firstTime: num(C_FIRST_TIME),
        lastTime: num(C_LAST_TIME),
        firstOrderId: this.cFirstId.slice(0, C),
        firstGross: str(C_FIRST_GROSS),
        firstRefunded: str(C_FIRST_REFUNDED),
        firstSegment: num(C_FIRST_SEG),
        firstDay: num(C_FIRST_DAY),
        lastDay: num(C_LAST_DAY),
        purchaseDays: num(C_DAYS),
        firstDayGross: str(C_FIRST_DAY_GROSS),
        firstDayRefunded: str(C_FIRST_DAY_REFUNDED),
        dayEntries,
        periodEntries,
      },
      dayBits,
      periods,
      periodMoney,
      fingerprints: this.fps === null ? null : wordsToBase64(this.fps.packed()),
    };
  }

  /** Rebuilds a state from {@link AccumulatorCore.toJSON}'s output; throws INVALID_ARGUMENT on a malformed state. */
  static fromJSON(state: unknown, accessors: Record<string, unknown> = {}): AccumulatorCore {
    const bad: (what: string, got: unknown) => never = (what, got) => {
      throw argumentError("state", what, got, "Pass the value of JSON.stringify(accumulator) or accumulator.toJSON(), unchanged.");
    };
    if (typeof state === "string") {
      try {
        state = JSON.parse(state) as unknown;
      } catch {
        bad("is not JSON", state);
      }
    }
    if (typeof state !== "object" || state === null) bad("is not an accumulator state", state);
    const s = state as AccumulatorState;
    if (s.version !== STATE_VERSION) bad(`has version ${String(s.version)}; this library reads version ${STATE_VERSION}`, s.version);
    if (s.earliestDate !== undefined && s.earliestDate !== null && (typeof s.earliestDate !== "number" || !Number.isFinite(s.earliestDate))) bad("has a bad earliestDate", s.earliestDate);
    const core = new AccumulatorCore(
      checkCoreOptions({
        timeZone: s.timeZone,
        granularity: s.granularity,
        weekStartsOn: s.weekStartsOn,
        duplicateOrderIds: s.duplicateOrderIds,
        accessors,
        earliestDate: s.earliestDate === undefined ? DEFAULT_EARLIEST_DATE : s.earliestDate,
      }),
    );
    const intOk = (v: unknown, lo = -Infinity): boolean => typeof v === "number" && Number.isSafeInteger(v) && v >= lo;
    if (!intOk(s.orders, 0)) bad("has a bad orders count", s.orders);
    if (!intOk(s.scale, 0) || s.scale > MAX_SCALE) bad("has a bad scale", s.scale);
    if (s.currency !== null && (typeof s.currency !== "string" || !CURRENCY_RE.test(s.currency))) bad("has a bad currency", s.currency);
    if (!Array.isArray(s.segments) || !s.segments.every((x) => typeof x === "string")) bad("has bad segments", s.segments);
    const cu = s.customers;
    if (typeof cu !== "object" || cu === null || !Array.isArray(cu.ids)) bad("has no customers", cu);
    const C = cu.ids.length;
    const keys = Object.keys(cu) as (keyof AccumulatorCustomerColumns)[];
    for (const k of keys) if (!Array.isArray(cu[k]) || cu[k].length !== C) bad(`has customers.${k} of the wrong length`, cu[k]);
    core.n = s.orders;
    core.scale = s.scale;
    core.currency = s.currency;
    core.sawWallClock = s.sawWallClock === true;
    // A state written before the flag existed: its orders may have had times of day.
    core.sawTimeOfDay = s.orders > 0 && s.sawTimeOfDay !== false;
    if (s.orders > 0 && (typeof s.minTime !== "number" || typeof s.maxTime !== "number" || !(s.minTime <= s.maxTime))) bad("has bad minTime or maxTime", s.minTime);
    core.minTime = s.orders === 0 ? Infinity : (s.minTime as number);
    core.maxTime = s.orders === 0 ? -Infinity : (s.maxTime as number);
    for (const label of s.segments) core.segmentIndex(label);
    const units = (x: unknown): number => {
      const v = typeof x === "string" && /^\d+$/.test(x) ? Number(x) : NaN;
      if (!Number.isSafeInteger(v)) bad("has an amount that is not an integer string", x);
      return v;
    };
    const num = (x: unknown): number => (typeof x === "number" && !Number.isNaN(x) ? x : bad("has a number field that is not a number", x));
    const int = (x: unknown): number => (intOk(x) ? (x as number) : bad("has an integer field that is not an integer", x));
    const { dayBits, periods, periodMoney } = s;
    if (!Array.isArray(dayBits) || !Array.isArray(periods) || !Array.isArray(periodMoney) || periodMoney.length !== periods.length) bad("has bad dayBits or periods", s.periods);
    let dAt = 0;
    let pAt = 0;
    for (let k = 0; k < C; k++) {
      const id = cu.ids[k];
      if (typeof id !== "string" || id.length === 0 || core.ids.get(id) >= 0) bad("has a bad or repeated customer id", id);
      const c = core.customerIndex(id as string);
      core.rec[c * CS + C_ORDERS] = int(cu.orders[k]);
      core.rec[c * CS + C_GROSS] = units(cu.gross[k]);
      if ((core.rec[c * CS + C_GROSS] as number) > core.maxUnits) core.maxUnits = core.rec[c * CS + C_GROSS] as number;
      core.rec[c * CS + C_REFUNDED] = units(cu.refunded[k]);
      core.rec[c * CS + C_FIRST_TIME] = num(cu.firstTime[k]);
      core.rec[c * CS + C_LAST_TIME] = num(cu.lastTime[k]);
      const fid = cu.firstOrderId[k];
      if (typeof fid !== "string") bad("has a bad first order id", fid);
      core.cFirstId[c] = fid as string;
      core.rec[c * CS + C_FIRST_GROSS] = units(cu.firstGross[k]);
      core.rec[c * CS + C_FIRST_REFUNDED] = units(cu.firstRefunded[k]);
      const seg = int(cu.firstSegment[k]);
      if (seg < -1 || seg >= s.segments.length) bad("has a bad segment index", seg);
      core.rec[c * CS + C_FIRST_SEG] = seg;
      core.rec[c * CS + C_FIRST_DAY] = int(cu.firstDay[k]);
      core.rec[c * CS + C_LAST_DAY] = int(cu.lastDay[k]);
      core.rec[c * CS + C_FIRST_DAY_GROSS] = units(cu.firstDayGross[k]);
      core.rec[c * CS + C_FIRST_DAY_REFUNDED] = units(cu.firstDayRefunded[k]);
      const dn = int(cu.dayEntries[k]);
      const dEnd = dAt + 2 * dn;
      if (dn < 0 || dEnd > dayBits.length) bad("has bad dayEntries", cu.dayEntries[k]);
      for (let j = dEnd - 2; j >= dAt; j -= 2) core.rec[c * CS + C_DAYS] = (core.rec[c * CS + C_DAYS] as number) + core.setDays(c, int(dayBits[j]), int(dayBits[j + 1]) | 0);
      dAt = dEnd;
      if (core.rec[c * CS + C_DAYS] !== cu.purchaseDays[k]) bad("has purchaseDays that disagree with its day bits", cu.purchaseDays[k]);
      const pn = int(cu.periodEntries[k]);
      const pEnd = pAt + 2 * pn;
      if (pn < 0 || pEnd > periods.length) bad("has bad periodEntries", cu.periodEntries[k]);
      for (let j = pEnd - 2; j >= pAt; j -= 2) core.addToPeriod(c, int(periods[j]), int(periods[j + 1]), units(periodMoney[j]), units(periodMoney[j + 1]));
      pAt = pEnd;
    }
    if (dAt !== dayBits.length || pAt !== periods.length) bad("has dayBits or periods left over", s.periods.length);
    if (s.fingerprints !== null && s.duplicateOrderIds === "check") {
      const words = typeof s.fingerprints === "string" ? base64ToWords(s.fingerprints) : null;
      if (words === null || words.length !== 2 * s.orders) bad("has bad fingerprints", s.fingerprints);
      const set = new FingerprintSet(s.orders);
      const w = words as Uint32Array;
      for (let j = 0; j < w.length; j += 2) set.add(w[j] as number, w[j + 1] as number);
      core.fps = set;
    } else if (s.duplicateOrderIds === "check") {
      bad("has duplicateOrderIds \"check\" but no fingerprints", s.fingerprints);
    }
    return core;
  }
}
