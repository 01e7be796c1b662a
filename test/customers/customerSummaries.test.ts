import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerSummaries, prepareOrders, type Order } from "../../src/index.js";
import { expectError, o } from "./helpers.js";

describe("customerSummaries: hand-computed examples (docs/customer-analytics.md, 'Worked example')", () => {
  // ann: 01-01 $10; 01-08 $20 + $5 (one purchase day, $25); 01-15 $30; 02-10 $99 (after asOf, ignored).
  // Purchase days 01-01, 01-08, 01-15 → frequency 3 − 1 = 2; recency 14 days; T = 01-01 → 01-29 = 28 days.
  // monetaryValue = (25 + 30) / 2 = 27.5 (first day excluded); with includeFirstPurchase: (10 + 25 + 30) / 3.
  // bob: one order 01-20 $40 → frequency 0, recency 0, T 9 days, monetaryValue 0.
  const orders = [
    o("ann", "2024-01-01", "10.00"),
    o("ann", "2024-01-08T09:00:00Z", "20.00"),
    o("ann", "2024-01-08T18:30:00Z", "5.00"),
    o("bob", "2024-01-20", "40.00"),
    o("ann", "2024-01-15", "30.00"),
    o("ann", "2024-02-10", "99.00"),
  ];

  it("in days", () => {
    const r = customerSummaries(orders, { asOf: "2024-01-29" });
    expect(r.customerCount).toBe(2);
    expect(r.repeatCustomers).toBe(1);
    expect(r.orders).toBe(5);
    expect(r.unit).toBe("day");
    const [ann, bob] = r.customers;
    expect(ann?.customerId).toBe("ann");
    expect([ann?.orders, ann?.purchaseDays, ann?.frequency, ann?.recency, ann?.T]).toEqual([4, 3, 2, 14, 28]);
    expect(ann?.monetaryValue.toString()).toBe("27.5");
    expect(ann?.revenue.toString()).toBe("65");
    expect(ann?.averageOrderValue.toString()).toBe("16.25");
    expect(ann?.daysSinceLastPurchase).toBe(14);
    expect(ann?.firstOrderAt).toBe("2024-01-01T00:00:00.000Z");
    expect(ann?.lastOrderAt).toBe("2024-01-15T00:00:00.000Z");
    expect([bob?.frequency, bob?.recency, bob?.T, bob?.monetaryValue.toString()]).toEqual([0, 0, 9, "0"]);
  });

  it("in weeks and in 30-day months", () => {
    const w = customerSummaries(orders, { asOf: "2024-01-29", unit: "week" }).customers[0];
    expect([w?.recency, w?.T]).toEqual([2, 4]);
    const m = customerSummaries(orders, { asOf: "2024-01-29", unit: 30 }).customers[0];
    expect([m?.recency, m?.T]).toEqual([14 / 30, 28 / 30]);
  });

  it("includeFirstPurchase counts the first day in frequency and monetary value", () => {
    const ann = customerSummaries(orders, { asOf: "2024-01-29", includeFirstPurchase: true }).customers[0];
    expect(ann?.frequency).toBe(3);
    expect(ann?.monetaryValue.toString()).toBe("21.666666666666666667"); // 65 / 3
    expect(ann?.recency).toBe(14);
  });

  it("asOf defaults to the latest order; net revenue subtracts refunds, gross does not", () => {
    const r = customerSummaries([o("a", "2024-01-01", "10"), o("a", "2024-01-03", "10", { refunded: "4" })]);
    expect(r.customers[0]?.T).toBe(2);
    expect(r.customers[0]?.monetaryValue.toString()).toBe("6");
    const g = customerSummaries([o("a", "2024-01-01", "10"), o("a", "2024-01-03", "10", { refunded: "4" })], { revenue: "gross" });
    expect(g.customers[0]?.monetaryValue.toString()).toBe("10");
  });

  it("the window [from, to) restricts the orders", () => {
    const r = customerSummaries(orders, { from: "2024-01-08", to: "2024-01-16", asOf: "2024-01-29" });
    const ann = r.customers[0];
    expect([ann?.orders, ann?.frequency, ann?.recency, ann?.T]).toEqual([3, 1, 7, 21]);
  });

  it("single-order customers (no kernel row) count only when their order is in the window, with its net value", () => {
    // bob's only order (01-20) is in [01-08, 01-21); cat's only order (01-25) is not; dan's only order carries a refund.
    const more = [...orders, o("cat", "2024-01-25", "7.00"), { ...o("dan", "2024-01-10T12:00:00Z", "8.00"), refunded: "3.00" }];
    const r = customerSummaries(more, { from: "2024-01-08", to: "2024-01-21", asOf: "2024-01-29" });
    expect(r.customers.map((x) => x.customerId)).toEqual(["ann", "bob", "dan"]);
    expect([r.customerCount, r.repeatCustomers, r.orders]).toEqual([3, 1, 5]);
    const bob = r.customers[1];
    expect([bob?.orders, bob?.purchaseDays, bob?.frequency, bob?.recency, bob?.T, bob?.daysSinceLastPurchase]).toEqual([1, 1, 0, 0, 9, 9]);
    expect([bob?.firstOrderAt, bob?.lastOrderAt]).toEqual(["2024-01-20T00:00:00.000Z", "2024-01-20T00:00:00.000Z"]);
    const dan = r.customers[2];
    expect([dan?.revenue.toString(), dan?.monetaryValue.toString(), dan?.T]).toEqual(["5", "0", 19]);
    expect(customerSummaries(more, { revenue: "gross", asOf: "2024-01-29" }).customers.find((x) => x.customerId === "dan")?.revenue.toString()).toBe("8");
  });

  it("JSON gives every field, money as strings", () => {
    const json = JSON.parse(JSON.stringify(customerSummaries(orders, { asOf: "2024-01-29" }).customers[0])) as Record<string, unknown>;
    expect(json).toMatchObject({ customerId: "ann", revenue: "65", monetaryValue: "27.5", frequency: 2, firstOrderAt: "2024-01-01T00:00:00.000Z" });
  });
});

