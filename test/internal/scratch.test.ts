import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable, type CohortTableOptions } from "../../src/cohorts/cohortTable.js";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import { prepareOrderColumns } from "../../src/core/prepareOrderColumns.js";
import { summarize } from "../../src/orders/summarize.js";
import { ScratchPool } from "../../src/internal/book/scratch.js";
import { ordersArb, shuffled } from "../orders/arbitraries.js";

describe("ScratchPool (a book's metric scratch, src/internal/book/scratch.ts)", () => {
  it("hands a buffer out once, filled, and takes it back by exact byte length", () => {
    const pool = new ScratchPool();
    const a = pool.int32(4);
    a.fill(7);
    const b = pool.int32(4, -1); // a is out: a buffer of its own
    expect(b.buffer).not.toBe(a.buffer);
    expect([...b]).toEqual([-1, -1, -1, -1]);
    pool.release(a);
    const c = pool.int32(4);
    expect(c.buffer).toBe(a.buffer); // reused, and zeroed like a new one
    expect([...c]).toEqual([0, 0, 0, 0]);
    pool.release(b);
    const d = pool.float64(2, Infinity); // 16 bytes: b's buffer, as doubles
    expect(d.buffer).toBe(b.buffer);
    expect([...d]).toEqual([Infinity, Infinity]);
    expect(pool.int32(5).buffer).not.toBe(a.buffer);
  });

  it("keeps at most eight free buffers, and ignores views that are not a whole buffer", () => {
    const pool = new ScratchPool();
    const out = Array.from({ length: 10 }, () => pool.int32(3));
    pool.release(...out, null, new Int32Array(out[0]!.buffer, 4, 1));
    const again = Array.from({ length: 10 }, () => pool.int32(3));
    // The two oldest were dropped; the other eight come back (newest first).
    expect(again.filter((x) => out.some((y) => y.buffer === x.buffer))).toHaveLength(8);
  });
});

describe("metric calls sharing a book's scratch give the results of a fresh book", () => {
  const modes: CohortTableOptions[] = [
    {},
    { mode: "unbounded" },
    { mode: "byPeriod", granularity: "week" },
    { mode: "consecutive" },
    { mode: "brackets", brackets: [[1, 1], [2, 3]] },
    { windows: "relative", windowDays: 10 },
    { segmentBy: "segment" },
  ];

  it("any sequence of cohortTable and summarize calls on one book (fast-check)", () => {
    fc.assert(
      fc.property(ordersArb, fc.array(fc.integer({ min: 0, max: modes.length }), { minLength: 2, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 60 }), (orders, calls, seeds) => {
        const input = shuffled(orders, seeds).map((o, i) => ({ ...o, segment: i % 3 === 0 ? "ads" : null }));
        const book = prepareOrders(input, { timeZone: "UTC" });
        for (const k of calls) {
          const fresh = prepareOrders(input, { timeZone: "UTC" });
          if (k === modes.length) expect(summarize(book)).toEqual(summarize(fresh));
          else expect(cohortTable(book, modes[k])).toEqual(cohortTable(fresh, modes[k]));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("a cohortTable call inside another's segmentBy on the same book gets scratch of its own", () => {
    const orders = [
      { orderId: "1", customerId: "a", placedAt: "2024-01-05", total: "10", segment: "x" },
      { orderId: "2", customerId: "b", placedAt: "2024-01-20", total: "5", segment: "y" },
      { orderId: "3", customerId: "a", placedAt: "2024-02-03", total: "7" },
      { orderId: "4", customerId: "c", placedAt: "2024-02-09", total: "3", segment: "x" },
      { orderId: "5", customerId: "b", placedAt: "2024-03-01", total: "4" },
    ];
    const book = prepareOrderColumns(
      { orderId: orders.map((o) => o.orderId), customerId: orders.map((o) => o.customerId), placedAt: orders.map((o) => o.placedAt), total: orders.map((o) => Number(o.total) * 100), segment: orders.map((o) => o.segment ?? null) },
      { timeZone: "UTC" },
    );
    const inner: unknown[] = [];
    const nested = cohortTable(book, {
      segmentBy: (first) => {
        inner.push(cohortTable(book, { mode: "unbounded" }));
        return first.segment;
      },
    });
    const plain = prepareOrders(orders, { timeZone: "UTC" });
    expect(nested).toEqual(cohortTable(plain, { segmentBy: "segment" }));
    for (const t of inner) expect(t).toEqual(cohortTable(plain, { mode: "unbounded" }));
  });
});
