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
// Measured on a shared, loaded 2-core box (load average 2.5-5), medians of 5 runs of
// `npx vitest bench --run bench/customers.bench.ts bench/summarize.bench.ts`: summarize 26.7 ms; the call
// alone 113 ms (per-run 48-163 ms, fastest iterations 28-34 ms, i.e. 1.2-1.9x); the call + reading every
// record 86 ms (per-run 66-172 ms). Before this layout (eager records, one array per fact): 145 ms (per-run
// 125-300 ms) against summarize 28 ms. The spread is garbage collection: each call allocates a 20 MB row table
// (64 bytes per customer) outside the JS heap, and when little else is allocated V8 reclaims those only with
// a full mark-compact of this large heap (2M order objects), which lands inside some iterations.
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
