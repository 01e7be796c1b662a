// `npm run check:types`: the package's public types as a consumer sees them, with the types that npm publishes.
//
// Packs the package (`npm pack` of the dist/ that `npm run build` made), installs the tarball into a fresh temporary
// project (under `npm test`: the tarball and project scripts/run-tests.mjs made once, see pack.mjs), and
// type-checks fixture/consumer.ts there: with tsc (the repo's own TypeScript) under the settings
// people use, and with `deno check`. The file's `@ts-expect-error` probes fail if a `Decimal` in the public types
// degrades to `any`, as it did under "module": "nodenext" (decimal.js's types are CommonJS-format, so a default
// import of it from an ES module is the whole module object: 39 × TS2709 with skipLibCheck false, `any` otherwise).
// Also checks that src/ imports decimal.js's named export `Decimal` only (the default import caused that).
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { runTool } from "../runtimes/bin.mjs";
import { consumerProject, pack, sharedPack, stopwatch } from "./pack.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("fixture/consumer.ts", import.meta.url));
const problems = [];
const { timings, timed } = stopwatch();

// 0. src/ imports `{ Decimal }` from decimal.js, never its default export.
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}
for (const file of walk(join(root, "src"))) {
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/^import\s+(type\s+)?([A-Za-z_$][\w$]*)\s*(,[^;]*)?from\s*["']decimal\.js["']/gm)) {
    const line = text.slice(0, m.index).split("\n").length;
    problems.push(
      `${relative(root, file)}:${line}: default import of decimal.js (\`${m[0]}\`); write \`import ${m[1] ?? ""}{ Decimal } from "decimal.js"\`: under "module": "nodenext" a default import of decimal.js's CommonJS-format types is the module object, and every Decimal in our .d.ts becomes \`any\``,
    );
  }
}

// 1. Pack and install into a fresh project.
const work = mkdtempSync(join(tmpdir(), "rm-types-"));
const shared = sharedPack();
let project;
try {
  if (shared) {
    project = shared.project;
    console.log(`check:types: the tarball packed and installed once for this run (${shared.tarball})`);
  } else {
    const { tarball } = timed("pack", () => pack(root, work));
    project = timed("install", () => consumerProject(tarball));
  }
  copyFileSync(fixture, join(project, "consumer.ts"));
  copyFileSync(fixture, join(project, "consumer.cts"));
  copyFileSync(join(dirname(fixture), "browser.ts"), join(project, "browser.ts"));

  // What `tsc --init` (TypeScript 5.9) writes, with noEmit.
  const init = {
    module: "nodenext",
    target: "esnext",
    types: [],
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    strict: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    noUncheckedSideEffectImports: true,
    moduleDetection: "force",
    skipLibCheck: true,
    noEmit: true,
  };
  const configs = {
    "nodenext, skipLibCheck true (tsc --init)": { compilerOptions: init, files: ["consumer.ts"] },
    "nodenext, skipLibCheck false": { compilerOptions: { ...init, skipLibCheck: false }, files: ["consumer.ts"] },
    // Also the "./browser" entry's types.
    bundler: {
      compilerOptions: { ...init, module: "preserve", moduleResolution: "bundler" },
      files: ["consumer.ts", "browser.ts"],
    },
    // A .cts file under node16 is CommonJS: `import` compiles to require() and resolves the "require" types.
    "CommonJS (node16, .cts), skipLibCheck false": {
      compilerOptions: { ...init, module: "node16", verbatimModuleSyntax: false, skipLibCheck: false },
      files: ["consumer.cts"],
    },
  };
  // Each configuration is a tsconfig.N.json in the project (`npx tsc -p tsconfig.N.json` there repeats one), compiled
  // here in one process with the TypeScript API, as tsc -p would, but with the parsed files (the lib files, the
  // package's declarations, decimal.js's and date-fns's types) shared by the four programs instead of parsed by four
  // tsc processes (about 3 s of CPU). A file is shared only between programs that would parse it alike: the cache
  // key holds the parse options (language version, module format of the file, JSDoc mode); the four programs have
  // the same target, strictness and moduleDetection, the options that bind a file.
  const parsedFiles = new Map();
  let n = 0;
  for (const [name, config] of Object.entries(configs)) {
    const file = `tsconfig.${++n}.json`;
    writeFileSync(join(project, file), JSON.stringify(config, null, 2));
    const diagnostics = timed(`tsc ${name}`, () => {
      const parsed = ts.getParsedCommandLineOfConfigFile(join(project, file), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => problems.push(ts.flattenDiagnosticMessageText(d.messageText, "\n")) });
      if (!parsed) return [];
      if (parsed.errors.length > 0) return parsed.errors;
      const host = ts.createCompilerHost(parsed.options);
      const getSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
        const o = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
        const key = `${o.languageVersion}|${o.impliedNodeFormat}|${o.jsDocParsingMode}|${fileName}`;
        if (!parsedFiles.has(key)) parsedFiles.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate));
        return parsedFiles.get(key);
      };
      const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host, configFileParsingDiagnostics: parsed.errors });
      return ts.getPreEmitDiagnostics(program);
    });
    const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => "\n" };
    if (diagnostics.length > 0) problems.push(`tsc, ${name} (npx tsc -p ${file}):\n    ${ts.formatDiagnostics(diagnostics, formatHost).trim().split("\n").join("\n    ")}`);
    else console.log(`check:types: tsc, ${name}: ok`);
  }

  // 2. deno check: bare `retention-metrics` from the project's package.json and node_modules (no network).
  let denoOut = "";
  const status = timed("deno check", () =>
    runTool("deno", ["check", "--no-lock", "--quiet", "consumer.ts"], {
      cwd: project,
      env: { NO_COLOR: "1" },
      filter: (line) => {
        denoOut += `${line}\n`;
        return false;
      },
    }),
  );
  if (status !== 0) problems.push(`deno check:\n    ${denoOut.trim().split("\n").join("\n    ")}`);
  else console.log("check:types: deno check: ok");
} catch (e) {
  problems.push(e instanceof Error ? e.message : String(e));
} finally {
  rmSync(work, { recursive: true, force: true });
  if (project && !shared) rmSync(project, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`check:types: ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`check:types: ok (${timings.join(", ")})`);
