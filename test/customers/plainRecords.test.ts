import { MessageChannel } from "node:worker_threads";
import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrationHoldout, customerSummaries, prepareOrders, rfmScores, toHtml, type CustomerSummary, type Order } from "../../src/index.js";
import { minorToDecimal } from "../../src/internal/money/money.js";
import { o } from "./helpers.js";

// Issue 15, point 3: every record of a result is plain data (own enumerable data fields), so object spread,
// Object.keys, structuredClone (postMessage), console.table and JSON keep every field.

const FIELDS = [
  "customerId", "firstOrderAt", "lastOrderAt", "orders", "purchaseDays", "revenue", "averageOrderValue",
  "frequency", "recency", "T", "monetaryValue", "daysSinceLastPurchase",
];
const MONEY = new Set(["revenue", "averageOrderValue", "monetaryValue"]);

/** Asserts that `value` and everything in it is plain data (Decimals allowed, with no own function). */
function expectPlain(value: unknown, path = "result"): void {
  if (typeof value !== "object" || value === null) {
    expect(typeof value, path).not.toBe("function");
    return;
  }
  if (ArrayBuffer.isView(value)) return;
  if (Decimal.isDecimal(value)) {
    for (const key of Object.keys(value)) expect(typeof (value as unknown as Record<string, unknown>)[key], `${path}.${key}`).not.toBe("function");
    return;
  }
  const proto = Object.getPrototypeOf(value);
  expect(proto === Object.prototype || proto === Array.prototype, `${path} is a plain object or array`).toBe(true);
  for (const key of Object.keys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
    expect("value" in d, `${path}.${key} is a data property`).toBe(true);
    expectPlain(d.value, `${path}.${key}`);
  }
}

/** A Decimal that went through structuredClone (a plain { s, e, d }), as a Decimal again. */
function fromClone(v: unknown): Decimal {
  return Object.setPrototypeOf({ ...(v as object), constructor: Decimal }, Decimal.prototype) as Decimal;
}

const orders = [
  o("ann", "2024-01-01", "10.00"),
  o("ann", "2024-01-08T09:00:00Z", "20.00"),
  o("bob", "2024-01-20", "40.00"),
  o("ann", "2024-01-08T18:30:00Z", "5.00"),
];
// Hand-computed (asOf 2024-01-29, days): ann has 3 orders on 2 days (01-01: 10; 01-08: 25), bob 1 order.
const eager = [
  {
    customerId: "ann", firstOrderAt: "2024-01-01T00:00:00.000Z", lastOrderAt: "2024-01-08T18:30:00.000Z", orders: 3, purchaseDays: 2,
    revenue: new Decimal("35"), averageOrderValue: new Decimal("35").div(3), frequency: 1, recency: 7, T: 28, monetaryValue: new Decimal("25"),
    daysSinceLastPurchase: 21,
  },
  {
    customerId: "bob", firstOrderAt: "2024-01-20T00:00:00.000Z", lastOrderAt: "2024-01-20T00:00:00.000Z", orders: 1, purchaseDays: 1,
    revenue: new Decimal("40"), averageOrderValue: new Decimal("40"), frequency: 0, recency: 0, T: 9, monetaryValue: new Decimal("0"),
    daysSinceLastPurchase: 9,
  },
];

