import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import type { Order } from "../../src/core/types.js";
import { customerSummaries } from "../../src/customers/customerSummaries.js";
import { rfmScores } from "../../src/customers/rfmScores.js";
import { summarize } from "../../src/orders/summarize.js";
import { retentionSeries } from "../../src/retention/retentionSeries.js";
import { historicalLifetimeValue } from "../../src/value/historicalLifetimeValue.js";
import { customerStatus } from "../../src/customers/customerStatus.js";
import { fitBetaGeo } from "../../src/models/fitBetaGeo.js";
import { returningCustomerRate } from "../../src/retention/returningCustomerRate.js";
import { cdnowSummary } from "../models/fixtures.js";
import { assertWellFormed } from "../render/xml.js";

const DISPLAY = Symbol.for("Jupyter.display");
const EVIL = "<script>alert(1)</script>";
const orders: Order[] = [
  { orderId: "1", customerId: EVIL, placedAt: "2024-01-10", total: "10.00", segment: EVIL },
  { orderId: "2", customerId: EVIL, placedAt: "2024-02-10", total: "30.00", segment: EVIL },
  { orderId: "3", customerId: "bob", placedAt: "2024-01-20", total: "20.00", segment: "ads" },
];
const opts = { asOf: "2024-03-15", timeZone: "UTC" } as const;

type Bundle = Record<string, string>;
const results: [string, () => object, boolean][] = [
  ["summarize", () => summarize(orders, opts), false],
  ["cohortTable", () => cohortTable(orders, { ...opts, segmentBy: "segment" }), true],
  ["rfmScores", () => rfmScores(orders, opts), false],
  ["customerSummaries", () => customerSummaries(orders, opts), false],
  ["historicalLifetimeValue", () => historicalLifetimeValue(orders, opts), true],
  ["retentionSeries", () => retentionSeries(orders, opts), false],
  ["customerStatus", () => customerStatus(orders, opts), false],
  ["returningCustomerRate", () => returningCustomerRate(orders, { ...opts, baseTo: "2024-02-01", returnFrom: "2024-02-01", returnTo: "2024-03-01" }), false],
  ["fitBetaGeo", () => fitBetaGeo(cdnowSummary, { unit: "week" }), false],
];

describe("Symbol.for('Jupyter.display') on results", () => {
  for (const [name, make, hasSvg] of results) {
    it(`${name}: a non-enumerable method returning an escaped MIME bundle`, () => {
      const r = make() as Record<PropertyKey, unknown>;
      const d = Object.getOwnPropertyDescriptor(r, DISPLAY);
      expect(d?.enumerable).toBe(false);
      expect(typeof d?.value).toBe("function");
      const bundle = (r[DISPLAY] as () => Bundle)();
      expect(Object.keys(bundle).sort()).toEqual(hasSvg ? ["image/svg+xml", "text/html", "text/plain"] : ["text/html", "text/plain"]);
      assertWellFormed(bundle["text/html"] as string);
      if (hasSvg) assertWellFormed(bundle["image/svg+xml"] as string);
      for (const v of Object.values(bundle)) expect(typeof v).toBe("string");
      expect(bundle["text/html"]).not.toContain("<script");
      expect(bundle["text/plain"]!.length).toBeGreaterThan(0);
    });

    it(`${name}: JSON.stringify, keys, spread and toEqual are unaffected`, () => {
      const r = make();
      const plain = { ...r };
      expect(Object.getOwnPropertySymbols(plain)).toEqual([]);
      expect(JSON.stringify(r)).toBe(JSON.stringify(plain));
      expect(Object.keys(r)).toEqual(Object.keys(plain));
      expect(r).toEqual(plain);
      expect(plain).toEqual(r);
      expect(r).toStrictEqual(make());
    });
  }

  it("the cohort table shows an HTML heatmap table plus the SVG", () => {
    const bundle = (cohortTable(orders, opts) as unknown as Record<symbol, () => Bundle>)[DISPLAY]!();
    expect(bundle["text/html"]).toContain("<table");
    expect(bundle["text/html"]).toContain("background:#");
    expect(bundle["text/html"]).toContain("<svg");
    expect(bundle["image/svg+xml"]!.startsWith("<svg")).toBe(true);
  });

  it("nothing in src/ refers to Deno", () => {
    const root = fileURLToPath(new URL("../../src/", import.meta.url));
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
    for (const file of walk(root)) expect(readFileSync(file, "utf8"), file).not.toMatch(/\bDeno\.|from "(jsr|npm|https?):/);
  });
});
