import type { Decimal } from "decimal.js";
import type { CustomerSummariesResult, CustomerSummary, CustomerSummaryColumns } from "./customerSummaryTypes.js";
import { factDays, factFirstDay, factFirstDayValue, factLastDay, factOrders, factValue, type CustomerFacts } from "./customerFacts.js";
import { isoInstant } from "../time/civil.js";
import { cloneableDecimal, minorQuotient, minorToDecimal } from "../money/money.js";

/**
 * The per-customer facts of one summary result, in the order of its records: the public columnar view plus the
 * exact sums of the rare customers whose values are past 2^53 minor units (the view holds doubles).
 */
export interface SummaryData {
  columns: CustomerSummaryColumns;
  /** Per record index k: exact revenue and `monetaryValue` numerator, only where a sum is not a safe integer. */
  exact: Map<number, { revenue: bigint; counted: bigint }> | null;
}

/**
 * The columnar view of a kernel's facts: one entry per customer with a counted order, in dense-index order
 * (first appearance in the input). Cost: O(customers), plus the kernel's follow-up passes over the orders
 * (order counts, first-day values, first and last times) on their first use.
 */
export function summaryData(
  kernel: CustomerFacts,
  customerIds: readonly string[],
  scale: number,
  includeFirstPurchase: boolean,
  unitDays: number,
  asOfDay: number,
): SummaryData {
  const n = kernel.customers;
  const columns = newColumns(n, scale);
  const exact = fillColumns({ kernel, customerIds, scale, includeFirstPurchase, unitDays, asOfDay }, 0, n, columns);
  const { revenueMinor, monetaryTotalMinor } = columns;
  // The fewest decimal places that hold every amount exactly, so that the view does not depend on the scale
  // the book happened to use (books of the same orders prepared from strings or from typed columns agree).
  const drop = exact === null ? droppableDigits(revenueMinor, monetaryTotalMinor, scale) : 0;
  if (drop > 0) {
    const p = 10 ** drop;
    for (let k = 0; k < n; k++) {
      revenueMinor[k] = (revenueMinor[k] as number) / p;
      monetaryTotalMinor[k] = (monetaryTotalMinor[k] as number) / p;
    }
  }
  columns.scale = scale - drop;
  return { columns: columnView(columns), exact };
}

/** The inputs of a summary's facts: {@link summaryData}'s arguments. */
export interface SummaryInputs {
  kernel: CustomerFacts;
  customerIds: readonly string[];
  scale: number;
  includeFirstPurchase: boolean;
  unitDays: number;
  asOfDay: number;
}

type MutableColumns = { -readonly [K in keyof CustomerSummaryColumns]: CustomerSummaryColumns[K] } & { customerId: string[] };

/** Columns of `n` entries (`scale` as given). */
function newColumns(n: number, scale: number): MutableColumns {
  return {
    customerId: new Array<string>(n),
    firstOrderTime: new Float64Array(n),
    lastOrderTime: new Float64Array(n),
    orders: new Int32Array(n),
    purchaseDays: new Int32Array(n),
    revenueMinor: new Float64Array(n),
    monetaryTotalMinor: new Float64Array(n),
    frequency: new Int32Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    daysSinceLastPurchase: new Int32Array(n),
    scale,
  };
}

/**
 * Writes the facts of records `from` … `to − 1` into entries 0 … `to − from − 1` of `out` (at the book's scale),
 * and returns the exact sums of those past 2^53 minor units by entry, or null when there are none.
 */
