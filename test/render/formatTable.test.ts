import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import type { Order } from "../../src/core/types.js";
import { customerSummaries } from "../../src/customers/customerSummaries.js";
import { summarize } from "../../src/orders/summarize.js";
import { formatTable } from "../../src/render/formatTable.js";
import { toHtml } from "../../src/render/toHtml.js";
import { retentionSeries } from "../../src/retention/retentionSeries.js";
import { historicalLifetimeValue } from "../../src/value/historicalLifetimeValue.js";
import { assertWellFormed, countElements, texts } from "./xml.js";

// A shop in US dollars. d placed two orders on one day: 2 orders, 1 purchase day.
const usd = (id: string, customerId: string, placedAt: string, total: string): Order => ({ orderId: id, customerId, placedAt, total, currency: "USD" });
const shop: Order[] = [
  usd("1", "a", "2024-01-10", "10.00"),
  usd("2", "a", "2024-02-10", "30.00"),
  usd("3", "b", "2024-01-20", "20.00"),
  usd("4", "c", "2024-02-05", "1234.50"),
  usd("5", "d", "2024-02-20", "5.00"),
  usd("6", "d", "2024-02-20", "7.00"),
];
const opts = { asOf: "2024-02-29", timeZone: "UTC" } as const;

/** The column (index after the last character) where `cell` ends in `line`. */
const endOf = (line: string, cell: string): number => line.indexOf(cell) + cell.length;

describe("formatTable: money, alignment, percentages", () => {
  it("money carries the result's currency sign and 2 decimals, right-aligned (hand-checked)", () => {
    const lines = formatTable(summarize(shop, opts)).split("\n");
    const value = (label: string): string => {
      const line = lines.find((l) => l.startsWith(`${label}  `));
      if (line === undefined) throw new Error(`no line ${label}`);
      return line.slice(label.length).trim();
    };
    // Revenue 10 + 30 + 20 + 1,234.50 + 5 + 7 = 1,306.50; AOV 1,306.50 / 6 = 217.75;
    // revenue per customer 1,306.50 / 4 = 326.625 → 326.63 (half up, exactly).
    expect(value("Revenue, net")).toBe("$1,306.50");
    expect(value("Refunded")).toBe("$0.00");
    expect(value("Average order value")).toBe("$217.75");
    expect(value("Customer value (revenue/customer)")).toBe("$326.63");
    expect(value("Purchase frequency (orders/customer)")).toBe("1.50");
    expect(value("Repeat-customer rate (2+ orders)")).toBe("50.0%");
    expect(lines[0]).toBe("Summary (USD)");
    // Every value ends in the same column (padStart), whatever its width.
    const kvLines = lines.slice(1, lines.indexOf(""));
    expect(new Set(kvLines.map((l) => l.length)).size).toBe(1);
    // First against repeat orders: the money columns end under their headers.
    const at = lines.indexOf("First against repeat orders");
    const [header, first, repeat] = lines.slice(at + 1, at + 4) as [string, string, string];
    // first orders: a 10, b 20, c 1,234.50, d 5 = 1,269.50 (AOV 317.38 = 317.375 half up); repeat: a 30, d 7 = 37.00.
    expect(endOf(first, "$1,269.50")).toBe(endOf(header, "revenue"));
    expect(endOf(repeat, "$37.00")).toBe(endOf(header, "revenue"));
    expect(endOf(first, "$317.38")).toBe(endOf(header, "AOV"));
    expect(endOf(repeat, "$18.50")).toBe(endOf(header, "AOV"));
    expect(lines.join("\n")).not.toMatch(/\d\.\d{3}\b/); // no 3-decimal amounts anywhere
  });

  it("the currency's minor units and sign: JPY 0 decimals, CHF with a space; no currency: plain, 2 decimals", () => {
    const jpy: Order[] = [
      { orderId: "1", customerId: "a", placedAt: "2024-01-10", total: "1000", currency: "JPY" },
      { orderId: "2", customerId: "b", placedAt: "2024-01-11", total: "2501", currency: "JPY" },
    ];
    // AOV 3,501 / 2 = 1,750.5 → ¥1,751 (half up).
    expect(formatTable(summarize(jpy))).toMatch(/^Average order value +¥1,751$/m);
    expect(formatTable(summarize(jpy))).toMatch(/^Revenue, net +¥3,501$/m);
    const chf = jpy.map((o) => ({ ...o, currency: "CHF" }));
    expect(formatTable(summarize(chf))).toMatch(/^Average order value +CHF 1,750\.50$/m);
    const plain = shop.map(({ currency: _, ...o }) => o);
    expect(formatTable(summarize(plain, opts))).toMatch(/^Customer value \(revenue\/customer\) +326\.63$/m);
    expect(formatTable(summarize(plain, opts)).split("\n")[0]).toBe("Summary");
  });

  it("a generic object: Decimals are money in its currency, number columns right-aligned, 2 decimals", () => {
    const text = formatTable({
      currency: "EUR",
      total: new Decimal("1234.567"),
      share: 0.25,
      rows: [
        { id: "x", n: 5, spend: new Decimal("1.5") },
        { id: "yyyy", n: 12_345, spend: new Decimal("1234.565") },
      ],
    });
    const lines = text.split("\n");
    expect(lines).toContain("total     €1,234.57");
    expect(lines).toContain("share        0.2500");
    const h = lines.indexOf("rows");
    expect(lines.slice(h + 1, h + 4)).toEqual([
      "id         n      spend", //
      "x          5      €1.50",
      "yyyy  12,345  €1,234.57",
    ]);
    // Numbers as plain numbers: 2 decimals from 1 up.
    expect(formatTable({ clvPerCustomer: 33.1 })).toBe("Result\nclvPerCustomer  33.10");
  });
});

