import type { AccumulatorState, DuplicateOrderIds, Granularity, Order, WeekStartsOn } from "../core/types.js";
import { optionError } from "../internal/fail.js";
import { CORE, type AccumulatorCore } from "../internal/stream/core.js";
import { stateOf } from "../internal/stream/json.js";

function notIterable(orders: unknown, async: boolean): never {
  throw optionError(
    "orders",
    `must be ${async ? "an async iterable or an iterable" : "an iterable"} of orders`,
    orders,
    async ? "Pass an async generator, a readable stream of orders, or an array." : "Pass an array (or any iterable) of Order objects; use addAllAsync for an async iterable.",
  );
}

/**
 * Orders folded, one at a time, into per-customer state: the streaming counterpart of an {@link OrderBook}.
 * Made by {@link createAccumulator}; fed with {@link OrderAccumulator.add}, {@link OrderAccumulator.addAll} or
 * {@link OrderAccumulator.addAllAsync}; read by the order metrics (`summarize`, `averageOrderValue`,
 * `purchaseFrequency`, `customerValue`, `repeatCustomerRate`, `customerSummaries`, `cohortTable`,
 * `historicalLifetimeValue`) exactly as
 * they read a book; combined with {@link mergeAccumulators}; saved with `JSON.stringify(accumulator)` and
 * restored with {@link accumulatorFromJSON}.
 *
 * Memory is bounded by the number of customers, not of orders: a 128-byte record per customer (plus its id and
 * first order id strings), 32 bytes per (customer, period) with orders and 12 bytes per (customer, 32-day block)
 * with orders, pools growing by doubling; plus, with `duplicateOrderIds: "check"`, 8 bytes per fingerprint slot
 * (9–10 bytes per order id). No order object is kept.
 * See docs/at-scale.md, "Streaming and merging".
 *
 * @example
 * ```ts
 * const acc = createAccumulator({ timeZone: "Europe/Prague" });
 * acc.add({ orderId: "1", customerId: "ann", placedAt: "2024-03-01T10:00:00Z", total: "20.00" });
 * acc.addAll([{ orderId: "2", customerId: "bob", placedAt: "2024-03-02", total: "5.50" }]);
 * acc.orders;    // 2
 * acc.customers; // 2
 * summarize(acc).revenue.net.toString(); // "25.5"
 * ```
 */
export class OrderAccumulator<T = Order> {
  /** @internal */
  declare readonly [CORE]: AccumulatorCore;

  /** @internal Use {@link createAccumulator} or {@link accumulatorFromJSON}. */
  constructor(core: AccumulatorCore) {
    Object.defineProperty(this, CORE, { value: core, enumerable: false });
  }

  /** Number of orders added. */
  get orders(): number {
    return this[CORE].n;
  }

  /** Number of distinct customers seen. */
  get customers(): number {
    return this[CORE].customers;
  }

  /** IANA time zone of the calendar days and periods (fixed for the accumulator's life). */
  get timeZone(): string {
    return this[CORE].timeZone;
  }

  /** Calendar period of the per-customer period data, the granularity `cohortTable` reads. */
  get granularity(): Granularity {
    return this[CORE].granularity;
  }

  /** First day of a week for `granularity: "week"`. */
  get weekStartsOn(): WeekStartsOn {
    return this[CORE].weekStartsOn;
  }

  /** Whether repeated order ids are detected (`"check"`) or assumed absent (`"trust"`). */
  get duplicateOrderIds(): DuplicateOrderIds {
    return this[CORE].duplicateOrderIds;
  }

  /** The common currency of the orders, or `null` (also before the first order). */
  get currency(): string | null {
    return this[CORE].currency;
  }

  /**
   * Validates one order and folds it in. Errors are those of {@link prepareOrders}, with `index` = the running
   * number of the order in this accumulator (0-based); a rejected order changes nothing.
   *
   * @param order - an {@link Order} (or a row read through the accumulator's `accessors`).
   * @returns this accumulator.
   * @throws {@link RetentionMetricsError} `INVALID_RECORD`, `INVALID_ORDER_ID`, `DUPLICATE_ORDER_ID`,
   * `INVALID_CUSTOMER_ID`, `EMPTY_CUSTOMER_ID`, `INVALID_DATE`, `INVALID_AMOUNT`, `NEGATIVE_TOTAL`,
   * `NEGATIVE_REFUND`, `REFUND_EXCEEDS_TOTAL`, `INVALID_CURRENCY`, `MIXED_CURRENCY`, `INVALID_SEGMENT`.
   *
   * @example
   * ```ts
   * const acc = createAccumulator().add({ orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "9.99" });
   * acc.orders; // 1
   * ```
   */
  add(order: T): this {
    this[CORE].add(order);
    return this;
  }

  /**
   * Adds every order of an iterable, in order. Cost: O(1) amortised per order; nothing per order is kept.
   *
   * @param orders - any iterable of {@link Order}.
   * @returns this accumulator.
   * @throws {@link RetentionMetricsError} as {@link OrderAccumulator.add}; `INVALID_OPTION` when `orders` is not
   * iterable. Orders before the bad one stay added.
   *
   * @example
   * ```ts
   * const acc = createAccumulator().addAll([
   *   { orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "10" },
   *   { orderId: "2", customerId: "ann", placedAt: "2024-04-01", total: "15" },
   * ]);
   * acc.customers; // 1
   * ```
   */
  addAll(orders: Iterable<T>): this {
    if (orders == null || typeof (orders as Iterable<T>)[Symbol.iterator] !== "function") notIterable(orders, false);
    const core = this[CORE];
    for (const order of orders) core.add(order);
    return this;
  }

  /**
   * Adds every order of an async iterable (a file read line by line, a database cursor, a Node stream in object
   * mode) or of a plain iterable. Memory stays bounded by the customers, whatever the input's length.
   *
   * @param orders - an async iterable or iterable of {@link Order}.
   * @returns a promise of this accumulator.
   * @throws {@link RetentionMetricsError} (as a rejection) as {@link OrderAccumulator.addAll}.
   *
   * @example
   * ```ts
   * async function* lines(): AsyncGenerator<Order> {
   *   yield { orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "10" };
   * }
   * const acc = await createAccumulator().addAllAsync(lines());
   * acc.orders; // 1
   * ```
   */
  async addAllAsync(orders: AsyncIterable<T> | Iterable<T>): Promise<this> {
    if (orders != null && typeof (orders as AsyncIterable<T>)[Symbol.asyncIterator] === "function") {
      const core = this[CORE];
      for await (const order of orders as AsyncIterable<T>) core.add(order);
      return this;
    }
    return this.addAll(orders as Iterable<T>);
  }

  /**
   * The whole state as plain JSON data, so `JSON.stringify(accumulator)` saves it and
   * {@link accumulatorFromJSON} restores it exactly. Money is held as integer strings of minor units at `scale`.
   *
   * @returns the state (a fresh object each call).
   *
   * @example
   * ```ts
   * const acc = createAccumulator().add({ orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "9.99" });
   * const state = acc.toJSON();
   * state.version;             // 1
   * state.scale;               // 2
   * state.customers.gross;     // ["999"]
   * ```
   */
  toJSON(): AccumulatorState {
    return stateOf(this[CORE]);
  }
}
