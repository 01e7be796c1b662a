import type { ArrowTableLike, ArrowVectorLike, OrderColumnName, OrderColumnsInput } from "../../core/types.js";
import { argumentError, recordError } from "../fail.js";
import { EARLIEST_ORDER_TIME, earliestDateOption, earlyDateError, inOrderYears, instantToMs, LATEST_ORDER_TIME, newParseState, outOfYearsError, type InstantParseState } from "../time/instant.js";
import type { ZoneCalendar } from "../time/zone.js";
import { convertAmount, rateFor, type ExchangeTable } from "../money/exchange.js";
import { repeatRows, type OrderColumns } from "./columns.js";
import { NumberTable } from "./numberTable.js";
import { OrderBook } from "./OrderBook.js";
import {
  badCustomerId,
  badOrderId,
  customerIdOf,
  duplicateOrderId,
  negativeCost,
  negativeRefund,
  negativeTotal,
  orderIdOf,
  refundBeforeOrder,
  refundExceedsTotal,
} from "./orderRecord.js";
import { SegmentLabels } from "./segments.js";
import { StringTable } from "./stringTable.js";
import { ScratchPool } from "./scratch.js";

/** The options of `prepareOrderColumns` after its own checks (`earliestDate` is read here, raw). */
export interface ColumnsBookOptions {
  zone: ZoneCalendar;
  scale: number;
  currency: string | null;
  names: Partial<Record<OrderColumnName, string>>;
  earliestDate: unknown;
  /**
   * How the times of `placedAt` were written, when it holds epoch milliseconds read from text by the caller (the
   * order readers): then the book's `sawWallClock` and `dateOnly` are these, as if the text had been read here.
   */
  timesFromText?: { sawWallClock: boolean; dateOnly: boolean };
  /** Rates converting every amount from `currency` to the table's reporting currency (src/internal/money/exchange.ts). */
  exchange?: ExchangeTable | null;
  /**
   * The customers already interned by the caller (the order readers): each order's dense customer index and the
   * (non-empty) ids in order of first appearance, as mapCustomers would make them from the ids; `customerId` is
   * then not read.
   */
  customerKeys?: { customer: Int32Array; ids: string[] };
  /** The caller has checked that the `orderId` column holds distinct non-empty strings (the readers' repeated-id check). */
  distinctOrderIds?: boolean;
}

/** Largest instant a Date can hold (±8.64e15 ms). */
const MAX_INSTANT = 8.64e15;
/** Arrow `Type` ids (stable across apache-arrow versions). */
const ARROW_DICTIONARY = -1;
const ARROW_DECIMAL = 7;
const ARROW_DATE = 8;
const ARROW_TIMESTAMP = 10;

/** A column after reading: plain numbers, bigints, any values, or an Arrow dictionary (codes + values per chunk). */
type Col =
  | { kind: "num"; v: ArrayLike<number>; unit: number }
  | { kind: "big"; v: BigInt64Array | BigUint64Array; unit: number }
  | { kind: "values"; v: ArrayLike<unknown> }
  | { kind: "dict"; chunks: { codes: ArrayLike<number>; values: ArrayLike<unknown> }[]; length: number };

/** Unit multipliers to milliseconds: > 0 multiplies, < 0 divides by its magnitude (flooring). */
const UNIT_MS = [1000, 1, -1000, -1_000_000];

function columnError(name: string, problem: string, got: unknown, hint: string): Error {
  return argumentError(`columns.${name}`, problem, got, hint, "INVALID_COLUMN");
}

function isVector(value: unknown): value is ArrowVectorLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ArrowVectorLike).toArray === "function" &&
    typeof (value as ArrowVectorLike).get === "function" &&
    typeof (value as ArrowVectorLike).length === "number"
  );
}

function isTable(value: unknown): value is ArrowTableLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ArrowTableLike).numRows === "number" &&
    typeof (value as ArrowTableLike).getChild === "function"
  );
}

function lengthOf(col: Col): number {
  return col.kind === "dict" ? col.length : col.v.length;
}