function fillColumns(inputs: SummaryInputs, from: number, to: number, out: MutableColumns): SummaryData["exact"] {
  const { kernel, customerIds, includeFirstPurchase, unitDays, asOfDay } = inputs;
  const { counted, rows, big } = kernel;
  const firstTimes = kernel.firstTimes();
  const lastTimes = kernel.lastTimes();
  const { customerId: ids, firstOrderTime, lastOrderTime, orders, purchaseDays, revenueMinor, monetaryTotalMinor, frequency, recency, T, daysSinceLastPurchase } = out;
  let exact: SummaryData["exact"] = null;
  const first = includeFirstPurchase ? 0 : 1;
  for (let k = from; k < to; k++) {
    const j = k - from;
    const c = counted === null ? k : (counted[k] as number);
    ids[j] = customerIds[c] as string;
    firstOrderTime[j] = firstTimes[c] as number;
    lastOrderTime[j] = lastTimes[c] as number;
    orders[j] = factOrders(rows, c);
    const days = factDays(rows, c);
    purchaseDays[j] = days;
    frequency[j] = days - first;
    const firstDay = factFirstDay(rows, c);
    const lastDay = factLastDay(rows, c);
    recency[j] = unitDays === 1 ? lastDay - firstDay : (lastDay - firstDay) / unitDays;
    T[j] = unitDays === 1 ? asOfDay - firstDay : (asOfDay - firstDay) / unitDays;
    daysSinceLastPurchase[j] = asOfDay - lastDay;
    const b = big === null ? undefined : big.get(c);
    if (b === undefined) {
      const value = factValue(rows, c);
      revenueMinor[j] = value;
      monetaryTotalMinor[j] = includeFirstPurchase ? value : value - factFirstDayValue(rows, c);
    } else {
      const countedUnits = includeFirstPurchase ? b.value : b.value - b.firstDayValue;
      revenueMinor[j] = Number(b.value);
      monetaryTotalMinor[j] = Number(countedUnits);
      (exact ??= new Map()).set(j, { revenue: b.value, counted: countedUnits });
    }
  }
  return exact;
}

/** Records made per block by {@link summaryRecordsOf}. */
const BLOCK = 4096;

/**
 * The records of a summary straight from its facts, without the columnar view: the facts of a block of
 * records at a time go into small columns reused for every block, so the memory beyond the records is a few
 * hundred kilobytes instead of the view's 60 bytes per customer (and no allocation of that size starts a
 * garbage collection over a large heap). Equal to `summaryRecords(summaryData(...))`: a record's values do not
 * depend on the scale the view chose (the same amount at fewer places is the same `Decimal`).
 */
export function summaryRecordsOf(inputs: SummaryInputs): CustomerSummary[] {
  const n = inputs.kernel.customers;
  const out = new Array<CustomerSummary>(n);
  const block = newColumns(Math.min(n, BLOCK), inputs.scale);
  const caches = newCaches(n);
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    const exact = fillColumns(inputs, from, to, block);
    recordsInto({ columns: block, exact }, 0, to - from, out, from, caches);
  }
  return out;
}

/** The largest d ≤ scale such that every value is a multiple of 10^d (integers below 2^53, so `%` is exact). */
function droppableDigits(a: Float64Array, b: Float64Array, scale: number): number {
  let drop = scale;
  for (const xs of [a, b]) {
    for (let k = 0; k < xs.length && drop > 0; k++) {
      const v = xs[k] as number;
      while (drop > 0 && v % 10 ** drop !== 0) drop--;
    }
  }
  return drop;
}

/**
 * Gives a columnar view a `toJSON` (not enumerable, so object spread and `structuredClone` do not see it) that
 * writes its typed arrays as JSON arrays rather than as objects keyed "0", "1", …. Returns the view.
 */
export function columnView<T extends object>(columns: T): T {
  Object.defineProperty(columns, "toJSON", {
    value: function toJSON(this: T): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(this)) out[key] = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;
      return out;
    },
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return columns;
}

/**
 * `x` as a small integer when it is one (whole days), so that a record's field holds it in place; a number read
 * from a Float64Array is otherwise a heap number of its own in every record (16 bytes more each). Same value
 * (`-0` aside, which `recency` and `T` never are: they are differences of day numbers, later minus earlier).
 */
const small = (x: number): number => ((x | 0) === x ? x | 0 : x);

/** Shared by every record with `frequency` 0 (a `Decimal` is immutable). */
const ZERO: Decimal = minorToDecimal(0, 0);

/**
 * Records `from` … `to − 1` of a summary as plain objects (own enumerable data fields, in the order of
 * {@link CustomerSummary}). Money is a `Decimal` that `structuredClone` can copy ({@link cloneableDecimal}), made
 * without decimal.js arithmetic ({@link minorToDecimal}, {@link minorQuotient}: the same fields as `div` gives)
 * and shared between fields of equal value: a one-order customer's `averageOrderValue` is their `revenue` (the
 * same exact value: `revenue.div(1)` rounds nothing below 2^53 minor units), every `monetaryValue` of 0 is one
 * shared zero, and equal amounts and halves are mostly one Decimal (a direct-mapped cache, {@link sharedQuotient}). Equal first and last order
 * times share one string. The ISO strings are made by integer arithmetic
 * ({@link isoInstant}), byte-identical to `Date.prototype.toISOString`.
 */
