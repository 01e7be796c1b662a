import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import type { Order } from "../../src/core/types.js";

/**
 * Orders within minutes of month, quarter and year boundaries, each given three ways: as a UTC instant, as a
 * string with an offset, and as a wall-clock string read in the zone (prepareOrders({ timeZone })).
 * Offsets by hand from the zone rules (IANA tzdata):
 * - America/New_York: EST −05:00, EDT −04:00 from 2024-03-10 02:00 local.
 * - Europe/Prague: CET +01:00, CEST +02:00 from 2024-03-31 02:00 local (that day has 23 hours).
 * - Asia/Kolkata: +05:30 all year.
 * - Australia/Lord_Howe: +11:00 in summer, +10:30 from 2024-04-07 02:00 local (a 30-minute shift).
 */
interface Case {
  zone: string;
  granularity: "day" | "month" | "quarter" | "year";
  /** Three spellings of the same instant. */
  utc: string;
  offset: string;
  wall: string;
  /** Expected cohort label and start in the zone (and, for contrast, the label in UTC). */
  label: string;
  start: string;
  utcLabel: string;
}

const cases: Case[] = [
  // 23:30 on 31 March in New York (EDT, −04:00) is 03:30 on 1 April UTC: March in New York.
  { zone: "America/New_York", granularity: "month", utc: "2024-04-01T03:30:00Z", offset: "2024-03-31T23:30:00-04:00", wall: "2024-03-31T23:30", label: "2024-03", start: "2024-03-01T00:00:00-05:00", utcLabel: "2024-04" },
  // 23:55 on 31 December (EST): year 2023 in New York, 2024 in UTC.
  { zone: "America/New_York", granularity: "year", utc: "2024-01-01T04:55:00Z", offset: "2023-12-31T23:55:00-05:00", wall: "2023-12-31T23:55", label: "2023", start: "2023-01-01T00:00:00-05:00", utcLabel: "2024" },
  // Five minutes into 1 April in New York (EDT): Q2 there and in UTC alike (04:05Z); start of Q2 is EDT.
  { zone: "America/New_York", granularity: "quarter", utc: "2024-04-01T04:05:00Z", offset: "2024-04-01T00:05:00-04:00", wall: "2024-04-01T00:05", label: "2024-Q2", start: "2024-04-01T00:00:00-04:00", utcLabel: "2024-Q2" },
  // Ten minutes into 1 January in Prague (CET) is 23:10 on 31 December UTC.
  { zone: "Europe/Prague", granularity: "year", utc: "2023-12-31T23:10:00Z", offset: "2024-01-01T00:10:00+01:00", wall: "2024-01-01T00:10", label: "2024", start: "2024-01-01T00:00:00+01:00", utcLabel: "2023" },
  // One minute into 1 April in Prague (CEST) is 22:01 on 31 March UTC: Q2 in Prague, Q1 in UTC.
  { zone: "Europe/Prague", granularity: "quarter", utc: "2024-03-31T22:01:00Z", offset: "2024-04-01T00:01:00+02:00", wall: "2024-04-01T00:01", label: "2024-Q2", start: "2024-04-01T00:00:00+02:00", utcLabel: "2024-Q1" },
  // 23:30 on the 23-hour DST day (31 March, CEST) is still 31 March.
  { zone: "Europe/Prague", granularity: "day", utc: "2024-03-31T21:30:00Z", offset: "2024-03-31T23:30:00+02:00", wall: "2024-03-31T23:30", label: "2024-03-31", start: "2024-03-31T00:00:00+01:00", utcLabel: "2024-03-31" },
  // 00:30 on the DST day (CET) is 23:30 on 30 March UTC.
  { zone: "Europe/Prague", granularity: "day", utc: "2024-03-30T23:30:00Z", offset: "2024-03-31T00:30:00+01:00", wall: "2024-03-31T00:30", label: "2024-03-31", start: "2024-03-31T00:00:00+01:00", utcLabel: "2024-03-30" },
  // A quarter of an hour into 2024 in Kolkata is 18:45 on 31 December 2023 UTC.
  { zone: "Asia/Kolkata", granularity: "year", utc: "2023-12-31T18:45:00Z", offset: "2024-01-01T00:15:00+05:30", wall: "2024-01-01T00:15", label: "2024", start: "2024-01-01T00:00:00+05:30", utcLabel: "2023" },
  // Five minutes before the end of June in Kolkata: June there, June in UTC (18:25Z).
  { zone: "Asia/Kolkata", granularity: "month", utc: "2024-06-30T18:25:00Z", offset: "2024-06-30T23:55:00+05:30", wall: "2024-06-30T23:55", label: "2024-06", start: "2024-06-01T00:00:00+05:30", utcLabel: "2024-06" },
  // 23:45 on 31 March at Lord Howe (+11:00) is 12:45 UTC: March, Q1.
  { zone: "Australia/Lord_Howe", granularity: "quarter", utc: "2024-03-31T12:45:00Z", offset: "2024-03-31T23:45:00+11:00", wall: "2024-03-31T23:45", label: "2024-Q1", start: "2024-01-01T00:00:00+11:00", utcLabel: "2024-Q1" },
  // Ten minutes into July at Lord Howe (+10:30) is 13:40 on 30 June UTC: Q3 there, Q2 in UTC.
  { zone: "Australia/Lord_Howe", granularity: "quarter", utc: "2024-06-30T13:40:00Z", offset: "2024-07-01T00:10:00+10:30", wall: "2024-07-01T00:10", label: "2024-Q3", start: "2024-07-01T00:00:00+10:30", utcLabel: "2024-Q2" },
  // Five minutes into 2025 at Lord Howe (+11:00, summer) is 13:05 on 31 December UTC.
  { zone: "Australia/Lord_Howe", granularity: "year", utc: "2024-12-31T13:05:00Z", offset: "2025-01-01T00:05:00+11:00", wall: "2025-01-01T00:05", label: "2025", start: "2025-01-01T00:00:00+11:00", utcLabel: "2024" },
];