describe("formatTable and toHtml: labels that say what each figure counts", () => {
  it("repeat customers: 2+ orders (summarize) and 2+ purchase days (customerSummaries) carry distinct labels", () => {
    // d's two orders fall on one day: 2 repeat customers by orders (a, d), 1 by purchase days (a).
    const byOrders = formatTable(summarize(shop, opts));
    const byDays = formatTable(customerSummaries(shop, opts));
    expect(byOrders).toMatch(/^Repeat customers \(2\+ orders\) +2$/m);
    expect(byDays).toMatch(/^Repeat customers \(2\+ purchase days\) +1$/m);
    for (const t of [byOrders, byDays, toHtml(summarize(shop, opts)), toHtml(customerSummaries(shop, opts))]) {
      expect(t).not.toMatch(/Repeat customers(?! \(2\+)/);
    }
  });

  it("cohort and LTV tables call the cumulative revenue per customer what it is (hand-checked)", () => {
    const orders: Order[] = [usd("1", "a", "2024-01-10", "10.00"), usd("2", "a", "2024-02-10", "30.00"), usd("3", "b", "2024-01-20", "20.00")];
    const text = formatTable(cohortTable(orders, opts));
    const lines = text.split("\n");
    const h = lines.findIndex((l) => l.startsWith("period"));
    expect(lines[h]).toBe("period  retention  customers  cohorts  cumulative revenue per customer");
    // January cohort (a, b): period 0 revenue 30 / 2 = 15.00; through period 1: (30 + 30) / 2 = 30.00.
    expect(lines[h + 1]).toMatch(/^ +0 +100\.0% +2 +1 +\$15\.00$/);
    expect(lines[h + 2]).toMatch(/^ +1 +50\.0% +2 +1 +\$30\.00$/);
    expect(text).not.toMatch(/\brevenue\/customer\b/);
    // Every cell is complete (asOf is the end of February): no "~" note.
    expect(text).not.toContain("~ marks");
    expect(formatTable(historicalLifetimeValue(orders, opts))).toContain("LTV (cumulative revenue per customer)");
  });

  it("a CRR table shows the reactivated customers and says why CRR and churn can both be 100% (hand-checked)", () => {
    // Active within 30 days. Active at 1 Feb: ann (10 Jan), bob (20 Jan). At 1 Mar (window from 31 Jan): cy
    // (15 Feb, new in February). At 1 Apr (window from 2 Mar): ann (5 Mar), who had lapsed: reactivated.
    const orders: Order[] = [
      { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "1" },
      { orderId: "2", customerId: "bob", placedAt: "2024-01-20", total: "1" },
      { orderId: "3", customerId: "cy", placedAt: "2024-02-15", total: "1" },
      { orderId: "4", customerId: "ann", placedAt: "2024-03-05", total: "1" },
    ];
    const lines = formatTable(retentionSeries(orders, { activeWithinDays: 30, asOf: "2024-03-31" })).split("\n");
    expect(lines.slice(1, 5)).toEqual([
      "period   S (start)  E (end)  N (new)  retained (S∩E)  reactivated  CRR (E−N)/S  retained share   churn",
      "2024-01          0        2        2               0            0            –               –       –",
      "2024-02          2        1        1               0            0         0.0%            0.0%  100.0%",
      // March: S = {cy}, E = {ann}: CRR (1 − 0) / 1 = 100% with churn 100%, carried by 1 reactivated customer.
      "2024-03          1        1        0               0            1       100.0%            0.0%  100.0%",
    ]);
    expect(lines[5]).toContain("CRR = (E − N) / S counts reactivated customers");
    expect(lines[6]).toContain("churn = 1 − retained share");
  });
});

describe("toHtml: numeric cells", () => {
  it("counts, money and percentages are right-aligned cells of class rm-num; labels and ids are not; all escaped", () => {
    const evil = shop.map((o) => (o.customerId === "a" ? { ...o, customerId: "<b>a</b>" } : o));
    for (const html of [toHtml(summarize(evil, opts)), toHtml(customerSummaries(evil, opts)), toHtml(cohortTable(evil, opts))]) {
      assertWellFormed(html);
      expect(html).not.toContain("<b>");
      const cells = [...html.matchAll(/<td( class="([^"]*)")? style="([^"]*)">([^<]*)<\/td>/g)];
      expect(cells.length).toBeGreaterThan(0);
      for (const [, , cls = "", style = "", text = ""] of cells) {
        const right = cls.split(" ").includes("rm-num");
        expect(style.includes("text-align:right"), text).toBe(right);
        // Counts, money, percentages: right-aligned. Customer ids and cohort labels: left.
        if (/^(~?-?\$?[\d,]+(\.\d+)?%?|–)$/.test(text)) expect(right, text).toBe(true);
        if (/^([a-d]|&lt;b&gt;a&lt;\/b&gt;|\d{4}-\d{2})$/.test(text)) expect(right, text).toBe(false);
      }
    }
    const td = texts(toHtml(summarize(shop, opts)), "td");
    expect(td).toContain("$1,306.50");
    expect(td).toContain("$326.63");
    expect(countElements(toHtml(customerSummaries(evil, opts)), "td", "rm-num")).toBeGreaterThan(0);
  });
});
