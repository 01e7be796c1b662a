import type { AccumulatorState, ExchangeRateTable, Order, OrderAccessors } from "../core/types.js";
import { checkAccessors } from "../internal/book/orderRecord.js";
import { coreFromState } from "../internal/stream/json.js";
import { OrderAccumulator } from "./OrderAccumulator.js";

/** Options of {@link accumulatorFromJSON}. */
export interface AccumulatorFromJSONOptions<T = Order> {
  /**
   * Readers for rows of another shape, for orders added after restoring (functions are not part of the state).
   * @defaultValue read rows as {@link Order}
   */
  accessors?: OrderAccessors<T>;
  /**
   * Rates converting the orders added from now on to the state's reporting currency, as in
   * {@link CreateAccumulatorOptions.exchangeRates} (not part of the JSON state: pass them again).
   * @defaultValue none (no conversion)
   */
  exchangeRates?: ExchangeRateTable;
}

/**
 * Restores an accumulator from its JSON state (`JSON.stringify(accumulator)` or `accumulator.toJSON()`), for
 * example one sent back by a worker thread or saved between runs. The restored accumulator gives the same
 * metrics, merges and accepts further orders exactly as the original would (exact money, same order-id
 * fingerprints).
 *
 * Safe on a state from an untrusted source: every invariant of the format is checked (sums, orders of entries,
 * day and period bits, refunds never above gross, one fingerprint per order, …), so a state either loads to the
 * state of some sequence of valid orders or is refused; see docs/security.md ("Saved states from untrusted
 * sources").
 *
 * Cost: O(customers + periods + day entries + fingerprints) time and memory, whatever the state holds (each
 * customer's entries must come newest first, as `toJSON` writes them).
 *
 * @param state - the state object, or its JSON text.
 * @param options - see {@link AccumulatorFromJSONOptions}.
 * @returns a new accumulator.
 * @throws {@link RetentionMetricsError} `INVALID_STATE` when the state is malformed, inconsistent or of another
 * version (`field` names the state's field, `index` the customer or entry); `INVALID_TIME_ZONE` /
 * `INVALID_OPTION` for bad options inside it.
 *
 * @example
 * ```ts
 * const acc = createAccumulator().add({ orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "0.10" });
 * const copy = accumulatorFromJSON(JSON.stringify(acc));
 * copy.add({ orderId: "2", customerId: "ann", placedAt: "2024-03-02", total: "0.20" });
 * summarize(copy).revenue.net.toString(); // "0.3"
 * acc.orders;                             // 1
 * ```
 */
export function accumulatorFromJSON<T = Order>(state: AccumulatorState | string, options?: AccumulatorFromJSONOptions<T>): OrderAccumulator<T> {
  return new OrderAccumulator<T>(coreFromState(state, checkAccessors<unknown>(options?.accessors), options?.exchangeRates));
}
