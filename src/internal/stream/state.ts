import { argumentError, optionError, recordError } from "../fail.js";
import { instantToMs, type InstantParseState } from "../instant.js";
import { MAX_SCALE, MONEY_TOO_PRECISE, parseMoney, pow10, type MoneyScratch } from "../money.js";
import { checkGranularity, checkWeekStartsOn, periodKernel, type Granularity, type PeriodKernel, type WeekStartsOn } from "../periods.js";
import { StringTable } from "../stringTable.js";
import type { OrderBook } from "../../core/OrderBook.js";
import { checkTimeZone, ZoneCalendar } from "../zone.js";
import { base64ToWords, fingerprint, FingerprintSet, wordsToBase64 } from "./fingerprints.js";

/** Version of {@link AccumulatorState}; bumped whenever its meaning changes. */
export const STATE_VERSION = 1;

/** How repeated order ids are handled. */
export type DuplicateOrderIds = "check" | "trust";

type Reader = (row: unknown, index: number) => unknown;

/** The per-customer columns of the JSON state (one entry per customer, in interning order). */
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
  /** Per customer, `[word, mask, word, mask, …]`: days `32·word + bit` with an order (mask as a signed 32-bit integer). */
  dayBits: number[][];
  /** Per customer, `[period, orders, period, orders, …]` at the state's granularity. */
  periods: number[][];
  /** Per customer, gross and refunded of each entry of `periods`, `[gross, refunded, gross, refunded, …]`. */
  periodMoney: string[][];
}