describe("customerSummaries: records are plain data", () => {
  it("a record spreads, lists its keys and is a plain object", () => {
    const [ann] = customerSummaries(orders, { asOf: "2024-01-29" }).customers;
    expect(Object.getPrototypeOf(ann)).toBe(Object.prototype);
    expect(Object.keys(ann as object)).toEqual(FIELDS);
    const copy = { ...ann, segment: "vip" };
    expect(Object.keys(copy)).toEqual([...FIELDS, "segment"]);
    expect(JSON.stringify(copy)).toBe(JSON.stringify({ ...eager[0], segment: "vip" }));
    expect(Object.entries(ann as object).map(([k]) => k)).toEqual(FIELDS);
  });

  it("JSON equals the eager reference, and the whole result is plain once read", () => {
    const r = customerSummaries(orders, { asOf: "2024-01-29" });
    expect(JSON.stringify(r.customers)).toBe(JSON.stringify(eager));
    void r.columns;
    expectPlain(r);
  });

  it("structuredClone of the result keeps every field of every record, also before any read", () => {
    for (const read of [false, true]) {
      const r = customerSummaries(orders, { asOf: "2024-01-29" });
      if (read) void r.customers;
      const clone = structuredClone(r) as unknown as { customers: Record<string, unknown>[]; columns: Record<string, unknown> };
      expect(clone.customers).toHaveLength(2);
      clone.customers.forEach((c, k) => {
        expect(Object.keys(c)).toEqual(FIELDS);
        for (const f of FIELDS) {
          const want = (eager[k] as Record<string, unknown>)[f];
          if (MONEY.has(f)) expect(fromClone(c[f]).toString(), f).toBe((want as Decimal).toString());
          else expect(c[f], f).toBe(want);
        }
      });
      expect(clone.columns["frequency"]).toEqual(new Int32Array([1, 0]));
    }
  });

  it("postMessage-style copies and table helpers see the fields", () => {
    const r = customerSummaries(orders, { asOf: "2024-01-29" });
    const { port1, port2 } = new MessageChannel();
    return new Promise<void>((resolve, reject) => {
      port2.once("message", (data: unknown) => {
        const got = data as { customers: Record<string, unknown>[] };
        expect(got.customers.map((c) => c["customerId"])).toEqual(["ann", "bob"]);
        expect(got.customers[0]?.["T"]).toBe(28);
        port1.close();
        port2.close();
        resolve();
      });
      try {
        port1.postMessage(r);
      } catch (error) {
        port1.close();
        port2.close();
        reject(error as Error);
      }
    });
  });

  it("a frozen result still gives its records", () => {
    const r = Object.freeze(customerSummaries(orders, { asOf: "2024-01-29" }));
    expect(r.customers.map((c) => c.customerId)).toEqual(["ann", "bob"]);
    expect(r.customers).toBe(r.customers);
    expect(r.columns.customerId).toEqual(["ann", "bob"]);
  });

  it("records are built once, and an assignment before the first read wins", () => {
    const r = customerSummaries(orders, { asOf: "2024-01-29" });
    const first = r.customers;
    expect(r.customers).toBe(first);
    expect(Object.getOwnPropertyDescriptor(r, "customers")).toMatchObject({ value: first, enumerable: true, writable: true });
    const s = customerSummaries(orders, { asOf: "2024-01-29" });
    s.customers = s.customers.filter((c) => c.customerId === "bob");
    expect(rfmScores(s).customers.map((c) => c.customerId)).toEqual(["bob"]);
  });

  it("the renderers show a large result's first rows without building every record", () => {
    const many: Order[] = [];
    for (let i = 0; i < 60; i++) many.push(o(`c${i}`, "2024-01-01", "1.00"));
    const r = customerSummaries(many);
    const html = toHtml(r);
    expect(html).toContain("c0");
    expect(Object.getOwnPropertyDescriptor(r, "customers")?.get).toBeTypeOf("function");
    expect(toHtml(r)).toBe(html);
    void r.customers;
    expect(toHtml(r)).toBe(html);
  });
});

const DAY = 86_400_000;
const base = Date.UTC(2023, 0, 1);
const orderArb = fc.record({
  customer: fc.constantFrom("a", "b", "c", "d", "__proto__"),
  t: fc.integer({ min: 0, max: 120 * DAY }),
  cents: fc.integer({ min: 0, max: 100_000_000 }),
  refundShare: fc.constantFrom(0, 0, 0.5, 1),
});

/** The record field that column `name` gives for entry k. */
function fromColumns(r: ReturnType<typeof customerSummaries>, k: number): Record<string, unknown> {
  const c = r.columns;
  const p = 10 ** c.scale;
  const n = c.orders[k] as number;
  const f = c.frequency[k] as number;
  return {
    customerId: c.customerId[k],
    firstOrderAt: new Date(c.firstOrderTime[k] as number).toISOString(),
    lastOrderAt: new Date(c.lastOrderTime[k] as number).toISOString(),
    orders: n,
    purchaseDays: c.purchaseDays[k],
    revenue: minorToDecimal(c.revenueMinor[k] as number, c.scale).toString(),
    averageOrderValue: minorToDecimal(c.revenueMinor[k] as number, c.scale).div(n).toString(),
    frequency: f,
    recency: c.recency[k],
    T: c.T[k],
    monetaryValue: f === 0 ? "0" : minorToDecimal(c.monetaryTotalMinor[k] as number, c.scale).div(f).toString(),
    daysSinceLastPurchase: c.daysSinceLastPurchase[k],
    // and the doubles a heavy reader would use
    revenueNumber: (c.revenueMinor[k] as number) / p,
  };
}

