import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerSummaries, prepareOrders, rfmScores, type Order } from "../../src/index.js";
import { o } from "./helpers.js";

// customerSummaries keeps its per-customer facts in typed arrays: the records are views built on the first
// read of `customers`, and the counts come from the same pass. These tests pin what that must not change.

const DAY = 86_400_000;
const base = Date.UTC(2023, 0, 1);

function facts(r: ReturnType<typeof customerSummaries>): { json: string[]; counts: number[] } {
  return {
    json: r.customers.map((c) => JSON.stringify(c)),
    counts: [r.customerCount, r.repeatCustomers, r.orders],
  };
}

describe("customerSummaries: columnar records", () => {
  const orders = [
    o("ann", "2024-01-01", "10.00"),
    o("ann", "2024-01-08T09:00:00Z", "20.00"),
    o("bob", "2024-01-20", "40.00"),
    o("ann", "2024-01-08T18:30:00Z", "5.00"),
  ];

  it("serialises, inspects and copies every field of a record", () => {
    const ann = customerSummaries(orders, { asOf: "2024-01-29" }).customers[0]!;
    const plain = JSON.parse(JSON.stringify(ann)) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual([
      "customerId", "firstOrderAt", "lastOrderAt", "orders", "purchaseDays", "revenue", "averageOrderValue",
      "frequency", "recency", "T", "monetaryValue", "daysSinceLastPurchase",
    ]);
    expect(plain).toEqual({
      customerId: "ann",
      firstOrderAt: "2024-01-01T00:00:00.000Z",
      lastOrderAt: "2024-01-08T18:30:00.000Z",
      orders: 3,
      purchaseDays: 2,
      revenue: "35",
      averageOrderValue: "11.666666666666666667",
      frequency: 1,
      recency: 7,
      T: 28,
      monetaryValue: "25",
      daysSinceLastPurchase: 21,
    });
    const shown = inspect(ann);
    for (const field of ["customerId: 'ann'", "frequency: 1", "recency: 7", "T: 28", "daysSinceLastPurchase: 21"]) expect(shown).toContain(field);
  });

  it("builds customers on first read and keeps it as an ordinary field", () => {
    const r = customerSummaries(orders, { asOf: "2024-01-29" });
    expect(Object.keys(r)[0]).toBe("customers");
    const first = r.customers;
    expect(r.customers).toBe(first);
    expect(first.map((c) => c.customerId)).toEqual(["ann", "bob"]);
    expect({ ...r }.customers).toBe(first);
    expect((JSON.parse(JSON.stringify(r)) as { customers: unknown[] }).customers).toHaveLength(2);
    const s = customerSummaries(orders, { asOf: "2024-01-29" });
    s.customers = [];
    expect(s.customers).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(s, "customers")).toMatchObject({ value: [], writable: true, enumerable: true });
  });

  it("records of one result stay valid after other results are computed", () => {
    const a = customerSummaries(orders, { asOf: "2024-01-29" });
    const b = customerSummaries(orders, { asOf: "2024-03-01", unit: "week" });
    const [annA] = a.customers;
    const [annB] = b.customers;
    expect([annA?.T, annB?.T]).toEqual([28, 60 / 7]);
    expect(rfmScores(a).customers.map((c) => c.customerId)).toEqual(["ann", "bob"]);
  });

  it("a customer with many out-of-order orders (beyond the insertion-sort bucket size)", () => {
    // 40 orders on 25 distinct days, with same-day pairs, in a scrambled sequence.
    const rows: Order[] = [];
    for (let k = 0; k < 40; k++) {
      const day = (k * 7) % 25;
      rows.push({ orderId: `m${k}`, customerId: "many", placedAt: base + day * DAY + k * 1000, total: String(k + 1) });
    }
    const sorted = rows.slice().sort((x, y) => (x.placedAt as number) - (y.placedAt as number));
    const a = customerSummaries(rows, { unit: "week" });
    const b = customerSummaries(sorted, { unit: "week" });
    expect(facts(a)).toEqual(facts(b));
    expect([a.customers[0]?.purchaseDays, a.customers[0]?.frequency, a.repeatCustomers, a.orders]).toEqual([25, 24, 1, 40]);
  });
});

const orderArb = fc.record({
  customer: fc.constantFrom("a", "b", "c", "d", "e", "f"),
  t: fc.integer({ min: 0, max: 120 * DAY }),
  cents: fc.integer({ min: 0, max: 100_000 }),
});

describe("customerSummaries: counts agree with the records", () => {
  it("customerCount, repeatCustomers and orders match the records, in any order and window; records keep first-appearance order", () => {
    fc.assert(
      fc.property(
        fc.array(orderArb, { maxLength: 80 }).chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 30, max: 130 }),
        fc.constantFrom("UTC", "America/Santiago"),
        ([rows, shuffled], fromDay, asOfDay, timeZone) => {
          const byRow = new Map(rows.map((r, i) => [r, { orderId: String(i), customerId: r.customer, placedAt: base + r.t, total: (r.cents / 100).toFixed(2) } as Order]));
          const options = { timeZone, unit: "week" as const, from: base + fromDay * DAY, asOf: base + asOfDay * DAY };
          const results = [rows, shuffled].map((seq) => {
            const input = seq.map((r) => byRow.get(r) as Order);
            const r = customerSummaries(prepareOrders(input, { timeZone }), options);
            const counted = input.filter((x) => (x.placedAt as number) >= options.from && (x.placedAt as number) <= options.asOf);
            const firstSeen = [...new Set(input.map((x) => x.customerId))].filter((id) => counted.some((x) => x.customerId === id));
            expect(r.customers.map((c) => c.customerId)).toEqual(firstSeen);
            expect(r.customerCount).toBe(r.customers.length);
            expect(r.repeatCustomers).toBe(r.customers.filter((c) => c.purchaseDays > 1).length);
            expect(r.orders).toBe(counted.length);
            expect(r.customers.reduce((s, c) => s + c.orders, 0)).toBe(counted.length);
            return new Map(r.customers.map((c) => [c.customerId, JSON.stringify(c)]));
          });
          expect(results[1]).toEqual(results[0]);
        },
      ),
    );
  });
});