/** The JSON state of an accumulator (see {@link AccumulatorCore.toJSON}). */
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
  /** Epoch ms of the earliest and latest order, `null` when empty. */
  minTime: number | null;
  maxTime: number | null;
  segments: string[];
  customers: AccumulatorCustomerColumns;
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
  return { timeZone, granularity, weekStartsOn, duplicateOrderIds: dup, accessors: acc as Record<string, unknown> };
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
  private readonly parse: InstantParseState = { sawWallClock: false };
  private readonly money: MoneyScratch = { scale: 0 };
  private readonly fp = new Uint32Array(2);

  /** Orders added. */
  n = 0;
  scale = 0;
  currency: string | null = null;
  minTime = Infinity;
  maxTime = -Infinity;
  /** Largest per-customer gross sum (bounds every stored amount). */
  maxUnits = 0;
  /** Bumped on every change (caches key on it). */
  version = 0;

  ids = new StringTable();
  cap = 0;
  cOrders: Int32Array = new Int32Array(0);
  cGross: Float64Array = new Float64Array(0);
  cRefunded: Float64Array = new Float64Array(0);
  cFirstTime: Float64Array = new Float64Array(0);
  cLastTime: Float64Array = new Float64Array(0);
  cFirstId: string[] = [];
  cFirstGross: Float64Array = new Float64Array(0);
  cFirstRefunded: Float64Array = new Float64Array(0);
  cFirstSeg: Int32Array = new Int32Array(0);
  cFirstDay: Float64Array = new Float64Array(0);
  cLastDay: Float64Array = new Float64Array(0);
  cDays: Int32Array = new Int32Array(0);
  cFirstDayGross: Float64Array = new Float64Array(0);
  cFirstDayRefunded: Float64Array = new Float64Array(0);
  cDayHead: Int32Array = new Int32Array(0);
  cPerHead: Int32Array = new Int32Array(0);

  segLabels: string[] = [];
  private segIndex = new Map<string, number>();

  /** Pool of day-bitmap entries: word index, 32-bit mask, next entry (-1 ends). Lists run newest word first. */
  dCap = 0;
  dLen = 0;
  dWord: Float64Array = new Float64Array(0);
  dMask: Int32Array = new Int32Array(0);
  dNext: Int32Array = new Int32Array(0);

  /** Pool of per-period entries: period, orders, gross, refunded, next. Lists run newest period first. */
  pCap = 0;
  pLen = 0;
  pPer: Int32Array = new Int32Array(0);
  pCount: Int32Array = new Int32Array(0);
  pGross: Float64Array = new Float64Array(0);
  pRefunded: Float64Array = new Float64Array(0);
  pNext: Int32Array = new Int32Array(0);

  fps: FingerprintSet | null;

  /** The synthetic book of {@link streamBook}, for the state version it was built at. */
  bookCache: { version: number; book: OrderBook } | null = null;

  private lastDayKey = NaN;
  private lastPeriod = 0;

  constructor(o: CoreOptions) {
    this.timeZone = o.timeZone;
    this.granularity = o.granularity;
    this.weekStartsOn = o.weekStartsOn;
    this.duplicateOrderIds = o.duplicateOrderIds;
    this.accessors = o.accessors;
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

  // ---------------------------------------------------------------- growth

  private growCustomers(need: number): void {
    let cap = Math.max(this.cap, 256);
    while (cap < need) cap *= 2;
    if (cap === this.cap) return;
    this.cOrders = growI(this.cOrders, cap);
    this.cGross = growF(this.cGross, cap);
    this.cRefunded = growF(this.cRefunded, cap);
    this.cFirstTime = growF(this.cFirstTime, cap);
    this.cLastTime = growF(this.cLastTime, cap);
    this.cFirstGross = growF(this.cFirstGross, cap);
    this.cFirstRefunded = growF(this.cFirstRefunded, cap);
    this.cFirstSeg = growI(this.cFirstSeg, cap);
    this.cFirstDay = growF(this.cFirstDay, cap);
    this.cLastDay = growF(this.cLastDay, cap);
    this.cDays = growI(this.cDays, cap);
    this.cFirstDayGross = growF(this.cFirstDayGross, cap);
    this.cFirstDayRefunded = growF(this.cFirstDayRefunded, cap);
    this.cDayHead = growI(this.cDayHead, cap);
    this.cPerHead = growI(this.cPerHead, cap);
    this.cap = cap;
  }

  private newDayEntry(): number {
    if (this.dLen === this.dCap) {
      const cap = Math.max(this.dCap * 2, 1024);
      this.dWord = growF(this.dWord, cap);
      this.dMask = growI(this.dMask, cap);
      this.dNext = growI(this.dNext, cap);
      this.dCap = cap;
    }
    return this.dLen++;
  }

  private newPeriodEntry(): number {
    if (this.pLen === this.pCap) {
      const cap = Math.max(this.pCap * 2, 1024);
      this.pPer = growI(this.pPer, cap);
      this.pCount = growI(this.pCount, cap);
      this.pGross = growF(this.pGross, cap);
      this.pRefunded = growF(this.pRefunded, cap);
      this.pNext = growI(this.pNext, cap);
      this.pCap = cap;
    }
    return this.pLen++;
  }

  /** Interns a customer id; a new customer starts empty (first time +∞, first day +∞). */
  customerIndex(id: string): number {
    const known = this.ids.size;
    const c = this.ids.intern(id);
    if (c === known) {
      if (c >= this.cap) this.growCustomers(c + 1);
      this.cOrders[c] = 0;
      this.cGross[c] = 0;
      this.cRefunded[c] = 0;
      this.cFirstTime[c] = Infinity;
      this.cLastTime[c] = -Infinity;
      this.cFirstId[c] = "";
      this.cFirstSeg[c] = -1;
      this.cFirstDay[c] = Infinity;
      this.cLastDay[c] = -Infinity;
      this.cDays[c] = 0;
      this.cFirstDayGross[c] = 0;
      this.cFirstDayRefunded[c] = 0;
      this.cDayHead[c] = -1;
      this.cPerHead[c] = -1;
    }
    return c;
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
    let e = this.cDayHead[c] as number;
    while (e >= 0 && (this.dWord[e] as number) > word) {
      prev = e;
      e = this.dNext[e] as number;
    }
    if (e >= 0 && this.dWord[e] === word) {
      const old = this.dMask[e] as number;
      const fresh = mask & ~old;
      if (fresh === 0) return 0;
      this.dMask[e] = old | mask;
      return popcount(fresh);
    }
    const d = this.newDayEntry();
    this.dWord[d] = word;
    this.dMask[d] = mask;
    this.dNext[d] = e;
    if (prev < 0) this.cDayHead[c] = d;
    else this.dNext[prev] = d;
    return popcount(mask);
  }

  /** Adds (orders, gross, refunded) to the customer's entry of period `p`. */
  addToPeriod(c: number, p: number, orders: number, gross: number, refunded: number): void {
    let prev = -1;
    let e = this.cPerHead[c] as number;
    while (e >= 0 && (this.pPer[e] as number) > p) {
      prev = e;
      e = this.pNext[e] as number;
    }
    if (e < 0 || this.pPer[e] !== p) {
      const q = this.newPeriodEntry();
      this.pPer[q] = p;
      this.pCount[q] = 0;
      this.pGross[q] = 0;
      this.pRefunded[q] = 0;
      this.pNext[q] = e;
      if (prev < 0) this.cPerHead[c] = q;
      else this.pNext[prev] = q;
      e = q;
    }
    this.pCount[e] = (this.pCount[e] as number) + orders;
    this.pGross[e] = (this.pGross[e] as number) + gross;
    this.pRefunded[e] = (this.pRefunded[e] as number) + refunded;
  }

  /** Records a first-order candidate; keeps the earliest (ties: the smaller order id). */
  offerFirst(c: number, t: number, id: string, gross: number, refunded: number, seg: number): void {
    const tf = this.cFirstTime[c] as number;
    if (t < tf || (t === tf && id < (this.cFirstId[c] as string))) {
      this.cFirstTime[c] = t;
      this.cFirstId[c] = id;
      this.cFirstGross[c] = gross;
      this.cFirstRefunded[c] = refunded;
      this.cFirstSeg[c] = seg;
    }
  }

  /** Records orders of value (gross, refunded) on local day `day` for the first-purchase-day facts. */
  offerDay(c: number, day: number, gross: number, refunded: number): void {
    const fd = this.cFirstDay[c] as number;
    if (day < fd) {
      this.cFirstDay[c] = day;
      this.cFirstDayGross[c] = gross;
      this.cFirstDayRefunded[c] = refunded;
    } else if (day === fd) {
      this.cFirstDayGross[c] = (this.cFirstDayGross[c] as number) + gross;
      this.cFirstDayRefunded[c] = (this.cFirstDayRefunded[c] as number) + refunded;
    }
    if (day > (this.cLastDay[c] as number)) this.cLastDay[c] = day;
  }

  /** Multiplies every stored amount by 10^(to − scale). */
  rescale(to: number): void {
    const f = pow10(to - this.scale);
    const C = this.ids.size;
    const cols = [this.cGross, this.cRefunded, this.cFirstGross, this.cFirstRefunded, this.cFirstDayGross, this.cFirstDayRefunded];
    for (const a of cols) for (let c = 0; c < C; c++) a[c] = (a[c] as number) * f;
    for (let e = 0; e < this.pLen; e++) {
      this.pGross[e] = (this.pGross[e] as number) * f;
      this.pRefunded[e] = (this.pRefunded[e] as number) * f;
    }
    this.maxUnits *= f;
    this.scale = to;
    this.version++;
  }

  // ---------------------------------------------------------------- add

  private amount(value: unknown, i: number, name: string): number {
    const mantissa = parseMoney(value, this.money);
    if (Number.isNaN(mantissa)) {
      throw recordError("INVALID_AMOUNT", i, name, "is not a decimal amount", value, 'Pass a decimal string such as "19.99", a finite number, or a Decimal.');
    }
    if (mantissa === MONEY_TOO_PRECISE) {
      throw recordError(
        "INVALID_AMOUNT",
        i,
        name,
        `has more digits than can be held exactly (at most 15 significant digits and ${MAX_SCALE} decimal places)`,
        value,
        "Round the amount to the currency's minor unit.",
      );
    }
    const s = this.money.scale;
    if (s > this.scale) {
      if (this.maxUnits * pow10(s - this.scale) > Number.MAX_SAFE_INTEGER) {
        throw recordError("INVALID_AMOUNT", i, name, `has ${s} decimal places, too many to hold every amount of this input exactly`, value, "Round amounts to the currency's minor unit.");
      }
      this.rescale(s);
    }
    const units = mantissa * pow10(this.scale - s);
    if (!Number.isSafeInteger(units)) {
      throw recordError("INVALID_AMOUNT", i, name, "is too large to be held exactly", value, "Check the amount; it exceeds 9 quadrillion minor units.");
    }
    return units;
  }

  /** Validates one order and folds it into the state. A rejected order leaves the state as it was (but for a raised money scale, which changes no value). */
  add(row: unknown): void {
    const i = this.n;
    const r = this.readers;
    if (!this.usesAccessors && (typeof row !== "object" || row === null)) {
      throw recordError("INVALID_RECORD", i, "order", "is not an object", row, "Pass objects with orderId, customerId, placedAt and total.");
    }
    const rawOrderId = (r[0] as Reader)(row, i);
    const orderId = readId(rawOrderId);
    if (orderId === null || orderId.length === 0) {
      throw recordError("INVALID_ORDER_ID", i, "orderId", "must be a non-empty string or a number", rawOrderId, "Give every order a unique id.");
    }
    const fps = this.fps;
    if (fps !== null) {
      fingerprint(orderId, this.fp);
      if (fps.has(this.fp[0] as number, this.fp[1] as number)) {
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
    const rawCustomerId = (r[1] as Reader)(row, i);
    const customerId = readId(rawCustomerId);
    if (customerId === null) {
      throw recordError("INVALID_CUSTOMER_ID", i, "customerId", "must be a string or a number", rawCustomerId, "Give every order the id of the customer who placed it.");
    }
    if (customerId.length === 0) {
      throw recordError("EMPTY_CUSTOMER_ID", i, "customerId", "is empty", rawCustomerId, "Give every order the id of the customer who placed it; guest orders need an id of their own.");
    }
    const rawPlacedAt = (r[2] as Reader)(row, i);
    const wall = this.parse.sawWallClock;
    const t = instantToMs(rawPlacedAt, this.zone, this.parse);
    if (Number.isNaN(t)) {
      this.parse.sawWallClock = wall;
      throw recordError(
        "INVALID_DATE",
        i,
        "placedAt",
        "is not a valid instant",
        rawPlacedAt,
        'Pass a Date, epoch milliseconds, or an ISO 8601 string such as "2024-03-31T23:30:00Z" or "2024-03-31".',
      );
    }
    const rawTotal = (r[3] as Reader)(row, i);
    let g = this.amount(rawTotal, i, "total");
    if (g < 0) throw recordError("NEGATIVE_TOTAL", i, "total", "is negative", rawTotal, "Record returns in refunded, not as a negative total.");
    const scaleAtTotal = this.scale;
    const rawRefunded = (r[4] as Reader)(row, i);
    let rf = 0;
    if (rawRefunded !== undefined && rawRefunded !== null) {
      rf = this.amount(rawRefunded, i, "refunded");
      if (this.scale > scaleAtTotal) g *= pow10(this.scale - scaleAtTotal);
      if (rf < 0) throw recordError("NEGATIVE_REFUND", i, "refunded", "is negative", rawRefunded, "Pass the refunded amount as a positive number.");
      if (rf > g) {
        throw recordError("REFUND_EXCEEDS_TOTAL", i, "refunded", `is larger than the order total ${String(rawTotal)}`, rawRefunded, "A refund cannot exceed what was paid; check both amounts.");
      }
    }
    const rawCurrency = (r[5] as Reader)(row, i);
    const hasCurrency = rawCurrency !== undefined && rawCurrency !== null;
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
    const rawSegment = (r[6] as Reader)(row, i);
    if (rawSegment !== undefined && rawSegment !== null && typeof rawSegment !== "string") {
      throw recordError("INVALID_SEGMENT", i, "segment", "must be a string", rawSegment, 'Pass a label such as "newsletter".');
    }
    const existing = this.ids.get(customerId);
    if (existing >= 0 && (this.cGross[existing] as number) + g > Number.MAX_SAFE_INTEGER) {
      throw recordError("INVALID_AMOUNT", i, "total", "brings the customer's total past 9 quadrillion minor units, more than an accumulator holds exactly", rawTotal, "Check the amounts, or use prepareOrders, which sums in BigInt.");
    }
    // --- Commit. ---
    if (fps !== null) fps.add(this.fp[0] as number, this.fp[1] as number);
    this.currency = cur;
    const seg = typeof rawSegment === "string" ? this.segmentIndex(rawSegment) : -1;
    const c = existing >= 0 ? existing : this.customerIndex(customerId);
    this.cOrders[c] = (this.cOrders[c] as number) + 1;
    const total = (this.cGross[c] as number) + g;
    this.cGross[c] = total;
    if (total > this.maxUnits) this.maxUnits = total;
    this.cRefunded[c] = (this.cRefunded[c] as number) + rf;
    this.offerFirst(c, t, orderId, g, rf, seg);
    if (t > (this.cLastTime[c] as number)) this.cLastTime[c] = t;
    const day = this.zone.localDay(t);
    this.offerDay(c, day, g, rf);
    const word = Math.floor(day / 32);
    const bit = 1 << (day - word * 32);
    const h = this.cDayHead[c] as number;
    if (h >= 0 && this.dWord[h] === word) {
      const old = this.dMask[h] as number;
      if ((old & bit) === 0) {
        this.dMask[h] = old | bit;
        this.cDays[c] = (this.cDays[c] as number) + 1;
      }
    } else {
      this.cDays[c] = (this.cDays[c] as number) + this.setDays(c, word, bit);
    }
    let p: number;
    if (day === this.lastDayKey) p = this.lastPeriod;
    else {
      p = this.kernel.ofDay(day);
      this.lastDayKey = day;
      this.lastPeriod = p;
    }
    const ph = this.cPerHead[c] as number;
    if (ph >= 0 && this.pPer[ph] === p) {
      this.pCount[ph] = (this.pCount[ph] as number) + 1;
      this.pGross[ph] = (this.pGross[ph] as number) + g;
      this.pRefunded[ph] = (this.pRefunded[ph] as number) + rf;
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
      const gross = (this.cGross[c] as number) + (b.cGross[cb] as number) * fb;
      if (gross > Number.MAX_SAFE_INTEGER) {
        throw argumentError("b", `brings customer ${JSON.stringify(b.ids.keys[cb])} past 9 quadrillion minor units`, b.ids.keys[cb], "Check the amounts.", "INVALID_AMOUNT");
      }
      this.cOrders[c] = (this.cOrders[c] as number) + (b.cOrders[cb] as number);
      this.cGross[c] = gross;
      if (gross > this.maxUnits) this.maxUnits = gross;
      this.cRefunded[c] = (this.cRefunded[c] as number) + (b.cRefunded[cb] as number) * fb;
      const seg = b.cFirstSeg[cb] as number;
      this.offerFirst(c, b.cFirstTime[cb] as number, b.cFirstId[cb] as string, (b.cFirstGross[cb] as number) * fb, (b.cFirstRefunded[cb] as number) * fb, seg < 0 ? -1 : (segMap[seg] as number));
      if ((b.cLastTime[cb] as number) > (this.cLastTime[c] as number)) this.cLastTime[c] = b.cLastTime[cb] as number;
      this.offerDay(c, b.cFirstDay[cb] as number, (b.cFirstDayGross[cb] as number) * fb, (b.cFirstDayRefunded[cb] as number) * fb);
      if ((b.cLastDay[cb] as number) > (this.cLastDay[c] as number)) this.cLastDay[c] = b.cLastDay[cb] as number;
      for (let e = b.cDayHead[cb] as number; e >= 0; e = b.dNext[e] as number) {
        this.cDays[c] = (this.cDays[c] as number) + this.setDays(c, b.dWord[e] as number, b.dMask[e] as number);
      }
      for (let e = b.cPerHead[cb] as number; e >= 0; e = b.pNext[e] as number) {
        this.addToPeriod(c, b.pPer[e] as number, b.pCount[e] as number, (b.pGross[e] as number) * fb, (b.pRefunded[e] as number) * fb);
      }
    }
    this.n += b.n;
    if (b.minTime < this.minTime) this.minTime = b.minTime;
    if (b.maxTime > this.maxTime) this.maxTime = b.maxTime;
    if (b.sawWallClock) this.sawWallClock = true;
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
    return { timeZone: this.timeZone, granularity: this.granularity, weekStartsOn: this.weekStartsOn, duplicateOrderIds: this.duplicateOrderIds, accessors: this.accessors };
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
    for (const id of src.ids.keys) this.ids.intern(id);
    this.cap = src.cap;
    this.cOrders = src.cOrders.slice();
    this.cGross = src.cGross.slice();
    this.cRefunded = src.cRefunded.slice();
    this.cFirstTime = src.cFirstTime.slice();
    this.cLastTime = src.cLastTime.slice();
    this.cFirstId = src.cFirstId.slice();
    this.cFirstGross = src.cFirstGross.slice();
    this.cFirstRefunded = src.cFirstRefunded.slice();
    this.cFirstSeg = src.cFirstSeg.slice();
    this.cFirstDay = src.cFirstDay.slice();
    this.cLastDay = src.cLastDay.slice();
    this.cDays = src.cDays.slice();
    this.cFirstDayGross = src.cFirstDayGross.slice();
    this.cFirstDayRefunded = src.cFirstDayRefunded.slice();
    this.cDayHead = src.cDayHead.slice();
    this.cPerHead = src.cPerHead.slice();
    for (const label of src.segLabels) this.segmentIndex(label);
    this.dCap = src.dCap;
    this.dLen = src.dLen;
    this.dWord = src.dWord.slice();
    this.dMask = src.dMask.slice();
    this.dNext = src.dNext.slice();
    this.pCap = src.pCap;
    this.pLen = src.pLen;
    this.pPer = src.pPer.slice();
    this.pCount = src.pCount.slice();
    this.pGross = src.pGross.slice();
    this.pRefunded = src.pRefunded.slice();
    this.pNext = src.pNext.slice();
    this.fps = src.fps === null ? null : src.fps.clone();
  }

  // ---------------------------------------------------------------- JSON

  toJSON(): AccumulatorState {
    const C = this.ids.size;
    const str = (a: Float64Array): string[] => {
      const out = new Array<string>(C);
      for (let c = 0; c < C; c++) out[c] = String(a[c]);
      return out;
    };
    const num = (a: Float64Array | Int32Array): number[] => Array.from(a.subarray(0, C));
    const dayBits: number[][] = new Array<number[]>(C);
    const periods: number[][] = new Array<number[]>(C);
    const periodMoney: string[][] = new Array<string[]>(C);
    for (let c = 0; c < C; c++) {
      const d: number[] = [];
      for (let e = this.cDayHead[c] as number; e >= 0; e = this.dNext[e] as number) d.push(this.dWord[e] as number, this.dMask[e] as number);
      dayBits[c] = d;
      const p: number[] = [];
      const m: string[] = [];
      for (let e = this.cPerHead[c] as number; e >= 0; e = this.pNext[e] as number) {
        p.push(this.pPer[e] as number, this.pCount[e] as number);
        m.push(String(this.pGross[e]), String(this.pRefunded[e]));
      }
      periods[c] = p;
      periodMoney[c] = m;
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
      minTime: this.n === 0 ? null : this.minTime,
      maxTime: this.n === 0 ? null : this.maxTime,
      segments: this.segLabels.slice(),
      customers: {
        ids: this.ids.keys.slice(),
        orders: num(this.cOrders),
        gross: str(this.cGross),
        refunded: str(this.cRefunded),
        firstTime: num(this.cFirstTime),
        lastTime: num(this.cLastTime),
        firstOrderId: this.cFirstId.slice(0, C),
        firstGross: str(this.cFirstGross),
        firstRefunded: str(this.cFirstRefunded),
        firstSegment: num(this.cFirstSeg),
        firstDay: num(this.cFirstDay),
        lastDay: num(this.cLastDay),
        purchaseDays: num(this.cDays),
        firstDayGross: str(this.cFirstDayGross),
        firstDayRefunded: str(this.cFirstDayRefunded),
        dayBits,
        periods,
        periodMoney,
      },
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
    const core = new AccumulatorCore(checkCoreOptions({ timeZone: s.timeZone, granularity: s.granularity, weekStartsOn: s.weekStartsOn, duplicateOrderIds: s.duplicateOrderIds, accessors }));
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
    for (let k = 0; k < C; k++) {
      const id = cu.ids[k];
      if (typeof id !== "string" || id.length === 0 || core.ids.get(id) >= 0) bad("has a bad or repeated customer id", id);
      const c = core.customerIndex(id as string);
      core.cOrders[c] = int(cu.orders[k]);
      core.cGross[c] = units(cu.gross[k]);
      if ((core.cGross[c] as number) > core.maxUnits) core.maxUnits = core.cGross[c] as number;
      core.cRefunded[c] = units(cu.refunded[k]);
      core.cFirstTime[c] = num(cu.firstTime[k]);
      core.cLastTime[c] = num(cu.lastTime[k]);
      const fid = cu.firstOrderId[k];
      if (typeof fid !== "string") bad("has a bad first order id", fid);
      core.cFirstId[c] = fid as string;
      core.cFirstGross[c] = units(cu.firstGross[k]);
      core.cFirstRefunded[c] = units(cu.firstRefunded[k]);
      const seg = int(cu.firstSegment[k]);
      if (seg < -1 || seg >= s.segments.length) bad("has a bad segment index", seg);
      core.cFirstSeg[c] = seg;
      core.cFirstDay[c] = int(cu.firstDay[k]);
      core.cLastDay[c] = int(cu.lastDay[k]);
      core.cFirstDayGross[c] = units(cu.firstDayGross[k]);
      core.cFirstDayRefunded[c] = units(cu.firstDayRefunded[k]);
      const d = cu.dayBits[k];
      if (!Array.isArray(d) || d.length % 2 !== 0) bad("has bad day bits", d);
      for (let j = d.length - 2; j >= 0; j -= 2) core.cDays[c] = (core.cDays[c] as number) + core.setDays(c, int(d[j]), int(d[j + 1]) | 0);
      if (core.cDays[c] !== cu.purchaseDays[k]) bad("has purchaseDays that disagree with its day bits", cu.purchaseDays[k]);
      const p = cu.periods[k];
      const m = cu.periodMoney[k];
      if (!Array.isArray(p) || !Array.isArray(m) || p.length % 2 !== 0 || m.length !== p.length) bad("has bad periods", p);
      for (let j = p.length - 2; j >= 0; j -= 2) core.addToPeriod(c, int(p[j]), int(p[j + 1]), units(m[j]), units(m[j + 1]));
    }
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
