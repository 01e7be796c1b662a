// `npm run check:examples`: type-checks every ```ts block under an `@example` tag in the TSDoc of src/**/*.ts,
// then runs every script of examples/ (type-checked by `npm run typecheck`, which includes examples/) with tsx;
// a script that exits non-zero fails the check.
//
// Each block becomes a module under node_modules/.cache/check-examples/ that starts by importing every export of
// the package (values and types) by name from "retention-metrics", so examples use the public API exactly as a
// user would after `import { … } from "retention-metrics"` (an example may also import "retention-metrics" or
// "decimal.js" itself). All of them are compiled in one TypeScript program with the project's strict options and
// noEmit; an error is reported at its line in the source file, and the check fails.
//
// "retention-metrics" is the built declarations, dist/index.d.ts (built first when stale, as npm test's build step
// does: scripts/build-stamp.mjs), not src/: the build's declaration pass has type-checked src/ already (noEmitOnError,
// tsconfig.build.json: no Node types, no DOM), so checking src/ here again cost about 12 s of CPU for nothing. The
// declarations are what a user's editor checks an example against, and they carry every type of src/index.ts.
//
// That program is also the private report page's (web/tsconfig.json: the browser's DOM types, no Node types; its
// import of ../src/index.js is resolved to the same declarations): an example that needed Node would fail here as
// it would in a browser, and an error in web/ is reported too.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("../", import.meta.url));
const outDir = join(root, "node_modules/.cache/check-examples");
const indexFile = join(root, "src/index.ts");
const declarations = join(root, "dist/index.d.ts");

// dist/ as src/ would build it: unchanged when the build stamp says it is fresh (npm test's build step ran first).
const build = spawnSync(process.execPath, [join(root, "scripts/build-stamp.mjs"), "--build-if-stale"], { cwd: root, encoding: "utf8" });
if (build.status !== 0) {
  console.error(`check:examples: the build failed (the examples are checked against dist/index.d.ts):\n${build.stdout}${build.stderr}`);
  process.exit(1);
}

interface Example {
  source: string; // src file, relative to the root
  line: number; // 1-based line in the source file of the block's first code line
  code: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The ```ts blocks of every `@example` tag of every doc comment in `file`. */
function examplesOf(file: string): Example[] {
  const text = readFileSync(file, "utf8");
  const found: Example[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = text.slice(0, comment.index).split("\n").length;
    // Comment lines without their leading " * ".
    const lines = comment[0].split("\n").map((l) => l.replace(/^\s*\/?\*+\/?\s?/, "").replace(/\s*\*\/$/, ""));
    let inExample = false;
    let block: { start: number; lines: string[] } | null = null;
    lines.forEach((line, i) => {
      if (block !== null) {
        if (line.trim().startsWith("```")) {
          found.push({ source: relative(root, file), line: firstLine + block.start, code: block.lines.join("\n") });
          block = null;
        } else block.lines.push(line);
        return;
      }
      if (/^@\w+/.test(line.trim())) inExample = line.trim().startsWith("@example");
      const fence = /^```(\w*)/.exec(line.trim());
      if (inExample && fence) {
        if (fence[1] === "ts" || fence[1] === "typescript") block = { start: i + 1, lines: [] };
      }
    });
  }
  return found;
}

// The compiler options of web/tsconfig.json (DOM, no Node types), plus a path for "retention-metrics".
const webDir = join(root, "web");
const configFile = ts.readConfigFile(join(webDir, "tsconfig.json"), (f) => ts.sys.readFile(f));
if (configFile.error) throw new Error(ts.flattenDiagnosticMessageText(configFile.error.messageText, "\n"));
const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, webDir);
const options: ts.CompilerOptions = {
  ...parsed.options,
  noEmit: true,
  noUnusedLocals: false, // the harness imports every export into every example
  baseUrl: root,
  paths: { "retention-metrics": ["dist/index.d.ts"] },
};
// A module resolution that lands on src/index.ts (web/worker.ts imports ../src/index.js) gets the declarations.
const host = ts.createCompilerHost(options);
host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) =>
  literals.map((literal) => {
    const resolved = ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, undefined, redirectedReference, ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions));
    if (resolved.resolvedModule?.resolvedFileName === indexFile.replace(/\\/g, "/")) {
      return { resolvedModule: { resolvedFileName: declarations, extension: ts.Extension.Dts, isExternalLibraryImport: false } };
    }
    return resolved;
  });
// Every export of the package, split into values and types (verbatimModuleSyntax wants `import type`).
const indexProgram = ts.createProgram([declarations], options, host);
const checker = indexProgram.getTypeChecker();
const indexSymbol = checker.getSymbolAtLocation(indexProgram.getSourceFile(declarations)!)!;
const values: string[] = [];
const types: string[] = [];
for (const s of checker.getExportsOfModule(indexSymbol)) {
  const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
  (target.flags & ts.SymbolFlags.Value ? values : types).push(s.name);
}

const examples = walk(join(root, "src")).sort().flatMap(examplesOf);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const files = new Map<string, { example: Example; headerLines: number }>();
examples.forEach((example, n) => {
  // Names the example imports itself are not imported again.
  const own = new Set<string>();
  for (const statement of ts.createSourceFile("example.ts", example.code, ts.ScriptTarget.ES2022).statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (clause?.name) own.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) own.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) own.add(el.name.text);
  }
  const header = [
    `// ${example.source}:${example.line}`,
    `import { ${values.filter((v) => !own.has(v)).join(", ")} } from "retention-metrics";`,
    `import type { ${types.filter((t) => !own.has(t)).join(", ")} } from "retention-metrics";`,
    "export {};",
  ];
  // Examples with their own imports keep them at the top (import declarations must be top-level anyway).
  const file = join(outDir, `example${String(n).padStart(3, "0")}.ts`);
  writeFileSync(file, `${header.join("\n")}\n${example.code}\n`);
  files.set(file, { example, headerLines: header.length });
});

