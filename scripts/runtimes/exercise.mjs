// Exercises the BUILT package (dist/, reached through package.json "exports" by self-reference) under
// whichever runtime runs this file: `npm run check:runtimes` runs it with Node, Deno and Bun.
// Plain JavaScript with no Node built-ins, so each runtime loads it as is, with no permissions (Deno).
// Every expected number below is worked out by hand in the comment beside it.
import * as lib from "retention-metrics";

const runtime =
  typeof globalThis.Deno !== "undefined"
    ? `deno ${globalThis.Deno.version.deno}`
    : typeof globalThis.Bun !== "undefined"
      ? `bun ${globalThis.Bun.version}`
      : `node ${globalThis.process?.versions?.node}`;

let checks = 0;
const failures = [];
/** Records a failure (instead of throwing) so one run reports every wrong number. */
function check(what, actual, expected) {
  checks += 1;
  if (!Object.is(actual, expected)) failures.push(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

const { prepareOrders, summarize, customerLifetimeValue, customerRetentionRate, RetentionMetricsError } = lib;

// 1. summarize on a small shop (the README's quick start):
//    ann 40.00; ann 60.00 with 10.00 refunded; bob 25.00.
//    gross 125, refunded 10, net 115; 3 orders, 2 customers, ann repeats.
//    AOV 115 / 3 = 38.333…; F 3 / 2 = 1.5; CV 115 / 2 = 57.5; repeat rate 1 / 2 = 0.5.
//    first orders: ann 40 + bob 25 = 65 over 2 → AOV 32.5; repeat orders: 50 over 1 → AOV 50;
//    lift 50 / 32.5 − 1 = 0.538…
const book = prepareOrders([
  { orderId: "1", customerId: "ann", placedAt: "2024-01-03T09:00:00Z", total: "40.00" },
  { orderId: "2", customerId: "ann", placedAt: "2024-02-11T12:00:00Z", total: "60.00", refunded: "10.00" },
  { orderId: "3", customerId: "bob", placedAt: "2024-01-20T18:30:00Z", total: "25.00" },
]);
check("book.orderCount", book.orderCount, 3);
check("book.customerCount", book.customerCount, 2);
const year = summarize(book, { from: "2024-01-01", to: "2025-01-01" });
check("summarize orders", year.orders, 3);
check("summarize customers", year.customers, 2);
check("summarize revenue.gross", year.revenue.gross.toString(), "125");
check("summarize revenue.refunded", year.revenue.refunded.toString(), "10");
check("summarize revenue.net", year.revenue.net.toString(), "115");
check("summarize averageOrderValue", year.averageOrderValue?.toFixed(2), "38.33");
check("summarize purchaseFrequency", year.purchaseFrequency, 1.5);
check("summarize customerValue", year.customerValue?.toString(), "57.5");
check("summarize repeatCustomerRate", year.repeatCustomerRate, 0.5);
check("summarize firstOrders.averageOrderValue", year.firstOrders.averageOrderValue?.toString(), "32.5");
check("summarize repeatOrders.averageOrderValue", year.repeatOrders.averageOrderValue?.toString(), "50");
check("summarize firstOrderAt", year.firstOrderAt, "2024-01-03T09:00:00.000Z");
// The summary spreads into CLV: CV 57.5 × 3 years = 172.5.
check("CLV from summary", customerLifetimeValue({ ...year, lifespan: 3 }).customerLifetimeValue.toFixed(2), "172.50");

// 2. prepareOrders error: month 13 is not a date → INVALID_DATE at record 0, field placedAt.
const err = thrown(() => prepareOrders([{ orderId: "a", customerId: "c", placedAt: "2024-13-01", total: "5" }]));
check("error is a RetentionMetricsError", err instanceof RetentionMetricsError, true);
check("error code", err?.code, "INVALID_DATE");
check("error index", err?.index, 0);
check("error field", err?.field, "placedAt");
check("error message links its docs entry", /See https:\/\/\S+#invalid_date$/.test(String(err?.message)), true);

// 3. customerLifetimeValue: AOV $50 × 4 orders a year = $200 a year; × 3 years = $600.
const clv = customerLifetimeValue({ averageOrderValue: "50", purchaseFrequency: 4, lifespan: 3 });
check("CLV value", clv.customerLifetimeValue.toString(), "600");
check("CLV valuePerPeriod", clv.valuePerPeriod.toString(), "200");
check("CLV from customerValue", customerLifetimeValue({ customerValue: "200", lifespan: 3 }).customerLifetimeValue.toString(), "600");

// 4. customerRetentionRate: S = 50,000, N = 1,000, E = 40,000 → (E − N) / S = 39,000 / 50,000 = 0.78.
const crr = customerRetentionRate({ customersAtStart: 50_000, customersAtEnd: 40_000, newCustomers: 1_000 });
check("CRR retained", crr.retained, 39_000);
check("CRR rate", crr.customerRetentionRate, 0.78);

// 5. Exactness: 0.1 + 0.2 is 0.3 exactly (as floats it would be 0.30000000000000004).
const tiny = summarize([
  { orderId: "1", customerId: "a", placedAt: "2024-01-01T10:00:00Z", total: "0.1" },
  { orderId: "2", customerId: "a", placedAt: "2024-02-01T10:00:00Z", total: 0.2 },
]);
check("0.1 + 0.2", tiny.revenue.net.toString(), "0.3");
check("JSON of money is a string", JSON.stringify({ net: tiny.revenue.net }), '{"net":"0.3"}');

// 6. ONE COHORT TABLE — to be added by the lead once `cohortTable` lands (issue 7).
//    Put a small hand-computed cohort table here (e.g. 3 monthly cohorts × 3 periods), and check its
//    cohort sizes, retained counts and one rate, like the checks above.

if (failures.length > 0) {
  console.error(`runtimes (${runtime}): ${failures.length} of ${checks} checks failed:\n  ${failures.join("\n  ")}`);
  // `process.exit` exists in Node, Deno and Bun alike; throwing also fails the run.
  throw new Error(`runtimes (${runtime}): checks failed`);
}
console.log(`runtimes (${runtime}): ${checks} checks ok`);
