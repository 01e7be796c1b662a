import { describe, expect, it } from "vitest";
import { cohortHeatmap } from "../../src/render/cohortHeatmap.js";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import type { Order } from "../../src/core/types.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const o = (orderId: string, customerId: string, placedAt: string, total: string): Order => ({ orderId, customerId, placedAt, total });
// January: 20 customers; one comes back in February (5%), spending 30 against the cohort's 200 in January.
const orders: Order[] = [
  ...Array.from({ length: 20 }, (_, i) => o(`j${i}`, `c${i}`, "2024-01-10", "10")),
  o("f1", "c0", "2024-02-10", "30"),
];
const table = cohortTable(orders, { asOf: "2024-02-29", timeZone: "Europe/Prague", granularity: "month" });
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);

describe("cohortHeatmap: metrics, average row, small percentages, caption", () => {
  it("retention: one decimal below 10%, an average row, the caption", () => {
    const svg = cohortHeatmap(table);
    expect(texts(svg)).toContain("5.0"); // 1 of 20
    expect(texts(svg)).toContain("100");
    expect(svg).toContain('class="rm-average"');
    expect(svg).toContain("time zone Europe/Prague");
    expect(svg).toContain("as of 2024-02-29T22:59:59.999Z");
    expect(svg).toContain("(classic mode)");
  });

  it("revenue retention and cumulative revenue per customer", () => {
    expect(texts(cohortHeatmap(table, { metric: "revenueRetention" }))).toContain("15"); // 30 / 200
    expect(texts(cohortHeatmap(table, { metric: "cumulativeRevenuePerCustomer" }))).toContain("11.5"); // 230 / 20
    const orders = cohortHeatmap(table, { metric: "orders" });
    expect(texts(orders)).toContain("20");
    expect(orders).not.toContain('class="rm-average"');
  });

  it("no average row when asked; refuses an unknown metric and a result without the metric", () => {
    expect(cohortHeatmap(table, { averageRow: false })).not.toContain('class="rm-average"');
    expectRetentionError(() => cohortHeatmap(table, { metric: "profit" as never }), { code: "INVALID_OPTION", field: "metric" });
    // A table from an older version: cells without revenueRetention.
    const old = { ...table, cohorts: table.cohorts.map((r) => ({ ...r, cells: r.cells.map(({ revenueRetention: _, ...c }) => c) })) };
    expectRetentionError(() => cohortHeatmap(old as never, { metric: "revenueRetention" }), { code: "INVALID_ARGUMENT", field: "table.cohorts[0].cells[0].revenueRetention" });
  });

  it("draws the new cell modes", () => {
    for (const mode of ["byPeriod", "consecutive"] as const) expect(cohortHeatmap(cohortTable(orders, { mode, asOf: "2024-02-29" }))).toContain(`(${mode} mode)`);
  });
});
