import { beforeAll, describe, expect, it } from "vitest";
import { readCdnowMaster } from "../../scripts/cdnow.js";
import { demoReport } from "../../scripts/demo.js";

// npm run demo: the first report a new user reads. Every figure on it must agree with the others, or say why not
// (issue 15, point 8).
let report = "";
let lines: string[] = [];
beforeAll(() => {
  report = demoReport(readCdnowMaster());
  lines = report.split("\n");
}, 120_000); // the whole report, model fits included: a few seconds, more on a busy machine

/** The value after a label on a `row(label, value)` line. */
function value(label: string): string {
  const line = lines.find((l) => l.trimStart().startsWith(`${label}  `));
  if (line === undefined) throw new Error(`no line "${label}"`);
  return line.trim().slice(label.length).trim();
}
const num = (s: string): number => Number(s.replace(/[$,%]/g, ""));

describe("npm run demo (CDNOW)", () => {
  it("P(alive) comes from MBG/NBD, with the line on BG/NBD's one-time buyers, and agrees with the lapsed rule", () => {
    expect(report).toContain("MBG/NBD + Gamma-Gamma");
    expect(lines.some((l) => l.trimStart().startsWith("MBG/NBD r, alpha, a, b"))).toBe(true);
    expect(report).toMatch(/BG\/NBD gives every one-time buyer \([\d,]+ here\) P\(alive\) = 1/);
    expect(report).toContain("lapsed (above) is the rule on order gaps");
    // BG/NBD said 82.5% probably alive beside 17,958 lapsed; MBG/NBD: 6,766 (28.7%).
    const alive = value("Customers probably alive (P(alive) > 0.5)");
    expect(alive).toMatch(/^6,766 \(28\.7%\)$/);
    // The cross-tab of status and P(alive) adds up to both headline counts.
    const tab = new Map<string, [number, number]>();
    for (const s of ["active", "due", "lapsed"]) {
      const m = lines.find((l) => new RegExp(`^  ${s} +[\\d,]+ +[\\d,]+$`).test(l));
      if (m === undefined) throw new Error(`no cross-tab row ${s}`);
      const [, yes, no] = m.trim().split(/ +/) as [string, string, string];
      tab.set(s, [num(yes), num(no)]);
    }
    expect([...tab.values()].reduce((a, [y]) => a + y, 0)).toBe(6_766);
    expect(tab.get("lapsed")![0] + tab.get("lapsed")![1]).toBe(num(value("Lapsed (quieter than 2x their gap)")));
    expect(tab.get("active")![0] + tab.get("active")![1]).toBe(num(value("Active")));
  });

  it("the CRR rows show retained and reactivated customers, and E − N = retained + reactivated on every row", () => {
    const start = lines.findIndex((l) => l.includes("reactivated") && l.trimStart().startsWith("period"));
    expect(start).toBeGreaterThan(0);
    const header = lines[start]!.trim().split(/ {2,}/);
    expect(header).toEqual(["period", "S (start)", "E (end)", "N (new)", "retained (S∩E)", "reactivated", "CRR (E−N)/S", "retained share", "churn"]);
    const rows = lines.slice(start + 1, start + 7).map((l) => l.trim().split(/ +/));
    expect(rows.map((r) => r[0])).toEqual(["1997-Q1", "1997-Q2", "1997-Q3", "1997-Q4", "1998-Q1", "1998-Q2"]); // June 1998 complete
    for (const [, S, E, N, retained, reactivated, crr, share, churn] of rows as string[][]) {
      expect(num(E!) - num(N!)).toBe(num(retained!) + num(reactivated!));
      if (S === "0") continue;
      expect(num(crr!)).toBeCloseTo(((num(E!) - num(N!)) / num(S!)) * 100, 1);
      expect(num(share!)).toBeCloseTo((num(retained!) / num(S!)) * 100, 1);
      expect(num(churn!)).toBeCloseTo(100 - num(share!), 1);
    }
    // 1997-Q4: CRR 99.5% beside churn 51.5%, explained by 2,141 reactivated customers.
    expect(rows[3]).toEqual(["1997-Q4", "4,195", "4,176", "0", "2,035", "2,141", "99.5%", "48.5%", "51.5%"]);
    expect(report).toContain("CRR = (E − N) / S counts reactivated customers");
  });

  it("the revenue per customer by month since acquisition is labelled cumulative", () => {
    expect(report).toContain("cumulative revenue per customer");
    expect(report).toContain("Historical lifetime value: cumulative revenue per acquired customer");
    expect(report).not.toMatch(/ revenue\/customer\s*$/m); // the old cohort column header
  });

  it("the two repeat-customer counts carry distinct labels and say why they differ", () => {
    expect(value("Repeat customers (2+ orders)")).toBe("11,662");
    expect(value("Repeat customers (2+ purchase days)")).toBe("11,516");
    expect(report).toContain("146 of them bought on one day only");
    expect(report).not.toMatch(/Repeat customers(?! \(2\+)/);
  });

  it("money shows the currency and 2 decimals; numbers are right-aligned", () => {
    expect(value("Revenue, net")).toBe("$2,500,315.63");
    expect(value("Average order value")).toBe("$35.89");
    expect(report).not.toMatch(/\$[\d,]+\.\d{3}/); // no amount with 3 decimals
    // The cohort average curve: money column right-aligned under its header, with the sign.
    const h = lines.findIndex((l) => l.includes("cumulative revenue per customer") && l.trimStart().startsWith("period"));
    const end = lines[h]!.length;
    for (const l of lines.slice(h + 1, h + 19)) {
      expect(l).toMatch(/\$\d[\d,]*\.\d{2}$/);
      expect(l.length).toBe(end);
    }
  });
  it("checks the model on a holdout: tracking totals against the split, holdout means by calibration frequency", () => {
    expect(report).toContain("Does the model fit? MBG/NBD fitted on 39 weeks (to 1997-09-30), checked on the next 39");
    const cal = lines.find((l) => l.trimStart().startsWith("calibration (39 weeks)"))!.trim().split(/ {2,}/);
    const hold = lines.find((l) => l.trimStart().startsWith("holdout (39 weeks)"))!.trim().split(/ {2,}/);
    // Actual repeat purchase days before and after 1997-09-30 (all 23,570 customers were acquired in Q1 1997).
    expect(cal[1]).toBe("24,337");
    expect(hold[1]).toBe("19,684");
    const groups = lines.filter((l) => /^  (\d|7\+)\S* +[\d,]+ +\d+\.\d{2} +\d+\.\d{2}$/.test(l));
    expect(groups).toHaveLength(8);
    expect(groups.reduce((s, l) => s + num(l.trim().split(/ +/)[1]!), 0)).toBe(23_570);
    expect(value("Holdout bias per customer (expected - actual)")).toMatch(/^-?\d\.\d{3}$/);
  });
});