describe("cohortTable: time zones near period boundaries", () => {
  it.each(cases)("$zone $granularity $offset → $label", (c) => {
    const spellings = [c.utc, c.offset];
    for (const placedAt of spellings) {
      const t = cohortTable([{ orderId: "1", customerId: "x", placedAt, total: "1" }], { timeZone: c.zone, granularity: c.granularity });
      expect(t.cohorts.map((r) => [r.label, r.start])).toEqual([[c.label, c.start]]);
    }
    const book = prepareOrders([{ orderId: "1", customerId: "x", placedAt: c.wall, total: "1" }], { timeZone: c.zone });
    const t = cohortTable(book, { granularity: c.granularity });
    expect(t.cohorts.map((r) => [r.label, r.start])).toEqual([[c.label, c.start]]);
    expect(book.firstOrderAt).toBe(c.utc.replace("Z", ".000Z"));
    const inUtc = cohortTable([{ orderId: "1", customerId: "x", placedAt: c.utc, total: "1" }], { granularity: c.granularity });
    expect(inUtc.cohorts[0]?.label).toBe(c.utcLabel);
  });

  it("Prague across the spring DST change: day columns stay one day each", () => {
    // First order 30 March 12:00 CET; next ones on 31 March (23 hours long) 23:30 CEST and 1 April 00:30 CEST.
    const orders: Order[] = [
      { orderId: "1", customerId: "x", placedAt: "2024-03-30T12:00:00+01:00", total: "1" },
      { orderId: "2", customerId: "x", placedAt: "2024-03-31T23:30:00+02:00", total: "2" },
      { orderId: "3", customerId: "x", placedAt: "2024-04-01T00:30:00+02:00", total: "4" },
    ];
    const t = cohortTable(orders, { timeZone: "Europe/Prague", granularity: "day", asOf: "2024-04-01" });
    // Columns: 30 Mar (k0, 1), 31 Mar (k1, 2), 1 Apr (k2, 4). asOf "2024-04-01" = end of 1 April in Prague.
    expect(t.cohorts[0]?.cells.map((x) => [x.period, x.revenue.toString(), x.complete])).toEqual([
      [0, "1", true],
      [1, "2", true],
      [2, "4", true],
    ]);
  });

  it("New York across the autumn DST change: the 25-hour day is one day", () => {
    // 3 Nov 2024 has 25 hours in New York (EDT → EST at 02:00).
    const orders: Order[] = [
      { orderId: "1", customerId: "x", placedAt: "2024-11-03T00:10:00-04:00", total: "1" },
      { orderId: "2", customerId: "x", placedAt: "2024-11-03T23:50:00-05:00", total: "1" },
      { orderId: "3", customerId: "x", placedAt: "2024-11-04T00:10:00-05:00", total: "1" },
    ];
    const t = cohortTable(orders, { timeZone: "America/New_York", granularity: "day" });
    expect(t.cohorts[0]?.label).toBe("2024-11-03");
    expect(t.cohorts[0]?.start).toBe("2024-11-03T00:00:00-04:00");
    expect(t.cohorts[0]?.cells.map((x) => x.orders)).toEqual([2, 1]);
  });

  it("relative windows use local days: 7 days over the Prague spring change is window 1", () => {
    // 28 March 10:00 CET (09:00Z) → 4 April 10:00 CEST (08:00Z) is 6 d 23 h elapsed but 7 local days: window 1.
    // 4 April 09:30 CEST is 6 d 23.5 local days: window 0.
    const orders: Order[] = [
      { orderId: "1", customerId: "x", placedAt: "2024-03-28T10:00:00+01:00", total: "1" },
      { orderId: "2", customerId: "x", placedAt: "2024-04-04T09:30:00+02:00", total: "2" },
      { orderId: "3", customerId: "x", placedAt: "2024-04-04T10:00:00+02:00", total: "4" },
    ];
    const t = cohortTable(orders, { timeZone: "Europe/Prague", windows: "relative", windowDays: 7, asOf: "2024-04-30" });
    expect(t.cohorts[0]?.cells.slice(0, 2).map((x) => x.revenue.toString())).toEqual(["3", "4"]);
  });

  it("Lord Howe weeks across the 30-minute change (7 April 2024)", () => {
    const orders: Order[] = [
      { orderId: "1", customerId: "x", placedAt: "2024-04-07T01:45:00+11:00", total: "1" }, // Sunday, before the change
      { orderId: "2", customerId: "x", placedAt: "2024-04-07T23:50:00+10:30", total: "1" }, // same Sunday, after
      { orderId: "3", customerId: "x", placedAt: "2024-04-08T00:05:00+10:30", total: "1" }, // Monday: next week
    ];
    const t = cohortTable(orders, { timeZone: "Australia/Lord_Howe", granularity: "week" });
    // Weeks start Monday: the week of 1 April (+11:00 then), and the week of 8 April.
    expect(t.cohorts.map((c) => [c.label, c.start, c.cells.map((x) => x.orders)])).toEqual([["2024-04-01", "2024-04-01T00:00:00+11:00", [2, 1]]]);
  });
});

