// Shopify orders export (CSV) to a self-contained HTML retention report, with the library alone:
//   npx tsx examples/shopify-to-report.ts [orders.csv] [report.html]
// Defaults: the Shopify fixture of the tests, and retention-report.html in a temporary directory.
import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatTable, prepareOrders, readOrders, retentionReport, summarize } from "retention-metrics";

const input = process.argv[2] ?? fileURLToPath(new URL("../test/fixtures/exports/shopify_orders.csv", import.meta.url));
const output = process.argv[3] ?? join(mkdtempSync(join(tmpdir(), "rm-example-")), "retention-report.html");

// 1. Read: the file streams in as byte chunks; line items are merged, cancelled/voided/test orders and guests are
//    left out, and the ledger says where every row went.
const { orders, ledger } = await readOrders(createReadStream(input), { format: "shopify", segment: "Source" });
console.log(`rows read ${ledger.rowsRead} = kept ${ledger.rowsKept} + merged ${ledger.rowsMerged} + skipped ${ledger.rowsSkipped}`);
for (const s of ledger.skipped) console.log(`  skipped (${s.reason}): rows ${s.rows.join(", ")}`);

// 2. Prepare once, in the shop's time zone (Shopify's times carry their offset; the zone sets the calendar).
const book = prepareOrders(orders, { timeZone: "Europe/Prague" });
console.log(formatTable(summarize(book), { indent: 2 }));

// 3. The report: one HTML string, no network references.
writeFileSync(output, retentionReport(book, { title: "Kavárna: retention", ledger }));
console.log(`wrote ${output}`);
if (ledger.rowsRead !== ledger.rowsKept + ledger.rowsMerged + ledger.rowsSkipped) process.exit(1);
