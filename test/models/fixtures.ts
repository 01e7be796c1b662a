import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DiscreteRfmRecord, RfmRecord, SpendRecord } from "../../src/models/index.js";

function csv(name: string): number[][] {
  const path = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  return readFileSync(path, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(",").map(Number));
}

/** test/fixtures/cdnow_customers_summary.csv: 2,357 CDNOW customers, weeks, calibration to 1997-09-30. */
export const cdnowSummary: RfmRecord[] = csv("cdnow_customers_summary.csv").map(([, f = 0, r = 0, T = 0]) => ({ frequency: f, recency: r, T }));

/** test/fixtures/cdnow_customers_summary_with_transactions.csv: x and zbar (mean repeat-day spend). */
export const cdnowSpend: SpendRecord[] = csv("cdnow_customers_summary_with_transactions.csv").map(([, x = 0, , , z = 0]) => ({ frequency: x, monetaryValue: z }));

/** test/fixtures/donations.csv: 22 BG/BB patterns, 11,104 donors, n = 6. */
export const donations: DiscreteRfmRecord[] = csv("donations.csv").map(([f = 0, r = 0, n = 0, w = 0]) => ({ frequency: f, recency: r, periods: n, weight: w }));

/** Customer 1 of the CDNOW sample, the worked example of Fader, Hardie & Lee (2005). */
export const customer1 = { frequency: 2, recency: 30.43, T: 38.86 };

/** Relative difference. */
export function rel(got: number, expected: number): number {
  return Math.abs(got - expected) / Math.abs(expected);
}

/** Agreement to 3 significant digits: rounding both to 3 significant digits gives the same number, or within half a unit of the 3rd digit. */
export function sameTo3Digits(got: number, expected: number): boolean {
  return Math.abs(got - expected) <= 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(expected))) - 2);
}

/** The CDNOW sample summary with its unit, as a customerSummaries result carries it. */
export const cdnowWeeks = { customers: cdnowSummary, unit: "week" } as const;
