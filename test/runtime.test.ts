import { describe, expect, it } from "vitest";

// `npm run test:bun` runs the whole suite under Bun with EXPECT_RUNTIME=bun; this guards against the run
// silently falling back to Node (as `bun x vitest` without `--bun` does, following vitest's node shebang).
const expected = process.env["EXPECT_RUNTIME"];
const g = globalThis as { Bun?: unknown; Deno?: unknown };
const actual = g.Bun !== undefined ? "bun" : g.Deno !== undefined ? "deno" : "node";

describe("runtime", () => {
  it(`is ${expected ?? "whatever runs it"}`, () => {
    if (expected !== undefined) expect(actual).toBe(expected);
    else expect(["node", "bun", "deno"]).toContain(actual);
  });
});
