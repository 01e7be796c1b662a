// `npm run test:bun`: the runtime-sensitive part of the vitest suite under Bun (`bun --bun` makes vitest and its
// workers run on Bun rather than following vitest's `#!/usr/bin/env node`); EXPECT_RUNTIME=bun makes
// test/runtime.test.ts fail if it ever runs on Node instead. The whole suite runs once, under Node
// (`npm run test:unit`); `check:runtimes` runs the built package's examples under Deno and Bun as well.
//
// What differs between engines, and so what runs here: the time-zone database and Intl (zone, instant, civil,
// periods, the zone-sensitive cohort and customer tests), typed arrays and SharedArrayBuffer memory (columns,
// string tables, the duplicate check, the stream state), BigInt and decimal.js (money, decimal input),
// structuredClone and MessageChannel (plain results), and the order model end to end (core, stream).
// `-- <files>` runs other files instead; `-- --all` runs the whole suite. --no-cache: this run neither reads nor
// writes vitest's results cache (file durations), which test:unit, running at the same time under npm test, writes.
import process from "node:process";
import { fileURLToPath } from "node:url";
import { runTool } from "./bin.mjs";

export const BUN_SUBSET = [
  "test/runtime.test.ts",
  "test/internal/civil.test.ts",
  "test/internal/columns.test.ts",
  "test/internal/decimalInput.test.ts",
  "test/internal/duplicates.test.ts",
  "test/internal/instant.test.ts",
  "test/internal/money.test.ts",
  "test/internal/periods.test.ts",
  "test/internal/stringTable.test.ts",
  "test/internal/zone.test.ts",
  // test/core's runtime-sensitive files: order records and their errors, Dates of other realms, zone aliases (the
  // engine's Intl). The columns path and the extreme-date properties are engine-independent logic (Node only).
  "test/core/prepareOrders.test.ts",
  "test/core/errorCodes.test.ts",
  "test/core/RetentionMetricsError.test.ts",
  // The stream's examples and state round trips; its fast-check properties (shard-and-merge equality over random
  // shops, ~10 s) are engine-independent logic and run under Node only.
  "test/stream/createAccumulator.test.ts",
  "test/stream/docs.test.ts",
  "test/cohorts/cohortTable.zones.test.ts",
  "test/customers/plainRecords.test.ts",
  "test/orders/summarize.test.ts",
];

const args = process.argv.slice(2);
const files = args.includes("--all") ? args.filter((a) => a !== "--all") : args.length > 0 ? args : BUN_SUBSET;
const vitest = fileURLToPath(new URL("../../node_modules/vitest/vitest.mjs", import.meta.url));
process.exit(runTool("bun", ["--bun", vitest, "run", "--no-cache", "--reporter=dot", ...files], { env: { EXPECT_RUNTIME: "bun" } }));