describe("customerSummaries: edge cases", () => {
  it("days in the zone also for an order in an hour whose offset the kernel's hour table cannot hold", () => {
    // 2014-08-22T23:14:33.088Z is a boundary of the zone calendar's scan blocks (2^35 ms × 41), so that UTC hour
    // has no single table entry and the kernel asks the calendar itself. 23:30Z is 01:30 on 23 August in Prague.
    const orders = [o("ann", "2014-08-22T21:30:00Z"), o("ann", "2014-08-22T23:30:00Z")];
    expect(customerSummaries(orders, { timeZone: "Europe/Prague" }).customers[0]?.purchaseDays).toBe(2);
    expect(customerSummaries(orders, { timeZone: "UTC" }).customers[0]?.purchaseDays).toBe(1);
  });

  it("empty input gives no customers", () => {
    const r = customerSummaries([]);
    expect(r.customers).toEqual([]);
    expect([r.customerCount, r.repeatCustomers, r.orders]).toEqual([0, 0, 0]);
    expect(r.window.asOf).toBeNull();
  });

  it("asOf before every order gives no customers", () => {
    expect(customerSummaries([o("a", "2024-01-05")], { asOf: "2024-01-01" }).customers).toEqual([]);
  });

  it("one customer with one order", () => {
    const c = customerSummaries([o("solo", "2024-05-05", "12.34")]).customers[0];
    expect([c?.frequency, c?.recency, c?.T, c?.orders, c?.purchaseDays]).toEqual([0, 0, 0, 1, 1]);
    expect(c?.revenue.toString()).toBe("12.34");
  });

  it("same-day orders are one purchase", () => {
    const r = customerSummaries([o("a", "2024-01-01T01:00Z", "1"), o("a", "2024-01-01T23:59Z", "2"), o("a", "2024-01-01T12:00Z", "3")]);
    expect([r.customers[0]?.frequency, r.customers[0]?.orders, r.repeatCustomers]).toEqual([0, 3, 0]);
  });

  it("__proto__ and constructor are ordinary customer ids", () => {
    const r = customerSummaries([o("__proto__", "2024-01-01"), o("constructor", "2024-01-02"), o("__proto__", "2024-01-04", "7")]);
    expect(r.customers.map((c) => [c.customerId, c.frequency])).toEqual([
      ["__proto__", 1],
      ["constructor", 0],
    ]);
    expect(r.customers[0]?.monetaryValue.toString()).toBe("7");
  });

  it("merges days in timeZone, also across a DST change (Europe/Prague, 2024-03-31)", () => {
    // 2024-03-30T23:30Z is 03-31 00:30 CET; 2024-03-31T21:30Z is 03-31 23:30 CEST: the same local day, so
    // one purchase in Prague, but two UTC days. 2024-03-31T22:30Z is 04-01 00:30 CEST: the next local day.
    const orders = [o("a", "2024-03-30T23:30:00Z", "1"), o("a", "2024-03-31T21:30:00Z", "2"), o("a", "2024-03-31T22:30:00Z", "4")];
    const prague = customerSummaries(orders, { timeZone: "Europe/Prague", asOf: "2024-04-03T12:00:00Z" }).customers[0];
    expect([prague?.frequency, prague?.recency, prague?.T]).toEqual([1, 1, 3]);
    expect(prague?.monetaryValue.toString()).toBe("4");
    const utc = customerSummaries(orders, { asOf: "2024-04-03T12:00:00Z" }).customers[0];
    expect([utc?.frequency, utc?.recency, utc?.T]).toEqual([1, 1, 4]);
    expect(utc?.monetaryValue.toString()).toBe("6");
  });

  it("the first purchase day is the earliest day, also where the clock went back across midnight (St. John's, 2006-10-29)", () => {
    // At 02:31 UTC (00:01 local daylight time) the clock went back to 23:01 of Oct 28. The 02:30:30Z order is
    // on Oct 29 local (00:00:30), the later 02:35Z order on Oct 28 (23:05): the first purchase day is Oct 28,
    // the day of the later order. Days: Oct 28 ($20), Oct 29 ($10) → recency 1 day, monetary value $10.
    const r = customerSummaries(
      [o("a", "2006-10-29T02:30:30Z", "10.00"), o("a", "2006-10-29T02:35:00Z", "20.00")],
      { timeZone: "America/St_Johns", asOf: "2006-11-04" },
    );
    const a = r.customers[0];
    expect(a?.firstOrderAt).toBe("2006-10-29T02:30:30.000Z");
    expect(a?.frequency).toBe(1);
    expect(a?.recency).toBe(1);
    expect(a?.T).toBe(7);
    expect(a?.monetaryValue.toString()).toBe("10");
    expect(a?.daysSinceLastPurchase).toBe(6);
  });

  it("a date-only asOf is the end of that local day; an instant asOf cuts within the day", () => {
    const orders = [o("a", "2024-01-01"), o("a", "2024-01-05T18:00:00Z")];
    expect(customerSummaries(orders, { asOf: "2024-01-05" }).customers[0]?.frequency).toBe(1);
    expect(customerSummaries(orders, { asOf: "2024-01-05T12:00:00Z" }).customers[0]?.frequency).toBe(0);
    expect(customerSummaries(orders, { asOf: "2024-01-05T12:00:00Z" }).customers[0]?.T).toBe(4);
  });

  it("huge amounts stay exact (sums beyond 2^53 minor units)", () => {
    const r = customerSummaries([o("a", "2024-01-01", "90000000000000.00"), o("a", "2024-01-02", "90000000000000.01"), o("a", "2024-01-03", "90000000000000.03")]);
    expect(r.customers[0]?.revenue.toString()).toBe("270000000000000.04");
    expect(r.customers[0]?.monetaryValue.toString()).toBe("90000000000000.02");
  });
});

