// The package root exports every public file: each export of each src/<area>/<name>.ts (functions, classes,
// constants, types) is reachable from src/index.ts, and the runtime values are the same objects.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as root from "../src/index.js";

const SRC = join(import.meta.dirname, "..", "src");
const AREAS = readdirSync(SRC, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "internal" && d.name !== "cli")
  .map((d) => d.name);

/** Names a module file declares or re-exports, with whether each is a type (no runtime value). */
function exportsOf(file: string): Map<string, "value" | "type"> {
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
  const names = new Map<string, "value" | "type">();
  for (const m of text.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(function\*?|class|const|let|interface|type|enum)\s+(\w+)/gm)) {
    names.set(m[2]!, m[1] === "interface" || m[1] === "type" ? "type" : "value");
  }
  for (const m of text.matchAll(/^export\s+(type\s+)?\{([^}]*)\}/gm)) {
    for (const part of m[2]!.split(",")) {
      const t = part.trim();
      if (t === "") continue;
      const typeOnly = m[1] !== undefined || t.startsWith("type ");
      const name = t.replace(/^type\s+/, "").split(/\s+as\s+/).pop()!.trim();
      names.set(name, typeOnly ? "type" : "value");
    }
  }
  return names;
}

/** Everything src/index.ts exports, following its `export … from "./area/index.js"` lines. */
function rootExports(): Set<string> {
  const all = new Set<string>();
  for (const area of AREAS) for (const name of exportsOf(join(SRC, area, "index.ts")).keys()) all.add(name);
  return all;
}

describe("the barrel", () => {
  const exported = rootExports();
  const rootText = readFileSync(join(SRC, "index.ts"), "utf8");

  it("src/index.ts re-exports every public area", () => {
    for (const area of AREAS) expect(rootText, area).toContain(`"./${area}/index.js"`);
  });

  for (const area of AREAS) {
    const files = readdirSync(join(SRC, area)).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    for (const file of files) {
      it(`exports everything in src/${area}/${file}`, async () => {
        const own = exportsOf(join(SRC, area, file));
        expect(own.size, `src/${area}/${file} exports nothing`).toBeGreaterThan(0);
        const missing = [...own.keys()].filter((name) => !exported.has(name));
        expect(missing, `not exported from the package root: ${missing.join(", ")}`).toEqual([]);
        const mod = (await import(join(SRC, area, file))) as Record<string, unknown>;
        for (const [name, kind] of own) {
          if (kind === "value") expect((root as Record<string, unknown>)[name], name).toBe(mod[name]);
        }
      });
    }
  }
});
