import { bench, describe } from "vitest";
import { prepareOrders } from "../src/core/prepareOrders.js";
import { accumulatorFromJSON, createAccumulator, mergeAccumulators } from "../src/stream/index.js";
import { generateOrders } from "./generateOrders.js";

/** Enough samples for a median on a busy machine (each sample reads 1,000,000 orders). */
const runs = { iterations: 7, warmupIterations: 1, time: 0 };
const timeZone = "Europe/Prague";
const orders = generateOrders({ orders: 1_000_000, months: 36, heavyTail: true });
const half = orders.length >> 1;
const a = createAccumulator({ timeZone }).addAll(orders.slice(0, half));
const b = createAccumulator({ timeZone }).addAll(orders.slice(half));
const state = JSON.stringify(a);

describe("1,000,000 orders (Europe/Prague): accumulator against prepareOrders", () => {
  bench("prepareOrders", () => {
    prepareOrders(orders, { timeZone });
  }, runs);
  bench("createAccumulator().addAll, duplicateOrderIds: check", () => {
    createAccumulator({ timeZone }).addAll(orders);
  }, runs);
  bench("createAccumulator().addAll, duplicateOrderIds: trust", () => {
    createAccumulator({ timeZone, duplicateOrderIds: "trust" }).addAll(orders);
  }, runs);
});

describe("two halves of 1,000,000 orders: merge and JSON", () => {
  bench("mergeAccumulators", () => {
    mergeAccumulators(a, b);
  }, runs);
  bench("JSON.stringify(accumulator)", () => {
    JSON.stringify(a);
  }, runs);
  bench("accumulatorFromJSON(text)", () => {
    accumulatorFromJSON(state);
  }, runs);
});
