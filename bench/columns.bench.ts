import { bench, describe } from "vitest";
import { cohortTable, customerSummaries, prepareOrderColumns, prepareOrders, summarize, type OrderBook } from "../src/index.js";
import { generateOrders } from "./generateOrders.js";
import { toArrow, toColumns } from "./toColumns.js";

// The whole analysis of `npm run bench:compare` (prepare, summarize, monthly cohortTable in Europe/Prague,
// customerSummaries) on 1,000,000 generated orders, from objects (ISO strings, decimal strings) and from the same
// orders as columns: typed arrays (numeric customer keys and order ids, epoch ms, cents) and an Arrow table.
// Goal (issue 6): from columns ≥ 3× faster than from objects. Unlike bench:compare, all inputs share one heap
// here, so the objects' garbage-collection cost weighs on every case; bench:compare is the reference.
const runs = { iterations: 10, warmupIterations: 2, time: 0 };
const timeZone = "Europe/Prague";
const orders = generateOrders({ orders: 1_000_000, months: 36, heavyTail: true, seed: 42 });
const columns = toColumns(orders);
const table = toArrow(orders);
const strings = { ...columns, customerId: Array.from(columns.customerId, (k) => `c${k}`) };

const analyse = (book: OrderBook): void => {
  summarize(book, { timeZone });
  cohortTable(book, { timeZone });
  customerSummaries(book, { timeZone });
};

describe("the whole analysis, 1,000,000 orders", () => {
  bench("from objects (prepareOrders)", () => {
    analyse(prepareOrders(orders, { timeZone }));
  }, runs);
  bench("from typed columns (prepareOrderColumns)", () => {
    analyse(prepareOrderColumns(columns, { timeZone }));
  }, runs);
  bench("from typed columns with string customer ids", () => {
    analyse(prepareOrderColumns(strings, { timeZone }));
  }, runs);
  bench("from an Arrow table", () => {
    analyse(prepareOrderColumns(table, { timeZone, names: { customerId: "customer_id", placedAt: "placed_at", orderId: "order_id" } }));
  }, runs);
});

describe("prepare only, 1,000,000 orders", () => {
  bench("prepareOrders (objects)", () => {
    prepareOrders(orders, { timeZone });
  }, runs);
  bench("prepareOrderColumns (typed columns)", () => {
    prepareOrderColumns(columns, { timeZone });
  }, runs);
  bench("prepareOrderColumns (Arrow table)", () => {
    prepareOrderColumns(table, { timeZone, names: { customerId: "customer_id", placedAt: "placed_at", orderId: "order_id" } });
  }, runs);
});