describe("customerSummaries: the columnar view equals the records", () => {
  it("every record field equals its column, for random orders, windows, zones and options", () => {
    fc.assert(
      fc.property(
        fc.array(orderArb, { maxLength: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 30, max: 130 }),
        fc.constantFrom("UTC", "Europe/Prague", "America/Santiago"),
        fc.boolean(),
        fc.constantFrom("day" as const, "week" as const, 30),
        fc.boolean(),
        (rows, fromDay, asOfDay, timeZone, includeFirstPurchase, unit, readRecordsFirst) => {
          const input: Order[] = rows.map((r, i) => ({
            orderId: String(i), customerId: r.customer, placedAt: base + r.t, total: (r.cents / 100).toFixed(2),
            refunded: (Math.floor(r.cents * r.refundShare) / 100).toFixed(2),
          }));
          const options = { timeZone, unit, includeFirstPurchase, from: base + fromDay * DAY, asOf: base + asOfDay * DAY };
          const r = customerSummaries(prepareOrders(input, { timeZone }), options);
          const records = readRecordsFirst ? r.customers : null;
          expect(r.columns.customerId).toHaveLength(r.customerCount);
          const list = records ?? r.customers;
          list.forEach((rec: CustomerSummary, k) => {
            const want = fromColumns(r, k);
            expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
            expect(Object.keys(rec)).toEqual(FIELDS);
            for (const f of FIELDS) {
              const got = (rec as unknown as Record<string, unknown>)[f];
              expect(MONEY.has(f) ? (got as Decimal).toString() : got, f).toEqual(want[f]);
            }
            expect(rec.revenue.toNumber()).toBe(want["revenueNumber"]);
          });
          // rfmScores ranks from the columns while the records are unbuilt, from the records after: the same.
          const fresh = customerSummaries(prepareOrders(input, { timeZone }), options);
          expect(JSON.stringify(rfmScores(fresh))).toBe(JSON.stringify(rfmScores(r)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("calibrationHoldout: records are plain data", () => {
  const rows = [
    o("ann", "2024-01-01", "10"),
    o("ann", "2024-01-11", "20"),
    o("ann", "2024-02-05", "30"),
    o("ann", "2024-02-05", "6"),
    o("bob", "2024-02-07", "15"),
  ];
  it("calibrationCustomers, holdoutCustomers and newHoldoutCustomers spread, list their keys and survive structuredClone", () => {
    const r = calibrationHoldout(rows, { calibrationEnd: "2024-01-31", observationEnd: "2024-03-01" });
    expectPlain(r);
    const [cal] = r.calibrationCustomers;
    expect(Object.keys({ ...cal })).toEqual(FIELDS);
    expect(JSON.stringify({ ...cal })).toBe(JSON.stringify(cal));
    const clone = structuredClone(r) as unknown as { calibrationCustomers: Record<string, unknown>[]; holdoutCustomers: Record<string, unknown>[] };
    expect(clone.calibrationCustomers[0]?.["T"]).toBe(30);
    expect(fromClone(clone.calibrationCustomers[0]?.["monetaryValue"]).toString()).toBe("20");
    expect(fromClone(clone.holdoutCustomers[0]?.["monetaryValue"]).toString()).toBe("36");
  });
});

describe("money: Decimals that structuredClone can copy", () => {
  it("minorToDecimal equals decimal.js parsing of the same digits, field for field", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 14 }), (units, scale) => {
        const got = minorToDecimal(units, scale);
        const digits = String(Math.abs(units)).padStart(scale + 1, "0");
        const want = new Decimal(`${units < 0 ? "-" : ""}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`);
        expect(got.toString()).toBe(want.toString());
        expect(structuredClone(got)).toEqual({ s: (want as unknown as { s: number }).s, e: want.e, d: (want as unknown as { d: number[] }).d });
        expect(got.div(7).toString()).toBe(want.div(7).toString());
        expect(got instanceof Decimal && Decimal.isDecimal(got)).toBe(true);
      }),
    );
  });
});
