// Prints the plain closing line "tests: N passed, N failed" from vitest's JSON reports: test:unit's and
// test:warehouse's (npm test runs both; each report counts when it exists).
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let total = 0;
for (const name of [".vitest-report.json", ".vitest-report-warehouse.json"]) {
  const url = new URL(`../${name}`, import.meta.url);
  if (!existsSync(url)) continue;
  const report = JSON.parse(readFileSync(url, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  total += report.numTotalTests;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
if (total === 0 || failed > 0) process.exit(1);
