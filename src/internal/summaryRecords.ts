import { Decimal } from "decimal.js";
import {
  factDays,
  factFirstDay,
  factFirstDayValue,
  factLastDay,
  factOrders,
  factValue,
  type CustomerFacts,
  type FactRows,
} from "./customerFacts.js";
import { minorToDecimal } from "./money.js";

/**
 * Shared, immutable backing of the records of one result: the kernel's per-customer rows plus what turns
 * them into fields (scale, unit, day of `asOf`). Records hold only this store and their customer's index.
 */
export class SummaryStore {
  readonly rows: FactRows;
  constructor(
    readonly kernel: CustomerFacts,
    readonly customerIds: readonly string[],
    readonly scale: number,
    readonly includeFirstPurchase: boolean,
    readonly unitDays: number,
    readonly asOfDay: number,
  ) {
    this.rows = kernel.rows;
  }

  orders(c: number): number {
    return factOrders(this.rows, c);
  }

  purchaseDays(c: number): number {
    return factDays(this.rows, c);
  }

  /** Number of purchase days `frequency` counts and `monetaryValue` averages over. */
  countedDays(c: number): number {
    const d = factDays(this.rows, c);
    return this.includeFirstPurchase ? d : d - 1;
  }

  recency(c: number): number {
    const days = factLastDay(this.rows, c) - factFirstDay(this.rows, c);
    return this.unitDays === 1 ? days : days / this.unitDays;
  }

  age(c: number): number {
    const days = this.asOfDay - factFirstDay(this.rows, c);
    return this.unitDays === 1 ? days : days / this.unitDays;
  }

  daysSinceLastPurchase(c: number): number {
    return this.asOfDay - factLastDay(this.rows, c);
  }

  firstOrderAt(c: number): string {
    // The kernel computes (or shares) the times on the first call, so reading only counts costs no pass.
    return new Date(this.kernel.firstTimes()[c] as number).toISOString();
  }

  lastOrderAt(c: number): string {
    return new Date(this.kernel.lastTimes()[c] as number).toISOString();
  }

  revenueUnits(c: number): number | bigint {
    const big = this.kernel.big?.get(c);
    return big === undefined ? factValue(this.rows, c) : big.value;
  }

  /** Value of the purchase days counted by `monetaryValue` (all days, or all but the first). */
  countedUnits(c: number): number | bigint {
    if (this.includeFirstPurchase) return this.revenueUnits(c);
    const big = this.kernel.big?.get(c);
    return big === undefined ? factValue(this.rows, c) - factFirstDayValue(this.rows, c) : big.value - big.firstDayValue;
  }

  revenue(c: number): Decimal {
    return minorToDecimal(this.revenueUnits(c), this.scale);
  }

  averageOrderValue(c: number): Decimal {
    return this.revenue(c).div(this.orders(c));
  }

  monetaryValue(c: number): Decimal {
    const days = this.countedDays(c);
    return days === 0 ? new Decimal(0) : minorToDecimal(this.countedUnits(c), this.scale).div(days);
  }
}

/**
 * One customer's summary: a view of row `c` of a shared {@link SummaryStore}. Every field is a getter on the
 * prototype that reads the store (counts and times are plain array reads; money and ISO times build their
 * `Decimal` / string on access), so a record costs one small object and a million-order summary stays
 * cheap. `toJSON` (and `console.log`) show every field.
 */
export class SummaryRecord {
  readonly #store: SummaryStore;
  readonly #c: number;

  constructor(store: SummaryStore, c: number) {
    this.#store = store;
    this.#c = c;
  }

  get customerId(): string {
    return this.#store.customerIds[this.#c] as string;
  }

  get firstOrderAt(): string {
    return this.#store.firstOrderAt(this.#c);
  }

  get lastOrderAt(): string {
    return this.#store.lastOrderAt(this.#c);
  }

  get orders(): number {
    return this.#store.orders(this.#c);
  }

  get purchaseDays(): number {
    return this.#store.purchaseDays(this.#c);
  }

  get revenue(): Decimal {
    return this.#store.revenue(this.#c);
  }

  get averageOrderValue(): Decimal {
    return this.#store.averageOrderValue(this.#c);
  }

  get frequency(): number {
    return this.#store.countedDays(this.#c);
  }

  get recency(): number {
    return this.#store.recency(this.#c);
  }

  get T(): number {
    return this.#store.age(this.#c);
  }

  get monetaryValue(): Decimal {
    return this.#store.monetaryValue(this.#c);
  }

  get daysSinceLastPurchase(): number {
    return this.#store.daysSinceLastPurchase(this.#c);
  }

  /** Every field as a plain object (money as `Decimal`, which serialises to a string). */
  toJSON(): Record<string, unknown> {
    const s = this.#store;
    const c = this.#c;
    return {
      customerId: s.customerIds[c],
      firstOrderAt: s.firstOrderAt(c),
      lastOrderAt: s.lastOrderAt(c),
      orders: s.orders(c),
      purchaseDays: s.purchaseDays(c),
      revenue: s.revenue(c),
      averageOrderValue: s.averageOrderValue(c),
      frequency: s.countedDays(c),
      recency: s.recency(c),
      T: s.age(c),
      monetaryValue: s.monetaryValue(c),
      daysSinceLastPurchase: s.daysSinceLastPurchase(c),
    };
  }
}

// Console output shows the fields, not an empty object: Node's util.inspect (and runtimes that follow it) look
// this well-known symbol up on the prototype and inspect what it returns. No per-record cost, no import.
Object.defineProperty(SummaryRecord.prototype, Symbol.for("nodejs.util.inspect.custom"), {
  value: function inspect(this: SummaryRecord): Record<string, unknown> {
    return this.toJSON();
  },
  enumerable: false,
  writable: false,
  configurable: true,
});

/** Records of every customer with a counted order, in dense-index order (first appearance in the input). */
export function buildRecords(
  kernel: CustomerFacts,
  customerIds: readonly string[],
  scale: number,
  includeFirstPurchase: boolean,
  unitDays: number,
  asOfDay: number,
): SummaryRecord[] {
  const store = new SummaryStore(kernel, customerIds, scale, includeFirstPurchase, unitDays, asOfDay);
  const { counted, customers } = kernel;
  const out: SummaryRecord[] = new Array<SummaryRecord>(customers);
  if (counted === null) for (let c = 0; c < customers; c++) out[c] = new SummaryRecord(store, c);
  else for (let k = 0; k < customers; k++) out[k] = new SummaryRecord(store, counted[k] as number);
  return out;
}

/**
 * Makes `target[key]` an enumerable own property whose value is built by `build` on first read (then stored
 * as a plain writable data property, so later reads are ordinary property reads). Assigning before the first
 * read stores the assigned value. `JSON.stringify`, object spread, `Object.entries` and equality checks read
 * it like any other field. The key keeps its position in the object's key order.
 */
export function defineLazy<T extends object, K extends keyof T>(target: T, key: K, build: () => T[K]): T {
  const store = (value: T[K]): void => {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    get(): T[K] {
      const value = build();
      store(value);
      return value;
    },
    set(value: T[K]): void {
      store(value);
    },
    enumerable: true,
    configurable: true,
  });
  return target;
}
