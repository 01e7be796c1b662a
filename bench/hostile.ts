// `npm run bench:hostile`: the worst case against the common case on the inputs of issue 19 (hostile input),
// with their ratios. Each case is timed on ordinary input and on input built to be slow, of the same size:
//
// - hashing: prepareOrders, prepareOrderColumns and an accumulator fed n orders whose order and customer ids are
//   ordinary e-mail-like strings, or n distinct ids with one FNV-1a hash (a multicollision, test/support/floodKeys.ts),
//   at n = 40,000 and 1,000,000 (goal: at most 3×);
// - day cohorts: cohortTable of one customer a day for ten years at granularity "month", and at "day" (13 million
//   cells, refused by the cell cap with INVALID_OPTION: the time to that error);
// - segments: cohortTable with segmentBy "segment" on 100,000 customers of one month, in 100 segments or each in
//   its own (and 50,000 against 100,000 distinct, whose ratio shows the growth: 2 is linear);
// - state loading: accumulatorFromJSON of a state with one customer's 100,000 day entries (one order every 32 days
//   for 8,767 years), as written or with the entries reversed (refused with INVALID_STATE: the time to that error);
//   and those 100,000 orders added to an accumulator in time order or reversed.
//
// Options: --sizes 40000,1000000   --runs 3 (best of; one run at a million)
import { accumulatorFromJSON, cohortTable, createAccumulator, prepareOrderColumns, prepareOrders, RetentionMetricsError, type Order } from "../src/index.js";
import { fnvCollidingKeys } from "../test/support/floodKeys.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
}

const SIZES = arg("sizes", "40000,1000000").split(",").map(Number);
const RUNS = Number(arg("runs", "3"));
const DAY = 86_400_000;

/** Best time of `runs` calls of f, in ms, and what the call ended with ("ok" or an error code). */
function time(f: () => unknown, runs: number): { ms: number; outcome: string } {
  let best = Infinity;
  let outcome = "ok";
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    try {
      f();
      outcome = "ok";
    } catch (e) {
      if (!(e instanceof RetentionMetricsError)) throw e;
      outcome = e.code;
    }
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, outcome };
}

const rows: Record<string, unknown>[] = [];
function report(kind: string, size: number, common: ReturnType<typeof time>, worst: ReturnType<typeof time>, note: string): void {
  const row = { case: kind, size, commonMs: Math.round(common.ms), worstMs: Math.round(worst.ms), ratio: Number((worst.ms / common.ms).toFixed(2)), common: common.outcome, worst: worst.outcome, note };
  rows.push(row);
  console.log(JSON.stringify(row));
}

// ---- hashing ----
function ordersOf(ids: readonly string[]): Order[] {
  // Three orders per customer id, each order with its own id: both tables are flooded.
  return ids.map((id, i) => ({ orderId: id, customerId: ids[i - (i % 3)] as string, placedAt: Date.UTC(2024, 0, 1) + i * 1000, total: "10.00" }));
}

for (const n of SIZES) {
  const runs = n >= 500_000 ? 1 : RUNS;
  const t0 = performance.now();
  const colliding = fnvCollidingKeys(n);
  // Ordinary ids of the same length, so that the ratio measures the collisions and not the hashing of longer ids.
  const width = (colliding[0] as string).length;
  const ordinary = Array.from({ length: n }, (_, i) => {
    const head = `${((i * 2654435761) >>> 0).toString(36)}.${i}`;
    return `${head.padEnd(width - 12, "x")}@example.com`;
  });
  console.log(JSON.stringify({ generated: n, collidingIdLength: (colliding[0] as string).length, ms: Math.round(performance.now() - t0) }));
  const a = ordersOf(ordinary);
  const b = ordersOf(colliding);
  report("prepareOrders", n, time(() => prepareOrders(a), runs), time(() => prepareOrders(b), runs), "order and customer ids with one FNV-1a hash");
  const columns = (ids: string[]) => ({ orderId: ids, customerId: ids.map((_x, i) => ids[i - (i % 3)] as string), placedAt: Float64Array.from(ids, (_x, i) => Date.UTC(2024, 0, 1) + i * 1000), total: new Int32Array(n).fill(1000) });
  const ca = columns(ordinary);
  const cb = columns(colliding);
  report("prepareOrderColumns", n, time(() => prepareOrderColumns(ca), runs), time(() => prepareOrderColumns(cb), runs), "string id columns");
  // Order ids stay ordinary here: the accumulator's duplicate check keeps 64-bit fingerprints whose first half is
  // FNV-1a, so a million ids with one FNV-1a hash hold about a hundred pairs with one fingerprint (refused as
  // DUPLICATE_ORDER_ID, see docs/security.md).
  const accA = a.map((o, i) => ({ ...o, orderId: `o${i}` }));
  const accB = b.map((o, i) => ({ ...o, orderId: `o${i}` }));
  report("accumulator add", n, time(() => createAccumulator().addAll(accA), runs), time(() => createAccumulator().addAll(accB), runs), "customer ids with one FNV-1a hash");
}

