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
// Measured 2026-11-24 (session 13) on the 2-core box, `npx vitest bench --run bench/customers.bench.ts`,
// three runs (mean; fastest):
//   summarize                                   18.2, 17.9, 19.4 ms; 17.3-18.1 ms
//   customerSummaries, the call alone           23.3, 21.1, 24.4 ms (1.28x, 1.17x, 1.26x); 17.3-17.9 ms
//   customerSummaries + reading every record    80.8, 81.5, 86.2 ms; 47-71 ms
//   shuffled input / Europe/Prague, reading all 105-116 ms / 105-109 ms
// After the review mend (first day in zones whose clock went back across midnight), two runs in a noisy
// stretch (summarize 27.5 and 22.3 ms mean): the call 36.0 and 28.6 ms (1.31x, 1.28x).
// What changed this session (see customerFacts.ts): the loop reads each order's row from the book's
// `orderRow` column in order, instead of looking the customer's row up at random, and fills 16-byte rows
// (value, purchase days, last day); order counts and first-day values come from a pass each when a record
// field needs them (`orders`, `averageOrderValue`, `monetaryValue`). Session 12, 32-byte rows of every
// fact: the call 41.1-47.8 ms mean (2.03-2.33x), + reading 76.8-88.6 ms, shuffled 115-177 ms, Prague 87-122 ms.
// The gap between the fastest and the mean of the call alone is garbage collection: each call allocates
// ~3.7 MB of typed arrays (the 16-byte rows of the 218k customers with two or more orders, and a flag byte
// each) outside the JS heap, V8 counts them as external memory, and every 64 MB of it starts a full
// mark-compact (20-50 ms here, with concurrent marking on the second core), which lands inside an
// iteration: about one per run of 20 now, two to three with the 32-byte rows.
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
