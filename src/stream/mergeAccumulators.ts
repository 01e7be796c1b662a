import type { Order } from "../core/types.js";
import { argumentError } from "../internal/fail.js";
import { coreOf } from "../internal/stream/core.js";
import { OrderAccumulator } from "./OrderAccumulator.js";

/**
 * Combines two accumulators into a new one, as if every order of both had been added to one accumulator (`a`'s
 * orders first). Use it to process orders in shards (by worker threads, separate processes or machines; ideally
 * sharded by customer), then combine. `a` and `b` are left unchanged.
 *
 * A customer present in both is combined exactly (counts and money add, the first order is the earlier one,
 * purchase days and periods are united). The result checks duplicates (`"check"`) only if both inputs do.
 *
 * Cost: O(size of a + size of b) time and memory.
 *
 * @param a - the first accumulator (its `accessors` carry over).
 * @param b - the second accumulator.
 * @returns a new accumulator holding both.
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` (field `b`) when the time zone, granularity or
 * weekStartsOn differ, or an argument is not an accumulator; `MIXED_CURRENCY` when the currencies differ;
 * `DUPLICATE_ORDER_ID` when an order id was added to both (with `"check"`); `INVALID_AMOUNT` when a sum leaves
 * the exact range.
 *
 * @example
 * ```ts
 * const a = createAccumulator().add({ orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" });
 * const b = createAccumulator().add({ orderId: "2", customerId: "bob", placedAt: "2024-02-05", total: "10" });
 * const both = mergeAccumulators(a, b);
 * both.orders;                                // 2
 * summarize(both).averageOrderValue?.toString(); // "20"
 * a.orders;                                   // 1
 * ```
 */
export function mergeAccumulators<T = Order>(a: OrderAccumulator<T>, b: OrderAccumulator<T>): OrderAccumulator<T> {
  if (!(a instanceof OrderAccumulator)) throw argumentError("a", "is not an OrderAccumulator", a, "Pass accumulators made by createAccumulator or accumulatorFromJSON.");
  if (!(b instanceof OrderAccumulator)) throw argumentError("b", "is not an OrderAccumulator", b, "Pass accumulators made by createAccumulator or accumulatorFromJSON.");
  const core = coreOf(a).clone();
  core.absorb(coreOf(b));
  return new OrderAccumulator<T>(core);
}
