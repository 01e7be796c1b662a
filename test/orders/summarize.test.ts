import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareOrders, summarize, type Order } from "../../src/index.js";
import { ordersArb, shuffled } from "./arbitraries.js";

const o = (orderId: string, customerId: string, placedAt: string, total: string, refunded?: string): Order =>
  refunded === undefined ? { orderId, customerId, placedAt, total } : { orderId, customerId, placedAt, total, refunded };

// docs/order-metrics.md, "Worked example": three customers, five orders, one refund.
const shop: Order[] = [
  o("1", "ann", "2024-01-03T09:00:00Z", "40.00"),
  o("2", "ann", "2024-02-11T12:00:00Z", "60.00", "10.00"),
  o("3", "bob", "2024-01-20T18:30:00Z", "25.00"),
  o("4", "cat", "2024-03-05T08:00:00Z", "15.00"),
  o("5", "ann", "2024-03-28T20:00:00Z", "30.00"),
];

describe("summarize (docs/order-metrics.md worked example)", () => {
  it("computes every KPI by hand", () => {
    const s = summarize(shop);
    // gross = 40 + 60 + 25 + 15 + 30 = 170; refunded = 10; net = 160
    expect(s.revenue.gross.toFixed(2)).toBe("170.00");
    expect(s.revenue.refunded.toFixed(2)).toBe("10.00");
    expect(s.revenue.net.toFixed(2)).toBe("160.00");
    expect(s.orders).toBe(5);
    expect(s.customers).toBe(3);
    // AOV = 160 / 5 = 32; F = 5 / 3; CV = 160 / 3 = 53.33...
    expect(s.averageOrderValue?.toFixed(2)).toBe("32.00");
    expect(s.purchaseFrequency).toBeCloseTo(5 / 3, 15);
    expect(s.customerValue?.toFixed(4)).toBe("53.3333");
    // only ann ordered twice or more: 1 / 3
    expect(s.repeatCustomers).toBe(1);
    expect(s.repeatCustomerRate).toBeCloseTo(1 / 3, 15);
    // first orders: 1 (40), 3 (25), 4 (15) = 80 over 3 -> 26.67; repeat: 2 (50 net), 5 (30) = 80 over 2 -> 40
    expect(s.firstOrders.orders).toBe(3);
    expect(s.firstOrders.revenue.toFixed(2)).toBe("80.00");
    expect(s.repeatOrders.orders).toBe(2);
    expect(s.repeatOrders.averageOrderValue?.toFixed(2)).toBe("40.00");
    // lift = 40 / (80/3) - 1 = 0.5
    expect(s.repeatOrderValueLift).toBeCloseTo(0.5, 12);
    expect(s.firstOrderAt).toBe("2024-01-03T09:00:00.000Z");
    expect(s.lastOrderAt).toBe("2024-03-28T20:00:00.000Z");
  });

  it("uses gross revenue on request", () => {
    const s = summarize(shop, { revenue: "gross" });
    expect(s.averageOrderValue?.toFixed(2)).toBe("34.00"); // 170 / 5
    expect(s.repeatOrders.revenue.toFixed(2)).toBe("90.00"); // 60 + 30
  });

  it("restricts to the half-open window [from, to) and to orders up to asOf", () => {
    const feb = summarize(shop, { from: "2024-02-01", to: "2024-03-01" });
    // only order 2: a repeat order of ann (her first order was in January)
    expect(feb.orders).toBe(1);
    expect(feb.firstOrders.orders).toBe(0);
    expect(feb.repeatOrders.revenue.toFixed(2)).toBe("50.00");
    expect(feb.repeatOrderValueLift).toBeNull();
    // asOf as a date-only string means the end of that day: orders 1, 3 and 2 (Feb 11) are seen
    const asOf = summarize(shop, { asOf: "2024-02-11" });
    expect(asOf.orders).toBe(3);
    expect(asOf.window.asOf).toBe("2024-02-11T23:59:59.999Z");
    // an order exactly at `to` is excluded
    expect(summarize(shop, { to: "2024-03-28T20:00:00Z" }).orders).toBe(4);
  });

  it("gives defined results, null ratios and zero money for empty input", () => {
    const s = summarize([]);
    expect(s.orders).toBe(0);
    expect(s.customers).toBe(0);
    expect(s.revenue.net.toString()).toBe("0");
    expect(s.averageOrderValue).toBeNull();
    expect(s.purchaseFrequency).toBeNull();
    expect(s.customerValue).toBeNull();
    expect(s.repeatCustomerRate).toBeNull();
    expect(s.firstOrderAt).toBeNull();
    expect(s.window.asOf).toBeNull();
    expect(JSON.stringify(s)).not.toContain("NaN");
  });

  it("breaks a tie between two first orders at the same instant by order id, so order of input does not matter", () => {
    const a = o("b-2", "x", "2024-01-01T00:00:00Z", "10.00");
    const b = o("a-1", "x", "2024-01-01T00:00:00Z", "99.00");
    expect(summarize([a, b]).firstOrders.revenue.toFixed(2)).toBe("99.00");
    expect(summarize([b, a]).firstOrders.revenue.toFixed(2)).toBe("99.00");
  });

  it("sums one million orders of 0.01 to exactly 10000.00", () => {
    const book = prepareOrders(
      (function* () {
        for (let i = 0; i < 1_000_000; i++) yield { orderId: String(i), customerId: String(i % 1000), placedAt: 1_704_067_200_000, total: "0.01" };
      })(),
    );
    expect(summarize(book).revenue.net.toFixed(2)).toBe("10000.00");
  });

  it("stays exact past 2^53 minor units (BigInt path)", () => {
    const huge = "90071992547409.91"; // 9007199254740991 cents = 2^53 - 1
    const s = summarize([o("1", "a", "2024-01-01", huge), o("2", "a", "2024-01-02", huge), o("3", "b", "2024-01-03", "0.01")]);
    expect(s.revenue.net.toFixed(2)).toBe(new Decimal(huge).times(2).plus("0.01").toFixed(2));
  });

  it("is JSON-serialisable with money as strings", () => {
    const json = JSON.parse(JSON.stringify(summarize(shop)));
    expect(json.revenue.net).toBe("160");
    expect(json.averageOrderValue).toBe("32");
  });
});

