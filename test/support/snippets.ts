// Runs a documentation snippet as a module and captures what it prints: shared by the README and docs tests.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it, vi } from "vitest";

/**
 * Writes `code` to `file` (creating `dir`), imports it, and returns each `console.log` call's arguments as one
 * line (strings JSON-quoted, everything else through `String`), so that a line reads like the snippet's
 * `// <expected>` comment.
 */
export async function runSnippet(dir: string, file: string, code: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, code);
  const printed: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    printed.push(args.map((a) => (typeof a === "string" ? JSON.stringify(a) : String(a))).join(" "));
  });
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    spy.mockRestore();
  }
  return printed;
}

/** The `// <expected>` comments of a snippet's `console.log(...)` lines, in order. */
export function expectedLines(code: string): string[] {
  return code
    .split("\n")
    .filter((line) => line.trim().startsWith("console.log("))
    .map((line) => line.slice(line.lastIndexOf("//") + 2).trim());
}

/**
 * Runs each ts block (importing "retention-metrics" from the package source) in `tmp` (a folder under test/, made
 * and removed here) and checks that it prints what its `// <expected>` comments say: one `it` per block, for a
 * docs test's `describe`.
 */
export function itRunsBlocks(blocks: readonly string[], tmp: string): void {
  const moduleDir = fileURLToPath(new URL(`../${tmp}/`, import.meta.url));
  afterAll(() => rmSync(moduleDir, { recursive: true, force: true }));
  blocks.forEach((code, n) => {
    it(`ts block ${n + 1} runs and prints what its comments say`, async () => {
      const printed = await runSnippet(moduleDir, `${moduleDir}block${n}.ts`, code.replaceAll('"retention-metrics"', '"../../src/index.js"'));
      const expected = expectedLines(code);
      expect(expected.every((e) => e.length > 0)).toBe(true);
      expect(printed).toEqual(expected);
    });
  });
}

/** The ts blocks of the section of a docs page that starts at `heading` (up to the next `## `), and where it starts. */
export function sectionBlocks(page: string, heading: string): { start: number; blocks: string[] } {
  const start = page.indexOf(heading);
  const section = start < 0 ? "" : page.slice(start, page.indexOf("\n## ", start + 1));
  return { start, blocks: [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string) };
}
