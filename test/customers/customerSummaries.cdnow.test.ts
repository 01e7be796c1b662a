import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { customerSummaries, prepareOrders } from "../../src/index.js";
import { cdnowSampleOrders, readCsv } from "./cdnow.js";

// The acceptance test of the BTYD definitions (docs/customer-analytics.md, "The CDNOW check"):
// CDNOW_sample.txt with asOf 1997-09-30 and unit "week" must reproduce lifetimes' reference summaries.
describe("customerSummaries on CDNOW (lifetimes reference files)", () => {
  const book = prepareOrders(cdnowSampleOrders());
  const result = customerSummaries(book, { asOf: "1997-09-30", unit: "week" });
  const byId = new Map(result.customers.map((c) => [c.customerId, c]));
  const round2 = (x: number): number => Number(x.toFixed(2));

  it("has 2,357 customers, 946 of them with repeat purchases", () => {
    expect(result.customerCount).toBe(2357);
    expect(result.repeatCustomers).toBe(946);
    expect(result.customers.filter((c) => c.frequency > 0)).toHaveLength(946);
  });

  it("reproduces every row of cdnow_customers_summary.csv (frequency, recency, T to 2 decimals)", () => {
    const rows = readCsv("cdnow_customers_summary.csv");
    expect(rows).toHaveLength(2357);
    const mismatches: string[] = [];
    for (const row of rows) {
      const c = byId.get(row.ID as string);
      if (c === undefined) {
        mismatches.push(`missing ${row.ID}`);
        continue;
      }
      if (c.frequency !== Number(row.frequency) || round2(c.recency) !== Number(row.recency) || round2(c.T) !== Number(row.T)) {
        mismatches.push(`${row.ID}: got ${c.frequency},${round2(c.recency)},${round2(c.T)} want ${row.frequency},${row.recency},${row.T}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("reproduces zbar of cdnow_customers_summary_with_transactions.csv (monetaryValue rounded half-up)", () => {
    const rows = readCsv("cdnow_customers_summary_with_transactions.csv");
    expect(rows).toHaveLength(2357);
    const mismatches: string[] = [];
    for (const row of rows) {
      const c = byId.get(row.ID as string);
      if (c === undefined) {
        mismatches.push(`missing ${row.ID}`);
        continue;
      }
      const zbar = c.monetaryValue.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      if (!zbar.eq(row.zbar as string) || c.frequency !== Number(row.x) || round2(c.recency) !== Number(row.t_x) || round2(c.T) !== Number(row.T)) {
        mismatches.push(`${row.ID}: got ${zbar.toFixed(2)} want ${row.zbar}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("customer 1 by hand: 1997-01-01, 01-18, 08-02 (and 12-12, after asOf)", () => {
    // Purchase days 1997-01-01, 1997-01-18, 1997-08-02 → x = 2; t_x = 213 days = 30.43 weeks;
    // T = 1997-01-01 → 1997-09-30 = 272 days = 38.857… weeks; zbar = (29.73 + 14.96) / 2 = 22.345 → 22.35.
    const c = byId.get("1");
    expect(c?.frequency).toBe(2);
    expect(c?.recency).toBe(213 / 7);
    expect(c?.T).toBe(272 / 7);
    expect(c?.monetaryValue.toString()).toBe("22.345");
    expect(c?.orders).toBe(3);
    expect(c?.revenue.toString()).toBe("74.02");
  });
});