describe("customerSummaries: errors", () => {
  it("rejects a bad unit", () => {
    for (const unit of ["month", 0, -7, Number.NaN, Infinity]) {
      expectError(() => customerSummaries([o("a", "2024-01-01")], { unit: unit as "day" }), "INVALID_OPTION", "unit");
    }
  });
  it("rejects a non-boolean includeFirstPurchase", () => {
    expectError(() => customerSummaries([], { includeFirstPurchase: "yes" as unknown as boolean }), "INVALID_OPTION", "includeFirstPurchase");
  });
  it("rejects bad shared options", () => {
    expectError(() => customerSummaries([], { asOf: "soon" }), "INVALID_OPTION", "asOf");
    expectError(() => customerSummaries([], { timeZone: "Mars/Base" }), "INVALID_TIME_ZONE", "timeZone");
    expectError(() => customerSummaries([], { revenue: "all" as "net" }), "INVALID_OPTION", "revenue");
  });
  it("passes order errors through", () => {
    expectError(() => customerSummaries([o("", "2024-01-01")]), "EMPTY_CUSTOMER_ID", "customerId");
  });
});

const DAY = 86_400_000;
const orderArb = fc.record({
  customer: fc.constantFrom("a", "b", "c", "__proto__", "d"),
  t: fc.integer({ min: 0, max: 400 * DAY }),
  cents: fc.integer({ min: 0, max: 100_000 }),
});
function toOrders(rows: { customer: string; t: number; cents: number }[]): Order[] {
  const base = Date.UTC(2023, 0, 1);
  return rows.map((r, i) => ({ orderId: String(i), customerId: r.customer, placedAt: base + r.t, total: (r.cents / 100).toFixed(2) }));
}
function snapshot(orders: Order[], timeZone: string): Map<string, string> {
  const r = customerSummaries(orders, { unit: "week", timeZone, asOf: Date.UTC(2024, 3, 1) });
  return new Map(r.customers.map((c) => [c.customerId, JSON.stringify(c)]));
}