/** Reads an array, typed array or Arrow vector into a {@link Col}. */
function readColumn(value: unknown, name: string): Col {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (typeof value[i] !== "number") return { kind: "values", v: value };
    return { kind: "num", v: value as number[], unit: 1 };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    if (value instanceof BigInt64Array || value instanceof BigUint64Array) return { kind: "big", v: value, unit: 1 };
    return { kind: "num", v: value as unknown as ArrayLike<number>, unit: 1 };
  }
  if (isVector(value)) return readVector(value, name);
  throw columnError(name, "is not an array, a typed array or an Arrow vector", value, "Give every column one value per order.");
}

function rowByRow(v: ArrowVectorLike): Col {
  const out = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v.get(i);
  return { kind: "values", v: out };
}

function readVector(v: ArrowVectorLike, name: string): Col {
  const type = (typeof v.type === "object" && v.type !== null ? v.type : {}) as { typeId?: unknown; unit?: unknown };
  const typeId = type.typeId;
  if (typeId === ARROW_DECIMAL) {
    throw columnError(
      name,
      "is an Arrow decimal column, which is not read",
      String(v.type),
      "Cast it to integer minor units first (CAST(total * 100 AS BIGINT)), or read it with prepareOrders.",
    );
  }
  // Nulls: toArray() would give zeros for them; get(i) gives null (and converted timestamps).
  if (typeof v.nullCount === "number" && v.nullCount > 0) return rowByRow(v);
  if (typeId === ARROW_DICTIONARY) {
    const chunks = (v as unknown as { data?: unknown }).data;
    if (Array.isArray(chunks)) {
      const out: { codes: ArrayLike<number>; values: ArrayLike<unknown> }[] = [];
      let length = 0;
      let ok = true;
      for (const d of chunks as { length?: unknown; values?: unknown; dictionary?: unknown }[]) {
        if (typeof d.length !== "number" || !ArrayBuffer.isView(d.values) || !isVector(d.dictionary)) {
          ok = false;
          break;
        }
        const values = d.dictionary.toArray();
        if (!Array.isArray(values)) {
          ok = false;
          break;
        }
        out.push({ codes: (d.values as unknown as Int32Array).subarray(0, d.length), values });
        length += d.length;
      }
      if (ok && length === v.length) return { kind: "dict", chunks: out, length };
    }
  }
  if (typeId === ARROW_DATE) {
    const arr = v.toArray();
    return Array.isArray(arr) && arr.length === v.length ? readColumn(arr, name) : rowByRow(v);
  }
  const arr = v.toArray();
  if (!(Array.isArray(arr) || ArrayBuffer.isView(arr)) || (arr as ArrayLike<unknown>).length !== v.length) return rowByRow(v);
  const col = readColumn(arr, name);
  if (typeId === ARROW_TIMESTAMP && (col.kind === "num" || col.kind === "big")) {
    const unit = typeof type.unit === "number" ? UNIT_MS[type.unit] : undefined;
    if (unit === undefined) return rowByRow(v);
    col.unit = unit;
  }
  return col;
}

/** Expands a dictionary column into its values. */
function flat(col: Col): Col {
  if (col.kind !== "dict") return col;
  const out = new Array<unknown>(col.length);
  let i = 0;
  for (const { codes, values } of col.chunks) for (let k = 0; k < codes.length; k++) out[i++] = values[codes[k] as number];
  return { kind: "values", v: out };
}

/** Index of the low 32-bit word of a 64-bit integer in a 32-bit view (0 on little-endian platforms). */
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * The values of a 64-bit integer array as doubles, read through a 32-bit view of its memory (much faster
 * than `Number(bigint)` per value), or null when some value is not a safe integer.
 */
function bigToNumbers(v: BigInt64Array | BigUint64Array): Float64Array | null {
  const n = v.length;
  const out = new Float64Array(n);
  const lo = new Uint32Array(v.buffer, v.byteOffset, 2 * n);
  const signed = v instanceof BigInt64Array;
  const hiView = signed ? new Int32Array(v.buffer, v.byteOffset, 2 * n) : lo;
  for (let i = 0; i < n; i++) {
    const hi = hiView[2 * i + 1 - LO] as number;
    if (hi > 2_097_151 || hi < -2_097_152) return null; // |x| ≥ 2^53
    const x = hi * 4_294_967_296 + (lo[2 * i + LO] as number);
    if (!Number.isSafeInteger(x)) return null;
    out[i] = x;
  }
  return out;
}

