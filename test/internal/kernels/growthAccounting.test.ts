import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareOrders } from "../../../src/core/prepareOrders.js";
import type { Order } from "../../../src/core/types.js";
import { columnsOf } from "../../../src/internal/book/OrderBook.js";
import { growthCounts, type GrowthCounts } from "../../../src/internal/kernels/growthAccounting.js";
import { periodKernel } from "../../../src/internal/time/periods.js";
import { ZoneCalendar } from "../../../src/internal/time/zone.js";

// The fast passes of growthCounts (one record per repeat customer; in time order, or counting-sorted by period)
// against its exact slow walk (orders bucketed and sorted per customer, BigInt money): the same counters.

/** The counters as plain data, money as exact integer strings. */
function plain(g: GrowthCounts): unknown {
  return {
    p0: g.p0,
    P: g.P,
    counts: [g.active, g.newCustomers, g.retained, g.resurrected, g.churned].map((a) => Array.from(a)),
    money: g.money.map((m) => m.map((v) => String(typeof v === "bigint" ? v : BigInt(v)))),
  };
}

const BASE = Date.UTC(2023, 9, 1);
const orderArb = fc.record({ c: fc.integer({ min: 0, max: 9 }), minute: fc.integer({ min: 0, max: 500 * 1440 }), cents: fc.integer({ min: 0, max: 100_000 }), refund: fc.integer({ min: 0, max: 100 }) });

describe("growthCounts: fast passes = exact walk", () => {
  it("in three zones (DST and Lord Howe), any order of input, any reported range, net and gross", () => {
    fc.assert(
      fc.property(
        fc.array(orderArb, { minLength: 1, maxLength: 60 }),
        fc.constantFrom("UTC", "Europe/Prague", "Australia/Lord_Howe"),
        fc.constantFrom("week" as const, "month" as const),
        fc.boolean(),
        fc.integer({ min: -3, max: 8 }),
        fc.integer({ min: 0, max: 20 }),
        fc.boolean(),
        (xs, timeZone, granularity, shuffled, fromShift, span, net) => {
          const rows = shuffled ? xs : [...xs].sort((a, b) => a.minute - b.minute);
          const orders: Order[] = rows.map((x, i) => ({
            orderId: `o${i}`,
            customerId: `c${x.c}`,
            placedAt: BASE + x.minute * 60_000,
            total: (x.cents / 100).toFixed(2),
            refunded: ((Math.min(x.refund, x.cents) * 1) / 100).toFixed(2),
          }));
          const cols = columnsOf(prepareOrders(orders, { timeZone }));
          const kernel = periodKernel(granularity, new ZoneCalendar(timeZone), 1);
          const first = kernel.ofInstantOnce(cols.minTime) + fromShift;
          const asOf = cols.maxTime - 5 * 86_400_000;
          const fast = growthCounts(cols, kernel, asOf, first, first + span, net);
          const slow = growthCounts(cols, kernel, asOf, first, first + span, net, true);
          expect(plain(fast)).toEqual(plain(slow));
        },
      ),
      { numRuns: 60 },
    );
  });

  // Amounts near 2^31 minor units: the records start in 32-bit integers and the passes start again in doubles
  // when a customer's revenue in a period passes 2^31 − 1 (one order, or two together).
  it("past 2^31 − 1 minor units in one customer's period (records in doubles)", () => {
    const big = 2 ** 31 - 10;
    fc.assert(
      fc.property(
        fc.array(fc.record({ c: fc.integer({ min: 0, max: 3 }), day: fc.integer({ min: 0, max: 120 }), units: fc.constantFrom(5, 20, big, 2 * big) }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (xs, shuffled) => {
          const rows = shuffled ? xs : [...xs].sort((a, b) => a.day - b.day);
          const orders: Order[] = rows.map((x, i) => ({ orderId: `o${i}`, customerId: `c${x.c}`, placedAt: BASE + x.day * 86_400_000, total: (x.units / 100).toFixed(2) }));
          const cols = columnsOf(prepareOrders(orders, { timeZone: "UTC" }));
          const kernel = periodKernel("month", new ZoneCalendar("UTC"), 1);
          const first = kernel.ofInstantOnce(cols.minTime);
          const fast = growthCounts(cols, kernel, cols.maxTime, first, first + 4, true);
          expect(plain(fast)).toEqual(plain(growthCounts(cols, kernel, cols.maxTime, first, first + 4, true, true)));
        },
      ),
      { numRuns: 30 },
    );
  });

  // Enough orders that the unsorted pass's buckets fill chunks and go on in others (chunks of 16 entries here).
  it("an unsorted book of 3000 orders", () => {
    let seed = 7;
    const next = (m: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    const orders: Order[] = Array.from({ length: 3000 }, (_, i) => ({ orderId: `o${i}`, customerId: `c${next(400)}`, placedAt: BASE + next(700) * 86_400_000, total: String(next(500)) }));
    const cols = columnsOf(prepareOrders(orders, { timeZone: "Europe/Prague" }));
    const kernel = periodKernel("week", new ZoneCalendar("Europe/Prague"), 1);
    const first = kernel.ofInstantOnce(cols.minTime);
    const last = kernel.ofInstantOnce(cols.maxTime);
    expect(plain(growthCounts(cols, kernel, cols.maxTime, first, last, true))).toEqual(plain(growthCounts(cols, kernel, cols.maxTime, first, last, true, true)));
  });
});
