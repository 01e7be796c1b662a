import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  averageOrderValue,
  customerValue,
  prepareOrders,
  purchaseFrequency,
  repeatCustomerRate,
  summarize,
  type Order,
} from "../../src/index.js";
import { ordersArb } from "./arbitraries.js";

const orders: Order[] = [
  { orderId: "1", customerId: "a", placedAt: "2024-01-05", total: "10.00" },
  { orderId: "2", customerId: "a", placedAt: "2024-03-05", total: "30.00" },
  { orderId: "3", customerId: "b", placedAt: "2024-02-05", total: "20.00", refunded: "5.00" },
];

describe("the single-number KPIs", () => {
  it("averageOrderValue: (10 + 30 + 15) / 3 = 18.33...", () => {
    const r = averageOrderValue(orders);
    expect(r.averageOrderValue?.toFixed(4)).toBe("18.3333");
    expect(r.orders).toBe(3);
    expect(r.revenue.toFixed(2)).toBe("55.00");
    expect(averageOrderValue(orders, { revenue: "gross" }).averageOrderValue?.toFixed(2)).toBe("20.00");
  });
  it("purchaseFrequency: 3 orders / 2 customers = 1.5", () => {
    expect(purchaseFrequency(orders)).toMatchObject({ purchaseFrequency: 1.5, orders: 3, customers: 2 });
  });
  it("customerValue: 55 / 2 = 27.5 = AOV × F", () => {
    const r = customerValue(orders);
    expect(r.customerValue?.toFixed(2)).toBe("27.50");
  });
  it("repeatCustomerRate: 1 of 2 customers = 0.5", () => {
    expect(repeatCustomerRate(orders)).toMatchObject({ repeatCustomerRate: 0.5, repeatCustomers: 1, customers: 2 });
  });
  it("empty input gives null ratios", () => {
    expect(averageOrderValue([]).averageOrderValue).toBeNull();
    expect(purchaseFrequency([]).purchaseFrequency).toBeNull();
    expect(customerValue([]).customerValue).toBeNull();
    expect(repeatCustomerRate([]).repeatCustomerRate).toBeNull();
  });
  it("agree with summarize on the same book for any input (property)", () => {
    fc.assert(
      fc.property(ordersArb, (input) => {
        const book = prepareOrders(input);
        const s = summarize(book);
        expect(averageOrderValue(book).averageOrderValue?.toString() ?? null).toBe(s.averageOrderValue?.toString() ?? null);
        expect(purchaseFrequency(book).purchaseFrequency).toBe(s.purchaseFrequency);
        expect(customerValue(book).customerValue?.toString() ?? null).toBe(s.customerValue?.toString() ?? null);
        expect(repeatCustomerRate(book).repeatCustomerRate).toBe(s.repeatCustomerRate);
      }),
    );
  });
});