/** A bigint column as numbers when every value is a safe integer, else as decimal strings. */
function unbig(col: Col): Col {
  if (col.kind !== "big") return col;
  const { v } = col;
  const numbers = bigToNumbers(v);
  if (numbers !== null) return { kind: "num", v: numbers, unit: col.unit };
  const s = new Array<string>(v.length);
  for (let k = 0; k < v.length; k++) s[k] = (v[k] as bigint).toString();
  return { kind: "values", v: s };
}

const isIntegerArray = (v: unknown): boolean =>
  v instanceof Int32Array || v instanceof Uint32Array || v instanceof Int16Array || v instanceof Uint16Array ||
  v instanceof Int8Array || v instanceof Uint8Array || v instanceof Uint8ClampedArray;

/**
 * Customer ids by dense index: strings (read as strings), or numbers (a numeric key column) whose decimal
 * strings are made only when some metric reads the ids ({@link lazyIds}).
 */
type CustomerKeys = { customer: Int32Array; count: number; ids: string[] } | { customer: Int32Array; count: number; numeric: Float64Array };

/** Dense indices of numeric customer keys: a direct table over a small integer range, else a hash table. */
function mapNumericKeys(v: ArrayLike<number>, customer: Int32Array): CustomerKeys {
  const n = v.length;
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const x = v[i] as number;
    // NaN or ±Infinity, or past 2^53 − 1 (where distinct 64-bit ids may have become one double).
    if (x - x !== 0 || x > Number.MAX_SAFE_INTEGER || x < -Number.MAX_SAFE_INTEGER) throw badCustomerId(i, x);
    if (x < min) min = x;
    if (x > max) max = x;
    if (integers && Math.floor(x) !== x) integers = false;
  }
  // The keys by dense index: a typed array written in place (at most one new key per row), not an array grown
  // by push; `count` of them are used.
  if (n > 0 && integers && max - min <= 4 * n + 65_536) {
    // Small integer range: a direct lookup table, no hashing.
    const slot = new Int32Array(max - min + 1);
    const found = new Float64Array(Math.min(n, max - min + 1));
    let count = 0;
    for (let i = 0; i < n; i++) {
      const x = v[i] as number;
      const k = x - min;
      let c = (slot[k] as number) - 1;
      if (c < 0) {
        c = count++;
        found[c] = x + 0; // -0 → 0
        slot[k] = c + 1;
      }
      customer[i] = c;
    }
    return { customer, count, numeric: found.slice(0, count) };
  }
  const table = new NumberTable();
  for (let i = 0; i < n; i++) customer[i] = table.intern(v[i] as number);
  return { customer, count: table.size, numeric: table.keys.slice() };
}

/**
 * The customer ids of numeric keys, as their decimal strings, made on the first read of the returned array's
 * owner property ({@link prepareColumnsBook} puts it behind a getter): a book used only for totals, rates and
 * cohort counts makes no string per customer.
 */
function lazyIds(keys: Float64Array): () => string[] {
  let ids: string[] | null = null;
  return () => {
    if (ids === null) {
      const out = new Array<string>(keys.length);
      for (let c = 0; c < keys.length; c++) out[c] = String(keys[c]);
      ids = out;
    }
    return ids;
  };
}

/** Dense customer index of each order (ids in order of first appearance) and the ids. */
function mapCustomers(input: Col, n: number): CustomerKeys {
  const customer = new Int32Array(n);
  if (input.kind === "dict") {
    const table = new StringTable();
    let i = 0;
    for (const { codes, values } of input.chunks) {
      const local = new Int32Array(values.length).fill(-1);
      for (let k = 0; k < codes.length; k++, i++) {
        const code = codes[k] as number;
        let c = local[code] as number;
        if (c < 0) {
          c = table.intern(customerIdOf(values[code], i));
          local[code] = c;
        }
        customer[i] = c;
      }
    }
    return { customer, count: table.size, ids: table.keys };
  }
  const col = unbig(input);
  if (col.kind === "num") return mapNumericKeys(col.v, customer);
  const v = (col as { v: ArrayLike<unknown> }).v;
  const table = new StringTable();
  for (let i = 0; i < n; i++) customer[i] = table.intern(customerIdOf(v[i], i));
  return { customer, count: table.size, ids: table.keys };
}

