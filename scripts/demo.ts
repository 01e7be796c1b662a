// npm run demo: a readable report on the bundled CDNOW data (23,570 customers, Jan 1997 - Jun 1998).
import { customerLifetimeValue, customerStatus, prepareOrders, rfmScores, summarize } from "../src/index.js";
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
