export { createAccumulator } from "./createAccumulator.js";
export type { CreateAccumulatorOptions } from "./createAccumulator.js";
export { OrderAccumulator } from "./OrderAccumulator.js";
export { accumulatorFromJSON } from "./accumulatorFromJSON.js";
export type { AccumulatorFromJSONOptions } from "./accumulatorFromJSON.js";
export { mergeAccumulators } from "./mergeAccumulators.js";
export type { AccumulatorCustomerColumns, AccumulatorState, DuplicateOrderIds } from "../core/types.js";
