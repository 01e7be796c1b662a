import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import { growthAccounting } from "../../src/retention/growthAccounting.js";
import { retentionSeries } from "../../src/retention/retentionSeries.js";
import type { Order } from "../../src/core/types.js";

// GA4's cohort exploration builds weekly cohorts from Sunday to Saturday; ISO 8601 weeks run Monday to Sunday.
// Saturday 9 March 2024 and Sunday 10 March 2024 (the US DST change in New York) are one ISO week and two GA4 weeks.
const orders: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-03-09T12:00", total: "10" },
  { orderId: "2", customerId: "bob", placedAt: "2024-03-10T12:00", total: "10" },
  { orderId: "3", customerId: "ann", placedAt: "2024-03-10T18:00", total: "10" },
];
const timeZone = "America/New_York";

describe("week start: Sunday (GA4) against Monday (ISO)", () => {
  it("cohortTable", () => {
    const sunday = cohortTable(orders, { timeZone, granularity: "week", weekStartsOn: 0, asOf: "2024-03-16" });
    expect(sunday.cohorts.map((c) => [c.label, c.start, c.size])).toEqual([
      ["2024-03-03", "2024-03-03T00:00:00-05:00", 1],
      ["2024-03-10", "2024-03-10T00:00:00-05:00", 1],
    ]);
    expect(sunday.cohorts[0]?.cells.map((c) => c.activeCustomers)).toEqual([1, 1]); // ann again in the next GA4 week
    const iso = cohortTable(orders, { timeZone, granularity: "week", weekStartsOn: 1, asOf: "2024-03-16" });
    expect(iso.cohorts.map((c) => [c.label, c.size, c.cells.length])).toEqual([["2024-03-04", 2, 2]]); // the week of 11 March has begun
    expect(iso.cohorts[0]?.acquisitionPeriodRepeaters).toBe(1); // ann twice in one ISO week
  });

  it("retentionSeries and growthAccounting", () => {
    const s = retentionSeries(orders, { timeZone, granularity: "week", weekStartsOn: 0, activeWithinDays: 7, asOf: "2024-03-16" });
    expect([s.weekStartsOn, s.periods.map((p) => p.label)]).toEqual([0, ["2024-03-03", "2024-03-10"]]);
    const g = growthAccounting(orders, { timeZone, granularity: "week", weekStartsOn: 0, asOf: "2024-03-16" });
    expect(g.periods.map((p) => [p.label, p.newCustomers, p.retainedCustomers])).toEqual([["2024-03-03", 1, 0], ["2024-03-10", 1, 1]]);
    const iso = growthAccounting(orders, { timeZone, granularity: "week", asOf: "2024-03-16" });
    expect(iso.periods.map((p) => [p.label, p.newCustomers, p.churnedCustomers])).toEqual([["2024-03-04", 2, 0], ["2024-03-11", 0, 2]]);
  });
});