function invalidDate(i: number, raw: unknown): Error {
  return recordError(
    "INVALID_DATE",
    i,
    "placedAt",
    "is not a valid instant",
    raw,
    'Pass epoch milliseconds (finite, within ±8.64e15), a Date, or an ISO 8601 string such as "2024-03-31T23:30:00Z".',
  );
}

/** INVALID_DATE for row i's time t, which is invalid or (when valid) before `earliest`; `ms`: a number read as epoch ms. */
function badTime(i: number, raw: unknown, t: number, earliest: number, ms: boolean): Error {
  if (!(t <= MAX_INSTANT && t >= -MAX_INSTANT)) return invalidDate(i, raw);
  return inOrderYears(t) ? earlyDateError(i, raw, t, earliest, ms, "prepareOrderColumns(columns, …)") : outOfYearsError(i, raw, t);
}

/**
 * Epoch milliseconds of each order, each checked to be a valid instant not before `earliest` (one comparison
 * per row: the lower bound is the larger of the two).
 */
function readTimes(input: Col, n: number, zone: ZoneCalendar, state: InstantParseState, earliest: number): Float64Array {
  // Order times lie in the years 0001–9999 (EARLIEST_ORDER_TIME, LATEST_ORDER_TIME); badTime says which bound failed.
  const lowest = Math.max(earliest, EARLIEST_ORDER_TIME);
  const highest = LATEST_ORDER_TIME;
  // Numbers are instants, never date-only (see OrderColumns.dateOnly); strings set the flag as they are read.
  if (input.kind !== "values" && input.kind !== "dict" && n > 0) state.sawTimeOfDay = true;
  const time = new Float64Array(n);
  let col = flat(input);
  if (col.kind === "big" && col.unit > 0) {
    const numbers = bigToNumbers(col.v);
    if (numbers !== null) col = { kind: "num", v: numbers, unit: col.unit };
  }
  if (col.kind === "num") {
    const { v, unit } = col;
    for (let i = 0; i < n; i++) {
      const x = v[i] as number;
      const t = unit === 1 ? x : unit > 0 ? x * unit : Math.floor(x / -unit);
      if (!(t <= highest && t >= lowest)) throw badTime(i, x, t, earliest, unit === 1);
      time[i] = t;
    }
  } else if (col.kind === "big" && col.unit < 0 && col.v instanceof BigInt64Array) {
    // Micro- or nanoseconds floored to ms in doubles, exactly: x = hi·2^32 + lo and 2^32 = A·D + B, so
    // ⌊x / D⌋ = hi·A + ⌊(hi·B + lo) / D⌋, where every term is an exact double for instants a Date can hold.
    const { v } = col;
    const D = -col.unit;
    const A = Math.floor(4_294_967_296 / D);
    const B = 4_294_967_296 - A * D;
    const lo = new Uint32Array(v.buffer, v.byteOffset, 2 * n);
    const hi = new Int32Array(v.buffer, v.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      const h = hi[2 * i + 1 - LO] as number;
      const t = h * A + Math.floor((h * B + (lo[2 * i + LO] as number)) / D);
      if (!(t <= highest && t >= lowest)) throw badTime(i, v[i], t, earliest, false);
      time[i] = t;
    }
  } else if (col.kind === "big") {
    const { v, unit } = col;
    const div = BigInt(unit < 0 ? -unit : 1);
    for (let i = 0; i < n; i++) {
      const x = v[i] as bigint;
      let t: number;
      if (unit < 0) {
        let q = x / div;
        if (x % div < 0n) q -= 1n;
        t = Number(q);
      } else {
        t = Number(x) * unit;
      }
      if (!(t <= highest && t >= lowest)) throw badTime(i, x, t, earliest, unit === 1);
      time[i] = t;
    }
  } else {
    const v = (col as { v: ArrayLike<unknown> }).v;
    for (let i = 0; i < n; i++) {
      const raw = v[i];
      let t: number;
      if (typeof raw === "bigint") {
        t = Number(raw);
        state.sawTimeOfDay = true;
      } else {
        t = instantToMs(raw, zone, state);
      }
      if (!(t <= highest && t >= lowest)) throw badTime(i, raw, t, earliest, typeof raw === "number" || typeof raw === "bigint");
      time[i] = t;
    }
  }
  return time;
}

