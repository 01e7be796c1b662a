import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCdnowMaster, readCdnowSample } from "../../scripts/cdnow.js";
import { calibrationHoldout, fitBetaGeo, trackingCheck, trackingChart } from "../../src/index.js";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import { prepareOrders } from "../../src/core/prepareOrders.js";
import { cohortHeatmap } from "../../src/render/cohortHeatmap.js";
import { assertWellFormed, countElements } from "./xml.js";

describe("docs/images/cdnow-cohort-heatmap.svg (README, docs/cohorts.md#heatmap)", () => {
  it("is what the library draws today (regenerate with npm run docs:images)", () => {
    const committed = readFileSync(new URL("../../docs/images/cdnow-cohort-heatmap.svg", import.meta.url), "utf8");
    const table = cohortTable(prepareOrders(readCdnowMaster(), { timeZone: "UTC" }), { granularity: "month" });
    const svg = cohortHeatmap(table, { title: "CDNOW: monthly acquisition cohorts, share buying in month k" });
    expect(committed).toBe(`${svg}\n`);
    assertWellFormed(svg);
    // 3 cohorts (Jan-Mar 1997) observed to June 1998: 18 + 17 + 16 cells. CDNOW's dates are date-only and end
    // on 1998-06-30, so the default asOf is the end of that day and June 1998 is complete: nothing is hatched.
    expect(countElements(svg, "g", "rm-cell")).toBe(18 + 17 + 16);
    expect(countElements(svg, "g", "rm-incomplete")).toBe(0);
    // docs/cohorts.md#heatmap: "about 15% … in month 1, 10–12% in month 2, and 6–10% in each later month".
    for (const c of table.cohorts) {
      const complete = c.cells.filter((x) => x.complete);
      expect(complete[1]!.retention).toBeGreaterThan(0.14);
      expect(complete[1]!.retention).toBeLessThan(0.16);
      expect(complete[2]!.retention).toBeGreaterThanOrEqual(0.1);
      expect(complete[2]!.retention).toBeLessThan(0.125);
      for (const x of complete.slice(3)) expect(x.retention).toBeGreaterThan(0.055), expect(x.retention).toBeLessThan(0.105);
    }
  });
});

describe("docs/images/cdnow-tracking.svg (docs/predicting-clv.md#model-checks-does-the-model-fit-your-shop)", () => {
  it("is what the library draws today (regenerate with npm run docs:images)", () => {
    const committed = readFileSync(new URL("../../docs/images/cdnow-tracking.svg", import.meta.url), "utf8");
    const sample = prepareOrders(readCdnowSample(), { timeZone: "UTC" });
    const split = calibrationHoldout(sample, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", unit: "week" });
    const model = fitBetaGeo({ customers: split.calibrationCustomers, unit: split.unit });
    const tracking = trackingCheck(model, sample, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
    const svg = trackingChart(tracking, { cumulative: false, title: "CDNOW: weekly repeat purchases, BG/NBD against actual" });
    expect(committed).toBe(`${svg}\n`);
    assertWellFormed(svg);
    expect(countElements(svg, "line", "rm-marker")).toBe(1);
  });
});
