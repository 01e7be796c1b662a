import Decimal from "decimal.js";
import { minorToDecimal } from "./money.js";
import type { PurchaseDayStats } from "./purchaseDays.js";

/** The money and time fields of one customer, read from the kernel's columns on access. */
export interface LazySummaryFields {
  readonly firstOrderAt: string;
  readonly lastOrderAt: string;
  readonly revenue: Decimal;
  readonly averageOrderValue: Decimal;
  readonly monetaryValue: Decimal;
}

/** Shared, immutable backing of the records of one result. */
export class SummaryStore {
  constructor(
    readonly stats: PurchaseDayStats,
    readonly scale: number,
    readonly includeFirstPurchase: boolean,
  ) {}

  revenueUnits(c: number): number | bigint {
    const big = this.stats.big?.get(c);
    return big === undefined ? (this.stats.value[c] as number) : big.value;
  }

  /** Value of the purchase days counted by `monetaryValue` (all days, or all but the first). */
  countedUnits(c: number): number | bigint {
    if (this.includeFirstPurchase) return this.revenueUnits(c);
    const big = this.stats.big?.get(c);
    return big === undefined ? (this.stats.value[c] as number) - (this.stats.firstDayValue[c] as number) : big.value - big.firstDayValue;
  }

  /** Number of purchase days `monetaryValue` averages over. */
  countedDays(c: number): number {
    const d = this.stats.days[c] as number;
    return this.includeFirstPurchase ? d : d - 1;
  }

  revenue(c: number): Decimal {
    return minorToDecimal(this.revenueUnits(c), this.scale);
  }

  averageOrderValue(c: number): Decimal {
    return this.revenue(c).div(this.stats.orders[c] as number);
  }

  monetaryValue(c: number): Decimal {
    const days = this.countedDays(c);
    return days === 0 ? new Decimal(0) : minorToDecimal(this.countedUnits(c), this.scale).div(days);
  }
}

/**
 * One customer's summary. Counts and times are own properties; money and ISO times are getters that build
 * their `Decimal` / string on access (so that a million-order summary does not pay for a `Decimal` per
 * customer it never reads). `toJSON` returns every field.
 */
export class SummaryRecord implements LazySummaryFields {
  readonly customerId: string;
  readonly orders: number;
  readonly purchaseDays: number;
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  readonly daysSinceLastPurchase: number;
  readonly #store: SummaryStore;
  readonly #c: number;

  constructor(store: SummaryStore, c: number, customerId: string, unitDays: number, asOfDay: number) {
    const s = store.stats;
    const first = s.firstDay[c] as number;
    const last = s.lastDay[c] as number;
    this.customerId = customerId;
    this.orders = s.orders[c] as number;
    this.purchaseDays = s.days[c] as number;
    this.frequency = store.countedDays(c);
    this.recency = unitDays === 1 ? last - first : (last - first) / unitDays;
    this.T = unitDays === 1 ? asOfDay - first : (asOfDay - first) / unitDays;
    this.daysSinceLastPurchase = asOfDay - last;
    this.#store = store;
    this.#c = c;
  }

  get firstOrderAt(): string {
    return new Date(this.#store.stats.firstTime[this.#c] as number).toISOString();
  }

  get lastOrderAt(): string {
    return new Date(this.#store.stats.lastTime[this.#c] as number).toISOString();
  }

  get revenue(): Decimal {
    return this.#store.revenue(this.#c);
  }

  get averageOrderValue(): Decimal {
    return this.#store.averageOrderValue(this.#c);
  }

  get monetaryValue(): Decimal {
    return this.#store.monetaryValue(this.#c);
  }

  /** Every field as a plain object (money as `Decimal`, which serialises to a string). */
  toJSON(): Record<string, unknown> {
    return {
      customerId: this.customerId,
      firstOrderAt: this.firstOrderAt,
      lastOrderAt: this.lastOrderAt,
      orders: this.orders,
      purchaseDays: this.purchaseDays,
      revenue: this.revenue,
      averageOrderValue: this.averageOrderValue,
      frequency: this.frequency,
      recency: this.recency,
      T: this.T,
      monetaryValue: this.monetaryValue,
      daysSinceLastPurchase: this.daysSinceLastPurchase,
    };
  }
}

/** Records of every customer with a counted order, in dense-index order (first appearance in the input). */
export function buildRecords(
  stats: PurchaseDayStats,
  customerIds: readonly string[],
  scale: number,
  includeFirstPurchase: boolean,
  unitDays: number,
  asOfDay: number,
): SummaryRecord[] {
  const store = new SummaryStore(stats, scale, includeFirstPurchase);
  const out: SummaryRecord[] = new Array<SummaryRecord>(stats.customers);
  const { orders } = stats;
  let k = 0;
  for (let c = 0; c < orders.length; c++) {
    if (orders[c] === 0) continue;
    out[k++] = new SummaryRecord(store, c, customerIds[c] as string, unitDays, asOfDay);
  }
  return out;
}