// The index program as the old program: its source files (the declarations, the libs) are reused, not parsed again.
const program = ts.createProgram([...files.keys(), ...parsed.fileNames], options, host, indexProgram);
// Nothing of src/ is in the program (it would be checked again, with the DOM's types): only the declarations.
const fromSrc = program.getSourceFiles().filter((f) => f.fileName.startsWith(join(root, "src/").replace(/\\/g, "/")));
if (fromSrc.length > 0) {
  console.error(`check:examples: the program reads src/ (${fromSrc.slice(0, 3).map((f) => relative(root, f.fileName)).join(", ")}…) besides the declarations: import "retention-metrics" (or ../src/index.js in web/) instead`);
  process.exit(1);
}
const all = ts.getPreEmitDiagnostics(program);
const diagnostics = all.filter((d) => d.file && files.has(d.file.fileName));
const others = all.filter((d) => !d.file || !files.has(d.file.fileName));
const problems = diagnostics.map((d) => {
  const { example, headerLines } = files.get(d.file!.fileName)!;
  const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
  const where =
    line < headerLines
      ? `${example.source}:${example.line} (harness line ${line + 1})`
      : `${example.source}:${example.line + line - headerLines}`;
  return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
});
for (const d of others) {
  const at = d.file ? `${relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : "";
  problems.push(`(outside the examples) ${at}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

if (examples.length === 0) problems.push("no @example ```ts blocks found in src/");
if (problems.length > 0) {
  console.error(`check:examples: ${problems.length} error(s) in ${examples.length} @example blocks (files kept in ${relative(root, outDir)}):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });
console.log(`check:examples: ${examples.length} @example blocks from ${new Set(examples.map((e) => e.source)).size} files and the web page (${parsed.fileNames.length} files, DOM types) type-check`);

// The runnable examples (docs/from-an-export.md#examples). Arguments make a script finish on its own: the service
// answers two requests on a free port and stops.
const EXAMPLE_ARGS: Record<string, string[]> = { "score-service.ts": ["--self-test"] };
const scripts = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ts")).sort();
const failed: string[] = [];
for (const script of scripts) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "examples", script), ...(EXAMPLE_ARGS[script] ?? [])], { cwd: root, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) failed.push(`examples/${script} exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
}
if (scripts.length === 0) failed.push("no scripts in examples/");
if (failed.length > 0) {
  console.error(`check:examples: ${failed.length} of ${scripts.length} example scripts failed:`);
  for (const f of failed) console.error(`  ${f}`);
  process.exit(1);
}
console.log(`check:examples: ${scripts.length} example scripts run (${scripts.join(", ")})`);
