import Decimal from "decimal.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { customerSummaries, prepareOrders } from "../../src/index.js";
import { cdnowSampleOrders } from "./cdnow.js";

// Issue 15, point 3 (speed of plain records): building `customers` makes its Decimals and ISO strings by integer
// arithmetic (src/internal/money.ts `minorQuotient`, src/internal/civil.ts `isoInstant`), with no decimal.js
// division and no Date per record, and shares equal amounts, while every field stays what decimal.js and
// Date.prototype.toISOString give (the bench: bench/customers.bench.ts).

const fieldsOf = (x: Decimal): unknown => {
  const f = x as unknown as { s: number; e: number; d: number[] };
  return { s: f.s, e: f.e, d: [...f.d], text: x.toString() };
};

describe("customerSummaries: the cost of building the records", () => {
  const book = prepareOrders(cdnowSampleOrders());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("builds every record without a decimal.js division or a Date", () => {
    const div = vi.spyOn(Decimal.prototype, "div");
    const dividedBy = vi.spyOn(Decimal.prototype, "dividedBy");
    const toISOString = vi.spyOn(Date.prototype, "toISOString");
    const r = customerSummaries(book, { asOf: "1997-09-30", unit: "week" });
    void r.columns;
    div.mockClear();
    dividedBy.mockClear();
    toISOString.mockClear();
    expect(r.customers).toHaveLength(2357);
    expect(div).not.toHaveBeenCalled();
    expect(dividedBy).not.toHaveBeenCalled();
    expect(toISOString).not.toHaveBeenCalled();
  });

  it("gives every money field decimal.js's own quotient, field by field, and every time toISOString's string", () => {
    for (const includeFirstPurchase of [false, true]) {
      const r = customerSummaries(book, { asOf: "1997-09-30", unit: "week", includeFirstPurchase });
      const { firstOrderTime, lastOrderTime, revenueMinor, monetaryTotalMinor, scale } = r.columns;
      r.customers.forEach((c, k) => {
        const revenue = new Decimal(revenueMinor[k] as number).div(new Decimal(10).pow(scale));
        expect(fieldsOf(c.revenue)).toEqual(fieldsOf(revenue));
        expect(fieldsOf(c.averageOrderValue)).toEqual(fieldsOf(revenue.div(c.orders)));
        const counted = new Decimal(monetaryTotalMinor[k] as number).div(new Decimal(10).pow(scale));
        expect(fieldsOf(c.monetaryValue)).toEqual(fieldsOf(c.frequency === 0 ? new Decimal(0) : counted.div(c.frequency)));
        expect(c.firstOrderAt).toBe(new Date(firstOrderTime[k] as number).toISOString());
        expect(c.lastOrderAt).toBe(new Date(lastOrderTime[k] as number).toISOString());
      });
    }
  });

  it("shares one Decimal between the fields and records of equal amounts, and structuredClone keeps them equal", () => {
    const r = customerSummaries(book, { asOf: "1997-09-30", unit: "week" });
    const byValue = new Map<string, Decimal>();
    let shared = 0;
    for (const c of r.customers) {
      const seen = byValue.get(c.revenue.toString());
      if (seen === undefined) byValue.set(c.revenue.toString(), c.revenue);
      else if (seen === c.revenue) shared++;
    }
    expect(shared).toBeGreaterThan(100);
    // A clone copies a shared Decimal once per reference it meets (as plain { s, e, d }): every field keeps its value.
    const copy = structuredClone(r.customers);
    expect(copy.map((c) => c.revenue)).toEqual(r.customers.map((c) => ({ ...c.revenue })));
  });
});