const MINOR_HINT = "Columns hold integer minor units at the scale option (1999 is 19.99 at scale 2); round decimal amounts, or read them with prepareOrders.";

/**
 * Integer minor units of each order, checked: whole, safe and ≥ 0. `nullable` lets null/undefined mean 0
 * (refunds). Returns the values and whether any is non-zero.
 */
function readMinor(input: Col, n: number, name: "total" | "refunded" | "cost", nullable: boolean, absent = 0): { units: Float64Array; nonZero: boolean } {
  const units = new Float64Array(n);
  const negative = (i: number, raw: unknown): Error => (name === "total" ? negativeTotal(i, raw) : name === "cost" ? negativeCost(i, raw) : negativeRefund(i, raw));
  const invalid = (i: number, raw: unknown): Error =>
    recordError(
      "INVALID_AMOUNT",
      i,
      name,
      typeof raw === "number" && Number.isInteger(raw) ? "is too large to be held exactly" : "is not a whole number of minor units",
      raw,
      MINOR_HINT,
    );
  let nonZero = false;
  let col = flat(input);
  if (col.kind === "big") {
    const numbers = bigToNumbers(col.v);
    if (numbers !== null) col = { kind: "num", v: numbers, unit: 1 };
  }
  if (col.kind === "num" && isIntegerArray(col.v)) {
    const v = col.v;
    for (let i = 0; i < n; i++) {
      const x = v[i] as number;
      if (x < 0) throw negative(i, x);
      if (x !== 0) nonZero = true;
    }
    units.set(v);
  } else if (col.kind === "num") {
    const v = col.v;
    for (let i = 0; i < n; i++) {
      const x = v[i] as number;
      if (!Number.isSafeInteger(x)) throw invalid(i, x);
      if (x < 0) throw negative(i, x);
      if (x !== 0) nonZero = true;
      units[i] = x + 0;
    }
  } else if (col.kind === "big") {
    const v = col.v;
    for (let i = 0; i < n; i++) {
      const raw = v[i] as bigint;
      const x = Number(raw);
      if (!Number.isSafeInteger(x)) throw invalid(i, raw);
      if (x < 0) throw negative(i, raw);
      if (x !== 0) nonZero = true;
      units[i] = x;
    }
  } else {
    const v = (col as { v: ArrayLike<unknown> }).v;
    for (let i = 0; i < n; i++) {
      const raw = v[i];
      // An empty string is no refund, as in prepareOrders (a CSV reader's empty cell).
      if (nullable && (raw === null || raw === undefined || raw === "")) {
        units[i] = absent;
        continue;
      }
      const x = typeof raw === "bigint" ? Number(raw) : raw;
      if (typeof x !== "number" || !Number.isSafeInteger(x)) throw invalid(i, raw);
      if (x < 0) throw negative(i, raw);
      if (x !== 0) nonZero = true;
      units[i] = x + 0;
    }
  }
  return { units, nonZero };
}

/**
 * Refund time of each order in epoch ms (NaN: none; null, undefined, "" and NaN are none), each a valid instant
 * not before the order's `time`, or throws INVALID_DATE (field `refundedAt`).
 */
function readRefundTimes(input: Col, n: number, zone: ZoneCalendar, time: Float64Array, state: InstantParseState): Float64Array {
  const out = new Float64Array(n);
  const col = flat(input);
  for (let i = 0; i < n; i++) {
    let raw: unknown;
    let t: number;
    if (col.kind === "num") {
      raw = col.v[i];
      const x = raw as number;
      t = col.unit === 1 ? x : col.unit > 0 ? x * col.unit : Math.floor(x / -col.unit);
      if (x !== x) {
        out[i] = NaN;
        continue;
      }
    } else if (col.kind === "big") {
      raw = col.v[i];
      const x = raw as bigint;
      if (col.unit < 0) {
        // Micro- or nanoseconds floored to ms in BigInt: they pass 2^53, and a double would round a refund at
        // the order's own instant to before it.
        const d = BigInt(-col.unit);
        const q = x / d;
        t = Number(x % d !== 0n && x < 0n ? q - 1n : q);
      } else {
        t = Number(x) * col.unit;
      }
    } else {
      raw = (col as { v: ArrayLike<unknown> }).v[i];
      if (raw === null || raw === undefined || raw === "" || (typeof raw === "number" && raw !== raw)) {
        out[i] = NaN;
        continue;
      }
      t = typeof raw === "bigint" ? Number(raw) : instantToMs(raw, zone, state);
    }
    if (!(t <= LATEST_ORDER_TIME && t >= EARLIEST_ORDER_TIME)) {
      throw recordError("INVALID_DATE", i, "refundedAt", "is not a valid instant", raw, "Pass epoch milliseconds, a Date or an ISO 8601 string, not before placedAt.");
    }
    if (t < (time[i] as number)) throw refundBeforeOrder(i, raw);
    out[i] = t;
  }
  return out;
}