// ---- day cohorts ----
{
  const orders: Order[] = [];
  const start = Date.UTC(2015, 0, 1);
  for (let d = 0; d < 3653; d++) orders.push({ orderId: `o${d}`, customerId: `c${d}`, placedAt: start + d * DAY + 43_200_000, total: "5" });
  const book = prepareOrders(orders);
  report("cohortTable day over 10 years", 3653, time(() => cohortTable(book, { granularity: "month" }), RUNS), time(() => cohortTable(book, { granularity: "day" }), RUNS), "common: granularity month; worst: day (cell cap)");
}

// ---- segments ----
{
  const n = 100_000;
  const make = (segments: number): Order[] =>
    Array.from({ length: n }, (_, i) => ({ orderId: `o${i}`, customerId: `c${i}`, placedAt: Date.UTC(2024, 0, 1) + (i % 28) * DAY, total: "5", segment: `s${i % segments}` }));
  const few = prepareOrders(make(100));
  const many = prepareOrders(make(n));
  const half = prepareOrders(make(n / 2).slice(0, n / 2));
  const fewMs = time(() => cohortTable(few, { segmentBy: "segment" }), RUNS);
  const manyMs = time(() => cohortTable(many, { segmentBy: "segment" }), RUNS);
  report("cohortTable segments", n, fewMs, manyMs, "100 segments vs 100,000 distinct (the result holds 1000x more segment tables)");
  report("cohortTable segments doubling", n, time(() => cohortTable(half, { segmentBy: "segment" }), RUNS), manyMs, "50,000 distinct segments (50,000 customers) vs 100,000 (100,000): 2 is linear");
}

// ---- state loading (and the same orders added out of time order) ----
{
  const start = Date.UTC(1000, 0, 1);
  const history: Order[] = Array.from({ length: 100_000 }, (_, k) => ({ orderId: `o${k}`, customerId: "one", placedAt: start + k * 32 * DAY, total: "1" }));
  const reversed = history.slice().reverse();
  report("accumulator add, one customer", 100_000, time(() => createAccumulator({ earliestDate: null }).addAll(history), RUNS), time(() => createAccumulator({ earliestDate: null }).addAll(reversed), RUNS), "orders in time order vs reversed (a day word each)");
  const acc = createAccumulator({ earliestDate: null }).addAll(history);
  const state = acc.toJSON();
  const reversedPairs = (xs: readonly number[]): number[] => {
    const out: number[] = [];
    for (let j = xs.length - 2; j >= 0; j -= 2) out.push(xs[j] as number, xs[j + 1] as number);
    return out;
  };
  const periodMoney: string[] = [];
  for (let j = state.periodMoney.length - 2; j >= 0; j -= 2) periodMoney.push(state.periodMoney[j] as string, state.periodMoney[j + 1] as string);
  const inOrder = JSON.stringify(state);
  const outOfOrder = JSON.stringify({ ...state, dayBits: reversedPairs(state.dayBits), periods: reversedPairs(state.periods), periodMoney });
  console.log(JSON.stringify({ stateBytes: inOrder.length, dayEntries: state.customers.dayEntries[0], periodEntries: state.customers.periodEntries[0] }));
  report("accumulatorFromJSON", 100_000, time(() => accumulatorFromJSON(inOrder), RUNS), time(() => accumulatorFromJSON(outOfOrder), RUNS), "one customer's entries in order vs reversed");
}

console.table(rows);