describe("customerSummaries: properties", () => {
  it("frequency <= orders − 1 and 0 <= recency <= T", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 60 }), fc.constantFrom("UTC", "Europe/Prague", "America/New_York"), (rows, timeZone) => {
        for (const c of customerSummaries(toOrders(rows), { timeZone, unit: "week" }).customers) {
          expect(c.frequency).toBeLessThanOrEqual(c.orders - 1);
          expect(c.recency).toBeGreaterThanOrEqual(0);
          expect(c.recency).toBeLessThanOrEqual(c.T);
          expect(c.monetaryValue.times(c.frequency).lte(c.revenue)).toBe(true);
        }
      }),
    );
  });

  it("is unchanged when the orders are shuffled", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 60 }).chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))), fc.constantFrom("UTC", "Europe/Prague"), ([rows, shuffled], timeZone) => {
        // Same order ids in both sequences, so that ties resolve alike.
        const a = toOrders(rows);
        const byRow = new Map(rows.map((r, i) => [r, a[i] as Order]));
        const b = shuffled.map((r) => byRow.get(r) as Order);
        expect(snapshot(b, timeZone)).toEqual(snapshot(a, timeZone));
      }),
    );
  });

  it("a prepared book gives the same result as the plain orders", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 40 }), (rows) => {
        const orders = toOrders(rows);
        const fromBook = customerSummaries(prepareOrders(orders), { unit: "week", asOf: Date.UTC(2024, 3, 1) });
        expect(new Map(fromBook.customers.map((c) => [c.customerId, JSON.stringify(c)]))).toEqual(snapshot(orders, "UTC"));
      }),
    );
  });
});


/** Local calendar day number (days since 1970-01-01 as a civil date) of instant `t` in `timeZone`. */
function referenceDay(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day")) / DAY;
}

