import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerSummaries, DEFAULT_RFM_SEGMENTS, prepareOrders, rfmScores, type Order } from "../../src/index.js";
import { cdnowSampleOrders } from "./cdnow.js";
import { expectError, o } from "./helpers.js";

describe("rfmScores: hand-computed example (docs/customer-analytics.md, 'RFM scores')", () => {
  // asOf 2024-03-31, 5 customers, bins 5 → score = 1 + floor(5 × worse / 5) = 1 + worse.
  //   recency days: a 0, b 10, c 10, d 40, e 90 → worse (strictly larger): a 4, b 2, c 2, d 1, e 0 → R 5,3,3,2,1
  //   orders:       a 3, b 1,  c 2,  d 4,  e 1  → worse (strictly smaller): a 3, b 0, c 2, d 4, e 0 → F 4,1,3,5,1
  //   revenue:      a 60, b 5, c 30, d 100, e 5 → M 4,1,3,5,1
  // Segments (R,F): a (5,4) Champions; b (3,1) About to sleep; c (3,3) Need attention; d (2,5) Can't lose them;
  // e (1,1) Lost.
  const orders = [
    o("a", "2024-03-01", "20"), o("a", "2024-03-15", "20"), o("a", "2024-03-31", "20"),
    o("b", "2024-03-21", "5"),
    o("c", "2024-03-01", "10"), o("c", "2024-03-21", "20"),
    o("d", "2024-01-01", "25"), o("d", "2024-01-20", "25"), o("d", "2024-02-01", "25"), o("d", "2024-02-20", "25"),
    o("e", "2024-01-01", "5"),
  ];
  const r = rfmScores(orders, { asOf: "2024-03-31" });

  it("scores and segments", () => {
    expect(r.customers.map((c) => [c.customerId, c.recencyDays, c.orders, c.revenue.toString(), c.score, c.segment])).toEqual([
      ["a", 0, 3, "60", "544", "Champions"],
      ["b", 10, 1, "5", "311", "About to sleep"],
      ["c", 10, 2, "30", "333", "Need attention"],
      ["d", 40, 4, "100", "255", "Can't lose them"],
      ["e", 90, 1, "5", "111", "Lost"],
    ]);
    expect(r.customerCount).toBe(5);
    expect(r.segments.filter((s) => s.customers > 0)).toEqual([
      { segment: "Champions", customers: 1 },
      { segment: "Need attention", customers: 1 },
      { segment: "About to sleep", customers: 1 },
      { segment: "Can't lose them", customers: 1 },
      { segment: "Lost", customers: 1 },
    ]);
    expect(r.segments.map((s) => s.segment)).toEqual(DEFAULT_RFM_SEGMENTS.map((s) => s.segment));
  });

  it("accepts a customerSummaries result and gives the same scores", () => {
    const s = rfmScores(customerSummaries(orders, { asOf: "2024-03-31", unit: "week" }));
    expect(s.customers.map((c) => c.score)).toEqual(r.customers.map((c) => c.score));
    expect(s.window).toBeNull();
  });

  it("a custom map, first match wins, unmatched customers are Other", () => {
    const c = rfmScores(orders, {
      asOf: "2024-03-31",
      segments: [
        { segment: "VIP", recency: [4, 5], frequency: [1, 5], monetary: [4, 5] },
        { segment: "Big spender", recency: [1, 5], frequency: [1, 5], monetary: [5, 5] },
      ],
    });
    expect(c.customers.map((x) => x.segment)).toEqual(["VIP", "Other", "Other", "Big spender", "Other"]);
    expect(c.segments).toEqual([
      { segment: "VIP", customers: 1 },
      { segment: "Big spender", customers: 1 },
      { segment: "Other", customers: 3 },
    ]);
  });

  it("bins other than 5 map linearly onto the default 5-level grid", () => {
    // bins 2: a, c, d have R 2 (worse ≥ 1 of 5 → 1 + floor(2·w/5)); R(a) = 1 + floor(8/5) = 2 → 5 on the grid.
    const b = rfmScores(orders, { asOf: "2024-03-31", bins: 2 });
    expect(b.customers.map((c) => c.score)).toEqual(["222", "111", "111", "122", "111"]);
    expect(b.customers.map((c) => c.segment)).toEqual(["Champions", "Lost", "Lost", "Can't lose them", "Lost"]);
    expect(rfmScores(orders, { asOf: "2024-03-31", bins: 10 }).customers[0]?.score).toBe("9-7-7");
  });
});

