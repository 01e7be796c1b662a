// npm run demo: a readable report on the bundled CDNOW data (23,570 customers, Jan 1997 - Jun 1998).
import {
  cohortTable,
  customerLifetimeValue,
  customerStatus,
  customerSummaries,
  fitBetaGeo,
  fitGammaGamma,
  formatTable,
  historicalLifetimeValue,
  predictedLifetimeValue,
  prepareOrders,
  probabilityAlive,
  retentionSeries,
  rfmScores,
  summarize,
} from "../src/index.js";
import { readCdnowMaster } from "./cdnow.js";

const money = (d: { toFixed(n: number): string } | null): string => (d === null ? "-" : `$${Number(d.toFixed(2)).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
const pct = (x: number | null): string => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);
const int = (n: number): string => n.toLocaleString("en-US");
const row = (label: string, value: string): string => `  ${label.padEnd(44)}${value.padStart(22)}`;
const heading = (text: string): void => console.log(`\n${text}\n${"-".repeat(text.length)}`);

const book = prepareOrders(readCdnowMaster(), { timeZone: "UTC" });
console.log("retention-metrics demo: CDNOW (Fader & Hardie), every first-time buyer of Q1 1997, followed to June 1998");

heading("Summary, whole period");
const all = summarize(book);
console.log(row("Orders (order lines)", int(all.orders)));
console.log(row("Customers", int(all.customers)));
console.log(row("Revenue", money(all.revenue.net)));
console.log(row("Average order value", money(all.averageOrderValue)));
console.log(row("Purchase frequency (orders/customer)", all.purchaseFrequency?.toFixed(2) ?? "-"));
console.log(row("Customer value (revenue/customer)", money(all.customerValue)));
console.log(row("Repeat-customer rate", pct(all.repeatCustomerRate)));
console.log(row("First order", all.firstOrderAt?.slice(0, 10) ?? "-"));
console.log(row("Last order", all.lastOrderAt?.slice(0, 10) ?? "-"));

heading("New against repeat orders");
console.log(`  ${"".padEnd(16)}${"orders".padStart(10)}${"revenue".padStart(16)}${"AOV".padStart(10)}`);
for (const [label, g] of [["first orders", all.firstOrders], ["repeat orders", all.repeatOrders]] as const) {
  console.log(`  ${label.padEnd(16)}${int(g.orders).padStart(10)}${money(g.revenue).padStart(16)}${money(g.averageOrderValue).padStart(10)}`);
}
const lift = all.repeatOrderValueLift;
if (lift !== null) console.log(`  A repeat order is on average ${pct(Math.abs(lift))} ${lift >= 0 ? "larger" : "smaller"} than a first order.`);

heading("Customer lifetime value from the first year (1997)");
const year = summarize(book, { from: "1997-01-01", to: "1998-01-01" });
console.log(row("AOV in 1997", money(year.averageOrderValue)));
console.log(row("Orders per customer in 1997", year.purchaseFrequency?.toFixed(3) ?? "-"));
for (const lifespan of [1, 2, 3]) {
  const clv = customerLifetimeValue({ ...year, lifespan });
  const margin = customerLifetimeValue({ ...year, lifespan, margin: 0.3 });
  console.log(row(`CLV over ${lifespan} year${lifespan > 1 ? "s" : ""} (revenue / at 30% margin)`, `${money(clv.value)} / ${money(margin.value)}`));
}
console.log("\n  CLV = AOV x F x lifespan (x margin); see docs/lifetime-value.md.");

heading("RFM segments at the end of the data (5 bins)");
const rfm = rfmScores(book);
for (const s of [...rfm.segments].sort((a, b) => b.customers - a.customers)) {
  console.log(row(s.segment, `${int(s.customers)}  (${pct(s.customers / rfm.customerCount)})`));
}

heading("Who is lapsing? (against each customer's own rhythm, lapse factor 2)");
const status = customerStatus(book);
console.log(row("Active", int(status.counts.active)));
console.log(row("Due (quieter than their usual gap)", int(status.counts.due)));
console.log(row("Lapsed (quieter than 2x their gap)", int(status.counts.lapsed)));
if (status.counts.unknown > 0) console.log(row("Unknown (no repeat buyers to compare)", int(status.counts.unknown)));
console.log(row("Shop-wide median gap (days)", status.shopMedianGapDays?.toFixed(1) ?? "-"));

heading("Monthly acquisition cohorts: share of each cohort buying in month k (classic retention)");
const cohorts = cohortTable(book, { granularity: "month", periods: 18 });
console.log(formatTable(cohorts, { indent: 2 }));

heading("Historical lifetime value: revenue per acquired customer by months since acquisition");
const ltv = historicalLifetimeValue(book, { periods: 18 });
console.log(`  ${ltv.points.filter((p) => p.period % 3 === 2 || p.period === 0).map((p) => `m${p.period}: ${money(p.lifetimeValue)}`).join("   ")}`);

heading("Customer retention rate by quarter (active = ordered in the last 90 days)");
const series = retentionSeries(book, { granularity: "quarter", activeWithinDays: 90 });
console.log(`  ${"quarter".padEnd(10)}${"S".padStart(8)}${"E".padStart(8)}${"N".padStart(8)}${"CRR".padStart(8)}${"kept".padStart(8)}${"churn".padStart(8)}`);
for (const p of series.points) {
  console.log(`  ${(p.label + (p.complete ? "" : "~")).padEnd(10)}${int(p.customersAtStart).padStart(8)}${int(p.customersAtEnd).padStart(8)}${int(p.newCustomers).padStart(8)}${pct(p.customerRetentionRate).padStart(8)}${pct(p.retainedShare).padStart(8)}${pct(p.churnRate).padStart(8)}`);
}

heading("Predicted CLV: BG/NBD + Gamma-Gamma, fitted on the whole history (weeks)");
const summaries = customerSummaries(book, { unit: "week" });
const bgnbd = fitBetaGeo(summaries);
const p = bgnbd.params;
console.log(row("BG/NBD r, alpha, a, b", `${p.r.toFixed(3)}, ${p.alpha.toFixed(3)}, ${p.a.toFixed(3)}, ${p.b.toFixed(3)}`));
console.log(row("Log-likelihood", bgnbd.logLikelihood.toFixed(2)));
const spenders = summaries.customers.filter((c) => c.frequency > 0 && c.monetaryValue.gt(0));
const gg = fitGammaGamma(spenders.map((c) => ({ frequency: c.frequency, monetaryValue: c.monetaryValue })));
console.log(row("Gamma-Gamma p, q, v", `${gg.params.p.toFixed(3)}, ${gg.params.q.toFixed(3)}, ${gg.params.v.toFixed(3)}`));
const alive = probabilityAlive(bgnbd, summaries).customers.map((c) => c.probabilityAlive);
const probablyAlive = alive.filter((x) => x > 0.5).length;
console.log(row("Customers probably alive (P > 0.5)", `${int(probablyAlive)} (${pct(probablyAlive / alive.length)})`));
console.log(row("Expected share alive (mean P(alive))", pct(alive.reduce((a, b) => a + b, 0) / alive.length)));
const clv = predictedLifetimeValue(bgnbd, gg, summaries, { months: 12, discountRate: 0.01 });
console.log(row("Predicted 12-month CLV, all customers", money({ toFixed: (n: number) => clv.total.toFixed(n) })));
console.log("\n  Top 10 customers by predicted 12-month CLV (1% a month discount):");
console.log(`  ${"customer".padEnd(10)}${"repeat days".padStart(12)}${"P(alive)".padStart(10)}${"avg spend".padStart(12)}${"CLV".padStart(12)}`);
const top = clv.customers.map((r, i) => [r.predictedLifetimeValue, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 10);
for (const [v, i] of top) {
  const c = summaries.customers[i]!;
  console.log(`  ${c.customerId.padEnd(10)}${String(c.frequency).padStart(12)}${(alive[i] ?? 0).toFixed(2).padStart(10)}${money(c.monetaryValue).padStart(12)}${money({ toFixed: (n: number) => v.toFixed(n) }).padStart(12)}`);
}
