// Runs a documentation snippet as a module and captures what it prints: shared by the README and docs tests.
import { mkdirSync, writeFileSync } from "node:fs";
import { vi } from "vitest";

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
