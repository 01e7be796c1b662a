import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import type { Order } from "../../src/core/types.js";
import { lifetimeValueChart } from "../../src/render/lifetimeValueChart.js";
import { retentionCurveChart } from "../../src/render/retentionCurveChart.js";
import { historicalLifetimeValue } from "../../src/value/historicalLifetimeValue.js";
import { assertWellFormed, countElements, texts } from "./xml.js";

const EVIL = "<script>alert(1)</script>";
// Segment "ads": ann (Jan, Feb) and dan (Jan); segment EVIL: bob (Jan, Mar). asOf 2024-04-15.
// ads: m0 2/2, m1 1/2, m2 0/2; EVIL: m0 1/1, m1 0/1, m2 1/1 → 3 complete points each (m3 = April is running).
const orders: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10", segment: "ads" },
  { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "30", segment: "ads" },
  { orderId: "3", customerId: "dan", placedAt: "2024-01-11", total: "20", segment: "ads" },
  { orderId: "4", customerId: "bob", placedAt: "2024-01-20", total: "10", segment: EVIL },
  { orderId: "5", customerId: "bob", placedAt: "2024-03-20", total: "10", segment: EVIL },
];
const opts = { asOf: "2024-04-15", timeZone: "UTC" } as const;

describe("retentionCurveChart", () => {
  it("draws one line per segment with a legend, and escapes segment names", () => {
    const t = cohortTable(orders, { ...opts, segmentBy: "segment" });
    const svg = retentionCurveChart(t);
    assertWellFormed(svg);
    expect(countElements(svg, "g", "rm-series")).toBe(2);
    expect(countElements(svg, "path")).toBe(2);
    expect(countElements(svg, "circle")).toBe(6); // 3 complete periods × 2 segments
    expect(svg).not.toContain("<script");
    // The parser decodes the entities: the names are text. Legend names are cut at 22 characters; titles are whole.
    expect(texts(svg, "text")).toEqual(expect.arrayContaining(["ads", "<script>alert(1)</scr…"]));
    expect(texts(svg, "title")).toEqual(expect.arrayContaining(["ads", EVIL]));
    expect(countElements(svg, "script")).toBe(0);
    // y axis: highest value 100% → ticks up to 100%.
    expect(texts(svg, "text")).toEqual(expect.arrayContaining(["0%", "100%"]));
  });

  it("draws the average curve of a table without segments", () => {
    const svg = retentionCurveChart(cohortTable(orders, opts), { title: "T & <b>" });
    assertWellFormed(svg);
    expect(countElements(svg, "path")).toBe(1);
    expect(countElements(svg, "g", "rm-legend")).toBe(0);
    expect(texts(svg, "text")[0]).toBe("T & <b>");
  });
});

describe("lifetimeValueChart", () => {
  it("draws the historical LTV curve (hand-checked points)", () => {
    // Jan cohort (ann, dan, bob): m0 (10 + 20 + 10) / 3 = 13.33, m1 + 30 → 23.33, m2 + 10 → 26.67.
    const ltv = historicalLifetimeValue(orders, opts);
    expect(ltv.periods.map((p) => p.historicalLifetimeValue?.toFixed(2) ?? null)).toEqual(["13.33", "23.33", "26.67", null]);
    const svg = lifetimeValueChart(ltv);
    assertWellFormed(svg);
    expect(countElements(svg, "path")).toBe(1);
    expect(countElements(svg, "circle")).toBe(3);
    expect(texts(svg, "title")).toEqual(expect.arrayContaining(["historical LTV, 0: 13.33", "historical LTV, 2: 26.67"]));
  });

  it("draws one LTV curve per segment from a cohort table", () => {
    const svg = lifetimeValueChart(cohortTable(orders, { ...opts, segmentBy: "segment" }));
    assertWellFormed(svg);
    expect(countElements(svg, "path")).toBe(2);
    expect(svg).not.toContain("<script");
    // ads: (10 + 20) / 2 = 15, then 30 more → 30; EVIL: 10, 10, 20.
    expect(texts(svg, "title")).toEqual(expect.arrayContaining(["ads, 0: 15", "ads, 1: 30", `${EVIL}, 2: 20`]));
  });
});
