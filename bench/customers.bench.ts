import { bench, describe } from "vitest";
import { customerSummaries, prepareOrders, summarize, type OrderBook } from "../src/index.js";
import { generateOrders, mulberry32 } from "./generateOrders.js";

// 1,000,000 generated orders over 36 months (seeded, deterministic), prepared once; both metrics run on the
// same book. Target: customerSummaries within 2x of summarize.
//
// customerSummaries does one pass over the orders into per-customer rows (src/internal/customerFacts.ts); its
// `customers` array (one small view object per customer, 316k here) is built on the first read. So there are
// two honest numbers: the call alone (counts, no records), and the call plus a read of frequency, recency and
// T of every record (what a model fit does). Quote both.
//
// Measured 2026-11-24 on the 2-core box, `npx vitest bench --run bench/customers.bench.ts` (mean; fastest):
//   summarize                                   18.4 ms; 17.9 ms
//   customerSummaries, the call alone           55.0 ms (3.0x); 29.6 ms (1.6x)
//   customerSummaries + reading every record    101 ms; 71 ms
//   shuffled input / Europe/Prague, reading all 180 ms / 108 ms
// Earlier (before the kernel's loop took only typed arrays and numbers, see factsPass): the call 61-65 ms
// (fastest 29-33 ms), + reading 84-93 ms, shuffled 142-167 ms, Prague 92-99 ms, summarize 16.0-17.2 ms.
// The gap between the fastest and the median iterations of the call alone is garbage collection: each call
// allocates ~20 MB of typed arrays (hot and cold per-customer rows) outside the JS heap, and with little else
// allocated V8 reclaims them with a full mark-compact every few calls, which lands inside an iteration.
// The plain order objects are dropped once the books are prepared (as an app that prepares a book from a
// stream would): kept alive, their 2M objects make every full garbage collection (which the per-call typed
// arrays of both metrics trigger now and then) take ~0.7 s instead of ~0.1 s, and land inside iterations.
function prepareBooks(): { book: OrderBook; shuffledBook: OrderBook } {
  const orders = generateOrders({ orders: 1_000_000, months: 36, seed: 42 });
  // The same orders in a shuffled sequence: every repeat customer's orders arrive out of time order, which
  // takes the per-customer sort path of customerSummaries.
  const rand = mulberry32(7);
  const shuffled = orders.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = shuffled[i] as (typeof shuffled)[number];
    shuffled[i] = shuffled[j] as (typeof shuffled)[number];
    shuffled[j] = tmp;
  }
  return { book: prepareOrders(orders), shuffledBook: prepareOrders(shuffled) };
}
const { book, shuffledBook } = prepareBooks();

/** Reads the three BTYD inputs of every record (so that the records are built and every field read). */
function readAll(r: ReturnType<typeof customerSummaries>): number {
  let sum = 0;
  for (const c of r.customers) sum += c.frequency + c.recency + c.T;
  return sum;
}

const fast = { iterations: 20, warmupIterations: 3 };
const slow = { iterations: 8, warmupIterations: 2 };

describe(`1,000,000 orders, ${book.customerCount} customers`, () => {
  bench("summarize", () => {
    summarize(book);
  }, fast);
  bench("customerSummaries (unit week)", () => {
    customerSummaries(book, { unit: "week" });
  }, fast);
  bench("customerSummaries + read frequency, recency, T of every record", () => {
    readAll(customerSummaries(book, { unit: "week" }));
  }, fast);
  bench("customerSummaries, shuffled input, read every record", () => {
    readAll(customerSummaries(shuffledBook, { unit: "week" }));
  }, slow);
  bench("customerSummaries in Europe/Prague, read every record", () => {
    readAll(customerSummaries(book, { unit: "week", timeZone: "Europe/Prague" }));
  }, fast);
});
