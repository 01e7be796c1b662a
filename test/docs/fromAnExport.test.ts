import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { demoReport } from "../support/demoReport.js";
import { runSnippet } from "../support/snippets.js";
import { main, type CliIo } from "../../src/cli/main.js";

// Runs every snippet of docs/from-an-export.md: each ```ts block as a module (importing the package source), with
// its `console.log(...); // <expected>` lines checked against what it printed; each `npx retention-metrics` line of
// a ```sh block through the command's main(), expecting exit 0 (or the `# exit N` written after it). The file names
// of the page are the fixtures of test/fixtures/exports/.
const root = new URL("../../", import.meta.url);
const page = readFileSync(new URL("docs/from-an-export.md", root), "utf8");
const fixtures = fileURLToPath(new URL("test/fixtures/exports/", root));
const FILES: Record<string, string> = {
  "orders.csv": join(fixtures, "shopify_orders.csv"),
  "export.csv": join(fixtures, "generic_orders.csv"),
  "multicurrency.csv": join(fixtures, "shopify_orders_multicurrency.csv"),
};
const tsBlocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const shLines = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] as string).split("\n").filter((l) => l.startsWith("npx retention-metrics ")));
const moduleDir = fileURLToPath(new URL("test/.docs-tmp/", root));
const outDir = mkdtempSync(join(tmpdir(), "rm-docs-"));

afterAll(() => {
  rmSync(moduleDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

/** The snippet with its file names pointing at the fixtures (inputs) and the temporary directory (outputs). */
function localise(code: string): string {
  let out = code.replaceAll('"retention-metrics"', '"../../src/index.js"');
  for (const [name, path] of Object.entries(FILES)) out = out.replaceAll(`"${name}"`, JSON.stringify(path));
  return out.replace(/"([\w-]+\.html)"/g, (_, name: string) => JSON.stringify(join(outDir, name)));
}

/** Splits a command line into arguments (double and single quotes, no other shell syntax). */
function argv(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? (m[3] as string));
}

describe("docs/from-an-export.md", () => {
  it("has ts and sh snippets", () => {
    expect(tsBlocks.length).toBeGreaterThanOrEqual(6);
    expect(shLines.length).toBeGreaterThanOrEqual(5);
  });

  tsBlocks.forEach((code, n) => {
    it(`ts block ${n + 1} runs and prints what its comments say`, async () => {
      const printed = await runSnippet(moduleDir, `${moduleDir}block${n}.ts`, localise(code));
      const expected = code
        .split("\n")
        .filter((line) => line.trim().startsWith("console.log(") || / console\.log\(.*\/\/ /.test(line))
        .map((line) => line.slice(line.lastIndexOf("//") + 2).trim());
      expect(printed).toEqual(expected);
    });
  });

  shLines.forEach((line) => {
    it(`$ ${line}`, async () => {
      const [command, comment] = line.split(/\s+#\s+/);
      const expectedCode = comment === undefined ? 0 : Number(/exit (\d)/.exec(comment)?.[1]);
      const args = argv(command as string).slice(2).map((a) => FILES[a] ?? a);
      let err = "";
      const io: CliIo = { stdout: () => undefined, stderr: (s) => void (err += s), stderrIsTTY: false, cwd: outDir, now: () => 0 };
      // `report --demo --out <file>`: the run test/cli/cli.test.ts checks, made once (test/support/demoReport.ts).
      const demo = args.length === 4 && args[0] === "report" && args[1] === "--demo" && args[2] === "--out" ? await demoReport() : undefined;
      if (demo !== undefined) err = demo.err;
      const code = demo?.code ?? (await main(args, io));
      expect(code, err).toBe(expectedCode);
      if (expectedCode === 1 && line.includes("export.csv")) expect(err).toContain("On the command line: --delimiter ';'");
    }, 60_000);
  });
});