/**
 * Converts the amount columns in place from `currency` (minor units at `scale`) to the reporting currency of
 * `exchange` (minor units at its `decimals`): each amount times the rate of its order's local day, rounded half to
 * even once, as prepareOrders converts. Throws MIXED_CURRENCY (index, field `currency`) for a missing rate.
 */
function convertColumns(exchange: ExchangeTable, currency: string | null, scale: number, zone: ZoneCalendar, time: Float64Array, columns: [string, Float64Array | null][]): void {
  const n = time.length;
  for (let i = 0; i < n; i++) {
    const rate = rateFor(exchange, currency, time[i] as number, zone, i, currency);
    for (let c = 0; c < columns.length; c++) {
      const [name, col] = columns[c] as [string, Float64Array | null];
      if (col === null) continue;
      const v = col[i] as number;
      if (v !== v) continue;
      const converted = convertAmount(v, scale, rate, exchange.decimals);
      if (Number.isNaN(converted)) throw recordError("INVALID_AMOUNT", i, name, "is too large to be held exactly once converted", v, "Check the amount and the rate.");
      col[i] = converted;
    }
  }
}

/** Segment index of each order (-1: none) and the labels, or null when no order has a segment. */
function readSegments(input: Col, n: number): { segment: Int32Array; labels: string[] } | null {
  const segment = new Int32Array(n).fill(-1);
  const segments = new SegmentLabels();
  const labels = segments.labels;
  const labelOf = (raw: unknown, i: number): number => segments.indexOf(raw, i);
  if (input.kind === "dict") {
    let i = 0;
    for (const { codes, values } of input.chunks) {
      const local = new Int32Array(values.length).fill(-2);
      for (let k = 0; k < codes.length; k++, i++) {
        const code = codes[k] as number;
        let s = local[code] as number;
        if (s === -2) {
          s = labelOf(values[code], i);
          local[code] = s;
        }
        segment[i] = s;
      }
    }
  } else {
    const v = input.v;
    for (let i = 0; i < n; i++) segment[i] = labelOf(v[i], i);
  }
  return labels.length === 0 ? null : { segment, labels };
}

/** Order ids (checked: valid and distinct) as strings or numbers. */
function readOrderIds(input: Col, n: number): string[] | Float64Array {
  const col = unbig(flat(input));
  if (col.kind === "num") {
    const v = col.v;
    const ids = new Float64Array(n);
    let min = Infinity;
    let max = -Infinity;
    let integers = true;
    for (let i = 0; i < n; i++) {
      const x = v[i] as number;
      if (x - x !== 0 || x > Number.MAX_SAFE_INTEGER || x < -Number.MAX_SAFE_INTEGER) throw badOrderId(i, x);
      if (x < min) min = x;
      if (x > max) max = x;
      if (integers && Math.floor(x) !== x) integers = false;
      ids[i] = x + 0;
    }
    if (n > 0 && integers && max - min <= 4 * n + 65_536) {
      // Small integer range: a direct table of first rows, no hashing.
      const seen = new Int32Array(max - min + 1);
      for (let i = 0; i < n; i++) {
        const k = (ids[i] as number) - min;
        const first = (seen[k] as number) - 1;
        if (first >= 0) throw duplicateOrderId(i, first, String(ids[i]));
        seen[k] = i + 1;
      }
    } else {
      const table = new NumberTable(n);
      for (let i = 0; i < n; i++) {
        const first = table.intern(ids[i] as number);
        if (first !== i) throw duplicateOrderId(i, first, String(ids[i]));
      }
    }
    return ids;
  }
  const v = (col as { v: ArrayLike<unknown> }).v;
  const table = new StringTable(n);
  for (let i = 0; i < n; i++) {
    const id = orderIdOf(v[i], i);
    const first = table.intern(id);
    if (first !== i) throw duplicateOrderId(i, first, id);
  }
  return table.keys;
}

