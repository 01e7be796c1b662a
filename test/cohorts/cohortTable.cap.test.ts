// Issue 19, item 2: a cohort table has at most MAX_COHORT_CELLS cells; past it cohortTable refuses with
// INVALID_OPTION instead of exhausting the heap (one customer a day for ten years at day granularity aborted).
import { describe, expect, it } from "vitest";
import { cohortTable, prepareOrders, RetentionMetricsError, type Order } from "../../src/index.js";
import { MAX_COHORT_CELLS } from "../../src/internal/kernels/cohortCells.js";

/** One new customer a day for `days` days, each ordering again the next day. */
function dailyShop(days: number): Order[] {
  const orders: Order[] = [];
  const t0 = Date.UTC(2020, 0, 1);
  for (let d = 0; d < days; d++) {
    orders.push({ orderId: `a${d}`, customerId: `c${d}`, placedAt: t0 + d * 86_400_000, total: "1" });
    orders.push({ orderId: `b${d}`, customerId: `c${d}`, placedAt: t0 + (d + 1) * 86_400_000 + 3_600_000, total: "1" });
  }
  return orders;
}

describe("cohortTable's cell cap", () => {
  const book = prepareOrders(dailyShop(1100), { timeZone: "UTC" });

  it("refuses a day table of 1100 × 1101 cells with INVALID_OPTION on granularity, naming the count", () => {
    expect(1100 * 1101).toBeGreaterThan(MAX_COHORT_CELLS);
    let err: unknown;
    try {
      cohortTable(book, { granularity: "day" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RetentionMetricsError);
    expect((err as RetentionMetricsError).code).toBe("INVALID_OPTION");
    expect((err as RetentionMetricsError).field).toBe("granularity");
    expect((err as RetentionMetricsError).message).toContain("1100 cohort rows × 1101 periods");
  });

  it("names periods when the periods option is too large, and computes the same table under the cap", () => {
    expect(() => cohortTable(book, { granularity: "day", periods: 1000 })).toThrow(expect.objectContaining({ code: "INVALID_OPTION", field: "periods" }));
    const t = cohortTable(book, { granularity: "day", periods: 30 });
    expect(t.cohorts.length).toBe(1100);
    expect(t.cohorts[0]!.size).toBe(1);
    expect(t.cohorts[0]!.cells[1]!.activeCustomers).toBe(1);
    expect(t.cohorts[0]!.cells.length).toBe(30);
    const weekly = cohortTable(book, { granularity: "week" });
    expect(weekly.cohorts.length).toBeGreaterThan(150);
  });
});
