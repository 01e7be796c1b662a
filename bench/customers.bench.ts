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
// Measured 2026-11-24 (session 12) on the 2-core box, `npx vitest bench --run bench/customers.bench.ts`
// (mean; fastest):
//   summarize                                   20.3 ms; 18.7 ms
//   customerSummaries, the call alone           41.1 ms (2.03x); 26.5 ms (1.4x)
//   customerSummaries + reading every record    76.8 ms; 45.8 ms
//   shuffled input / Europe/Prague, reading all 115 ms / 87 ms
// Before this session: the call 46-55 ms (fastest 22-30 ms), + reading 61-101 ms, shuffled 126-180 ms,
// Prague 89-108 ms. Earlier still (before the kernel's loop took only typed arrays and numbers, see
// factsPass): the call 61-65 ms, + reading 84-93 ms.
// The gap between the fastest and the mean of the call alone is garbage collection: each call allocates
// ~7 MB of typed arrays (32-byte rows of the 218k customers with two or more orders, see customerFacts.ts)
// outside the JS heap, V8 counts them as external memory, and every 64 MB of it starts a full mark-compact
// (20-40 ms here, with concurrent marking on the second core), which lands inside an iteration. Without the
// allocation (rows reused, measured in a scratch build) the call runs 1.45-1.75x summarize.
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
