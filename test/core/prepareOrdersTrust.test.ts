import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable, customerSummaries, prepareOrders, summarize, type Order } from "../../src/index.js";
import { columnsOf } from "../../src/internal/book/OrderBook.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const TZ = "Europe/Prague";
const analysis = (orders: Order[], duplicateOrderIds: "check" | "trust"): string => {
  const book = prepareOrders(orders, { timeZone: TZ, duplicateOrderIds });
  return JSON.stringify([summarize(book), cohortTable(book), customerSummaries(book), book, columnsOf(book).firstOrderIds]);
};

describe('prepareOrders with duplicateOrderIds: "trust"', () => {
  it("gives the results of the check on unique ids (ties at one instant broken by the smaller id alike)", () => {
    const order = fc.record({
      customer: fc.integer({ min: 0, max: 5 }),
      day: fc.integer({ min: 0, max: 60 }),
      hour: fc.constantFrom(0, 12),
      cents: fc.integer({ min: 0, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 9999 }), { minLength: 40, maxLength: 40 }), (rows, idNumbers) => {
        // Distinct ids in a shuffled sequence, so that equal times are broken by the id and not by the row.
        const ids = [...new Set(idNumbers.map(String))];
        const orders: Order[] = rows.slice(0, ids.length).map((r, i) => ({
          orderId: `o${ids[i]}`,
          customerId: `c${r.customer}`,
          placedAt: Date.UTC(2024, 0, 1 + r.day, r.hour),
          total: (r.cents / 100).toFixed(2),
        }));
        expect(analysis(orders, "trust")).toBe(analysis(orders, "check"));
      }),
      { numRuns: 20 },
    );
  });

  it("counts a repeated order id twice instead of refusing it", () => {
    const orders: Order[] = [
      { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" },
      { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" },
    ];
    expectRetentionError(() => prepareOrders(orders), { code: "DUPLICATE_ORDER_ID", index: 1, field: "orderId" });
    const book = prepareOrders(orders, { duplicateOrderIds: "trust" });
    expect(book.orderCount).toBe(2);
    expect(summarize(book).revenue.net.toString()).toBe("60");
  });

  it("refuses another value", () => {
    expectRetentionError(() => prepareOrders([], { duplicateOrderIds: "skip" as never }), { code: "INVALID_OPTION", index: null, field: "duplicateOrderIds" });
  });
});
