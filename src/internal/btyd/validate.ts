import { unitDays } from "../time/timeUnit.js";
import { Decimal } from "decimal.js";
import { argumentError, optionError, recordError } from "../fail.js";

const NOUN = "customer";

/** Continuous-time histories as parallel arrays. */
export interface RfmData {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly w: Float64Array;
  readonly totalWeight: number;
  readonly maxT: number;
  /** Distinct frequencies, and for each record the index of its frequency in that list. */
  readonly xValues: readonly number[];
  readonly xIndex: Int32Array;
  /** Number of input records (rows are distinct histories; equal ones are merged with summed weights). */
  readonly records: number;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readRecord(rec: unknown, i: number): Record<string, unknown> {
  if (!isObject(rec)) {
    throw recordError("INVALID_RECORD", i, "record", "is not an object", rec, "Pass one plain object per customer.", NOUN);
  }
  return rec;
}

export function readWeight(rec: Record<string, unknown>, i: number): number {
  const w = rec["weight"];
  if (w === undefined) return 1;
  if (typeof w !== "number" || !Number.isFinite(w) || w <= 0) {
    throw recordError("INVALID_ARGUMENT", i, "weight", "must be a finite number above 0", w, "Use the number of customers sharing this history, or leave it out.", NOUN);
  }
  return w;
}

function readFrequency(rec: Record<string, unknown>, i: number): number {
  const x = rec["frequency"];
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) {
    throw recordError("INVALID_ARGUMENT", i, "frequency", "must be a non-negative integer count of repeat purchases", x, "Count purchases after the first one.", NOUN);
  }
  return x;
}

function readTime(rec: Record<string, unknown>, i: number, field: string): number {
  const v = rec[field];
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw recordError("INVALID_ARGUMENT", i, field, "must be a finite number of time units, at least 0", v, "Measure times from the customer's first purchase.", NOUN);
  }
  return v;
}

/** Validate one continuous-time history; returns [x, t_x, T]. */
export function readRfm(rec: unknown, i: number): [number, number, number] {
  const r = readRecord(rec, i);
  const x = readFrequency(r, i);
  const tx = readTime(r, i, "recency");
  const T = readTime(r, i, "T");
  if (tx > T) {
    throw recordError("INVALID_ARGUMENT", i, "recency", `must not exceed T (${T})`, tx, "Recency is the age at the last purchase, so it cannot be larger than the age T.", NOUN);
  }
  if (x === 0 && tx !== 0) {
    throw recordError("INVALID_ARGUMENT", i, "recency", "must be 0 when frequency is 0", tx, "A customer without repeat purchases has recency 0.", NOUN);
  }
  return [x, tx, T];
}

// Scratch for hashing doubles by their bits (transient: no state survives a call).
const hashBits = new Float64Array(1);
const hashWords = new Uint32Array(hashBits.buffer);
function mixDouble(h: number, v: number): number {
  hashBits[0] = v;
  h = Math.imul(h ^ (hashWords[0] as number), 0x85ebca6b);
  h = Math.imul(h ^ (hashWords[1] as number), 0xc2b2ae35);
  return h ^ (h >>> 13);
}

/**
 * The distinct histories (a, b, c) of a fit's records in first-seen order, each with its summed weight: an
 * open-addressing table over typed arrays, so merging a million records builds no string or boxed key per record.
 * −0 and 0 are one value.
 */
class HistoryRows {
  n = 0;
  a: Float64Array = new Float64Array(64);
  b: Float64Array = new Float64Array(64);
  c: Float64Array = new Float64Array(64);
  w: Float64Array = new Float64Array(64);
  private slots = new Int32Array(128).fill(-1);

  add(a: number, b: number, c: number, weight: number): void {
    a += 0;
    b += 0;
    c += 0;
    const mask = this.slots.length - 1;
    let i = mixDouble(mixDouble(mixDouble(0x9e3779b1, a), b), c) & mask;
    for (;;) {
      const k = this.slots[i] as number;
      if (k < 0) break;
      if (this.a[k] === a && this.b[k] === b && this.c[k] === c) {
        this.w[k] = (this.w[k] as number) + weight;
        return;
      }
      i = (i + 1) & mask;
    }
    const k = this.n++;
    if (k === this.a.length) this.grow();
    this.a[k] = a;
    this.b[k] = b;
    this.c[k] = c;
    this.w[k] = weight;
    if (2 * this.n > this.slots.length) this.rehash();
    else this.slots[i] = k;
  }

