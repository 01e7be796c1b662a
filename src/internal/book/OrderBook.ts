import { COLUMNS, type OrderColumns } from "./columns.js";

/**
 * Validated, parsed, immutable orders, made by {@link prepareOrders}. Every metric accepts an `OrderBook`, so a
 * caller who computes several metrics parses the input once. The data sits in compact columns (typed arrays of
 * customer indices, epoch milliseconds and integer minor units), not one object per order.
 *
 * `JSON.stringify(book)` gives its public summary fields only.
 */
export class OrderBook {
  /** @internal */
  declare readonly [COLUMNS]: OrderColumns;
  /** Number of orders. */
  readonly orderCount: number;
  /** Number of distinct customers. */
  readonly customerCount: number;
  /** The common ISO 4217 currency, or `null` when the orders carry none. */
  readonly currency: string | null;
  /** Time zone that wall-clock strings were read in; the default `timeZone` of metrics on this book. */
  readonly timeZone: string;
  /** Earliest order time as an ISO 8601 UTC string, or `null` when empty. */
  readonly firstOrderAt: string | null;
  /** Latest order time as an ISO 8601 UTC string, or `null` when empty. */
  readonly lastOrderAt: string | null;

  /** @internal Use {@link prepareOrders}. */
  constructor(columns: OrderColumns) {
    Object.defineProperty(this, COLUMNS, { value: columns, enumerable: false });
    this.orderCount = columns.n;
    this.customerCount = columns.customers;
    this.currency = columns.currency;
    this.timeZone = columns.timeZone;
    this.firstOrderAt = columns.n === 0 ? null : new Date(columns.minTime).toISOString();
    this.lastOrderAt = columns.n === 0 ? null : new Date(columns.maxTime).toISOString();
    Object.freeze(this);
  }
}

/** @internal The columns of a book. */
export function columnsOf(book: OrderBook): OrderColumns {
  return book[COLUMNS];
}
