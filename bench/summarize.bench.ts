import { bench, describe, expect } from "vitest";
import { prepareOrders, summarize } from "../src/index.js";
import { generateOrders } from "./generateOrders.js";
import { naiveSummarize } from "./naive.js";

const N = 1_000_000;
const orders = generateOrders({ orders: N });
const book = prepareOrders(orders);

// Agreement check before timing: the fast and naive paths must give the same numbers.
const fast = summarize(book);
const naive = naiveSummarize(orders);
expect(fast.revenue.net.eq(naive.net)).toBe(true);
expect(fast.customers).toBe(naive.customers);
expect(fast.repeatCustomers).toBe(naive.repeat);

describe(`summarize, ${N.toLocaleString("en-US")} orders`, () => {
  bench("prepareOrders + summarize (from plain objects)", () => {
    summarize(prepareOrders(orders));
  }, { iterations: 5, warmupIterations: 1 });
  bench("summarize on a prepared OrderBook", () => {
    summarize(book);
  }, { iterations: 20, warmupIterations: 2 });
  bench("naive (Decimal + Date per order)", () => {
    naiveSummarize(orders);
  }, { iterations: 3, warmupIterations: 1 });
});