describe("relative windows at a DST fall-back (Europe/Prague, 2024-10-27: 03:00 CEST goes back to 02:00 CET)", () => {
  // Ann's first order at 02:50 CEST (00:50Z); her repeat 20 minutes later in the repeated hour reads 02:10 CET
  // (01:10Z), an earlier wall-clock time. It was placed after the first order, so it is in column 0 (not −1, and
  // not in another cohort's cell). Bob's order a day earlier makes a second cohort row that must stay untouched.
  const orders: Order[] = [
    { orderId: "b1", customerId: "bob", placedAt: "2024-10-26T08:00:00Z", total: "7.00" },
    { orderId: "a1", customerId: "ann", placedAt: "2024-10-27T00:50:00Z", total: "10.00" },
    { orderId: "a2", customerId: "ann", placedAt: "2024-10-27T01:10:00Z", total: "5.00" },
    { orderId: "a3", customerId: "ann", placedAt: "2024-10-28T09:00:00Z", total: "1.00" },
  ];
  it("puts the repeat in column 0 of its own cohort", () => {
    const t = cohortTable(prepareOrders(orders), { timeZone: "Europe/Prague", granularity: "day", windows: "relative", windowDays: 1, asOf: "2024-11-30T00:00:00Z" });
    const ann = t.cohorts.find((r) => r.label === "2024-10-27");
    const bob = t.cohorts.find((r) => r.label === "2024-10-26");
    expect(ann?.cells[0]?.orders).toBe(2);
    expect(ann?.cells[0]?.revenue.toFixed(2)).toBe("15.00");
    expect(ann?.cells[1]?.orders).toBe(1);
    expect(bob?.cells.map((c) => c.orders).slice(0, 3)).toEqual([1, 0, 0]);
  });
});