export function summaryRecords(data: SummaryData, from = 0, to = data.columns.customerId.length): CustomerSummary[] {
  const out = new Array<CustomerSummary>(Math.max(0, to - from));
  recordsInto(data, from, to, out, -from, newCaches(to - from));
  return out;
}

/** The caches of one build of records: amounts (divisor 1) and halves (divisor 2) by minor units, and digit words scratch. */
interface Caches {
  amounts: QuotientCache;
  halves: QuotientCache;
  scratch: number[];
}

const newCaches = (records: number): Caches => ({ amounts: new QuotientCache(records), halves: new QuotientCache(records), scratch: [] });

/** Writes the records of entries `from` … `to − 1` of `data` to `out[k + shift]`. */
function recordsInto(data: SummaryData, from: number, to: number, out: CustomerSummary[], shift: number, caches: Caches): void {
  const {
    customerId, firstOrderTime, lastOrderTime, orders, purchaseDays, revenueMinor, monetaryTotalMinor, frequency, recency, T,
    daysSinceLastPurchase, scale,
  } = data.columns;
  const { exact } = data;
  const { amounts, halves, scratch } = caches;
  for (let k = from; k < to; k++) {
    const big = exact === null ? undefined : exact.get(k);
    const n = orders[k] as number;
    const f = frequency[k] as number;
    const first = firstOrderTime[k] as number;
    const last = lastOrderTime[k] as number;
    const firstOrderAt = isoInstant(first);
    let revenue: Decimal;
    let averageOrderValue: Decimal;
    let monetaryValue: Decimal;
    if (big === undefined) {
      const units = revenueMinor[k] as number;
      revenue = sharedQuotient(amounts, halves, scratch, units, scale, 1);
      averageOrderValue = n === 1 ? revenue : sharedQuotient(amounts, halves, scratch, units, scale, n);
      monetaryValue = f === 0 ? ZERO : sharedQuotient(amounts, halves, scratch, monetaryTotalMinor[k] as number, scale, f);
    } else {
      revenue = minorToDecimal(big.revenue, scale);
      averageOrderValue = cloneableDecimal(revenue.div(n));
      monetaryValue = f === 0 ? ZERO : cloneableDecimal(minorToDecimal(big.counted, scale).div(f));
    }
    out[k + shift] = {
      customerId: customerId[k] as string,
      firstOrderAt,
      lastOrderAt: last === first ? firstOrderAt : isoInstant(last),
      orders: n,
      purchaseDays: purchaseDays[k] as number,
      revenue,
      averageOrderValue,
      frequency: f,
      recency: small(recency[k] as number),
      T: small(T[k] as number),
      monetaryValue,
      daysSinceLastPurchase: daysSinceLastPurchase[k] as number,
    };
  }
}

/**
 * A direct-mapped cache of the Decimals of one build, by minor units: slot `units mod slots` holds the last value
 * made there (2^10 to 2^16 slots, the power of two at or above the build's records: at 2^14 on the 1M-order
 * bench, collisions made a third more Decimals than 2^16, about 40 bytes per record). A lookup is two typed-array reads, with no hashing, no growth and no rehashing of a `Map` of
 * hundreds of thousands of entries (which cost more than the Decimals it saved); a collision only makes a new
 * Decimal, it never changes a value.
 */
class QuotientCache {
  readonly keys: Float64Array;
  readonly values: (Decimal | undefined)[];
  /** Slots − 1 (the slots are a power of two). */
  readonly mask: number;
  /** @param records - records of the build: the slots are the power of two at or above it, within 2^10 … 2^16. */
  constructor(records: number) {
    let slots = 1 << 10;
    while (slots < records && slots < 1 << 16) slots *= 2;
    this.keys = new Float64Array(slots).fill(Number.NaN);
    this.values = new Array<Decimal | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }
}

/**
 * `units × 10^-scale / n` as {@link minorQuotient} gives it (n = 1: {@link minorToDecimal}), for the divisors 1
 * and 2 taken from the caches `amounts` and `halves` when a field of the build had that value before. Customers
 * share amounts often: on the 1M-order bench 78% of the 387k fields that are an amount (every `revenue`, a
 * one-day `monetaryValue`) and 71% of the 116k halves repeat an earlier value (42% for the divisor 4, less
 * beyond, where the lookups cost more than they save). A `Decimal` is immutable, so sharing changes no value and
 * no field; it saves memory (about a quarter of the records') and the time of making and collecting it.
 */
