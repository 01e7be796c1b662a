import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import type { Order } from "../../src/core/types.js";

// docs/cohorts.md, section "Worked example": the numbers below are the table there, computed by hand.
const orders: Order[] = [
  { orderId: "a1", customerId: "A", placedAt: "2024-01-03", total: "10.00" },
  { orderId: "a2", customerId: "A", placedAt: "2024-01-20", total: "5.00" },
  { orderId: "a3", customerId: "A", placedAt: "2024-03-02", total: "20.00" },
  { orderId: "b1", customerId: "B", placedAt: "2024-01-15", total: "8.00" },
  { orderId: "b2", customerId: "B", placedAt: "2024-02-10", total: "12.00", refunded: "2.00" },
  { orderId: "c1", customerId: "C", placedAt: "2024-01-31", total: "4.00" },
  { orderId: "d1", customerId: "D", placedAt: "2024-02-05", total: "30.00" },
  { orderId: "d2", customerId: "D", placedAt: "2024-04-01", total: "10.00" },
  { orderId: "e1", customerId: "E", placedAt: "2024-02-28", total: "6.00" },
  { orderId: "e2", customerId: "E", placedAt: "2024-03-15", total: "6.00" },
];

describe("docs/cohorts.md worked example", () => {
  it("the classic table, the average and the LTV curve", () => {
    const t = cohortTable(orders, { asOf: "2024-03-31" });
    expect(t.cohorts.map((c) => [c.label, c.size, c.cells.map((x) => [x.activeCustomers, x.orders, x.revenue.toFixed(2)])])).toEqual([
      ["2024-01", 3, [[3, 4, "27.00"], [1, 1, "10.00"], [1, 1, "20.00"]]],
      ["2024-02", 2, [[2, 2, "36.00"], [1, 1, "6.00"]]],
    ]);
    expect(t.cohorts.map((c) => c.cells.map((x) => x.cumulativeRevenuePerCustomer.toFixed(2)))).toEqual([["9.00", "12.33", "19.00"], ["18.00", "21.00"]]);
    expect(t.average.map((p) => [p.retention, p.cohorts, p.cumulativeRevenuePerCustomer?.toFixed(2)])).toEqual([
      [1, 2, "12.60"],
      [0.4, 2, "15.80"],
      [1 / 3, 1, "19.00"],
    ]);
  });

  it("unbounded mode", () => {
    const t = cohortTable(orders, { asOf: "2024-03-31", mode: "unbounded" });
    expect(t.cohorts.map((c) => c.cells.map((x) => x.activeCustomers))).toEqual([[3, 2, 1], [2, 1]]);
  });

  it("March not over yet", () => {
    const t = cohortTable(orders, { asOf: "2024-03-20" });
    expect(t.cohorts.map((c) => c.cells.map((x) => x.complete))).toEqual([[true, true, false], [true, false]]);
    expect(t.average.map((p) => p.retention)).toEqual([1, 1 / 3, null]);
  });
});