  private grow(): void {
    const size = this.a.length * 2;
    const copy = (v: Float64Array): Float64Array => {
      const out = new Float64Array(size);
      out.set(v);
      return out;
    };
    this.a = copy(this.a);
    this.b = copy(this.b);
    this.c = copy(this.c);
    this.w = copy(this.w);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let k = 0; k < this.n; k++) {
      let i = mixDouble(mixDouble(mixDouble(0x9e3779b1, this.a[k] as number), this.b[k] as number), this.c[k] as number) & mask;
      while ((slots[i] as number) >= 0) i = (i + 1) & mask;
      slots[i] = k;
    }
    this.slots = slots;
  }
}

/**
 * Validate and pack continuous-time histories for fitting. Records with the same (x, t_x, T) are merged
 * into one row whose weight is the sum of theirs (the likelihood is the same; each evaluation then costs
 * one term per distinct history). `records` is the number of input records.
 */
export function packRfm(records: unknown, argName: string): RfmData {
  if (!Array.isArray(records)) {
    throw argumentError(argName, "must be an array of customer records", records, "Pass { frequency, recency, T } per customer.");
  }
  const len = records.length;
  const rows = new HistoryRows();
  let totalWeight = 0;
  let maxT = 0;
  for (let i = 0; i < len; i++) {
    const rec: unknown = records[i];
    const [xi, txi, Ti] = readRfm(rec, i);
    const wi = readWeight(rec as Record<string, unknown>, i);
    totalWeight += wi;
    maxT = Math.max(maxT, Ti);
    rows.add(xi, txi, Ti, wi);
  }
  const n = rows.n;
  const xs = rows.a.subarray(0, n);
  const txs = rows.b.subarray(0, n);
  const Ts = rows.c.subarray(0, n);
  const ws = rows.w.subarray(0, n);
  const xIndex = new Int32Array(n);
  const xPos = new Map<number, number>();
  const xValues: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = xs[i] ?? 0;
    let pos = xPos.get(xi);
    if (pos === undefined) {
      pos = xValues.length;
      xValues.push(xi);
      xPos.set(xi, pos);
    }
    xIndex[i] = pos;
  }
  return { x: Float64Array.from(xs), tx: Float64Array.from(txs), T: Float64Array.from(Ts), w: Float64Array.from(ws), totalWeight, maxT, xValues, xIndex, records: len };
}

/**
 * Most transaction opportunities a BG/BB history (`periods`) or horizon (`t`) may have (100,000). The
 * model is built for a handful to a few hundred (yearly drives, weekly events); its sums cost one
 * multiplication per opportunity, so this bound keeps every call to about a millisecond per customer.
 */
export const MAX_OPPORTUNITIES = 100_000;

/** Validate one BG/BB history; returns [x, t_x, n]. */
export function readDiscrete(rec: unknown, i: number): [number, number, number] {
  const r = readRecord(rec, i);
  const x = readFrequency(r, i);
  const tx = r["recency"];
  const n = r["periods"];
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) {
    throw recordError("INVALID_ARGUMENT", i, "periods", "must be a positive integer number of transaction opportunities", n, "Count the opportunities after the first purchase.", NOUN);
  }
  if (n > MAX_OPPORTUNITIES) {
    throw recordError("INVALID_ARGUMENT", i, "periods", `must be at most ${MAX_OPPORTUNITIES} transaction opportunities`, n, "BG/BB is for a modest number of discrete opportunities; for a long continuous history use BG/NBD or Pareto/NBD.", NOUN);
  }
  if (typeof tx !== "number" || !Number.isSafeInteger(tx) || tx < x || tx > n || (x === 0 && tx !== 0)) {
    throw recordError("INVALID_ARGUMENT", i, "recency", `must be an integer with frequency ≤ recency ≤ periods (${x} ≤ t_x ≤ ${n}), and 0 when frequency is 0`, tx, "Use the index of the last opportunity with a purchase.", NOUN);
  }
  if (x > n) {
    throw recordError("INVALID_ARGUMENT", i, "frequency", `must not exceed periods (${n})`, x, "At most one purchase per opportunity.", NOUN);
  }
  return [x, tx, n];
}

/** Packed BG/BB histories. */
export interface DiscreteData {
  readonly x: Int32Array;
  readonly tx: Int32Array;
  readonly n: Int32Array;
  readonly w: Float64Array;
  readonly totalWeight: number;
  /** Number of input records (rows are distinct patterns; equal ones are merged with summed weights). */
  readonly records: number;
}

export function packDiscrete(records: unknown, argName: string): DiscreteData {
  if (!Array.isArray(records)) {
    throw argumentError(argName, "must be an array of customer records", records, "Pass { frequency, recency, periods } per customer.");
  }
  const len = records.length;
  const rows = new HistoryRows();
  let totalWeight = 0;
  for (let i = 0; i < len; i++) {
    const rec: unknown = records[i];
    const [xi, txi, ni] = readDiscrete(rec, i);
    const wi = readWeight(rec as Record<string, unknown>, i);
    totalWeight += wi;
    rows.add(xi, txi, ni, wi);
  }
  const n = rows.n;
  return { x: Int32Array.from(rows.a.subarray(0, n)), tx: Int32Array.from(rows.b.subarray(0, n)), n: Int32Array.from(rows.c.subarray(0, n)), w: rows.w.slice(0, n), totalWeight, records: len };
}

