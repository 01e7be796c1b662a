import { argumentError } from "../fail.js";
import { pow10 } from "../money/money.js";
import { SegmentLabels } from "../book/segments.js";
import { StringTable } from "../book/stringTable.js";

/**
 * The packed per-customer rows of an accumulator: one record of {@link CS} doubles per customer, and two pools
 * of list entries (32-day bitmaps of purchase days, per-period sums). The offsets below never leave this file:
 * the accumulator's core folds orders in through {@link CustomerRows}' methods, and the views and the JSON state
 * read the rows through the reader functions at the end of the file.
 */

/** Fields of a customer record (offsets into {@link CustomerRows.rec}); money in minor units at `scale`. */
const C_ORDERS = 0;
const C_GROSS = 1;
const C_REFUNDED = 2;
const C_FIRST_TIME = 3;
const C_LAST_TIME = 4;
const C_FIRST_GROSS = 5;
const C_FIRST_REFUNDED = 6;
const C_FIRST_SEG = 7;
const C_FIRST_DAY = 8;
const C_LAST_DAY = 9;
const C_DAYS = 10;
const C_FIRST_DAY_GROSS = 11;
const C_FIRST_DAY_REFUNDED = 12;
const C_DAY_HEAD = 13;
const C_PER_HEAD = 14;
/** Doubles per customer record (15 fields, padded to 16 = two cache lines). */
const CS = 16;
/** Money fields of a period entry (offsets into {@link CustomerRows.pool}). */
const P_GROSS = 0;
const P_REFUNDED = 1;
const PS = 2;
/** Integer fields of a period entry (offsets into {@link CustomerRows.ipool}): period, next entry, orders. */
const I_PER = 0;
const I_NEXT = 1;
const I_COUNT = 2;
const IS = 3;
/** Most orders a period entry counts (an int32). */
const MAX_PERIOD_ORDERS = 0x7fffffff;
/** Fields of a day-bitmap entry (offsets into {@link CustomerRows.dpool}). */
const D_WORD = 0;
const D_MASK = 1;
const D_NEXT = 2;
const DS = 3;

/**
 * Steps a walk down a customer's sorted list may take before the customer's lists get an index (a `Map` from
 * word or period to entry) and take new entries at the head, unsorted, until {@link CustomerRows.normalize}
 * sorts them: orders of one customer in reverse time order, or zig-zag, would otherwise cost a walk of the whole
 * list each (40,000 reversed orders took 56 s).
 */
const WALK_LIMIT = 32;

/** The money fields of a record, which {@link CustomerRows.rescale} multiplies. */
const MONEY_FIELDS = [C_GROSS, C_REFUNDED, C_FIRST_GROSS, C_FIRST_REFUNDED, C_FIRST_DAY_GROSS, C_FIRST_DAY_REFUNDED];

