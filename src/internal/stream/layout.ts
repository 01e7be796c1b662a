import { argumentError } from "../fail.js";
import { pow10 } from "../money/money.js";
import { SegmentLabels } from "../book/segments.js";
import { ownCopy, StringTable } from "../book/stringTable.js";

/**
 * The packed per-customer rows of an accumulator: one record of {@link CS} doubles and {@link CI} int32s per
 * customer, and two pools of list entries (32-day bitmaps of purchase days, per-period sums), all in blocks
 * (see {@link CUSTOMER_SHIFT}). The offsets below never leave this file:
 * the accumulator's core folds orders in through {@link CustomerRows}' methods, and the views and the JSON state
 * read the rows through the reader functions at the end of the file.
 */

/**
 * Double fields of a customer record (offsets into its block of {@link CustomerRows.recs}); money in minor units
 * at `scale`. The order count is a double: merging two accumulators may sum counts past the int32s.
 */
const C_ORDERS = 0;
const C_GROSS = 1;
const C_REFUNDED = 2;
const C_FIRST_TIME = 3;
const C_LAST_TIME = 4;
const C_FIRST_GROSS = 5;
const C_FIRST_REFUNDED = 6;
const C_FIRST_DAY_GROSS = 7;
const C_FIRST_DAY_REFUNDED = 8;
/** Doubles per customer record. */
const CS = 9;
/**
 * Int32 fields of a customer record (offsets into its block of {@link CustomerRows.irecs}): the first order's
 * segment, first and last purchase day (local day numbers: years 0001-9999 are within ±3.7 million), purchase
 * days, list heads. 96 bytes a customer with the doubles, where 16 doubles took 128.
 */
const C_FIRST_SEG = 0;
const C_FIRST_DAY = 1;
const C_LAST_DAY = 2;
const C_DAYS = 3;
const C_DAY_HEAD = 4;
const C_PER_HEAD = 5;
/** Int32s per customer record. */
const CI = 6;
/** First and last purchase day of a customer with no order yet (any day is before, and after). */
const NO_FIRST_DAY = 0x7fffffff;
const NO_LAST_DAY = -0x80000000;
/** Money fields of a period entry (offsets into an entry of {@link CustomerRows.pBlocks}). */
const P_GROSS = 0;
const P_REFUNDED = 1;
const PS = 2;
/** Integer fields of a period entry (offsets into an entry of {@link CustomerRows.iBlocks}): period, next entry, orders. */
const I_PER = 0;
const I_NEXT = 1;
const I_COUNT = 2;
const IS = 3;
/** Most orders a period entry counts (an int32). */
const MAX_PERIOD_ORDERS = 0x7fffffff;
/** Fields of a day-bitmap entry (offsets into an entry of {@link CustomerRows.dBlocks}). */
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

/*
 * The records and the entry pools are held in blocks of a fixed size (a power of two), so that an index splits
 * into a block (`i >>> shift`) and a place in it (`i & mask`). A full pool takes a new block and never copies:
 * a pool that doubled by allocating a new array and copying held the old and the new at once (its peak, 1.5× the
 * new size), left the old one for the garbage collector (in the resident memory until a full collection), and was
 * on average a quarter empty (20M rows of 8M orders: 25 MB of day entries for 15 MB used). The first block
 * grows by doubling up to the block size, so a small accumulator stays small.
 */
/** Customers per record block as a shift (4096 customers: 288 KiB of doubles and 96 KiB of int32s). */
const CUSTOMER_SHIFT = 12;
/** Entries per block of the day and period pools as a shift (32768: 384 KiB of day entries, 640 KiB of period entries). */
const ENTRY_SHIFT = 15;
/** Customers of a new first record block, entries of a new first pool block. */
const FIRST_CUSTOMERS = 256;
const FIRST_ENTRIES = 1024;

/** `a` copied into a new array of `n` elements (the first block, while it grows). */
function growF(a: Float64Array | undefined, n: number): Float64Array {
  const b = new Float64Array(n);
  if (a !== undefined) b.set(a);
  return b;
}

function growI(a: Int32Array | undefined, n: number): Int32Array {
  const b = new Int32Array(n);
  if (a !== undefined) b.set(a);
  return b;
}

/**
 * The next capacity of a blocked store of capacity `cap` (in items) with blocks of `1 << shift` items, the
 * first starting at `first`: the first block doubles until it is full, then whole blocks are added.
 */
