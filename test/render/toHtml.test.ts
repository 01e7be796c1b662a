import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import type { Order } from "../../src/core/types.js";
import { customerSummaries } from "../../src/customers/customerSummaries.js";
import { rfmScores } from "../../src/customers/rfmScores.js";
import { summarize } from "../../src/orders/summarize.js";
import { formatTable } from "../../src/render/formatTable.js";
import { toHtml } from "../../src/render/toHtml.js";
import { retentionSeries } from "../../src/retention/retentionSeries.js";
import { historicalLifetimeValue } from "../../src/value/historicalLifetimeValue.js";
import { assertWellFormed, countElements, texts } from "./xml.js";

const EVIL = "<script>alert(1)</script>";
const orders: Order[] = [
  { orderId: "1", customerId: EVIL, placedAt: "2024-01-10", total: "10.00" },
  { orderId: "2", customerId: EVIL, placedAt: "2024-02-10", total: "30.00" },
  { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "20.00" },
  { orderId: "4", customerId: "cy", placedAt: "2024-02-05", total: "1234.50" },
];
const opts = { asOf: "2024-03-15", timeZone: "UTC" } as const;

describe("toHtml", () => {
  it("summarize: the KPIs as a key/value table (hand-checked)", () => {
    const html = toHtml(summarize(orders, opts));
    assertWellFormed(html);
    const th = texts(html, "th");
    const td = texts(html, "td");
    expect(th.slice(0, 4)).toEqual(["Orders", "Customers", "Repeat customers (2+ orders)", "Revenue, net"]);
    // 4 orders, 3 customers, 1 repeat; revenue 1,294.50; AOV 323.63 (323.625 rounded half up by toFixed).
    expect(td.slice(0, 4)).toEqual(["4", "3", "1", "1,294.50"]);
    expect(td).toContain("323.63");
    expect(td).toContain("33.3%");
  });

  it("cohort table: a heatmap table with coloured and hatched cells", () => {
    const html = toHtml(cohortTable(orders, opts));
    assertWellFormed(html);
    // 2024-01: EVIL, bob → 100%, 50%, ~0% (March running); 2024-02: cy → 100%, ~0%.
    const td = texts(html, "td");
    expect(td.slice(0, 5)).toEqual(["2024-01", "2", "100.0%", "50.0%", "~0.0%"]);
    expect(countElements(html, "td", "rm-incomplete")).toBe(2);
    expect(html).toContain("background:#081d58"); // 50% is the scale max: darkest
    expect(html).toContain("repeating-linear-gradient");
  });

  it("escapes customer ids and segment names (RFM, customer summaries)", () => {
    const rules = [{ segment: `<img src=x onerror="alert(1)">`, recency: [1, 5], frequency: [1, 5] }] as const;
    for (const html of [toHtml(rfmScores(orders, { ...opts, segments: rules })), toHtml(customerSummaries(orders, opts))]) {
      assertWellFormed(html);
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<img");
      expect(countElements(html, "script")).toBe(0);
      expect(texts(html, "td")).toContain(EVIL);
    }
    expect(texts(toHtml(rfmScores(orders, { ...opts, segments: rules })), "td")).toContain(`<img src=x onerror="alert(1)">`);
  });

  it("cuts long customer lists at maxRows and says how many more", () => {
    const html = toHtml(customerSummaries(orders, opts), { maxRows: 2 });
    expect(texts(html, "p")).toContain("… 1 more customers (3 in all)");
  });

  it("historical LTV, retention series and a generic object", () => {
    for (const r of [historicalLifetimeValue(orders, opts), retentionSeries(orders, opts), { name: EVIL, n: 1.5, rows: [{ a: 1, b: "<x>" }] }, 42, null]) {
      const html = toHtml(r);
      assertWellFormed(html);
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<x>");
    }
    expect(texts(toHtml({ name: "z", n: 1.5 }), "td")).toEqual(["z", "1.50"]);
  });
});

describe("formatTable", () => {
  it("summarize: aligned label/value lines (hand-checked)", () => {
    const lines = formatTable(summarize(orders, opts)).split("\n");
    expect(lines[0]).toBe("Summary");
    expect(lines[1]).toMatch(/^Orders {2,}4$/);
    const widths = lines.slice(1, 14).map((l) => l.length);
    expect(new Set(widths).size).toBe(1); // values right-aligned to one column
    expect(lines).toContain("First against repeat orders");
  });

  it("cohort table: columns aligned, incomplete cells marked ~", () => {
    const text = formatTable(cohortTable(orders, opts));
    const lines = text.split("\n");
    expect(lines.slice(1, 4)).toEqual([
      "cohort   size       0      1      2",
      "2024-01     2  100.0%  50.0%  ~0.0%",
      "2024-02     1  100.0%  ~0.0%",
    ]);
    expect(text).toContain("~ marks an incomplete period");
  });

  it("indents every line", () => {
    expect(formatTable({ a: 1 }, { indent: 2 })).toBe("  Result\n  a  1");
  });
});
