import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { timeToSecondPurchase } from "../../src/retention/timeToSecondPurchase.js";
import { createAccumulator } from "../../src/stream/createAccumulator.js";
import type { Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const o = (orderId: string, customerId: string, placedAt: string): Order => ({ orderId, customerId, placedAt, total: "10" });

describe("timeToSecondPurchase: hand-worked example (docs/retention.md, Time to second purchase)", () => {
  // January: ann 10 → 25 Jan (15 days), bob 12 Jan → 12 Mar (60 days), cy 20 Jan only.
  // February: dee 3 Feb → 3 Feb (same day, 0 days), eve 28 Feb → 1 Mar (2 days: 2024 is a leap year).
  const orders = [
    o("1", "ann", "2024-01-10"),
    o("2", "ann", "2024-01-25"),
    o("9", "ann", "2024-01-26"),
    o("3", "bob", "2024-01-12"),
    o("4", "bob", "2024-03-12"),
    o("5", "cy", "2024-01-20"),
    o("6", "dee", "2024-02-03T09:00"),
    o("7", "dee", "2024-02-03T17:00"),
    o("8", "eve", "2024-02-28"),
    o("10", "eve", "2024-03-01"),
  ];
  const s = timeToSecondPurchase(orders, { withinDays: [0, 30, 90], asOf: "2024-04-15" });

  it("per cohort: size, returned, median and quartiles of the delays", () => {
    expect(s.cohorts.map((c) => [c.label, c.size, c.returned, c.lowerQuartileDays, c.medianDays, c.upperQuartileDays])).toEqual([
      ["2024-01", 3, 2, 26.25, 37.5, 48.75], // delays 15, 60
      ["2024-02", 2, 2, 0.5, 1, 1.5], // delays 0, 2
    ]);
    expect(s.overall).toMatchObject({ size: 5, returned: 4, medianDays: 8.5 }); // 0, 2, 15, 60
  });

  it("the share within N days, complete once every customer was observed N days", () => {
    expect(s.cohorts[0]?.returnedWithin).toEqual([
      { days: 0, customers: 0, share: 0, complete: true },
      { days: 30, customers: 1, share: 1 / 3, complete: true },
      { days: 90, customers: 2, share: 2 / 3, complete: false }, // cy (20 Jan) observed 86 days by 15 April
    ]);
    expect(s.cohorts[1]?.returnedWithin.map((x) => [x.customers, x.share])).toEqual([[1, 0.5], [2, 1], [2, 1]]);
  });

  it("counts calendar days in the zone, across DST", () => {
    // 23:30 on 30 March and 00:30 on 1 April in Prague (the 31st has 23 hours): two calendar days.
    const p = timeToSecondPurchase([o("1", "x", "2024-03-30T22:30:00Z"), o("2", "x", "2024-03-31T22:30:00Z")], { timeZone: "Europe/Prague" });
    expect(p.overall.medianDays).toBe(2);
    expect(timeToSecondPurchase([o("1", "x", "2024-03-30T22:30:00Z"), o("2", "x", "2024-03-31T22:30:00Z")]).overall.medianDays).toBe(1);
  });

  it("refuses an accumulator and bad options", () => {
    const acc = createAccumulator();
    acc.add(orders[0] as Order);
    expectRetentionError(() => timeToSecondPurchase(acc as never), { code: "INVALID_OPTION", field: "orders" });
    expectRetentionError(() => timeToSecondPurchase(orders, { withinDays: [-1] }), { code: "INVALID_OPTION", field: "withinDays" });
    expectRetentionError(() => timeToSecondPurchase(orders, { withinDays: 30 as unknown as number[] }), { code: "INVALID_OPTION", field: "withinDays" });
  });
});

describe("timeToSecondPurchase: properties", () => {
  const shop = fc
    .array(fc.record({ c: fc.integer({ min: 0, max: 9 }), minute: fc.integer({ min: 0, max: 300 * 1440 }) }), { minLength: 1, maxLength: 50 })
    .map((rows): Order[] => rows.map((r, i) => ({ orderId: String(i), customerId: `c${r.c}`, placedAt: new Date(Date.UTC(2024, 0, 1) + r.minute * 60_000), total: "1" })));

  it("shares are in [0, 1] and rise with N; quartiles are ordered; cohorts add up; order does not matter", () => {
    fc.assert(
      fc.property(shop, (orders) => {
        const s = timeToSecondPurchase(orders, { timeZone: "Australia/Lord_Howe", withinDays: [0, 7, 30, 365] });
        for (const g of [s.overall, ...s.cohorts]) {
          let prev = -1;
          for (const w of g.returnedWithin) {
            expect(w.share !== null && w.share >= 0 && w.share <= 1).toBe(true);
            expect(w.customers).toBeGreaterThanOrEqual(prev);
            prev = w.customers;
          }
          if (g.returned > 0) expect((g.lowerQuartileDays as number) <= (g.medianDays as number) && (g.medianDays as number) <= (g.upperQuartileDays as number)).toBe(true);
          expect(g.returnedWithin.at(-1)?.customers).toBeLessThanOrEqual(g.returned);
        }
        expect(s.cohorts.reduce((a, c) => a + c.size, 0)).toBe(s.overall.size);
        expect(s.overall.size).toBe(new Set(orders.map((x) => x.customerId)).size);
        expect(JSON.stringify(timeToSecondPurchase([...orders].reverse(), { timeZone: "Australia/Lord_Howe", withinDays: [0, 7, 30, 365] }))).toBe(JSON.stringify(s));
      }),
      { numRuns: 40 },
    );
  });
});