function nextCapacity(cap: number, shift: number, first: number): number {
  const block = 2 ** shift;
  if (cap >= block) return cap + block;
  return Math.min(block, Math.max(2 * cap, first));
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
  /** Customers per record block as a shift, and the mask of a customer's place in its block. */
  readonly cShift: number;
  readonly cMask: number;
  /** Entries per pool block as a shift, and the mask of an entry's place in its block. */
  readonly eShift: number;
  readonly eMask: number;
  /** Capacity of `recs` in customers. */
  cap: number = 0;
  /**
   * Per customer, one record of 16 doubles, so that an order touches one or two cache lines: customer c's
   * record starts at `(c & cMask) * 16` in block `recs[c >>> cShift]`.
   */
  recs: Float64Array[] = [];
  /** The int32 fields of the records, in blocks as `recs`: customer c's start at `(c & cMask) * 6`. */
  irecs: Int32Array[] = [];
  /** Per customer: id of the first order (earliest time, ties broken by the smaller id). */
  cFirstId: string[] = [];

  private readonly segments: SegmentLabels = new SegmentLabels();
  /** Segment labels of first orders, by index (in order of first appearance). */
  readonly segLabels: string[] = this.segments.labels;

  /**
   * Pool of day-bitmap entries, 3 int32s (12 bytes) each (word index, 32-bit mask, next entry or -1), in blocks
   * (entry e at `(e & eMask) * 3` of `dBlocks[e >>> eShift]`). Lists run newest word first.
   */
  dCap: number = 0;
  dLen: number = 0;
  dBlocks: Int32Array[] = [];

  /**
   * Pool of per-period entries: 2 doubles each in `pBlocks` (gross, refunded) and 3 int32s in `iBlocks` (period,
   * next entry or -1, orders); 28 bytes an entry, in blocks as the day entries. Lists run newest period first.
   */
  pCap: number = 0;
  pLen: number = 0;
  pBlocks: Float64Array[] = [];
  iBlocks: Int32Array[] = [];

  /** Per customer with a long day list: word → its entry (see {@link WALK_LIMIT}). */
  private readonly dayIndex: Map<number, Map<number, number>> = new Map();
  /** Per customer with a long period list: period → its entry. */
  private readonly periodIndex: Map<number, Map<number, number>> = new Map();
  /** Customers whose lists took entries out of order since the last {@link CustomerRows.normalize}. */
  private readonly unsorted: Set<number> = new Set();

  /**
   * @param blockShift - the block sizes as a shift, for both the records and the pools (default: 4096 customers,
   * 32768 entries); tests make them tiny to cross block boundaries.
   */
  constructor(readonly blockShift?: number) {
    this.cShift = blockShift ?? CUSTOMER_SHIFT;
    this.eShift = blockShift ?? ENTRY_SHIFT;
    this.cMask = 2 ** this.cShift - 1;
    this.eMask = 2 ** this.eShift - 1;
  }

  get customers(): number {
    return this.ids.size;
  }

  // ---------------------------------------------------------------- blocked access

  /** Field k of customer c's record. */
  r(c: number, k: number): number {
    return (this.recs[c >>> this.cShift] as Float64Array)[(c & this.cMask) * CS + k] as number;
  }

  /** Sets field k of customer c's record. */
  private setR(c: number, k: number, v: number): void {
    (this.recs[c >>> this.cShift] as Float64Array)[(c & this.cMask) * CS + k] = v;
  }

  /** Int32 field k of customer c's record. */
  ri(c: number, k: number): number {
    return (this.irecs[c >>> this.cShift] as Int32Array)[(c & this.cMask) * CI + k] as number;
  }

  private setRi(c: number, k: number, v: number): void {
    (this.irecs[c >>> this.cShift] as Int32Array)[(c & this.cMask) * CI + k] = v;
  }

  /** Field k of day entry e. */
  d(e: number, k: number): number {
    return (this.dBlocks[e >>> this.eShift] as Int32Array)[(e & this.eMask) * DS + k] as number;
  }

  private setD(e: number, k: number, v: number): void {
    (this.dBlocks[e >>> this.eShift] as Int32Array)[(e & this.eMask) * DS + k] = v;
  }

  /** Integer field k of period entry e. */
  i(e: number, k: number): number {
    return (this.iBlocks[e >>> this.eShift] as Int32Array)[(e & this.eMask) * IS + k] as number;
  }

  private setI(e: number, k: number, v: number): void {
    (this.iBlocks[e >>> this.eShift] as Int32Array)[(e & this.eMask) * IS + k] = v;
  }

  /** Money field k of period entry e. */
  p(e: number, k: number): number {
    return (this.pBlocks[e >>> this.eShift] as Float64Array)[(e & this.eMask) * PS + k] as number;
  }

  private setP(e: number, k: number, v: number): void {
    (this.pBlocks[e >>> this.eShift] as Float64Array)[(e & this.eMask) * PS + k] = v;
  }

  // ---------------------------------------------------------------- growth

  private growCustomers(need: number): void {
    while (this.cap < need) {
      const cap = nextCapacity(this.cap, this.cShift, FIRST_CUSTOMERS);
      if (this.cap < 2 ** this.cShift) {
        this.recs[0] = growF(this.recs[0], cap * CS);
        this.irecs[0] = growI(this.irecs[0], cap * CI);
      } else {
        this.recs.push(new Float64Array((cap - this.cap) * CS));
        this.irecs.push(new Int32Array((cap - this.cap) * CI));
      }
      this.cap = cap;
    }
  }

  private newDayEntry(): number {
    if (this.dLen === this.dCap) {
      const cap = nextCapacity(this.dCap, this.eShift, FIRST_ENTRIES);
      if (this.dCap < 2 ** this.eShift) this.dBlocks[0] = growI(this.dBlocks[0], cap * DS);
      else this.dBlocks.push(new Int32Array((cap - this.dCap) * DS));
      this.dCap = cap;
    }
    return this.dLen++;
  }

  private newPeriodEntry(): number {
    if (this.pLen === this.pCap) {
      const cap = nextCapacity(this.pCap, this.eShift, FIRST_ENTRIES);
      if (this.pCap < 2 ** this.eShift) {
        this.pBlocks[0] = growF(this.pBlocks[0], cap * PS);
        this.iBlocks[0] = growI(this.iBlocks[0], cap * IS);
      } else {
        this.pBlocks.push(new Float64Array((cap - this.pCap) * PS));
        this.iBlocks.push(new Int32Array((cap - this.pCap) * IS));
      }
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
    const rec = this.recs[c >>> this.cShift] as Float64Array;
    const irec = this.irecs[c >>> this.cShift] as Int32Array;
    const b = (c & this.cMask) * CS;
    const ib = (c & this.cMask) * CI;
    rec[b + C_ORDERS] = 0;
    rec[b + C_GROSS] = 0;
    rec[b + C_REFUNDED] = 0;
    rec[b + C_FIRST_TIME] = Infinity;
    rec[b + C_LAST_TIME] = -Infinity;
    rec[b + C_FIRST_GROSS] = 0;
    rec[b + C_FIRST_REFUNDED] = 0;
    irec[ib + C_FIRST_SEG] = -1;
    irec[ib + C_FIRST_DAY] = NO_FIRST_DAY;
    irec[ib + C_LAST_DAY] = NO_LAST_DAY;
    irec[ib + C_DAYS] = 0;
    rec[b + C_FIRST_DAY_GROSS] = 0;
    rec[b + C_FIRST_DAY_REFUNDED] = 0;
    irec[ib + C_DAY_HEAD] = -1;
    irec[ib + C_PER_HEAD] = -1;
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
    let e = this.ri(c, C_DAY_HEAD);
    let steps = 0;
    while (e >= 0 && this.d(e, D_WORD) > word) {
      prev = e;
      e = this.d(e, D_NEXT);
      if (++steps > WALK_LIMIT) return this.setDaysIndexed(c, this.indexDays(c), word, mask);
    }
    if (e >= 0 && this.d(e, D_WORD) === word) return this.orDays(e, mask);
    const d = this.dayEntry(word, mask, e);
    if (prev < 0) this.setRi(c, C_DAY_HEAD, d);
    else this.setD(prev, D_NEXT, d);
    return popcount(mask);
  }

  /** ORs `mask` into day entry `e`; returns how many of its days were new. */
  private orDays(e: number, mask: number): number {
    const old = this.d(e, D_MASK);
    const fresh = mask & ~old;
    if (fresh === 0) return 0;
    this.setD(e, D_MASK, old | mask);
    return popcount(fresh);
  }

  /** A new day entry (`word`, `mask`) whose successor is entry `next`. */
  private dayEntry(word: number, mask: number, next: number): number {
    const d = this.newDayEntry();
    this.setD(d, D_WORD, word);
    this.setD(d, D_MASK, mask);
    this.setD(d, D_NEXT, next);
    return d;
  }

  /** {@link CustomerRows.setDays} through the customer's word index: a new word goes to the head, unsorted. */
  private setDaysIndexed(c: number, index: Map<number, number>, word: number, mask: number): number {
    const e = index.get(word);
    if (e !== undefined) return this.orDays(e, mask);
    const d = this.dayEntry(word, mask, this.ri(c, C_DAY_HEAD));
    this.setRi(c, C_DAY_HEAD, d);
    index.set(word, d);
    this.unsorted.add(c);
    return popcount(mask);
  }

  /** Builds customer c's word index (once: it is kept up to date from then on). */
  private indexDays(c: number): Map<number, number> {
    const index = new Map<number, number>();
    for (let e = this.ri(c, C_DAY_HEAD); e >= 0; e = this.d(e, D_NEXT)) index.set(this.d(e, D_WORD), e);
    this.dayIndex.set(c, index);
    return index;
  }

  /** Builds customer c's period index. */
  private indexPeriods(c: number): Map<number, number> {
    const index = new Map<number, number>();
    for (let e = this.ri(c, C_PER_HEAD); e >= 0; e = this.i(e, I_NEXT)) index.set(this.i(e, I_PER), e);
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
      for (let e = this.ri(c, C_DAY_HEAD); e >= 0; e = this.d(e, D_NEXT)) days.push(e);
      days.sort((x, y) => this.d(y, D_WORD) - this.d(x, D_WORD));
      for (let k = 0; k < days.length; k++) this.setD(days[k] as number, D_NEXT, k + 1 < days.length ? (days[k + 1] as number) : -1);
      this.setRi(c, C_DAY_HEAD, days.length > 0 ? (days[0] as number) : -1);
      const periods: number[] = [];
      for (let e = this.ri(c, C_PER_HEAD); e >= 0; e = this.i(e, I_NEXT)) periods.push(e);
      periods.sort((x, y) => this.i(y, I_PER) - this.i(x, I_PER));
      for (let k = 0; k < periods.length; k++) this.setI(periods[k] as number, I_NEXT, k + 1 < periods.length ? (periods[k + 1] as number) : -1);
      this.setRi(c, C_PER_HEAD, periods.length > 0 ? (periods[0] as number) : -1);
    }
    this.unsorted.clear();
  }

  /** ORs the days of `mask` into the customer's day word `word`, counting the new ones among their purchase days. */
  addDays(c: number, word: number, mask: number): void {
    this.setRi(c, C_DAYS, this.ri(c, C_DAYS) + this.setDays(c, word, mask));
  }

  /** Whether customer `c` has as many orders as a period entry counts (an int32): the core refuses another. */
  ordersFull(c: number): boolean {
    return this.r(c, C_ORDERS) >= MAX_PERIOD_ORDERS;
  }

  /** Adds (orders, gross, refunded) to the customer's entry of period `p`. */
  addToPeriod(c: number, p: number, orders: number, gross: number, refunded: number): void {
    let index = this.periodIndex.get(c);
    let e = -1;
    if (index === undefined) {
      let prev = -1;
      e = this.ri(c, C_PER_HEAD);
      let steps = 0;
      while (e >= 0 && this.i(e, I_PER) > p) {
        prev = e;
        e = this.i(e, I_NEXT);
        if (++steps > WALK_LIMIT) {
          index = this.indexPeriods(c);
          break;
        }
      }
      if (index === undefined && (e < 0 || this.i(e, I_PER) !== p)) {
        const q = this.periodEntry(p, e);
        if (prev < 0) this.setRi(c, C_PER_HEAD, q);
        else this.setI(prev, I_NEXT, q);
        e = q;
      }
    }
    if (index !== undefined) {
      // Through the period index: a new period goes to the head, unsorted.
      const found = index.get(p);
      if (found !== undefined) {
        e = found;
      } else {
        const q = this.periodEntry(p, this.ri(c, C_PER_HEAD));
        this.setRi(c, C_PER_HEAD, q);
        index.set(p, q);
        this.unsorted.add(c);
        e = q;
      }
    }
    const count = this.i(e, I_COUNT) + orders;
    if (count > MAX_PERIOD_ORDERS) throw argumentError("b", `gives a customer more than ${MAX_PERIOD_ORDERS} orders in one period`, count, "Split the orders over more accumulators.", "INVALID_STATE");
    this.setI(e, I_COUNT, count);
    this.setP(e, P_GROSS, this.p(e, P_GROSS) + gross);
    this.setP(e, P_REFUNDED, this.p(e, P_REFUNDED) + refunded);
  }

  /** A new, empty entry of period `p` whose successor is entry `next`. */
  private periodEntry(p: number, next: number): number {
    const q = this.newPeriodEntry();
    this.setI(q, I_PER, p);
    this.setI(q, I_COUNT, 0);
    this.setP(q, P_GROSS, 0);
    this.setP(q, P_REFUNDED, 0);
    this.setI(q, I_NEXT, next);
    return q;
  }

  /** Records a first-order candidate; keeps the earliest (ties: the smaller order id). */
  private offerFirst(c: number, t: number, id: string, gross: number, refunded: number, seg: number): void {
    const tf = this.r(c, C_FIRST_TIME);
    if (t < tf || (t === tf && id < (this.cFirstId[c] as string))) {
      this.setR(c, C_FIRST_TIME, t);
      this.cFirstId[c] = ownCopy(id);
      this.setR(c, C_FIRST_GROSS, gross);
      this.setR(c, C_FIRST_REFUNDED, refunded);
      this.setRi(c, C_FIRST_SEG, seg);
    }
  }

  /** Records orders of value (gross, refunded) on local day `day` for the first-purchase-day facts. */
  private offerDay(c: number, day: number, gross: number, refunded: number): void {
    const fd = this.ri(c, C_FIRST_DAY);
    if (day < fd) {
      this.setRi(c, C_FIRST_DAY, day);
      this.setR(c, C_FIRST_DAY_GROSS, gross);
      this.setR(c, C_FIRST_DAY_REFUNDED, refunded);
    } else if (day === fd) {
      this.setR(c, C_FIRST_DAY_GROSS, this.r(c, C_FIRST_DAY_GROSS) + gross);
      this.setR(c, C_FIRST_DAY_REFUNDED, this.r(c, C_FIRST_DAY_REFUNDED) + refunded);
    }
    if (day > this.ri(c, C_LAST_DAY)) this.setRi(c, C_LAST_DAY, day);
  }

  /** Multiplies every stored amount by 10^(to − scale). */
  rescale(to: number): void {
    const f = pow10(to - this.scale);
    const C = this.ids.size;
    for (let c = 0; c < C; c++) for (const k of MONEY_FIELDS) this.setR(c, k, this.r(c, k) * f);
    for (let e = 0; e < this.pLen; e++) {
      this.setP(e, P_GROSS, this.p(e, P_GROSS) * f);
      this.setP(e, P_REFUNDED, this.p(e, P_REFUNDED) * f);
    }
    this.maxUnits *= f;
    this.scale = to;
    this.version++;
  }

  /** Whether adding `g` minor units at `scale` (≥ the rows' scale) to existing customer `c`'s gross leaves the safe integers. */
  protected grossOverflows(c: number, scale: number, g: number): boolean {
    return this.r(c, C_GROSS) * pow10(scale - this.scale) + g > Number.MAX_SAFE_INTEGER;
  }

  /**
   * Folds one validated order of customer `c` (set up) into its record: placed at `t` (local day `day`, period
   * `p`), with id `orderId`, gross `g` and refund `rf` minor units at the rows' scale, first-order segment `seg`.
   */
  protected fold(c: number, t: number, orderId: string, day: number, p: number, g: number, rf: number, seg: number): void {
    const rec = this.recs[c >>> this.cShift] as Float64Array;
    const irec = this.irecs[c >>> this.cShift] as Int32Array;
    const b = (c & this.cMask) * CS;
    const ib = (c & this.cMask) * CI;
    rec[b + C_ORDERS] = (rec[b + C_ORDERS] as number) + 1;
    const sum = (rec[b + C_GROSS] as number) + g;
    rec[b + C_GROSS] = sum;
    if (sum > this.maxUnits) this.maxUnits = sum;
    rec[b + C_REFUNDED] = (rec[b + C_REFUNDED] as number) + rf;
    const tf = rec[b + C_FIRST_TIME] as number;
    if (t <= tf) this.offerFirst(c, t, orderId, g, rf, seg);
    if (t > (rec[b + C_LAST_TIME] as number)) rec[b + C_LAST_TIME] = t;
    if (day <= (irec[ib + C_FIRST_DAY] as number)) this.offerDay(c, day, g, rf);
    if (day > (irec[ib + C_LAST_DAY] as number)) irec[ib + C_LAST_DAY] = day;
    const word = Math.floor(day / 32);
    const bit = 1 << (day - word * 32);
    const h = irec[ib + C_DAY_HEAD] as number;
    const dpool = h >= 0 ? (this.dBlocks[h >>> this.eShift] as Int32Array) : null;
    const dh = (h & this.eMask) * DS;
    if (dpool !== null && dpool[dh + D_WORD] === word) {
      const old = dpool[dh + D_MASK] as number;
      if ((old & bit) === 0) {
        dpool[dh + D_MASK] = old | bit;
        irec[ib + C_DAYS] = (irec[ib + C_DAYS] as number) + 1;
      }
    } else {
      irec[ib + C_DAYS] = (irec[ib + C_DAYS] as number) + this.setDays(c, word, bit);
    }
    const ph = irec[ib + C_PER_HEAD] as number;
    const ipool = ph >= 0 ? (this.iBlocks[ph >>> this.eShift] as Int32Array) : null;
    const pe = ph & this.eMask;
    if (ipool !== null && ipool[pe * IS + I_PER] === p) {
      const pool = this.pBlocks[ph >>> this.eShift] as Float64Array;
      const q = pe * PS;
      // At most MAX_PERIOD_ORDERS: the core refuses an order of a customer who has that many (ordersFull).
      ipool[pe * IS + I_COUNT] = (ipool[pe * IS + I_COUNT] as number) + 1;
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
      const gross = this.r(c, C_GROSS) + b.r(cb, C_GROSS) * fb;
      if (gross > Number.MAX_SAFE_INTEGER) {
        throw argumentError("b", `brings customer ${JSON.stringify(b.ids.keys[cb])} past 9 quadrillion minor units`, b.ids.keys[cb], "Check the amounts.", "INVALID_AMOUNT");
      }
      this.setR(c, C_ORDERS, this.r(c, C_ORDERS) + b.r(cb, C_ORDERS));
      this.setR(c, C_GROSS, gross);
      if (gross > this.maxUnits) this.maxUnits = gross;
      this.setR(c, C_REFUNDED, this.r(c, C_REFUNDED) + b.r(cb, C_REFUNDED) * fb);
      const seg = b.ri(cb, C_FIRST_SEG);
      this.offerFirst(c, b.r(cb, C_FIRST_TIME), b.cFirstId[cb] as string, b.r(cb, C_FIRST_GROSS) * fb, b.r(cb, C_FIRST_REFUNDED) * fb, seg < 0 ? -1 : (segMap[seg] as number));
      if (b.r(cb, C_LAST_TIME) > this.r(c, C_LAST_TIME)) this.setR(c, C_LAST_TIME, b.r(cb, C_LAST_TIME));
      this.offerDay(c, b.ri(cb, C_FIRST_DAY), b.r(cb, C_FIRST_DAY_GROSS) * fb, b.r(cb, C_FIRST_DAY_REFUNDED) * fb);
      if (b.ri(cb, C_LAST_DAY) > this.ri(c, C_LAST_DAY)) this.setRi(c, C_LAST_DAY, b.ri(cb, C_LAST_DAY));
      for (let e = b.ri(cb, C_DAY_HEAD); e >= 0; e = b.d(e, D_NEXT)) {
        this.addDays(c, b.d(e, D_WORD), b.d(e, D_MASK));
      }
      for (let e = b.ri(cb, C_PER_HEAD); e >= 0; e = b.i(e, I_NEXT)) {
        this.addToPeriod(c, b.i(e, I_PER), b.i(e, I_COUNT), b.p(e, P_GROSS) * fb, b.p(e, P_REFUNDED) * fb);
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
    this.recs = src.recs.map((block) => block.slice());
    this.irecs = src.irecs.map((block) => block.slice());
    this.cFirstId = src.cFirstId.slice();
    for (const label of src.segLabels) this.segmentIndex(label);
    this.dCap = src.dCap;
    this.dLen = src.dLen;
    this.dBlocks = src.dBlocks.map((block) => block.slice());
    this.pCap = src.pCap;
    this.pLen = src.pLen;
    this.pBlocks = src.pBlocks.map((block) => block.slice());
    this.iBlocks = src.iBlocks.map((block) => block.slice());
  }

  /**
   * Writes the scalar fields of (new) customer `c`'s record, read from a state, and its first order id; its
   * purchase days and periods follow with {@link CustomerRows.addDays} and {@link CustomerRows.addToPeriod}.
   */
  restoreRecord(c: number, r: CustomerRecord, firstOrderId: string): void {
    const rec = this.recs[c >>> this.cShift] as Float64Array;
    const irec = this.irecs[c >>> this.cShift] as Int32Array;
    const b = (c & this.cMask) * CS;
    const ib = (c & this.cMask) * CI;
    rec[b + C_ORDERS] = r.orders;
    rec[b + C_GROSS] = r.gross;
    if (r.gross > this.maxUnits) this.maxUnits = r.gross;
    rec[b + C_REFUNDED] = r.refunded;
    rec[b + C_FIRST_TIME] = r.firstTime;
    rec[b + C_LAST_TIME] = r.lastTime;
    this.cFirstId[c] = firstOrderId;
    rec[b + C_FIRST_GROSS] = r.firstGross;
    rec[b + C_FIRST_REFUNDED] = r.firstRefunded;
    irec[ib + C_FIRST_SEG] = r.firstSegment;
    irec[ib + C_FIRST_DAY] = r.firstDay;
    irec[ib + C_LAST_DAY] = r.lastDay;
    rec[b + C_FIRST_DAY_GROSS] = r.firstDayGross;
    rec[b + C_FIRST_DAY_REFUNDED] = r.firstDayRefunded;
  }

  /**
   * Appends a day-bitmap entry (word, mask ≠ 0) to (new) customer `c`'s list after entry `prev` (−1: as its
   * head), counting its days; returns the entry. For restoring a state, whose entries come newest first, in O(1).
   */
  restoreDay(c: number, prev: number, word: number, mask: number): number {
    const d = this.newDayEntry();
    this.setD(d, D_WORD, word);
    this.setD(d, D_MASK, mask);
    this.setD(d, D_NEXT, -1);
    if (prev < 0) this.setRi(c, C_DAY_HEAD, d);
    else this.setD(prev, D_NEXT, d);
    this.setRi(c, C_DAYS, this.ri(c, C_DAYS) + popcount(mask));
    return d;
  }

  /** Appends a period entry to (new) customer `c`'s list after entry `prev` (−1: as its head); see {@link CustomerRows.restoreDay}. */
  restorePeriod(c: number, prev: number, p: number, orders: number, gross: number, refunded: number): number {
    const q = this.newPeriodEntry();
    this.setI(q, I_PER, p);
    this.setI(q, I_NEXT, -1);
    this.setI(q, I_COUNT, orders);
    this.setP(q, P_GROSS, gross);
    this.setP(q, P_REFUNDED, refunded);
    if (prev < 0) this.setRi(c, C_PER_HEAD, q);
    else this.setI(prev, I_NEXT, q);
    return q;
  }
}

// ---------------------------------------------------------------- readers

/** Reads customer c's record into `out`. */
export function readRecord(rows: CustomerRows, c: number, out: CustomerRecord): CustomerRecord {
  const rec = rows.recs[c >>> rows.cShift] as Float64Array;
  const irec = rows.irecs[c >>> rows.cShift] as Int32Array;
  const b = (c & rows.cMask) * CS;
  const ib = (c & rows.cMask) * CI;
  out.orders = rec[b + C_ORDERS] as number;
  out.gross = rec[b + C_GROSS] as number;
  out.refunded = rec[b + C_REFUNDED] as number;
  out.firstTime = rec[b + C_FIRST_TIME] as number;
  out.lastTime = rec[b + C_LAST_TIME] as number;
  out.firstGross = rec[b + C_FIRST_GROSS] as number;
  out.firstRefunded = rec[b + C_FIRST_REFUNDED] as number;
  out.firstSegment = irec[ib + C_FIRST_SEG] as number;
  out.firstDay = irec[ib + C_FIRST_DAY] as number;
  out.lastDay = irec[ib + C_LAST_DAY] as number;
  out.firstDayGross = rec[b + C_FIRST_DAY_GROSS] as number;
  out.firstDayRefunded = rec[b + C_FIRST_DAY_REFUNDED] as number;
  out.purchaseDays = irec[ib + C_DAYS] as number;
  return out;
}

/** A zeroed {@link CustomerRecord}, to read or restore records through. */
export function emptyRecord(): CustomerRecord {
  return { orders: 0, gross: 0, refunded: 0, firstTime: 0, lastTime: 0, firstGross: 0, firstRefunded: 0, firstSegment: -1, firstDay: 0, lastDay: 0, firstDayGross: 0, firstDayRefunded: 0, purchaseDays: 0 };
}

// Customer c's fields, from the rows' records; small enough to be inlined into the views' loops.

/** Orders of customer c. */
export function ordersOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_ORDERS] as number;
}
/** Gross sum of customer c (minor units). */
export function grossOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_GROSS] as number;
}
/** Refunded sum of customer c (minor units). */
export function refundedOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_REFUNDED] as number;
}
/** Epoch ms of customer c's first order. */
export function firstTimeOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_FIRST_TIME] as number;
}
/** Epoch ms of customer c's last order. */
export function lastTimeOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_LAST_TIME] as number;
}
/** Gross of customer c's first order (minor units). */
export function firstGrossOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_FIRST_GROSS] as number;
}
/** Refund of customer c's first order (minor units). */
export function firstRefundedOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_FIRST_REFUNDED] as number;
}
/** Segment index of customer c's first order, or -1. */
export function firstSegmentOf(rows: CustomerRows, c: number): number {
  return (rows.irecs[c >>> rows.cShift] as Int32Array)[(c & rows.cMask) * CI + C_FIRST_SEG] as number;
}
/** Local day number of customer c's first purchase day. */
export function firstDayOf(rows: CustomerRows, c: number): number {
  return (rows.irecs[c >>> rows.cShift] as Int32Array)[(c & rows.cMask) * CI + C_FIRST_DAY] as number;
}
/** Local day number of customer c's last purchase day. */
export function lastDayOf(rows: CustomerRows, c: number): number {
  return (rows.irecs[c >>> rows.cShift] as Int32Array)[(c & rows.cMask) * CI + C_LAST_DAY] as number;
}
/** Distinct purchase days of customer c. */
export function purchaseDaysOf(rows: CustomerRows, c: number): number {
  return (rows.irecs[c >>> rows.cShift] as Int32Array)[(c & rows.cMask) * CI + C_DAYS] as number;
}
/** Gross of customer c's orders on their first purchase day (minor units). */
export function firstDayGrossOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_FIRST_DAY_GROSS] as number;
}
/** Refunds of customer c's orders on their first purchase day (minor units). */
export function firstDayRefundedOf(rows: CustomerRows, c: number): number {
  return (rows.recs[c >>> rows.cShift] as Float64Array)[(c & rows.cMask) * CS + C_FIRST_DAY_REFUNDED] as number;
}