function sharedQuotient(amounts: QuotientCache, halves: QuotientCache, scratch: number[], units: number, scale: number, n: number): Decimal {
  if (n > 2) return minorQuotient(units, scale, n, scratch);
  const cache = n === 1 ? amounts : halves;
  const slot = units & cache.mask; // two's complement: negative units land in a slot too
  if (cache.keys[slot] === units) return cache.values[slot] as Decimal;
  const x = n === 1 ? minorToDecimal(units, scale) : minorQuotient(units, scale, n, scratch);
  cache.keys[slot] = units;
  cache.values[slot] = x;
  return x;
}

/** Symbol under which the lazy `customers` getter of a summary result exposes its data while no record is built. */
const UNBUILT: unique symbol = Symbol("retention-metrics.unbuiltSummary");

type UnbuiltProbe = () => SummaryData | null;

/**
 * Adds `customers` (plain records, built on the first read) and `columns` (the columnar view, built on its first
 * read, or on the first read of `customers` after it) to a summary result, as enumerable own properties. Each starts as a getter that, on the first
 * read, replaces itself with an ordinary data property holding the built value, so afterwards the result is
 * plain data; object spread, `structuredClone`, `JSON.stringify` and `Object.entries` read them like any field.
 */
export function defineSummaryFields(result: CustomerSummariesResult, inputs: SummaryInputs | (() => SummaryData)): CustomerSummariesResult {
  let data: SummaryData | null = null;
  let built = false;
  // From the kernel's facts; or from data made elsewhere (fromSqlRows: columns read from a warehouse's rows).
  const dataOf =
    typeof inputs === "function"
      ? (): SummaryData => (data ??= inputs())
      : (): SummaryData => (data ??= summaryData(inputs.kernel, inputs.customerIds, inputs.scale, inputs.includeFirstPurchase, inputs.unitDays, inputs.asOfDay));
  // Records read before the columns are made from the facts directly (summaryRecordsOf): the view is then made
  // only if it is read too.
  const records = (): CustomerSummary[] => {
    built = true;
    return data === null && typeof inputs !== "function" ? summaryRecordsOf(inputs) : summaryRecords(dataOf());
  };
  const probe: UnbuiltProbe = () => (built ? null : dataOf());
  defineLazy(result, "customers", records, { [UNBUILT]: probe });
  defineLazy(result, "columns", () => dataOf().columns);
  return result;
}

/**
 * The data of a summary result whose `customers` have never been read (still the lazy getter of
 * {@link defineSummaryFields}, so the records are exactly the columns), else null: then read the records,
 * which the caller may have changed.
 */
export function unbuiltSummaryData(result: object): SummaryData | null {
  const getter = Object.getOwnPropertyDescriptor(result, "customers")?.get as { [UNBUILT]?: UnbuiltProbe } | undefined;
  const probe = getter?.[UNBUILT];
  return typeof probe === "function" ? probe() : null;
}

/**
 * The first `count` records of a summary result, without building the others when its `customers` have not
 * been read yet (renderers show a few rows of a large result).
 */
export function leadingSummaryRecords(result: CustomerSummariesResult, count: number): { shown: CustomerSummary[]; total: number } {
  const data = unbuiltSummaryData(result);
  if (data === null) return { shown: result.customers.slice(0, count), total: result.customers.length };
  const total = data.columns.customerId.length;
  return { shown: summaryRecords(data, 0, Math.min(count, total)), total };
}

/**
 * Makes `target[key]` an enumerable own property whose value is built by `build` on first read (then stored
 * as a plain writable data property, so later reads are ordinary property reads). Assigning before the first
 * read stores the assigned value. `JSON.stringify`, object spread, `Object.entries`, `structuredClone` and
 * equality checks read it like any other field. The key keeps its position in the object's key order. On a
 * frozen target the getter stays and returns the value built on its first call. `tags` are copied onto the
 * getter function (for {@link unbuiltSummaryData}).
 */
export function defineLazy<T extends object, K extends keyof T>(target: T, key: K, build: () => T[K], tags?: object): T {
  let done = false;
  let cached: T[K] | undefined;
  const store = (value: T[K]): void => {
    done = true;
    cached = value;
    // Fails only when the target was frozen or sealed before the first read: keep the getter then.
    Reflect.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  };
  const get = (): T[K] => {
    if (!done) store(build());
    return cached as T[K];
  };
  if (tags !== undefined) Object.assign(get, tags);
  Object.defineProperty(target, key, {
    get,
    set(value: T[K]): void {
      store(value);
    },
    enumerable: true,
    configurable: true,
  });
  return target;
}
