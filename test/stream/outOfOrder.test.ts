import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accumulatorFromJSON, cohortTable, createAccumulator, customerSummaries, mergeAccumulators, summarize, type Order } from "../../src/index.js";

// Issue 19, item 4: one customer's orders in reverse time order (or zig-zag) used to cost a walk of the
// customer's whole list each (40,000 reversed orders: 56 s). Past a short walk, the customer's lists get an
// index and take entries unsorted until read; results must be those of time-ordered input, byte for byte.

const DAY = 86_400_000;
const START = Date.UTC(1990, 0, 1);

/** Orders of two customers; the first two (one per customer, mid-range) stay first in every permutation below, so the customers appear in one order. */
function history(n: number, gapDays: number): Order[] {
  const mid = START + Math.floor(n / 2) * gapDays * DAY + 1000;
  const head: Order[] = [
    { orderId: "first-other", customerId: "other", placedAt: mid, total: "1.00" },
    { orderId: "first-one", customerId: "one", placedAt: mid, total: "2.00" },
  ];
  return [...head, ...Array.from({ length: n }, (_, k) => ({
    orderId: `o${k}`,
    customerId: k % 5 === 0 ? "other" : "one",
    placedAt: START + k * gapDays * DAY + (k % 7) * 3_600_000,
    total: `${(k % 40) + 1}.${k % 10}0`,
    refunded: k % 6 === 0 ? "0.50" : undefined,
  }))];
}

/** The first two orders, then `f` of the rest. */
const keepHead = (orders: readonly Order[], f: (rest: Order[]) => Order[]): Order[] => [...orders.slice(0, 2), ...f(orders.slice(2))];

/** Newest, oldest, second newest, second oldest, … */
function zigzag<T>(xs: readonly T[]): T[] {
  const out: T[] = [];
  for (let lo = 0, hi = xs.length - 1; lo <= hi; lo++, hi--) {
    out.push(xs[hi] as T);
    if (lo !== hi) out.push(xs[lo] as T);
  }
  return out;
}

// The fingerprints are left out: their slot order depends on the order of insertion (as before this change).
const results = (acc: ReturnType<typeof createAccumulator>): string =>
  JSON.stringify([{ ...acc.toJSON(), fingerprints: null }, summarize(acc), customerSummaries(acc), cohortTable(acc)]);

describe("an accumulator fed one customer's orders out of time order", () => {
  for (const [granularity, gap] of [["month", 33], ["day", 1], ["week", 3]] as const) {
    it(`gives the results of time-ordered input (granularity ${granularity}, reversed and zig-zag)`, () => {
      const orders = history(1500, gap);
      const options = { granularity, earliestDate: null };
      const sorted = results(createAccumulator(options).addAll(orders));
      expect(results(createAccumulator(options).addAll(keepHead(orders, (rest) => rest.reverse())))).toBe(sorted);
      expect(results(createAccumulator(options).addAll(keepHead(orders, zigzag)))).toBe(sorted);
    });
  }

  it("stays exact when read, copied, merged and saved between out-of-order adds (property)", () => {
    const orders = history(600, 33);
    const expected = results(createAccumulator({ earliestDate: null }).addAll(orders));
    fc.assert(
      fc.property(fc.shuffledSubarray(orders.slice(2), { minLength: orders.length - 2, maxLength: orders.length - 2 }), fc.nat(orders.length), (rest, cut) => {
        const shuffled = [...orders.slice(0, 2), ...rest];
        const a = createAccumulator({ earliestDate: null }).addAll(shuffled.slice(0, cut));
        // Read in between (sorts the lists), and go on from a restored copy and from a merge.
        cohortTable(a);
        const restored = accumulatorFromJSON(JSON.stringify(a)).addAll(shuffled.slice(cut));
        const merged = mergeAccumulators(a, createAccumulator({ earliestDate: null }).addAll(shuffled.slice(cut)));
        a.addAll(shuffled.slice(cut));
        expect(results(a)).toBe(expected);
        expect(results(restored)).toBe(expected);
        expect(results(merged)).toBe(expected);
      }),
      { numRuns: 12 },
    );
  });
});