// Lists: walk `for (let e = dayList(rows, c); e >= 0; e = nextDay(rows, e))`, newest entry first.

/** First entry of customer c's day-bitmap list, or -1. */
export function dayList(rows: CustomerRows, c: number): number {
  return (rows.irecs[c >>> rows.cShift] as Int32Array)[(c & rows.cMask) * CI + C_DAY_HEAD] as number;
}
/** The entry after day-bitmap entry e, or -1. */
export function nextDay(rows: CustomerRows, e: number): number {
  return rows.d(e, D_NEXT);
}
/** Word index of day-bitmap entry e (days 32·word … 32·word + 31). */
export function dayWord(rows: CustomerRows, e: number): number {
  return rows.d(e, D_WORD);
}
/** Mask of day-bitmap entry e (bit k: day 32·word + k), a signed 32-bit integer. */
export function dayMask(rows: CustomerRows, e: number): number {
  return rows.d(e, D_MASK);
}
/** First entry of customer c's period list, or -1. */
export function periodList(rows: CustomerRows, c: number): number {
  return (rows.irecs[c >>> rows.cShift] as Int32Array)[(c & rows.cMask) * CI + C_PER_HEAD] as number;
}
/** The entry after period entry e, or -1. */
export function nextPeriod(rows: CustomerRows, e: number): number {
  return rows.i(e, I_NEXT);
}
/** Period index of period entry e. */
export function periodOf(rows: CustomerRows, e: number): number {
  return rows.i(e, I_PER);
}
/** Orders of period entry e. */
export function periodOrders(rows: CustomerRows, e: number): number {
  return rows.i(e, I_COUNT);
}
/** Gross of period entry e (minor units). */
export function periodGross(rows: CustomerRows, e: number): number {
  return rows.p(e, P_GROSS);
}
/** Refunds of period entry e (minor units). */
export function periodRefunded(rows: CustomerRows, e: number): number {
  return rows.p(e, P_REFUNDED);
}