/** Set bits of a 32-bit mask. */
export function popcount(x: number): number {
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

/**
 * The scalar fields of one customer's record, by name (money in minor units at the rows' `scale`): what the
 * JSON state writes ({@link readRecord}) and restores ({@link CustomerRows.restoreRecord}).
 */
export interface CustomerRecord {
  orders: number;
  gross: number;
  refunded: number;
  firstTime: number;
  lastTime: number;
  firstGross: number;
  firstRefunded: number;
  /** Index into the segment labels, or -1. */
  firstSegment: number;
  firstDay: number;
  lastDay: number;
  firstDayGross: number;
  firstDayRefunded: number;
  /** Distinct purchase days (read only: restoring counts them from the day bits). */
  purchaseDays: number;
}

/**
 * Everything an accumulator keeps per customer (never per order), in growable typed arrays indexed by the dense
 * customer index: the base of the accumulator's core.
 */
export class CustomerRows {
  /** Decimal places of the minor units of every stored amount. */
  scale: number = 0;
  /** Largest per-customer gross sum (bounds every stored amount). */
  maxUnits: number = 0;
  /** Bumped on every change (caches key on it). */
  version: number = 0;

  ids: StringTable = new StringTable();
  /** Capacity of `rec` in customers. */
  cap: number = 0;
  /** Per customer, one record of 16 doubles, so that an order touches one or two cache lines. */
  rec: Float64Array = new Float64Array(0);
  /** Per customer: id of the first order (earliest time, ties broken by the smaller id). */
  cFirstId: string[] = [];

  private readonly segments: SegmentLabels = new SegmentLabels();
  /** Segment labels of first orders, by index (in order of first appearance). */
  readonly segLabels: string[] = this.segments.labels;

  /** Pool of day-bitmap entries, 3 int32s (12 bytes) each (word index, 32-bit mask, next entry or -1). Lists run newest word first. */
  dCap: number = 0;
  dLen: number = 0;
  dpool: Int32Array = new Int32Array(0);

  /**
   * Pool of per-period entries: 2 doubles each in `pool` (gross, refunded) and 3 int32s in `ipool` (period,
   * next entry or -1, orders); 28 bytes an entry. Lists run newest period first.
   */
  pCap: number = 0;
  pLen: number = 0;
  pool: Float64Array = new Float64Array(0);
  ipool: Int32Array = new Int32Array(0);

  /** Per customer with a long day list: word → its entry (see {@link WALK_LIMIT}). */
  private readonly dayIndex: Map<number, Map<number, number>> = new Map();
  /** Per customer with a long period list: period → its entry. */
  private readonly periodIndex: Map<number, Map<number, number>> = new Map();
  /** Customers whose lists took entries out of order since the last {@link CustomerRows.normalize}. */
  private readonly unsorted: Set<number> = new Set();

  get customers(): number {
    return this.ids.size;
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
  protected initCustomer(c: number): void {
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

  /** The index of segment `label`, interning a new one. */
  segmentIndex(label: string): number {
    return this.segments.intern(label);
  }

  // ---------------------------------------------------------------- per-customer updates

  /** ORs `mask` into the customer's day word `word`; returns how many days were new. */
  private setDays(c: number, word: number, mask: number): number {
    const index = this.dayIndex.get(c);
    if (index !== undefined) return this.setDaysIndexed(c, index, word, mask);
    let prev = -1;
    let e = this.rec[c * CS + C_DAY_HEAD] as number;
    let steps = 0;
    while (e >= 0 && (this.dpool[e * DS + D_WORD] as number) > word) {
      prev = e;
      e = this.dpool[e * DS + D_NEXT] as number;
      if (++steps > WALK_LIMIT) return this.setDaysIndexed(c, this.indexDays(c), word, mask);
    }
    if (e >= 0 && this.dpool[e * DS + D_WORD] === word) return this.orDays(e, mask);
    const d = this.dayEntry(word, mask, e);
    if (prev < 0) this.rec[c * CS + C_DAY_HEAD] = d;
    else this.dpool[prev * DS + D_NEXT] = d;
    return popcount(mask);
  }

  /** ORs `mask` into day entry `e`; returns how many of its days were new. */
  private orDays(e: number, mask: number): number {
    const old = this.dpool[e * DS + D_MASK] as number;
    const fresh = mask & ~old;
    if (fresh === 0) return 0;
    this.dpool[e * DS + D_MASK] = old | mask;
    return popcount(fresh);
  }

  /** A new day entry (`word`, `mask`) whose successor is entry `next`. */
  private dayEntry(word: number, mask: number, next: number): number {
    const d = this.newDayEntry();
    this.dpool[d * DS + D_WORD] = word;
    this.dpool[d * DS + D_MASK] = mask;
    this.dpool[d * DS + D_NEXT] = next;
    return d;
  }

  /** {@link CustomerRows.setDays} through the customer's word index: a new word goes to the head, unsorted. */
  private setDaysIndexed(c: number, index: Map<number, number>, word: number, mask: number): number {
    const e = index.get(word);
    if (e !== undefined) return this.orDays(e, mask);
    const d = this.dayEntry(word, mask, this.rec[c * CS + C_DAY_HEAD] as number);
    this.rec[c * CS + C_DAY_HEAD] = d;
    index.set(word, d);
    this.unsorted.add(c);
    return popcount(mask);
  }

  /** Builds customer c's word index (once: it is kept up to date from then on). */
  private indexDays(c: number): Map<number, number> {
    const index = new Map<number, number>();
    for (let e = this.rec[c * CS + C_DAY_HEAD] as number; e >= 0; e = this.dpool[e * DS + D_NEXT] as number) index.set(this.dpool[e * DS + D_WORD] as number, e);
    this.dayIndex.set(c, index);
    return index;
  }

  /** Builds customer c's period index. */
  private indexPeriods(c: number): Map<number, number> {
    const index = new Map<number, number>();
    for (let e = this.rec[c * CS + C_PER_HEAD] as number; e >= 0; e = this.ipool[e * IS + I_NEXT] as number) index.set(this.ipool[e * IS + I_PER] as number, e);
    this.periodIndex.set(c, index);
    return index;
  }

  /**
   * Sorts the lists of the customers that took entries out of order (newest first again), so that readers
   * (the JSON state, the cohort view) walk them in order. Changes no value. O(L log L) per such customer.
   */
  normalize(): void {
    if (this.unsorted.size === 0) return;
    for (const c of this.unsorted) {
      const days: number[] = [];
      for (let e = this.rec[c * CS + C_DAY_HEAD] as number; e >= 0; e = this.dpool[e * DS + D_NEXT] as number) days.push(e);
      days.sort((x, y) => (this.dpool[y * DS + D_WORD] as number) - (this.dpool[x * DS + D_WORD] as number));
      for (let k = 0; k < days.length; k++) this.dpool[(days[k] as number) * DS + D_NEXT] = k + 1 < days.length ? (days[k + 1] as number) : -1;
      this.rec[c * CS + C_DAY_HEAD] = days.length > 0 ? (days[0] as number) : -1;
      const periods: number[] = [];
      for (let e = this.rec[c * CS + C_PER_HEAD] as number; e >= 0; e = this.ipool[e * IS + I_NEXT] as number) periods.push(e);
      periods.sort((x, y) => (this.ipool[y * IS + I_PER] as number) - (this.ipool[x * IS + I_PER] as number));
      for (let k = 0; k < periods.length; k++) this.ipool[(periods[k] as number) * IS + I_NEXT] = k + 1 < periods.length ? (periods[k + 1] as number) : -1;
      this.rec[c * CS + C_PER_HEAD] = periods.length > 0 ? (periods[0] as number) : -1;
    }
    this.unsorted.clear();
  }

  /** ORs the days of `mask` into the customer's day word `word`, counting the new ones among their purchase days. */
  addDays(c: number, word: number, mask: number): void {
    this.rec[c * CS + C_DAYS] = (this.rec[c * CS + C_DAYS] as number) + this.setDays(c, word, mask);
  }

  /** Whether customer `c` has as many orders as a period entry counts (an int32): the core refuses another. */
  ordersFull(c: number): boolean {
    return (this.rec[c * CS + C_ORDERS] as number) >= MAX_PERIOD_ORDERS;
  }

  /** Adds (orders, gross, refunded) to the customer's entry of period `p`. */
  addToPeriod(c: number, p: number, orders: number, gross: number, refunded: number): void {
    let index = this.periodIndex.get(c);
    let e = -1;
    if (index === undefined) {
      let prev = -1;
      e = this.rec[c * CS + C_PER_HEAD] as number;
      let steps = 0;
      while (e >= 0 && (this.ipool[e * IS + I_PER] as number) > p) {
        prev = e;
        e = this.ipool[e * IS + I_NEXT] as number;
        if (++steps > WALK_LIMIT) {
          index = this.indexPeriods(c);
          break;
        }
      }
      if (index === undefined && (e < 0 || this.ipool[e * IS + I_PER] !== p)) {
        const q = this.periodEntry(p, e);
        if (prev < 0) this.rec[c * CS + C_PER_HEAD] = q;
        else this.ipool[prev * IS + I_NEXT] = q;
        e = q;
      }
    }
    if (index !== undefined) {
      // Through the period index: a new period goes to the head, unsorted.
      const found = index.get(p);
      if (found !== undefined) {
        e = found;
      } else {
        const q = this.periodEntry(p, this.rec[c * CS + C_PER_HEAD] as number);
        this.rec[c * CS + C_PER_HEAD] = q;
        index.set(p, q);
        this.unsorted.add(c);
        e = q;
      }
    }
    const count = (this.ipool[e * IS + I_COUNT] as number) + orders;
    if (count > MAX_PERIOD_ORDERS) throw argumentError("b", `gives a customer more than ${MAX_PERIOD_ORDERS} orders in one period`, count, "Split the orders over more accumulators.", "INVALID_STATE");
    this.ipool[e * IS + I_COUNT] = count;
    this.pool[e * PS + P_GROSS] = (this.pool[e * PS + P_GROSS] as number) + gross;
    this.pool[e * PS + P_REFUNDED] = (this.pool[e * PS + P_REFUNDED] as number) + refunded;
  }

  /** A new, empty entry of period `p` whose successor is entry `next`. */
  private periodEntry(p: number, next: number): number {
    const q = this.newPeriodEntry();
    this.ipool[q * IS + I_PER] = p;
    this.ipool[q * IS + I_COUNT] = 0;
    this.pool[q * PS + P_GROSS] = 0;
    this.pool[q * PS + P_REFUNDED] = 0;
    this.ipool[q * IS + I_NEXT] = next;
    return q;
  }

  /** Records a first-order candidate; keeps the earliest (ties: the smaller order id). */
  private offerFirst(c: number, t: number, id: string, gross: number, refunded: number, seg: number): void {
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
  private offerDay(c: number, day: number, gross: number, refunded: number): void {
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
    const rec = this.rec;
    for (let c = 0; c < C; c++) for (const k of MONEY_FIELDS) rec[c * CS + k] = (rec[c * CS + k] as number) * f;
    const pool = this.pool;
    for (let e = 0; e < this.pLen; e++) {
      pool[e * PS + P_GROSS] = (pool[e * PS + P_GROSS] as number) * f;
      pool[e * PS + P_REFUNDED] = (pool[e * PS + P_REFUNDED] as number) * f;
    }
    this.maxUnits *= f;
    this.scale = to;
    this.version++;
  }

  /** Whether adding `g` minor units at `scale` (≥ the rows' scale) to existing customer `c`'s gross leaves the safe integers. */
  protected grossOverflows(c: number, scale: number, g: number): boolean {
    return (this.rec[c * CS + C_GROSS] as number) * pow10(scale - this.scale) + g > Number.MAX_SAFE_INTEGER;
  }

  /**
   * Folds one validated order of customer `c` (set up) into its record: placed at `t` (local day `day`, period
   * `p`), with id `orderId`, gross `g` and refund `rf` minor units at the rows' scale, first-order segment `seg`.
   */
  protected fold(c: number, t: number, orderId: string, day: number, p: number, g: number, rf: number, seg: number): void {
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
    const ph = rec[b + C_PER_HEAD] as number;
    const pool = this.pool;
    if (ph >= 0 && this.ipool[ph * IS + I_PER] === p) {
      const q = ph * PS;
      // At most MAX_PERIOD_ORDERS: the core refuses an order of a customer who has that many (ordersFull).
      this.ipool[ph * IS + I_COUNT] = (this.ipool[ph * IS + I_COUNT] as number) + 1;
      pool[q + P_GROSS] = (pool[q + P_GROSS] as number) + g;
      pool[q + P_REFUNDED] = (pool[q + P_REFUNDED] as number) + rf;
    } else {
      this.addToPeriod(c, p, 1, g, rf);
    }
  }

  /**
   * Folds the rows of `b` into these, `b`'s amounts multiplied by `fb` (to these rows' scale): a customer in
   * both is combined exactly. Throws INVALID_ARGUMENT (`b`) when a customer's gross leaves the safe integers,
   * leaving these rows half-merged.
   */
  protected absorbRows(b: CustomerRows, fb: number): void {
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
        this.addDays(c, b.dpool[e * DS + D_WORD] as number, b.dpool[e * DS + D_MASK] as number);
      }
      for (let e = b.rec[cb * CS + C_PER_HEAD] as number; e >= 0; e = b.ipool[e * IS + I_NEXT] as number) {
        this.addToPeriod(c, b.ipool[e * IS + I_PER] as number, b.ipool[e * IS + I_COUNT] as number, (b.pool[e * PS + P_GROSS] as number) * fb, (b.pool[e * PS + P_REFUNDED] as number) * fb);
      }
    }
  }

  /** Copies the rows of `src` into these empty ones (sorting `src`'s lists first; the indexes are rebuilt on demand). */
  protected copyRows(src: CustomerRows): void {
    src.normalize();
    this.scale = src.scale;
    this.maxUnits = src.maxUnits;
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
  }

  /**
   * Writes the scalar fields of (new) customer `c`'s record, read from a state, and its first order id; its
   * purchase days and periods follow with {@link CustomerRows.addDays} and {@link CustomerRows.addToPeriod}.
   */
  restoreRecord(c: number, r: CustomerRecord, firstOrderId: string): void {
    const rec = this.rec;
    const b = c * CS;
    rec[b + C_ORDERS] = r.orders;
    rec[b + C_GROSS] = r.gross;
    if (r.gross > this.maxUnits) this.maxUnits = r.gross;
    rec[b + C_REFUNDED] = r.refunded;
    rec[b + C_FIRST_TIME] = r.firstTime;
    rec[b + C_LAST_TIME] = r.lastTime;
    this.cFirstId[c] = firstOrderId;
    rec[b + C_FIRST_GROSS] = r.firstGross;
    rec[b + C_FIRST_REFUNDED] = r.firstRefunded;
    rec[b + C_FIRST_SEG] = r.firstSegment;
    rec[b + C_FIRST_DAY] = r.firstDay;
    rec[b + C_LAST_DAY] = r.lastDay;
    rec[b + C_FIRST_DAY_GROSS] = r.firstDayGross;
    rec[b + C_FIRST_DAY_REFUNDED] = r.firstDayRefunded;
  }

  /**
   * Appends a day-bitmap entry (word, mask ≠ 0) to (new) customer `c`'s list after entry `prev` (−1: as its
   * head), counting its days; returns the entry. For restoring a state, whose entries come newest first, in O(1).
   */
  restoreDay(c: number, prev: number, word: number, mask: number): number {
    const d = this.newDayEntry();
    this.dpool[d * DS + D_WORD] = word;
    this.dpool[d * DS + D_MASK] = mask;
    this.dpool[d * DS + D_NEXT] = -1;
    if (prev < 0) this.rec[c * CS + C_DAY_HEAD] = d;
    else this.dpool[prev * DS + D_NEXT] = d;
    this.rec[c * CS + C_DAYS] = (this.rec[c * CS + C_DAYS] as number) + popcount(mask);
    return d;
  }

  /** Appends a period entry to (new) customer `c`'s list after entry `prev` (−1: as its head); see {@link CustomerRows.restoreDay}. */
  restorePeriod(c: number, prev: number, p: number, orders: number, gross: number, refunded: number): number {
    const q = this.newPeriodEntry();
    this.ipool[q * IS + I_PER] = p;
    this.ipool[q * IS + I_NEXT] = -1;
    this.ipool[q * IS + I_COUNT] = orders;
    this.pool[q * PS + P_GROSS] = gross;
    this.pool[q * PS + P_REFUNDED] = refunded;
    if (prev < 0) this.rec[c * CS + C_PER_HEAD] = q;
    else this.ipool[prev * IS + I_NEXT] = q;
    return q;
  }
}

// ---------------------------------------------------------------- readers

/** Reads customer c's record into `out`. */
export function readRecord(rec: Float64Array, c: number, out: CustomerRecord): CustomerRecord {
  const b = c * CS;
  out.orders = rec[b + C_ORDERS] as number;
  out.gross = rec[b + C_GROSS] as number;
  out.refunded = rec[b + C_REFUNDED] as number;
  out.firstTime = rec[b + C_FIRST_TIME] as number;
  out.lastTime = rec[b + C_LAST_TIME] as number;
  out.firstGross = rec[b + C_FIRST_GROSS] as number;
  out.firstRefunded = rec[b + C_FIRST_REFUNDED] as number;
  out.firstSegment = rec[b + C_FIRST_SEG] as number;
  out.firstDay = rec[b + C_FIRST_DAY] as number;
  out.lastDay = rec[b + C_LAST_DAY] as number;
  out.firstDayGross = rec[b + C_FIRST_DAY_GROSS] as number;
  out.firstDayRefunded = rec[b + C_FIRST_DAY_REFUNDED] as number;
  out.purchaseDays = rec[b + C_DAYS] as number;
  return out;
}

/** A zeroed {@link CustomerRecord}, to read or restore records through. */
export function emptyRecord(): CustomerRecord {
  return { orders: 0, gross: 0, refunded: 0, firstTime: 0, lastTime: 0, firstGross: 0, firstRefunded: 0, firstSegment: -1, firstDay: 0, lastDay: 0, firstDayGross: 0, firstDayRefunded: 0, purchaseDays: 0 };
}

// Customer c's fields, from the rows' `rec`; small enough to be inlined into the views' loops.

/** Orders of customer c. */
export function ordersOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_ORDERS] as number;
}
/** Gross sum of customer c (minor units). */
export function grossOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_GROSS] as number;
}
/** Refunded sum of customer c (minor units). */
export function refundedOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_REFUNDED] as number;
}
/** Epoch ms of customer c's first order. */
export function firstTimeOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_FIRST_TIME] as number;
}
/** Epoch ms of customer c's last order. */
export function lastTimeOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_LAST_TIME] as number;
}
/** Gross of customer c's first order (minor units). */
export function firstGrossOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_FIRST_GROSS] as number;
}
/** Refund of customer c's first order (minor units). */
export function firstRefundedOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_FIRST_REFUNDED] as number;
}
/** Segment index of customer c's first order, or -1. */
export function firstSegmentOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_FIRST_SEG] as number;
}
/** Local day number of customer c's first purchase day. */
export function firstDayOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_FIRST_DAY] as number;
}
/** Local day number of customer c's last purchase day. */
export function lastDayOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_LAST_DAY] as number;
}
/** Distinct purchase days of customer c. */
export function purchaseDaysOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_DAYS] as number;
}
/** Gross of customer c's orders on their first purchase day (minor units). */
export function firstDayGrossOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_FIRST_DAY_GROSS] as number;
}
/** Refunds of customer c's orders on their first purchase day (minor units). */
export function firstDayRefundedOf(rec: Float64Array, c: number): number {
  return rec[c * CS + C_FIRST_DAY_REFUNDED] as number;
}

