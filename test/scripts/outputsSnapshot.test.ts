import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { checkSnapshot, NOT_CALLED, writeSnapshot } from "../../scripts/outputs-snapshot.js";

// scripts/outputs-snapshot.ts (issue 21): the byte-identical output check. On CDNOW only, to keep it short.
const dir = mkdtempSync(join(tmpdir(), "outputs-snapshot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("outputs snapshot (CDNOW)", () => {
  it("two runs agree byte for byte, and every function export of src/index.ts is called by a case", () => {
    const first = writeSnapshot(dir, ["cdnow"]);
    expect(first.cases).toBeGreaterThan(100);
    expect(checkSnapshot(dir, ["cdnow"])).toEqual([]);
    const isClass = (v: unknown): boolean => typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));
    for (const [name, v] of Object.entries(api)) {
      if (typeof v === "function" && !isClass(v)) expect(first.called.has(name), `${name} is called by a case`).toBe(true);
      else expect(NOT_CALLED[name], `${name} (not a plain function) is classified in NOT_CALLED`).toBeDefined();
    }
    expect(Object.keys(NOT_CALLED).filter((n) => !(n in api)), "stale NOT_CALLED entries").toEqual([]);
  }, 300_000);
});
