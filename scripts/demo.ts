// npm run demo: a readable report on the bundled CDNOW data (23,570 customers, Jan 1997 - Jun 1998).
// `demoReport(orders)` builds the report text (pure; test/scripts/demo.test.ts checks it); run as a script, it
// prints the report of the bundled file.
import { pathToFileURL } from "node:url";
import {
  calibrationHoldout,
  cohortTable,
  customerLifetimeValue,
  customerStatus,
  customerSummaries,
  fitGammaGamma,
  fitModifiedBetaGeo,
  formatTable,
  historicalLifetimeValue,
  modelCheck,
  predictedLifetimeValue,
  prepareOrders,
  probabilityAlive,
  retentionSeries,
  rfmScores,
  summarize,
  type Order,
} from "../src/index.js";
import { readCdnowMaster } from "./cdnow.js";

const money = (d: { toFixed(n: number): string } | null): string => (d === null ? "-" : `$${Number(d.toFixed(2)).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
const pct = (x: number | null): string => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);
const int = (n: number): string => n.toLocaleString("en-US");
const row = (label: string, value: string): string => `  ${label.padEnd(44)}${value.padStart(22)}`;

/**
 * The observation end: the data's last day, whole. CDNOW is date-only, so the default asOf is already the end of
 * its last day (1998-06-30T23:59:59.999Z) and June 1998 is complete; it is written out so the report says which
 * day it stops at.
 */
const asOf = "1998-06-30";

/** The CDNOW report (amounts in US dollars), as text. */
export function demoReport(cdnow: readonly Order[]): string {
  const out: string[] = [];
  const print = (line = ""): void => void out.push(line);
  const heading = (text: string): void => print(`\n${text}\n${"-".repeat(text.length)}`);

  const book = prepareOrders(cdnow.map((o) => ({ ...o, currency: "USD" })), { timeZone: "UTC" });
  print("retention-metrics demo: CDNOW (Fader & Hardie), every first-time buyer of Q1 1997, followed to June 1998 (US dollars)");

  heading("Summary, whole period");
  const all = summarize(book, { asOf });
  print(formatTable(all, { indent: 2 }));
  const lift = all.repeatOrderValueLift;
  if (lift !== null) print(`  A repeat order is on average ${pct(Math.abs(lift))} ${lift >= 0 ? "larger" : "smaller"} than a first order.`);

  heading("Customer lifetime value from the first year (1997)");
  const year = summarize(book, { from: "1997-01-01", to: "1998-01-01" });
  print(row("AOV in 1997", money(year.averageOrderValue)));
  print(row("Orders per customer in 1997", year.purchaseFrequency?.toFixed(3) ?? "-"));
  for (const lifespan of [1, 2, 3]) {
    const clv = customerLifetimeValue({ ...year, lifespan });
    const margin = customerLifetimeValue({ ...year, lifespan, margin: 0.3 });
    print(row(`CLV over ${lifespan} year${lifespan > 1 ? "s" : ""} (revenue / at 30% margin)`, `${money(clv.customerLifetimeValue)} / ${money(margin.customerLifetimeValue)}`));
  }
  print("\n  CLV = AOV x F x lifespan (x margin); see docs/lifetime-value.md.");

  heading("RFM segments at the end of the data (5 bins)");
  const rfm = rfmScores(book, { asOf });
  for (const s of [...rfm.segments].sort((a, b) => b.customers - a.customers)) {
    print(row(s.segment, `${int(s.customers)}  (${pct(s.customers / rfm.customerCount)})`));
  }

  heading("Who is lapsing? (a rule: each customer against their own rhythm, lapse factor 2)");
  const status = customerStatus(book, { asOf });
  print(row("Active", int(status.counts.active)));
  print(row("Due (quieter than their usual gap)", int(status.counts.due)));
  print(row("Lapsed (quieter than 2x their gap)", int(status.counts.lapsed)));
  if (status.counts.unknown > 0) print(row("Unknown (no repeat buyers to compare)", int(status.counts.unknown)));
  print(row("Shop-wide median gap (days)", status.shopMedianGapDays?.toFixed(1) ?? "-"));
  print("  Lapsed is a rule on order gaps, not a prediction; the model's P(alive) is below (Predicted CLV).");

  heading("Monthly acquisition cohorts: share of each cohort buying in month k (classic retention)");
  const cohorts = cohortTable(book, { granularity: "month", periods: 18, asOf });
  print(formatTable(cohorts, { indent: 2 }));

  heading("Historical lifetime value: cumulative revenue per acquired customer by months since acquisition");
  const ltv = historicalLifetimeValue(book, { periods: 18, asOf });
  print(`  ${ltv.periods.filter((p) => p.period % 3 === 2 || p.period === 0).map((p) => `m${p.period}: ${money(p.historicalLifetimeValue)}`).join("   ")}`);
  const partial = ltv.periods.filter((p) => p.customers > 0 && p.customers < all.customers);
  if (partial.length > 0) {
    const first = partial[0]!;
    print(`  From m${first.period} on, only the cohorts old enough to have the month count (m${first.period}: ${int(first.customers)} customers), so the`);
    print(`  late months need not match the whole-period revenue per customer of the summary (${money(all.customerValue)}).`);
  }

  heading("Customer retention rate by quarter (active = ordered in the last 90 days)");
  const series = retentionSeries(book, { granularity: "quarter", activeWithinDays: 90, asOf });
  print(formatTable(series, { indent: 2 }));

  heading("Predicted CLV: MBG/NBD + Gamma-Gamma, fitted on the whole history (weeks)");
  const summaries = customerSummaries(book, { unit: "week", asOf });
  const oneTimers = summaries.customerCount - summaries.repeatCustomers;
  print(row("Repeat customers (2+ purchase days)", int(summaries.repeatCustomers)));
  print(`  (the summary's ${int(all.repeatCustomers)} repeat customers count 2+ orders; ${int(all.repeatCustomers - summaries.repeatCustomers)} of them bought on one day only,`);
  print("  and the models count purchase days)");
  const model = fitModifiedBetaGeo(summaries);
  const p = model.params;
  print(row("MBG/NBD r, alpha, a, b", `${p.r.toFixed(3)}, ${p.alpha.toFixed(3)}, ${p.a.toFixed(3)}, ${p.b.toFixed(3)}`));
  print(row("Log-likelihood", model.logLikelihood.toFixed(2)));
  const spenders = summaries.customers.filter((c) => c.frequency > 0 && c.monetaryValue.gt(0));
  const gg = fitGammaGamma(spenders.map((c) => ({ frequency: c.frequency, monetaryValue: c.monetaryValue })));
  print(row("Gamma-Gamma p, q, v", `${gg.params.p.toFixed(3)}, ${gg.params.q.toFixed(3)}, ${gg.params.v.toFixed(3)}`));
  const alive = probabilityAlive(model, summaries).customers.map((c) => c.probabilityAlive);
  const probablyAlive = alive.filter((x) => x > 0.5).length;
  print(row("Customers probably alive (P(alive) > 0.5)", `${int(probablyAlive)} (${pct(probablyAlive / alive.length)})`));
  print(row("Expected share alive (mean P(alive))", pct(alive.reduce((a, b) => a + b, 0) / alive.length)));
  print(`  MBG/NBD, not BG/NBD: BG/NBD gives every one-time buyer (${int(oneTimers)} here) P(alive) = 1, so it would call them all alive.`);
  print("  P(alive) is the model's probability that a customer has not left for good; lapsed (above) is the rule on order gaps.");
  print("  How they compare, customers by status and P(alive):");
  const statusOf = new Map(status.customers.map((c) => [c.customerId, c.status] as const));
  const statuses = ["active", "due", "lapsed", "unknown"] as const;
  const cross = new Map(statuses.map((s): [string, number[]] => [s, [0, 0]]));
  summaries.customers.forEach((c, i) => {
    const cell = cross.get(statusOf.get(c.customerId) ?? "unknown")!;
    const k = (alive[i] ?? 0) > 0.5 ? 0 : 1;
    cell[k] = (cell[k] ?? 0) + 1;
  });
  print(`  ${"status".padEnd(10)}${"P(alive) > 0.5".padStart(16)}${"P(alive) <= 0.5".padStart(17)}`);
  for (const s of statuses) {
    const [yes = 0, no = 0] = cross.get(s)!;
    if (s !== "unknown" || yes + no > 0) print(`  ${s.padEnd(10)}${int(yes).padStart(16)}${int(no).padStart(17)}`);
  }
  const clv = predictedLifetimeValue(model, gg, summaries, { months: 12, discountRate: 0.01 });
  print(row("Predicted 12-month CLV, all customers", money({ toFixed: (n: number) => clv.total.toFixed(n) })));
  print("\n  Top 10 customers by predicted 12-month CLV (1% a month discount):");
  print(`  ${"customer".padEnd(10)}${"repeat purchase days".padStart(22)}${"P(alive)".padStart(10)}${"avg spend".padStart(12)}${"CLV".padStart(12)}`);
  const top = clv.customers.map((r, i) => [r.predictedLifetimeValue, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 10);
  for (const [v, i] of top) {
    const c = summaries.customers[i]!;
    print(`  ${c.customerId.padEnd(10)}${String(c.frequency).padStart(22)}${(alive[i] ?? 0).toFixed(2).padStart(10)}${money(c.monetaryValue).padStart(12)}${money({ toFixed: (n: number) => v.toFixed(n) }).padStart(12)}`);
  }

  heading("Does the model fit? MBG/NBD fitted on 39 weeks (to 1997-09-30), checked on the next 39");
  const split = calibrationHoldout(book, { calibrationEnd: "1997-09-30", observationEnd: asOf, unit: "week" });
  const calibrationModel = fitModifiedBetaGeo({ customers: split.calibrationCustomers, unit: split.unit });
  const check = modelCheck(calibrationModel, split, { orders: book });
  const tracking = check.tracking!;
  const share = (expected: number, actual: number): string => (actual === 0 ? "-" : `${expected >= actual ? "+" : ""}${(((expected - actual) / actual) * 100).toFixed(1)}%`);
  print(`  ${"repeat purchases".padEnd(26)}${"actual".padStart(10)}${"expected".padStart(10)}${"error".padStart(9)}`);
  for (const [label, t] of [["calibration (39 weeks)", tracking.calibration], ["holdout (39 weeks)", tracking.holdout]] as const) {
    print(`  ${label.padEnd(26)}${int(t.actualPurchases).padStart(10)}${int(Math.round(t.expectedPurchases)).padStart(10)}${share(t.expectedPurchases, t.actualPurchases).padStart(9)}`);
  }
  print("  Tracking: each customer from their own first purchase; expected = the sum of E[X(age)] over customers.");
  print("\n  Mean holdout purchases by calibration repeat purchases (conditional expectation of each customer's history):");
  print(`  ${"calibration".padEnd(12)}${"customers".padStart(10)}${"actual".padStart(9)}${"expected".padStart(10)}`);
  for (const g of check.holdout.groups) {
    print(`  ${g.label.padEnd(12)}${int(g.customers).padStart(10)}${(g.actualMean ?? 0).toFixed(2).padStart(9)}${(g.expectedMean ?? 0).toFixed(2).padStart(10)}`);
  }
  const e = check.holdout.customerErrors;
  print(row("Holdout error per customer: MAE / RMSE", `${e.meanAbsoluteError?.toFixed(3)} / ${e.rootMeanSquaredError?.toFixed(3)}`));
  print(row("Holdout bias per customer (expected - actual)", e.bias?.toFixed(3) ?? "-"));
  print("  A negative bias: the model expects fewer purchases than the customers made (see docs/predicting-clv.md, Model checks).");
  return out.join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(demoReport(readCdnowMaster()));
}