/** Throws REFUND_EXCEEDS_TOTAL at the first row whose refund is larger than its total. */
function checkRefunds(refunded: Float64Array, total: Float64Array): void {
  for (let i = 0; i < refunded.length; i++) {
    if ((refunded[i] as number) > (total[i] as number)) throw refundExceedsTotal(i, total[i], refunded[i]);
  }
}

/**
 * Each customer's first order and its time, and the earliest and latest time. A separate function so that its
 * loops are optimised on their own.
 */
function firstOrders(
  customer: Int32Array,
  time: Float64Array,
  count: number,
  orderIds: string[] | Float64Array | null,
): { firstOrder: Int32Array; firstTime: Float64Array; minTime: number; maxTime: number } {
  const n = customer.length;
  let minTime = Infinity;
  let maxTime = -Infinity;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (t < minTime) minTime = t;
    if (t > maxTime) maxTime = t;
    if (i > 0 && t < (time[i - 1] as number)) sorted = false;
  }
  // Each customer's first order: earliest time, ties broken by the smaller order id (as strings, like
  // prepareOrders), or by the earlier row when there are no ids. Customer indices count up in order of first
  // appearance, so a new customer is the next index. When the times are sorted, a later row can only tie
  // with the first order (never beat it) and only if its time equals its predecessor's: other rows are skipped
  // without a random read.
  const firstOrder = new Int32Array(count);
  const firstTime = new Float64Array(count);
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    const t = time[i] as number;
    if (c === seen) {
      firstOrder[c] = i;
      firstTime[c] = t;
      seen++;
      continue;
    }
    if (sorted && t !== time[i - 1]) continue;
    const tf = firstTime[c] as number;
    if (t < tf || (t === tf && orderIds !== null && String(orderIds[i]) < String(orderIds[firstOrder[c] as number]))) {
      firstOrder[c] = i;
      firstTime[c] = t;
    }
  }

  return { firstOrder, firstTime, minTime, maxTime };
}

/** The ids of the customers' first orders (the book keeps only these; see OrderColumns.firstOrderIds). */
function firstOrderIdsOf(orderIds: string[] | Float64Array, firstOrder: Int32Array): string[] | Float64Array {
  const C = firstOrder.length;
  if (orderIds instanceof Float64Array) {
    const out = new Float64Array(C);
    for (let c = 0; c < C; c++) out[c] = orderIds[firstOrder[c] as number] as number;
    return out;
  }
  const out = new Array<string>(C);
  for (let c = 0; c < C; c++) out[c] = orderIds[firstOrder[c] as number] as string;
  return out;
}

/**
 * The body of `prepareOrderColumns`: reads the columns of `columns` (an object, checked) into a book. Columns
 * are read one after another (`orderId`, `customerId`, `placedAt`, `total`, `refunded`, `segment`, `cost`,
 * `refundedAt`); the first
 * bad row of the first bad column throws.
 */
