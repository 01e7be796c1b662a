import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import type { Order } from "../../src/core/types.js";
import { cohortHeatmap } from "../../src/render/cohortHeatmap.js";
import { assertWellFormed, countElements, texts } from "./xml.js";

// Hand computation (asOf 2024-03-15, months in UTC):
//   2024-01: ann (Jan 10, Feb 10), bob (Jan 20) → size 2; m0 2/2 = 100%, m1 1/2 = 50%, m2 (March, running) 0% incomplete.
//   2024-02: cy (Feb 5) → size 1; m0 100%, m1 (March, running) 0% incomplete.
// 5 cells, 2 of them incomplete; scale max = highest retention after m0 = 50%.
const small: Order[] = [
  { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "10" },
  { orderId: "2", customerId: "ann", placedAt: "2024-02-10", total: "10" },
  { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "10" },
  { orderId: "4", customerId: "cy", placedAt: "2024-02-05", total: "10" },
];
const opts = { asOf: "2024-03-15", timeZone: "UTC" } as const;

/** 40 monthly cohorts (2020-01 … 2023-04) × 36 periods, 5 customers each; customer j buys in month k when (j + k) % 3 === 0. */
function bigOrders(): Order[] {
  const orders: Order[] = [];
  for (let i = 0; i < 40; i++) {
    for (let j = 0; j < 5; j++) {
      for (let k = 0; k < 40; k++) {
        if (k > 0 && (j + k) % 3 !== 0) continue;
        const m = i + k;
        const date = `${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-0${1 + j}`;
        if (date >= "2026-05-15") continue;
        orders.push({ orderId: `${i}-${j}-${k}`, customerId: `c${i}-${j}`, placedAt: date, total: "10" });
      }
    }
  }
  return orders;
}

describe("cohortHeatmap", () => {
  it("draws one cell per cohort and period, with labels, sizes and values (hand-checked)", () => {
    const svg = cohortHeatmap(cohortTable(small, opts));
    assertWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(countElements(svg, "g", "rm-cell")).toBe(5);
    expect(countElements(svg, "g", "rm-row")).toBe(2);
    const t = texts(svg, "text");
    expect(t).toContain("2024-01");
    expect(t).toContain("2024-02");
    // Values: 100, 50, ~0 in the first row; 100, ~0 in the second; then the average row (complete cells only):
    // 100 in period 0 (both cohorts), 50 in period 1 (January only); column headers 0, 1, 2.
    expect(t.filter((x) => /^~?\d+$/.test(x) && !["0", "1", "2"].includes(x))).toEqual(["100", "50", "~0", "100", "~0", "100", "50"]);
    expect(countElements(svg, "g", "rm-average-cell")).toBe(2);
    expect(t).toContain("size");
  });

  it("hatches and marks incomplete cells, and explains them in the legend", () => {
    const svg = cohortHeatmap(cohortTable(small, opts));
    expect(countElements(svg, "g", "rm-incomplete")).toBe(2);
    expect(svg.match(/fill="url\(#rm-hatch\)"/g)?.length).toBe(2 + 1); // two cells and the legend swatch
    expect(svg).toContain('<pattern id="rm-hatch"');
    expect(texts(svg, "text")).toContain("~ incomplete period (still running)");
  });

  it("has a colour legend from 0% to the scale maximum (50% here)", () => {
    const svg = cohortHeatmap(cohortTable(small, opts));
    expect(countElements(svg, "g", "rm-legend")).toBe(1);
    expect(svg).toContain('fill="url(#rm-scale)"');
    expect(texts(svg, "text")).toEqual(expect.arrayContaining(["0%", "25%", "≥ 50%"]));
    // The 50% cell has the darkest colour, the 0% cells the lightest.
    expect(svg).toContain('fill="#081d58"');
    expect(svg).toContain('fill="#ffffd9"');
    expect(cohortHeatmap(cohortTable(small, opts), { scaleMax: 1 })).toContain(">100%<");
  });

  it("escapes the title", () => {
    const svg = cohortHeatmap(cohortTable(small, opts), { title: `<script>alert(1)</script> & "q"` });
    assertWellFormed(svg);
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;");
    // An XML parser reads it back as the literal text (entities decoded), not as an element.
    expect(texts(svg, "text")[0]).toBe(`<script>alert(1)</script> & "q"`);
    expect(countElements(svg, "script")).toBe(0);
  });

  it("renders 40 cohorts × 36 periods with readable labels", () => {
    const table = cohortTable(bigOrders(), { asOf: "2026-05-15", timeZone: "UTC", periods: 36 });
    expect(table.cohorts.length).toBe(40);
    expect(table.cohorts.every((c) => c.cells.length === 36)).toBe(true);
    const svg = cohortHeatmap(table);
    assertWellFormed(svg);
    expect(countElements(svg, "g", "rm-cell")).toBe(40 * 36);
    expect(countElements(svg, "g", "rm-row")).toBe(40);
    const t = texts(svg, "text");
    for (let i = 0; i < 40; i++) expect(t).toContain(`${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
    // Readable: fonts of at least 8 px, one 30 × 18 px cell per value, so the picture is about 1,200 × 850 px.
    const sizes = [...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(8);
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    expect(Number(w)).toBeGreaterThanOrEqual(36 * 30);
    expect(Number(w)).toBeLessThan(1400);
    expect(Number(h)).toBeGreaterThanOrEqual(40 * 18);
    expect(Number(h)).toBeLessThan(1000);
  });

  it("renders an empty table", () => {
    const svg = cohortHeatmap(cohortTable([], { asOf: "2024-01-01" }));
    assertWellFormed(svg);
    expect(countElements(svg, "g", "rm-cell")).toBe(0);
  });
});
