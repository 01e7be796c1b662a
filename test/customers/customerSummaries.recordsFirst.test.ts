import { describe, expect, it } from "vitest";
import { customerSummaries, prepareOrderColumns, prepareOrders, type Order } from "../../src/index.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** Records read first (made from the facts in blocks) against records read after the columnar view. */
function bothWays(make: () => ReturnType<typeof customerSummaries>): void {
  const first = make();
  const records = first.customers;
  const viaColumns = make();
  void viaColumns.columns;
  expect(JSON.stringify(records)).toBe(JSON.stringify(viaColumns.customers));
  expect(JSON.stringify(first.columns)).toBe(JSON.stringify(viaColumns.columns));
}

describe("customerSummaries: records read before the columns", () => {
  it("equal the records made from the columnar view, across blocks of records and with a scale the view drops", () => {
    // 9,000 customers (three blocks), amounts in whole units at scale 2 (the view drops both places), halves,
    // thirds and fractional T (unit "week").
    const n = 20_000;
    const customerId = new Uint32Array(n);
    const placedAt = new Float64Array(n);
    const total = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      customerId[i] = (i * 7919) % 9000;
      placedAt[i] = T0 + i * 3_600_000;
      total[i] = ((i * 31) % 97) * 100;
    }
    const book = prepareOrderColumns({ customerId, placedAt, total }, { timeZone: "Europe/Prague", scale: 2 });
    bothWays(() => customerSummaries(book));
    bothWays(() => customerSummaries(book, { unit: "week", includeFirstPurchase: true }));
  });

  it("equal them for customers past 2^53 minor units (the exact sums)", () => {
    const orders: Order[] = [
      { orderId: "1", customerId: "a", placedAt: T0, total: "80000000000000.01" },
      { orderId: "2", customerId: "a", placedAt: T0 + 3 * DAY, total: "80000000000000.02" },
      { orderId: "3", customerId: "a", placedAt: T0 + 9 * DAY, total: "80000000000000.03" },
      { orderId: "4", customerId: "b", placedAt: T0 + DAY, total: "5.5" },
    ];
    const book = prepareOrders(orders);
    bothWays(() => customerSummaries(book));
  });
});
