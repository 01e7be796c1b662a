import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnsOf } from "../../src/internal/book/OrderBook.js";
import { prepareOrderColumns, prepareOrders } from "../../src/index.js";
import { repeatRows, repeatRowsOf } from "../../src/internal/book/columns.js";

describe("repeat rows of a book (repeatRow per customer, orderRow per order)", () => {
  it("hand case: rows numbered in customer order, -1 for a single order", () => {
    // customers by first appearance: a (3 orders), b (1), c (2), d (1)
    const customer = Int32Array.from([0, 1, 0, 2, 3, 2, 0]);
    const r = repeatRows(customer, customer.length, 4, false);
    expect([...r.row]).toEqual([0, -1, 1, -1]);
    expect([...r.orderRow]).toEqual([0, -1, 0, 1, -1, 1, 0]);
    expect(r.rows).toBe(2);
  });

  it("prepareOrders and prepareOrderColumns store them, and they match a direct count", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "__proto__", "e"), { maxLength: 30 }), (ids) => {
        const orders = ids.map((customerId, i) => ({ orderId: `o${i}`, customerId, placedAt: Date.UTC(2024, 0, 1 + i), total: "1.00" }));
        const books = [
          prepareOrders(orders),
          prepareOrderColumns({ orderId: orders.map((o) => o.orderId), customerId: ids, placedAt: orders.map((o) => o.placedAt), total: orders.map(() => 1) }),
        ];
        for (const book of books) {
          const cols = columnsOf(book);
          const counts = new Map<string, number>();
          for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
          const { row, orderRow, rows } = repeatRowsOf(cols);
          expect(cols.repeatRow).toBe(row);
          expect(cols.orderRow).toBe(orderRow);
          let next = 0;
          cols.customerIds.forEach((id, c) => expect(row[c]).toBe((counts.get(id) as number) >= 2 ? next++ : -1));
          expect(rows).toBe(next);
          for (let i = 0; i < cols.n; i++) expect(orderRow[i]).toBe(row[cols.customer[i] as number]);
        }
      }),
    );
  });
});
