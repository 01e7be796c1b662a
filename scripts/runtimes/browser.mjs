// `npm run check:browser`: the package works in a browser, with no Node built-ins.
//
// 1. src/ imports nothing but relative files and the package's own dependencies: no `node:*`, no `fs`, `path`,
//    `os`, … (every specifier in an import, export … from, import() or require() is checked against an allow list).
// 2. esbuild bundles the BUILT package (through its exports map, "browser" conditions) and src/index.ts for
//    platform "browser" with no polyfills: a Node built-in anywhere in the package or its dependencies fails
//    the bundle ("Could not resolve …").
// 3. The bundle is evaluated in a bare JavaScript realm (node:vm: the ECMAScript built-ins and Intl, but no
//    process, Buffer, require or globalThis.Deno) and computes a number: a reference to a Node global fails.
import { builtinModules } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import * as esbuild from "esbuild";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const allowed = Object.keys(pkg.dependencies ?? {});
const problems = [];

// 1. The grep-style check of src/.
const builtins = new Set(builtinModules.flatMap((m) => [m, m.split("/")[0]]));
// A specifier has no blanks, and `from` stands on its own (not the word inside a string such as "from" | "to").
const specifier = /(?:\bimport|\bexport)\s[^;]*?(?<![\w"'])from\s*["']([^"'\s]+)["']|\bimport\s*["']([^"'\s]+)["']|\b(?:import|require)\s*\(\s*["']([^"'\s]+)["']/g;
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}
let files = 0;
// src/cli/ is the command-line shell (CONTRIBUTING.md, "The I/O boundary"): the one place that may import Node.
// Nothing in src/index.ts reaches it, which the bundles below check.
for (const file of walk(join(root, "src")).filter((f) => !relative(root, f).startsWith(join("src", "cli")))) {
  files += 1;
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(specifier)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith("./") || spec.startsWith("../")) continue;
    const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
    if (allowed.includes(name)) continue;
    const line = text.slice(0, m.index).split("\n").length;
    const why = spec.startsWith("node:") || builtins.has(name) ? "a Node built-in" : "not a dependency in package.json";
    problems.push(`${relative(root, file)}:${line}: imports "${spec}", ${why}. src/ must run in browsers, Deno and Bun.`);
  }
  if (/\brequire\s*\(/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ""))) {
    problems.push(`${relative(root, file)}: calls require(); src/ is ESM and imports nothing from Node.`);
  }
}
if (files === 0) problems.push("src/: no .ts files found");

// 2. Bundle for the browser.
async function bundle(label, options) {
  try {
    const result = await esbuild.build({
      bundle: true,
      write: false,
      platform: "browser",
      format: "iife",
      globalName: "RM",
      target: "es2022",
      logLevel: "silent",
      absWorkingDir: root,
      ...options,
    });
    return result.outputFiles[0].text;
  } catch (e) {
    const errors = e.errors ?? [{ text: String(e) }];
    for (const err of errors) {
      const at = err.location ? `${err.location.file}:${err.location.line}: ` : "";
      problems.push(`browser bundle of ${label}: ${at}${err.text}`);
    }
    return null;
  }
}
const built = await bundle("the built package", {
  stdin: { contents: 'export * from "retention-metrics";', resolveDir: root, sourcefile: "browser-entry.js" },
});
const fromSource = await bundle("src/index.ts", { entryPoints: [join(root, "src/index.ts")] });

// 3. Run the bundle without any Node globals.
if (built !== null) {
  const realm = vm.createContext({});
  try {
    vm.runInContext(built, realm, { filename: "retention-metrics.browser.js" });
    const net = vm.runInContext(
      `RM.summarize([
        { orderId: "1", customerId: "a", placedAt: "2024-01-01T10:00:00Z", total: "0.1" },
        { orderId: "2", customerId: "a", placedAt: "2024-02-01T10:00:00Z", total: "0.2" },
      ], { timeZone: "Europe/Prague" }).revenue.net.toString()`,
      realm,
    );
    if (net !== "0.3") problems.push(`browser bundle: 0.1 + 0.2 gave ${JSON.stringify(net)}, expected "0.3"`);
    for (const name of ["process", "Buffer", "require", "module", "__dirname"]) {
      if (vm.runInContext(`typeof ${name}`, realm) !== "undefined") problems.push(`browser realm leaks ${name}`);
    }
  } catch (e) {
    problems.push(`browser bundle: failed to run without Node globals: ${e instanceof Error ? e.stack : e}`);
  }
}

if (problems.length > 0) {
  console.error(`check:browser: ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
const kb = (s) => `${Math.round(s.length / 1024)} KiB`;
console.log(
  `check:browser: ok (${files} src files import no Node built-ins; browser bundle ${kb(built)} from dist, ${kb(fromSource)} from src, runs without Node globals)`,
);
