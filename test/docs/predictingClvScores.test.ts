import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runSnippet } from "../support/snippets.js";

// Runs the ```ts blocks of docs/predicting-clv.md, section "Scoring customers: who buys next, and what they are
// worth" (with its subsections on ranges and the BG/BB path), each as a module importing the package source, and
// checks each `console.log(...); // <expected>` line against what it printed.
const root = new URL("../../", import.meta.url);
const page = readFileSync(new URL("docs/predicting-clv.md", root), "utf8");
const start = page.indexOf("## Scoring customers: who buys next, and what they are worth");
const section = page.slice(start, page.indexOf("\n## ", start + 1));
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const moduleDir = fileURLToPath(new URL("test/.docs-scores-tmp/", root));

afterAll(() => {
  rmSync(moduleDir, { recursive: true, force: true });
});

describe("docs/predicting-clv.md, 'Scoring customers'", () => {
  it("has the section and its worked examples", () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks.length).toBe(3);
  });

  blocks.forEach((code, n) => {
    it(`ts block ${n + 1} runs and prints what its comments say`, async () => {
      const printed = await runSnippet(moduleDir, `${moduleDir}block${n}.ts`, code.replaceAll('"retention-metrics"', '"../../src/index.js"'));
      const expected = code
        .split("\n")
        .filter((line) => line.trim().startsWith("console.log("))
        .map((line) => line.slice(line.lastIndexOf("//") + 2).trim());
      expect(expected.every((e) => e.length > 0)).toBe(true);
      expect(printed).toEqual(expected);
    });
  });
});