describe("customerSummaries: against a plain per-customer reference", () => {
  // The kernel keeps some facts in the loop's rows and computes others (orders, first day and its value, first
  // and last time) in later passes, on the first read; single-order customers have no row at all. This checks
  // every field against a direct computation: group the counted orders by customer, merge them by local day.
  const refundedArb = fc.record({
    customer: fc.constantFrom("a", "b", "c", "__proto__", "d", "e", "f"),
    t: fc.integer({ min: 0, max: 120 * DAY }),
    cents: fc.integer({ min: 0, max: 100_000 }),
    refundShare: fc.constantFrom(0, 0, 0.5, 1),
  });
  it("every field, with a window, an asOf, refunds and a zone", () => {
    fc.assert(
      fc.property(
        fc.array(refundedArb, { maxLength: 50 }),
        fc.integer({ min: -DAY, max: 60 * DAY }),
        fc.integer({ min: 2 * DAY, max: 130 * DAY }),
        fc.constantFrom("UTC", "Europe/Prague", "America/New_York", "Asia/Kolkata", "America/St_Johns"),
        fc.constantFrom("net" as const, "gross" as const),
        fc.boolean(),
        fc.constantFrom(8, 120),
        (drawn, fromOffset, asOfOffset, timeZone, revenue, includeFirstPurchase, spanDays) => {
          // St. John's set its clocks back at 00:01 until 2010, so a later order could fall on an earlier day:
          // 2006-10-29 is inside every span from this base.
          const base = timeZone === "America/St_Johns" ? Date.UTC(2006, 9, 25) : Date.UTC(2024, 1, 1);
          // Orders over 8 days (many same-day and next-day pairs, out of order) or over 120.
          const rows = drawn.map((r) => ({ ...r, t: r.t % (spanDays * DAY) }));
          const orders: Order[] = rows.map((r, i) => {
            const refunded = Math.floor(r.cents * r.refundShare);
            return { orderId: String(i), customerId: r.customer, placedAt: base + r.t, total: (r.cents / 100).toFixed(2), refunded: (refunded / 100).toFixed(2) };
          });
          const from = base + fromOffset;
          const asOf = base + asOfOffset;
          const result = customerSummaries(prepareOrders(orders), { from, asOf, timeZone, revenue, includeFirstPurchase, unit: "week" });
          // The reference.
          const byCustomer = new Map<string, { t: number; cents: number }[]>();
          rows.forEach((r) => {
            const t = base + r.t;
            if (t < from || t > asOf) return;
            const cents = revenue === "net" ? r.cents - Math.floor(r.cents * r.refundShare) : r.cents;
            const list = byCustomer.get(r.customer) ?? [];
            list.push({ t, cents });
            byCustomer.set(r.customer, list);
          });
          const asOfDay = referenceDay(asOf, timeZone);
          const expected = new Map<string, Record<string, unknown>>();
          for (const [id, list] of byCustomer) {
            const dayValue = new Map<number, number>();
            for (const x of list) {
              const d = referenceDay(x.t, timeZone);
              dayValue.set(d, (dayValue.get(d) ?? 0) + x.cents);
            }
            const days = [...dayValue.keys()].sort((p, q) => p - q);
            const first = days[0] as number;
            const last = days[days.length - 1] as number;
            const revenueCents = list.reduce((s, x) => s + x.cents, 0);
            const counted = includeFirstPurchase ? days.length : days.length - 1;
            const countedCents = includeFirstPurchase ? revenueCents : revenueCents - (dayValue.get(first) as number);
            expected.set(id, {
              firstOrderAt: new Date(Math.min(...list.map((x) => x.t))).toISOString(),
              lastOrderAt: new Date(Math.max(...list.map((x) => x.t))).toISOString(),
              orders: list.length,
              purchaseDays: days.length,
              revenue: (revenueCents / 100).toFixed(2),
              frequency: counted,
              recency: (last - first) / 7,
              T: (asOfDay - first) / 7,
              monetaryValue: counted === 0 ? "0.0000" : (countedCents / 100 / counted).toFixed(4),
              daysSinceLastPurchase: asOfDay - last,
            });
          }
          expect(result.customerCount).toBe(expected.size);
          expect(result.orders).toBe([...byCustomer.values()].reduce((s, l) => s + l.length, 0));
          expect(result.repeatCustomers).toBe([...expected.values()].filter((e) => (e.purchaseDays as number) > 1).length);
          const actual = new Map(
            result.customers.map((c) => [
              c.customerId,
              {
                firstOrderAt: c.firstOrderAt,
                lastOrderAt: c.lastOrderAt,
                orders: c.orders,
                purchaseDays: c.purchaseDays,
                revenue: c.revenue.toFixed(2),
                frequency: c.frequency,
                recency: c.recency,
                T: c.T,
                monetaryValue: c.monetaryValue.toFixed(4),
                daysSinceLastPurchase: c.daysSinceLastPurchase,
              },
            ]),
          );
          expect(actual).toEqual(expected);
        },
      ),
    );
  });
});