// Lists: walk `for (let e = dayList(rec, c); e >= 0; e = nextDay(dpool, e))`, newest entry first.

/** First entry of customer c's day-bitmap list, or -1. */
export function dayList(rec: Float64Array, c: number): number {
  return rec[c * CS + C_DAY_HEAD] as number;
}
/** The entry after day-bitmap entry e, or -1. */
export function nextDay(dpool: Int32Array, e: number): number {
  return dpool[e * DS + D_NEXT] as number;
}
/** Word index of day-bitmap entry e (days 32·word … 32·word + 31). */
export function dayWord(dpool: Int32Array, e: number): number {
  return dpool[e * DS + D_WORD] as number;
}
/** Mask of day-bitmap entry e (bit k: day 32·word + k), a signed 32-bit integer. */
export function dayMask(dpool: Int32Array, e: number): number {
  return dpool[e * DS + D_MASK] as number;
}
/** First entry of customer c's period list, or -1. */
export function periodList(rec: Float64Array, c: number): number {
  return rec[c * CS + C_PER_HEAD] as number;
}
/** The entry after period entry e, or -1. */
export function nextPeriod(ipool: Int32Array, e: number): number {
  return ipool[e * IS + I_NEXT] as number;
}
/** Period index of period entry e. */
export function periodOf(ipool: Int32Array, e: number): number {
  return ipool[e * IS + I_PER] as number;
}
/** Orders of period entry e. */
export function periodOrders(ipool: Int32Array, e: number): number {
  return ipool[e * IS + I_COUNT] as number;
}
/** Gross of period entry e (minor units). */
export function periodGross(pool: Float64Array, e: number): number {
  return pool[e * PS + P_GROSS] as number;
}
/** Refunds of period entry e (minor units). */
export function periodRefunded(pool: Float64Array, e: number): number {
  return pool[e * PS + P_REFUNDED] as number;
}
