import { describe, expect, it } from "vitest";
import type { Order } from "../../src/core/types.js";
import { retentionSeries } from "../../src/retention/retentionSeries.js";

/**
 * activeWithinDays 30, UTC. Boundaries 1 Jan, 1 Feb, 1 Mar, 1 Apr 2024.
 * Active at 1 Feb: (2 Jan, 1 Feb] → ann, bob. At 1 Mar: (31 Jan, 1 Mar] (2024 is a leap year) → ann, cy.
 * At 1 Apr: (2 Mar, 1 Apr] → bob.
 * | month | S | E | N | CRR = (E − N)/S | retained | share | churn | new active | reactivated |
 * | Jan   | 0 | 2 | 2 | null            | 0        | null  | null  | 2          | 0           |
 * | Feb   | 2 | 2 | 1 | 0.5             | 1 (ann)  | 0.5   | 0.5   | 1 (cy)     | 0           |
 * | Mar   | 2 | 1 | 0 | 0.5             | 0        | 0     | 1     | 0          | 1 (bob)     |
 * March shows the gap: a CRR of 50% while every customer active on 1 March has lapsed.
 */
const orders: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
  { orderId: "2", customerId: "bob", placedAt: "2024-01-20", total: "10" },
  { orderId: "3", customerId: "ann", placedAt: "2024-02-10", total: "10" },
  { orderId: "4", customerId: "cy", placedAt: "2024-02-15", total: "10" },
  { orderId: "5", customerId: "bob", placedAt: "2024-03-25", total: "10" },
];

describe("retentionSeries", () => {
  it("monthly, by hand", () => {
    const s = retentionSeries(orders, { activeWithinDays: 30, asOf: "2024-04-01", to: "2024-03-31" });
    expect(s.periods.map((p) => [p.label, p.customersAtStart, p.customersAtEnd, p.newCustomers, p.customerRetentionRate, p.retainedCustomers, p.retainedShare, p.churnRate, p.newActiveAtEnd, p.reactivatedCustomers, p.complete])).toEqual([
      ["2024-01", 0, 2, 2, null, 0, null, null, 2, 0, true],
      ["2024-02", 2, 2, 1, 0.5, 1, 0.5, 0.5, 1, 0, true],
      ["2024-03", 2, 1, 0, 0.5, 0, 0, 1, 0, 1, true],
    ]);
    expect(s.periods[0]?.start).toBe("2024-01-01T00:00:00Z");
    expect(s.periods[2]?.end).toBe("2024-04-01T00:00:00Z");
    expect(s.granularity).toBe("month");
  });

  it("defaults: from the first order to asOf (the latest order); the running period is incomplete", () => {
    const s = retentionSeries(orders, { activeWithinDays: 30 });
    expect(s.periods.map((p) => [p.label, p.complete])).toEqual([["2024-01", true], ["2024-02", true], ["2024-03", false]]);
    expect(s.activeWithinDays).toBe(30);
  });

  it("a date-only asOf on the last day of a period completes it (asOf is inclusive, as in cohortTable)", () => {
    // asOf "2024-03-31" = 2024-03-31T23:59:59.999Z: every order before April is seen, so March's E is observed.
    const s = retentionSeries(orders, { activeWithinDays: 30, asOf: "2024-03-31" });
    expect(s.periods.map((p) => [p.label, p.complete])).toEqual([["2024-01", true], ["2024-02", true], ["2024-03", true]]);
    // One millisecond earlier, an order at 23:59:59.999 could still come: March is running.
    const t = retentionSeries(orders, { activeWithinDays: 30, asOf: "2024-03-31T23:59:59.998Z" });
    expect(t.periods.at(-1)?.complete).toBe(false);
  });

  it("quarterly in a zone", () => {
    // In Prague, 23:30 on 31 March (CEST) is still Q1; ann's order of 1 April 00:30 is Q2.
    const q: Order[] = [
      { orderId: "1", customerId: "ann", placedAt: "2024-03-31T23:30:00+02:00", total: "1" },
      { orderId: "2", customerId: "ann", placedAt: "2024-04-01T00:30:00+02:00", total: "1" },
    ];
    const s = retentionSeries(q, { granularity: "quarter", timeZone: "Europe/Prague" });
    // Q1: S 0, E (at 1 Apr 00:00 CEST) = ann, N = ann. Q2: S = ann, N 0; E unobserved (complete false).
    expect(s.periods.map((p) => [p.label, p.start, p.customersAtStart, p.customersAtEnd, p.newCustomers, p.complete])).toEqual([
      ["2024-Q1", "2024-01-01T00:00:00+01:00", 0, 1, 1, true],
      ["2024-Q2", "2024-04-01T00:00:00+02:00", 1, 1, 0, false],
    ]);
  });

  it("empty input gives no periods", () => {
    expect(retentionSeries([]).periods).toEqual([]);
  });

  it.each([
    ["granularity", { granularity: "decade" }],
    ["activeWithinDays", { activeWithinDays: -1 }],
    ["from", { from: "nope" }],
    ["to", { from: "2024-03-01", to: "2024-01-01" }],
    ["options", 3],
  ])("INVALID_OPTION for %s", (field, options) => {
    expect(() => retentionSeries(orders, options as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", field }));
  });
});

// Issue 15, 8e: date-only data that ends on a month's last day has a complete last month.
describe("retentionSeries on date-only data", () => {
  it("the default asOf is the end of the last day, so a month ending on it is complete, as with asOf given as that date", () => {
    const toEnd: Order[] = [...orders, { orderId: "6", customerId: "cy", placedAt: "2024-03-31", total: "10" }];
    const s = retentionSeries(toEnd, { activeWithinDays: 30 });
    expect(s.window.asOf).toBe("2024-03-31T23:59:59.999Z");
    expect(s.periods.map((p) => [p.label, p.complete])).toEqual([["2024-01", true], ["2024-02", true], ["2024-03", true]]);
    expect(JSON.stringify(s)).toBe(JSON.stringify(retentionSeries(toEnd, { activeWithinDays: 30, asOf: "2024-03-31" })));
    // With a time of day on the last order, the latest order is the observation end: March is still running.
    const timed = [...orders, { orderId: "6", customerId: "cy", placedAt: "2024-03-31T12:00:00Z", total: "10" }];
    expect(retentionSeries(timed, { activeWithinDays: 30 }).periods.map((p) => p.complete)).toEqual([true, true, false]);
  });
});
