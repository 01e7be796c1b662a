// Prints the plain closing line "tests: N passed, N failed" from vitest's JSON report.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(new URL("../.vitest-report.json", import.meta.url), "utf8"));
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
if (report.numTotalTests === 0 || report.numFailedTests > 0) process.exit(1);
