import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runSnippet } from "./support/snippets.js";

// Runs every ```ts block of the README as written (importing the package source instead of the built package)
// and checks each `console.log(...); // <expected>` line against what it printed.
const root = new URL("../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const tmpDir = fileURLToPath(new URL("test/.readme-tmp/", root));

afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

describe("README code blocks", () => {
  it("has at least one", () => expect(blocks.length).toBeGreaterThan(0));
  blocks.forEach((code, n) => {
    it(`block ${n + 1} runs and prints what its comments say`, async () => {
      const printed = await runSnippet(tmpDir, `${tmpDir}block${n}.ts`, code.replaceAll('"retention-metrics"', '"../../src/index.js"'));
      const expected = code
        .split("\n")
        .filter((line) => line.trim().startsWith("console.log("))
        .map((line) => line.slice(line.lastIndexOf("//") + 2).trim());
      expect(printed).toEqual(expected);
    });
  });
});

// The README is the front door (issue 7): pitch, install, quick start, the two set-up commands, the heatmap picture,
// and a table naming every exported function and class.
describe("README front door", () => {
  const section = (title: string): string => {
    const start = readme.indexOf(`## ${title}\n`);
    if (start < 0) return "";
    const next = readme.indexOf("\n## ", start + 3);
    return readme.slice(start, next < 0 ? undefined : next);
  };

  it("has the pitch, install, quick start, set-up commands and heatmap picture", () => {
    expect(readme.split("\n## ")[0]).toMatch(/\*\*.+\*\*/); // the pitch above the first section
    expect(section("Install")).toContain("npm install retention-metrics");
    expect(section("Quick start")).toContain("```ts");
    expect(section("Set up on a fresh machine")).toContain("npm run demo");
    expect(section("Set up on a fresh machine")).toContain("npm test");
    expect(readme).toMatch(/!\[[^\]]*\]\(docs\/images\/cdnow-cohort-heatmap\.svg\)/);
  });

  it("names every exported function and class in the 'What it computes' table", async () => {
    const api = (await import("../src/index.js")) as Record<string, unknown>;
    const table = section("What it computes");
    const named = new Set([...table.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]));
    const missing = Object.keys(api).filter((name) => typeof api[name] === "function" && !named.has(name));
    expect(missing).toEqual([]);
  });
});
