import { describe, expect, it } from "vitest";
import { calibrationHoldout, fitModifiedBetaGeo, holdoutCheck, prepareOrders, retentionReport } from "../../src/index.js";
import { cdnowSampleOrders } from "../customers/cdnow.js";

// retentionReport's "Predicted CLV and model check" section (issue 16, issue 18): shown where there are at least
// 100 repeat buyers, with the model check of MBG/NBD fitted on the first half of the history.
const book = prepareOrders(cdnowSampleOrders().map((o) => ({ ...o, currency: "USD" })), { timeZone: "UTC" });
const html = retentionReport(book);
const section = html.slice(html.indexOf('<section id="predicted">'), html.indexOf("</section>", html.indexOf('<section id="predicted">')));

describe("retentionReport: predicted CLV and model check (CDNOW sample, 946 repeat buyers)", () => {
  it("shows the CLV total, the top customers, the tracking and holdout charts", () => {
    expect(section).toContain("Predicted CLV and model check");
    expect(section).toMatch(/data-rm="clvTotal">[\d,]+\.\d{2} USD</);
    expect((section.match(/<tr><td class="left">/g) ?? []).length).toBeGreaterThanOrEqual(10);
    expect(section).toContain('data-rm="tracking"><svg');
    expect(section).toContain('data-rm="holdout"><svg');
    expect(/https?:\/\//.test(html.replace(/xmlns="[^"]*"/g, ""))).toBe(false);
  });

  it("splits the history at its middle (1997-09-30 here) and compares with the holdout's 1,882 repeat purchases", () => {
    expect(section).toContain("fitted on the orders to 1997-09-30 (2,357 customers)");
    const row = (label: string): string[] => {
      const m = section.match(new RegExp(`<td class="left">${label}</td>((?:<td class="num">[^<]*</td>)+)`));
      return [...(m?.[1] ?? "").matchAll(/<td class="num">([^<]*)<\/td>/g)].map((x) => x[1]!);
    };
    expect(row("holdout, tracked")[0]).toBe("1,882");
    // The conditional row is holdoutCheck of the same fit on the same split.
    const split = calibrationHoldout(book, { calibrationEnd: "1997-09-30T12:00:00.000Z", observationEnd: "1998-06-30", unit: "week", timeZone: "UTC" });
    const check = holdoutCheck(fitModifiedBetaGeo({ customers: split.calibrationCustomers, unit: "week" }), split);
    const conditional = row("holdout, from each customer's history");
    expect(conditional[1]).toBe(check.expectedPurchases.toFixed(1));
  });

  it("says why when there are too few repeat buyers", () => {
    const small = retentionReport([
      { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "20" },
      { orderId: "2", customerId: "ann", placedAt: "2024-02-12", total: "30" },
    ]);
    expect(small).toContain('data-rm="predicted-skipped"');
    expect(small).toContain("this data has 1.");
  });
});