describe("summarize properties", () => {
  it("shuffling the input changes no result", () => {
    fc.assert(
      fc.property(ordersArb, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (orders, seeds) => {
        expect(JSON.stringify(summarize(shuffled(orders, seeds)))).toBe(JSON.stringify(summarize(orders)));
      }),
    );
  });

  it("AOV × orders = revenue to the cent, CV × customers = revenue, and rates stay in [0, 1]", () => {
    fc.assert(
      fc.property(ordersArb, fc.constantFrom("net" as const, "gross" as const), (orders, basis) => {
        const s = summarize(orders, { revenue: basis });
        const revenue = basis === "net" ? s.revenue.net : s.revenue.gross;
        if (s.orders === 0) {
          expect(s.averageOrderValue).toBeNull();
          return;
        }
        expect(s.averageOrderValue?.times(s.orders).toFixed(2)).toBe(revenue.toFixed(2));
        expect(s.customerValue?.times(s.customers).toFixed(2)).toBe(revenue.toFixed(2));
        expect(s.repeatCustomerRate).toBeGreaterThanOrEqual(0);
        expect(s.repeatCustomerRate).toBeLessThanOrEqual(1);
        expect(s.purchaseFrequency).toBeGreaterThanOrEqual(1);
        expect(s.firstOrders.revenue.plus(s.repeatOrders.revenue).eq(revenue)).toBe(true);
        expect(s.revenue.gross.minus(s.revenue.refunded).eq(s.revenue.net)).toBe(true);
      }),
    );
  });

  it("revenue equals an independent Decimal sum of the same orders", () => {
    fc.assert(
      fc.property(ordersArb, (orders) => {
        const expected = orders.reduce((sum, x) => sum.plus(x.total as string).minus((x.refunded as string | undefined) ?? 0), new Decimal(0));
        expect(summarize(orders).revenue.net.eq(expected)).toBe(true);
      }),
    );
  });

  it("splitting customers into two shards: counts and revenue add up", () => {
    fc.assert(
      fc.property(ordersArb, (orders) => {
        const left = orders.filter((x) => ["a", "c", "__proto__"].includes(String(x.customerId)));
        const right = orders.filter((x) => !["a", "c", "__proto__"].includes(String(x.customerId)));
        const [w, l, r] = [summarize(orders), summarize(left), summarize(right)];
        expect(l.orders + r.orders).toBe(w.orders);
        expect(l.customers + r.customers).toBe(w.customers);
        expect(l.repeatCustomers + r.repeatCustomers).toBe(w.repeatCustomers);
        expect(l.revenue.net.plus(r.revenue.net).eq(w.revenue.net)).toBe(true);
        expect(l.firstOrders.orders + r.firstOrders.orders).toBe(w.firstOrders.orders);
      }),
    );
  });
});