describe("rfmScores: edge cases and errors", () => {
  it("empty input", () => {
    const r = rfmScores([]);
    expect(r.customers).toEqual([]);
    expect(r.segments.every((s) => s.customers === 0)).toBe(true);
  });
  it("ties share a score; all equal → all 1", () => {
    const r = rfmScores([o("x", "2024-01-01", "5"), o("y", "2024-01-01", "5"), o("__proto__", "2024-01-01", "5")]);
    expect(r.customers.map((c) => [c.customerId, c.score, c.segment])).toEqual([
      ["x", "111", "Lost"],
      ["y", "111", "Lost"],
      ["__proto__", "111", "Lost"],
    ]);
  });
  it("errors", () => {
    const orders = [o("a", "2024-01-01")];
    for (const bins of [1, 2.5, 101, "5"]) expectError(() => rfmScores(orders, { bins: bins as number }), "INVALID_OPTION", "bins");
    expectError(() => rfmScores(orders, { segments: [] }), "INVALID_OPTION", "segments");
    expectError(() => rfmScores(orders, { segments: [null as unknown as never] }), "INVALID_OPTION", "segments[0]");
    expectError(() => rfmScores(orders, { segments: [{ segment: "", recency: [1, 5], frequency: [1, 5] }] }), "INVALID_OPTION", "segments[0].segment");
    expectError(() => rfmScores(orders, { segments: [{ segment: "s", recency: [0, 5], frequency: [1, 5] }] }), "INVALID_OPTION", "segments[0].recency");
    expectError(() => rfmScores(orders, { segments: [{ segment: "s", recency: [1, 5], frequency: [4, 2] }] }), "INVALID_OPTION", "segments[0].frequency");
    expectError(() => rfmScores(orders, { segments: [{ segment: "s", recency: [1, 5], frequency: [1, 5], monetary: [1, 6] }] }), "INVALID_OPTION", "segments[0].monetary");
    const s = customerSummaries(orders);
    expectError(() => rfmScores(s, { asOf: "2024-01-01" }), "INVALID_OPTION", "asOf");
    expectError(() => rfmScores({ customers: [{}] } as never), "INVALID_OPTION", "summaries.customers[0]");
    expectError(() => rfmScores(orders, null as never), "INVALID_OPTION", "options");
  });
});

describe("rfmScores: properties", () => {
  const DAY = 86_400_000;
  const rows = fc.array(
    fc.record({ customer: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "__proto__"), t: fc.integer({ min: 0, max: 300 * DAY }), cents: fc.integer({ min: 0, max: 50_000 }) }),
    { maxLength: 80 },
  );
  const toOrders = (rs: { customer: string; t: number; cents: number }[]): Order[] =>
    rs.map((r, i) => ({ orderId: String(i), customerId: r.customer, placedAt: Date.UTC(2023, 0, 1) + r.t, total: (r.cents / 100).toFixed(2) }));

  it("every customer gets exactly one segment; counts add up; scores within 1..bins", () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 2, max: 12 }), (rs, bins) => {
        const r = rfmScores(toOrders(rs), { bins });
        const names = new Set(r.segments.map((s) => s.segment));
        for (const c of r.customers) {
          expect(names.has(c.segment)).toBe(true);
          for (const s of [c.r, c.f, c.m]) expect(s >= 1 && s <= bins).toBe(true);
        }
        expect(r.segments.reduce((sum, s) => sum + s.customers, 0)).toBe(r.customerCount);
        expect(new Set(r.customers.map((c) => c.customerId)).size).toBe(r.customerCount);
      }),
    );
  });

  it("scores are monotone in the values (better value → score at least as high)", () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const r = rfmScores(toOrders(rs));
        for (const x of r.customers)
          for (const y of r.customers) {
            if (x.orders > y.orders) expect(x.f).toBeGreaterThanOrEqual(y.f);
            if (x.orders === y.orders) expect(x.f).toBe(y.f);
            if (x.recencyDays < y.recencyDays) expect(x.r).toBeGreaterThanOrEqual(y.r);
          }
      }),
    );
  });
});

describe("rfmScores on CDNOW", () => {
  it("segments all 2,357 customers", () => {
    const r = rfmScores(prepareOrders(cdnowSampleOrders()), { asOf: "1997-09-30" });
    expect(r.segments.reduce((s, x) => s + x.customers, 0)).toBe(2357);
    expect(r.segments.some((s) => s.segment === "Other")).toBe(false);
  });
});
