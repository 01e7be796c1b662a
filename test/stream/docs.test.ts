import { describe, expect, it } from "vitest";
import {
  accumulatorFromJSON,
  cohortTable,
  createAccumulator,
  customerSummaries,
  mergeAccumulators,
  prepareOrders,
  summarize,
  type Order,
} from "../../src/index.js";

const ORDERS: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" },
  { orderId: "2", customerId: "ann", placedAt: "2024-02-05", total: "20" },
  { orderId: "3", customerId: "bob", placedAt: "2024-02-10", total: "10" },
  { orderId: "4", customerId: "cy", placedAt: "2024-02-20T23:30:00Z", total: "12.34", refunded: "2.34" },
];

describe('docs/at-scale.md, "Streaming and merging"', () => {
  it("an accumulator fed from an async iterable gives the in-memory results", async () => {
    async function* readOrders(): AsyncGenerator<Order> {
      for (const o of ORDERS) yield o;
    }
    const timeZone = "Europe/Prague";
    const acc = createAccumulator({ timeZone, granularity: "month" });
    await acc.addAllAsync(readOrders());
    const book = prepareOrders(ORDERS, { timeZone });
    expect(JSON.stringify(summarize(acc))).toBe(JSON.stringify(summarize(book)));
    expect(JSON.stringify(cohortTable(acc))).toBe(JSON.stringify(cohortTable(book)));
    expect(JSON.stringify(customerSummaries(acc))).toBe(JSON.stringify(customerSummaries(book)));
  });

  it("shards by customer, processed apart, sent as JSON and merged, equal the whole", () => {
    const shard = (o: Order): number => (String(o.customerId) === "bob" ? 1 : 0);
    const states = [0, 1].map((k) => JSON.stringify(createAccumulator().addAll(ORDERS.filter((o) => shard(o) === k))));
    const merged = mergeAccumulators(accumulatorFromJSON(states[0] as string), accumulatorFromJSON(states[1] as string));
    expect(merged.orders).toBe(4);
    expect(summarize(merged).revenue.net.toString()).toBe("70"); // 30 + 20 + 10 + (12.34 − 2.34)
  });
});

describe("TSDoc examples of the stream exports (outputs as written)", () => {
  it("OrderAccumulator", () => {
    const acc = createAccumulator({ timeZone: "Europe/Prague" });
    acc.add({ orderId: "1", customerId: "ann", placedAt: "2024-03-01T10:00:00Z", total: "20.00" });
    acc.addAll([{ orderId: "2", customerId: "bob", placedAt: "2024-03-02", total: "5.50" }]);
    expect(acc.orders).toBe(2);
    expect(acc.customers).toBe(2);
    expect(summarize(acc).revenue.net.toString()).toBe("25.5");
  });

  it("OrderAccumulator.add, addAll, addAllAsync, toJSON", async () => {
    expect(createAccumulator().add({ orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "9.99" }).orders).toBe(1);
    const acc = createAccumulator().addAll([
      { orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "10" },
      { orderId: "2", customerId: "ann", placedAt: "2024-04-01", total: "15" },
    ]);
    expect(acc.customers).toBe(1);
    async function* lines(): AsyncGenerator<Order> {
      yield { orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "10" };
    }
    expect((await createAccumulator().addAllAsync(lines())).orders).toBe(1);
    const state = createAccumulator().add({ orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "9.99" }).toJSON();
    expect(state.version).toBe(1);
    expect(state.scale).toBe(2);
    expect(state.customers.gross).toEqual(["999"]);
  });

  it("createAccumulator", () => {
    const acc = createAccumulator({ timeZone: "Europe/Prague", granularity: "month" });
    acc.addAll([
      { orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" },
      { orderId: "2", customerId: "ann", placedAt: "2024-02-05", total: "20" },
      { orderId: "3", customerId: "bob", placedAt: "2024-02-10", total: "10" },
    ]);
    expect(summarize(acc).repeatCustomerRate).toBe(0.5);
    expect(cohortTable(acc).cohorts.map((c) => [c.label, c.size])).toEqual([["2024-01", 1], ["2024-02", 1]]);
  });

  it("accumulatorFromJSON", () => {
    const acc = createAccumulator().add({ orderId: "1", customerId: "ann", placedAt: "2024-03-01", total: "0.10" });
    const copy = accumulatorFromJSON(JSON.stringify(acc));
    copy.add({ orderId: "2", customerId: "ann", placedAt: "2024-03-02", total: "0.20" });
    expect(summarize(copy).revenue.net.toString()).toBe("0.3");
    expect(acc.orders).toBe(1);
  });

  it("mergeAccumulators", () => {
    const a = createAccumulator().add({ orderId: "1", customerId: "ann", placedAt: "2024-01-05", total: "30" });
    const b = createAccumulator().add({ orderId: "2", customerId: "bob", placedAt: "2024-02-05", total: "10" });
    const both = mergeAccumulators(a, b);
    expect(both.orders).toBe(2);
    expect(summarize(both).averageOrderValue?.toString()).toBe("20");
    expect(a.orders).toBe(1);
  });
});