export function prepareColumnsBook(columns: OrderColumnsInput | ArrowTableLike, options: ColumnsBookOptions): OrderBook {
  const { zone, scale, currency, names, earliestDate } = options;
  const table = isTable(columns) ? columns : null;
  const source = (name: OrderColumnName): string => names[name] ?? name;
  const raw = (name: OrderColumnName): unknown => {
    const key = source(name);
    if (table !== null) return table.getChild(key);
    return Object.prototype.hasOwnProperty.call(columns, key) ? (columns as unknown as Record<string, unknown>)[key] : undefined;
  };
  const get = (name: OrderColumnName, required: boolean): Col | null => {
    const value = raw(name);
    if (value === undefined || value === null) {
      if (required || names[name] !== undefined) {
        throw columnError(
          name,
          table === null ? `is missing (no property "${source(name)}")` : `is missing (the table has no column "${source(name)}")`,
          value,
          "Give the column, or map it to the input's name with the names option.",
        );
      }
      return null;
    }
    return readColumn(value, name);
  };

  const given = options.customerKeys;
  const customerCol = given === undefined ? (get("customerId", true) as Col) : null;
  const placedAtCol = get("placedAt", true) as Col;
  const totalCol = get("total", true) as Col;
  const refundedCol = get("refunded", false);
  const orderIdCol = get("orderId", false);
  const segmentCol = get("segment", false);
  const costCol = get("cost", false);
  const refundedAtCol = get("refundedAt", false);
  const n = given !== undefined ? given.customer.length : lengthOf(customerCol as Col);
  const present: [OrderColumnName, Col | null][] = [
    ["placedAt", placedAtCol],
    ["total", totalCol],
    ["refunded", refundedCol],
    ["orderId", orderIdCol],
    ["segment", segmentCol],
    ["cost", costCol],
    ["refundedAt", refundedAtCol],
  ];
  for (const [name, col] of present) {
    if (col !== null && lengthOf(col) !== n) {
      throw columnError(name, `has ${lengthOf(col)} rows, but columns.customerId has ${n}`, raw(name), "Give every column one value per order, all of the same length.");
    }
  }

  const orderIds = orderIdCol === null ? null : options.distinctOrderIds === true && orderIdCol.kind === "values" ? (orderIdCol.v as string[]) : readOrderIds(orderIdCol, n);
  const keys: CustomerKeys = given !== undefined ? { customer: given.customer, count: given.ids.length, ids: given.ids } : mapCustomers(customerCol as Col, n);
  const { customer, count: customers } = keys;
  const earliest = earliestDateOption(earliestDate, zone);
  const parseState: InstantParseState = newParseState();
  const time = readTimes(placedAtCol, n, zone, parseState, earliest);
  const total = readMinor(totalCol, n, "total", false).units;
  let refunded: Float64Array | null = null;
  if (refundedCol !== null) {
    const r = readMinor(refundedCol, n, "refunded", true);
    checkRefunds(r.units, total);
    if (r.nonZero) refunded = r.units;
  }
  const segments = segmentCol === null ? null : readSegments(segmentCol, n);
  // Optional columns: in the book only when given (NaN: unknown cost, no refund time).
  const cost = costCol === null ? null : readMinor(costCol, n, "cost", true, NaN).units;
  const refundParse = newParseState();
  const refundedAt = refundedAtCol === null ? null : readRefundTimes(refundedAtCol, n, zone, time, refundParse);
  const exchange = options.exchange ?? null;
  if (exchange !== null) convertColumns(exchange, currency, scale, zone, time, [["total", total], ["refunded", refunded], ["cost", cost]]);

  const { firstOrder, firstTime, minTime, maxTime } = firstOrders(customer, time, customers, orderIds);

  const repeats = repeatRows(customer, n, customers);
  const stringIds = "ids" in keys ? keys.ids : null;
  const numericIds = "numeric" in keys ? lazyIds(keys.numeric) : null;
  const cols: OrderColumns = {
    n,
    customer,
    time,
    total,
    refunded,
    segment: segments === null ? null : segments.segment,
    ...(cost === null ? {} : { cost }),
    ...(refundedAt === null ? {} : { refundedAt }),
    firstOrderIds: orderIds === null ? null : firstOrderIdsOf(orderIds, firstOrder),
    // Numeric keys: the strings are made on the first read (see OrderColumns.customerIds).
    get customerIds(): readonly string[] {
      return stringIds ?? (numericIds as () => string[])();
    },
    customers,
    segmentLabels: segments === null ? [] : segments.labels,
    firstOrder,
    firstTime,
    scale: exchange === null ? scale : exchange.decimals,
    currency: exchange === null ? currency : exchange.to,
    timeZone: zone.timeZone,
    calendar: zone,
    repeatRow: repeats.row,
    orderRow: repeats.orderRow,
    scratch: new ScratchPool(),
    sawWallClock: options.timesFromText?.sawWallClock ?? (parseState.sawWallClock || refundParse.sawWallClock),
    dateOnly: n > 0 && (options.timesFromText === undefined ? !parseState.sawTimeOfDay : options.timesFromText.dateOnly),
    minTime,
    maxTime,
  };
  return new OrderBook(cols);
}