/** Read a monetary value as a finite float in currency units. */
export function readMoney(value: unknown, i: number, field: string): number {
  let v: number;
  if (typeof value === "number") v = value;
  else if (typeof value === "string" && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) v = Number(value);
  else if (Decimal.isDecimal(value)) v = (value as Decimal).toNumber();
  else v = Number.NaN;
  if (!Number.isFinite(v)) {
    throw recordError("INVALID_ARGUMENT", i, field, "must be a finite decimal amount", value, "Pass a number, a decimal string or a Decimal.", NOUN);
  }
  return v;
}

/** Packed Gamma-Gamma data (only customers with x > 0 and z̄ > 0). */
export interface SpendData {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly w: Float64Array;
  readonly totalWeight: number;
  readonly records: number;
}

export function readSpend(rec: unknown, i: number): [number, number, number] {
  const r = readRecord(rec, i);
  const x = readFrequency(r, i);
  const m = readMoney(r["monetaryValue"], i, "monetaryValue");
  if (m < 0) {
    throw recordError("INVALID_ARGUMENT", i, "monetaryValue", "must not be negative", r["monetaryValue"], "Use the mean value of the repeat purchases.", NOUN);
  }
  return [x, m, readWeight(r, i)];
}

export function packSpend(records: unknown, argName: string): SpendData {
  if (!Array.isArray(records)) {
    throw argumentError(argName, "must be an array of customer records", records, "Pass { frequency, monetaryValue } per customer.");
  }
  const xs: number[] = [];
  const ms: number[] = [];
  const ws: number[] = [];
  let totalWeight = 0;
  for (let i = 0; i < records.length; i++) {
    const [x, m, w] = readSpend(records[i], i);
    if (x > 0 && m > 0) {
      xs.push(x);
      ms.push(m);
      ws.push(w);
      totalWeight += w;
    }
  }
  return { x: Float64Array.from(xs), m: Float64Array.from(ms), w: Float64Array.from(ws), totalWeight, records: xs.length };
}

/** Read a non-negative finite number option with a default. */
export function readNonNegativeOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw optionError(name, "must be a finite number ≥ 0", value, "Leave it out for the default.");
  }
  return value;
}

/** Read a positive integer option with a default. */
export function readPositiveIntegerOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw optionError(name, "must be a positive integer", value, "Leave it out for the default.");
  }
  return value;
}

/** Days in one model time unit; the unit is required (no default), because guessing it is the classic CLV unit bug. */
export function readTimeUnitDays(value: unknown, name: string): number {
  if (value === undefined) {
    throw optionError(name, "is required", value, 'Give the time unit the model was fitted in: "day", "week" or a number of days; guessing it is the classic CLV unit bug.');
  }
  return unitDays(value);
}

/** Validate a non-negative finite time argument. */
export function readTimeArgument(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw argumentError(name, "must be a finite number of time units, at least 0", value, "Use the model's time unit.");
  }
  return value;
}

/**
 * Longest prediction horizon, in days: 10,000,000 days (about 27,000 years). Past it the continuous-time
 * formulas reach the end of double precision (t/(α+t) rounds to 1 and ₂F₁ has no value there), and no
 * customer question needs it.
 */
export const MAX_HORIZON_DAYS = 10_000_000;

/** A horizon `t` in the caller's unit (`days` days each): at most {@link MAX_HORIZON_DAYS}. */
export function checkHorizon(t: number, days: number, name: string): void {
  if (t * days > MAX_HORIZON_DAYS) {
    throw argumentError(name, `must be at most ${MAX_HORIZON_DAYS.toLocaleString("en-US")} days (about 27,000 years) in its unit`, t, "Predict over a horizon a business can act on; the models are not defined beyond double precision.");
  }
}

/** A BG/BB horizon: a whole number of opportunities, at most {@link MAX_OPPORTUNITIES}. */
export function readOpportunities(time: number, raw: unknown, name: string): number {
  if (!Number.isSafeInteger(time)) throw argumentError(name, "must be a whole number of transaction opportunities for BG/BB", raw, "Round to whole periods.");
  if (time > MAX_OPPORTUNITIES) {
    throw argumentError(name, `must be at most ${MAX_OPPORTUNITIES} transaction opportunities for BG/BB`, raw, "BG/BB is for a modest number of discrete opportunities.");
  }
  return time;
}
