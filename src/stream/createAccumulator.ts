import type { ExchangeRateTable, Granularity, Instant, Order, OrderAccessors, WeekStartsOn } from "../core/types.js";
import { AccumulatorCore } from "../internal/stream/core.js";
import { checkCoreOptions } from "../internal/stream/options.js";
import { OrderAccumulator } from "./OrderAccumulator.js";

/** Options of {@link createAccumulator}. They are fixed for the accumulator's life and travel with its JSON state (but for `accessors`). */
export interface CreateAccumulatorOptions<T = Order> {
  /**
   * IANA time zone of calendar days (purchase days, cohort periods) and of wall-clock strings.
   * @defaultValue `"UTC"`
   */
  timeZone?: string;
  /**
   * Calendar period of the per-customer period data; `cohortTable` on the accumulator uses this granularity.
   * @defaultValue `"month"`
   */
  granularity?: Granularity;
  /**
   * First day of a week for `granularity: "week"`: 0 = Sunday … 6 = Saturday.
   * @defaultValue `1` (Monday)
   */
  weekStartsOn?: WeekStartsOn;
  /**
   * Readers for rows of another shape, as in {@link prepareOrders}. Not part of the JSON state: pass them again
   * to {@link accumulatorFromJSON} if the restored accumulator reads such rows.
   * @defaultValue read `row.orderId`, `row.customerId`, … as {@link Order} does
   */
  accessors?: OrderAccessors<T>;
  /**
   * `"check"` keeps a 64-bit fingerprint of every order id (8 bytes per slot, 9–10 bytes per order) and throws
   * `DUPLICATE_ORDER_ID` on a repeat (a false alarm has probability about n² / 2^65 for n orders); `"trust"`
   * keeps nothing per order, so memory is strictly per customer, and a repeated row counts twice.
   * @defaultValue `"check"`
   */
  duplicateOrderIds?: "check" | "trust";
  /**
   * Orders placed before this instant are refused with `INVALID_DATE`, as in {@link prepareOrders}: such a date
   * is almost always a yyyymmdd number (`19970101`), epoch seconds read as milliseconds, or a missing time
   * written as `0`. Pass an earlier instant for older data, or `null` to accept any valid date in the years 0001–9999 (a `placedAt` outside them is always INVALID_DATE). Kept in the JSON
   * state.
   * @defaultValue `"1990-01-01T00:00:00Z"`
   */
  earliestDate?: Instant | null;
  /**
   * Rates converting every order added to one reporting currency, exactly as {@link prepareOrders} converts
   * (each amount times its currency's rate of the order's local date, rounded half to even once to the
   * reporting currency's minor unit; see {@link ExchangeRateTable}), so that the accumulator and a book of the
   * same orders agree. The state's `currency` is then `to`. Not part of the JSON state: pass them again to
   * {@link accumulatorFromJSON} to keep converting.
   * @defaultValue none (no conversion; orders in two currencies are `MIXED_CURRENCY`)
   */
  exchangeRates?: ExchangeRateTable;
}

/**
 * Makes an empty {@link OrderAccumulator}: the way to compute the order metrics over more orders than fit in
 * memory (a 20-million-line export, a database cursor), or over shards processed by workers and merged with
 * {@link mergeAccumulators}.
 *
 * Cost: O(1). Then O(1) amortised per added order; memory O(customers) (see {@link OrderAccumulator}).
 *
 * @param options - see {@link CreateAccumulatorOptions}.
 * @returns an empty accumulator.
 * @throws {@link RetentionMetricsError} `INVALID_TIME_ZONE`; `INVALID_OPTION` for a bad `granularity`,
 * `weekStartsOn`, `duplicateOrderIds`, `accessors` or `earliestDate`.
 *
 * @example
 * ```ts
 * const acc = createAccumulator({ timeZone: "Europe/Prague", granularity: "month" });
 * acc.addAll([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" },
 *   { orderId: "2", customerId: "ann", placedAt: "2024-02-05", total: "20" },
 *   { orderId: "3", customerId: "bob", placedAt: "2024-02-10", total: "10" },
 * ]);
 * summarize(acc).repeatCustomerRate;                        // 0.5
 * cohortTable(acc).cohorts.map((c) => [c.label, c.size]);   // [["2024-01", 1], ["2024-02", 1]]
 * ```
 */
export function createAccumulator<T = Order>(options?: CreateAccumulatorOptions<T>): OrderAccumulator<T> {
  return new OrderAccumulator<T>(new AccumulatorCore(checkCoreOptions(options)));
}
