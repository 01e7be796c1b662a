import { bench, describe } from "vitest";
import { cohortTable } from "../src/cohorts/cohortTable.js";
import { prepareOrders } from "../src/core/prepareOrders.js";
import { summarize } from "../src/orders/summarize.js";
import { growthAccounting } from "../src/retention/growthAccounting.js";
import { generateOrders } from "./generateOrders.js";

/** Enough samples for a stable median on a busy machine. */
const runs = { iterations: 40, warmupIterations: 5, time: 0 };

// 1,000,000 orders over 36 months, prepared once in Europe/Prague; each metric reads the same book.
const timeZone = "Europe/Prague";
const sorted = prepareOrders(generateOrders({ orders: 1_000_000, months: 36 }), { timeZone });
const shuffled = prepareOrders(generateOrders({ orders: 1_000_000, months: 36, shuffle: true }), { timeZone });

describe("1,000,000 orders, time-ordered (Europe/Prague)", () => {
  bench("summarize", () => {
    summarize(sorted, { timeZone });
  }, runs);
  bench("cohortTable monthly", () => {
    cohortTable(sorted, { timeZone });
  }, runs);
  bench("growthAccounting monthly", () => {
    growthAccounting(sorted, { timeZone });
  }, runs);
});

describe("1,000,000 orders, shuffled (Europe/Prague)", () => {
  bench("summarize", () => {
    summarize(shuffled, { timeZone });
  }, runs);
  bench("cohortTable monthly", () => {
    cohortTable(shuffled, { timeZone });
  }, runs);
  bench("growthAccounting monthly", () => {
    growthAccounting(shuffled, { timeZone });
  }, runs);
});
