import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { checkSnapshot, NOT_CALLED, writeSnapshot } from "../../scripts/outputs-snapshot.js";

// scripts/outputs-snapshot.ts (issue 21): the byte-identical output check. Here its machinery runs on a small data
// set (`cdnow-small`: the first 200 customers of CDNOW's 1/10 sample, with every case the full CDNOW run has), so
// the unit suite stays fast; `npm run outputs:snapshot` writes and checks the full CDNOW and bench data sets.
const dir = mkdtempSync(join(tmpdir(), "outputs-snapshot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("outputs snapshot (CDNOW, first 200 customers of the 1/10 sample)", () => {
  it("two runs agree byte for byte, a changed, missing or extra case is reported, and every function export of src/index.ts is called by a case", () => {
    const first = writeSnapshot(dir, ["cdnow-small"]);
    expect(first.cases).toBeGreaterThan(100);
    // A second computation of every case, kept for the comparisons below (they test the comparison, not the cases).
    const second = new Map<string, string>();
    expect(checkSnapshot(dir, ["cdnow-small"], second)).toEqual([]);
    expect(second.size).toBe(first.cases);

    // The comparison can fail: one byte changed in a case, a case missing, a case no longer computed.
    const changed = join(dir, "cdnow-small/summarize/book.json");
    const text = readFileSync(changed, "utf8");
    writeFileSync(changed, text.replace(/"orders":(\d)/, (_, d: string) => `"orders":${(Number(d) + 1) % 10}`));
    rmSync(join(dir, "cdnow-small/cohortTable/month-12.json"));
    writeFileSync(join(dir, "cdnow-small/summarize/stale.json"), "{}\n");
    const problems = checkSnapshot(dir, ["cdnow-small"], second);
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith("cdnow-small/summarize/book: "))).toMatch(/^cdnow-small\/summarize\/book: \$\.orders: expected \d+, got \d+$/);
    expect(problems).toContain(`cdnow-small/cohortTable/month-12: missing in ${dir}`);
    expect(problems).toContain(`cdnow-small/summarize/stale: in ${dir} but no longer computed`);

    const isClass = (v: unknown): boolean => typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));
    for (const [name, v] of Object.entries(api)) {
      if (typeof v === "function" && !isClass(v)) expect(first.called.has(name), `${name} is called by a case`).toBe(true);
      else expect(NOT_CALLED[name], `${name} (not a plain function) is classified in NOT_CALLED`).toBeDefined();
    }
    expect(Object.keys(NOT_CALLED).filter((n) => !(n in api)), "stale NOT_CALLED entries").toEqual([]);
  }, 300_000);
});
