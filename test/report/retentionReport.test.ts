import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAccumulator, prepareOrders, readOrders, retentionReport, summarize } from "../../src/index.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

const csv = readFileSync(new URL("../fixtures/exports/shopify_orders.csv", import.meta.url), "utf8");
const read = readOrders(csv, { format: "shopify", segment: "Source" });
const book = prepareOrders(read.orders, { timeZone: "Europe/Prague" });

/** Text of the element with `data-rm="<name>"`. */
const field = (html: string, name: string): string | undefined => new RegExp(`data-rm="${name}">([^<]*)<`).exec(html)?.[1];

describe("retentionReport (docs/from-an-export.md#the-report)", () => {
  const html = retentionReport(book, { ledger: read.ledger, weekStartsOn: 0 });

  it("is one HTML document with no network reference", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    // The only URLs are SVG namespace names (xmlns), which are never fetched; url(#id) points inside the page.
    expect(html.replace(/xmlns(:\w+)?="[^"]*"/g, "")).not.toMatch(/https?:\/\/|\/\/[a-z]|<script|<link|<img|@import|url\((?!#)/i);
  });

  it("states its time zone, week start and asOf", () => {
    expect(field(html, "timeZone")).toBe("Europe/Prague");
    expect(field(html, "weekStartsOn")).toBe("Sunday");
    // The default asOf is the latest order (#1015, 2024-06-01 09:00 +02:00), never the clock.
    expect(field(html, "asOf")).toBe("2024-06-01T07:00:00.000Z");
    expect(field(retentionReport(book, { asOf: "2024-06-30" }), "asOf")).toBe("2024-06-30T21:59:59.999Z");
  });

  it("shows the headline numbers of summarize, with their definitions", () => {
    const s = summarize(book);
    expect(html).toContain(`<div class="kpi-value">${s.customers}</div>`);
    expect(html).toContain(`<div class="kpi-value">343.40 EUR</div>`); // net revenue: 366.40 - 23.00
    expect(html).toContain("AOV = net revenue / orders.");
    expect(html).toContain("CRR = (E − N) / S");
  });

  it("has every section: heatmap with its alternatives, curves by segment, CRR series, LTV, RFM, ledger; and print CSS", () => {
    for (const id of ["kpis", "cohorts", "curves", "crr", "ltv", "rfm", "ledger"]) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('data-rm="heatmap"><svg');
    expect(html).toContain("Revenue per customer</label>");
    expect(html).toContain("Orders per customer</label>");
    expect(html).toContain("Retention curves by segment");
    for (const segment of ["web", "pos", "instagram"]) expect(html).toContain(`>${segment}<`);
    expect(html).toContain("reactivated");
    expect(html).toContain("@media print");
    expect(html).toContain("<td class=\"left\">skipped: cancelled</td><td class=\"num\">1</td>");
  });

  it("escapes user data and is a pure function of its input", () => {
    expect(retentionReport(book, { title: "<b>Shop & co</b>" })).toContain("<title>&lt;b&gt;Shop &amp; co&lt;/b&gt;</title>");
    expect(retentionReport(book)).toBe(retentionReport(prepareOrders(read.orders, { timeZone: "Europe/Prague" })));
    expect(retentionReport(read.orders, { timeZone: "Europe/Prague" })).toBe(retentionReport(book));
  });

  it("reads an accumulator (without the CRR series, which needs the orders)", () => {
    const acc = createAccumulator({ timeZone: "Europe/Prague" });
    readOrders(csv, { format: "shopify", into: acc });
    const streamed = retentionReport(acc);
    expect(streamed).toContain('<div class="kpi-value">343.40 EUR</div>');
    expect(streamed).toContain("Not available from a streamed accumulator");
    expect(field(streamed, "timeZone")).toBe("Europe/Prague");
  });

  it("refuses bad options as the metrics do", () => {
    expectRetentionError(() => retentionReport(book, { periods: 0 }), { code: "INVALID_OPTION" });
    expectRetentionError(() => retentionReport(book, { timeZone: "Mars/Olympus" }), { code: "INVALID_TIME_ZONE" });
  });
});
