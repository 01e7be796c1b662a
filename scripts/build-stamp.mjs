#!/usr/bin/env node
// The build's stamp: a hash of everything `npm run build` reads (src/, web/, the build configs, the lockfile, the
// CDNOW file it copies) and of everything it wrote (dist/, dist-web/), kept in .build-stamp.json (not in git, not
// in the package).
//
//   node scripts/build-stamp.mjs --write            after a build (the last command of `npm run build`)
//   node scripts/build-stamp.mjs --build-if-stale   npm test's build step: `npm run build`, unless the stamp says
//                                                   dist/ was built from these very inputs and is unchanged since
//
// On a fresh clone, `npm ci` runs `prepare` (the build) and writes the stamp; npm test's build step then checks it
// instead of building the same bytes again (13 s of CPU). Any change to an input or an output builds again.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const stampFile = join(root, ".build-stamp.json");
const INPUT_DIRS = ["src", "web"];
const INPUT_FILES = ["package.json", "package-lock.json", "tsup.config.ts", "tsconfig.json", "tsconfig.build.json", "scripts/build-web.mjs", "scripts/build-stamp.mjs", "test/fixtures/CDNOW_master.txt"];
const OUTPUT_DIRS = ["dist", "dist-web"];
/** Files the build must have written (a stamp over an empty dist/ is not fresh). */
const REQUIRED = ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/browser.js", "dist/cli.js", "dist-web/index.html"];

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** sha256 over the files' paths and contents, in path order. */
function hashOf(files) {
  const h = createHash("sha256");
  for (const f of [...files].sort()) {
    h.update(relative(root, f));
    h.update("\0");
    h.update(existsSync(f) ? readFileSync(f) : "(missing)");
    h.update("\0");
  }
  return h.digest("hex");
}

const inputs = () => hashOf([...INPUT_DIRS.flatMap((d) => walk(join(root, d))), ...INPUT_FILES.map((f) => join(root, f))]);
const outputs = () => hashOf(OUTPUT_DIRS.flatMap((d) => walk(join(root, d))));

function fresh() {
  if (!existsSync(stampFile) || !REQUIRED.every((f) => existsSync(join(root, f)))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    return stamp.inputs === inputs() && stamp.outputs === outputs();
  } catch {
    return false;
  }
}

const mode = process.argv[2];
if (mode === "--write") {
  writeFileSync(stampFile, `${JSON.stringify({ inputs: inputs(), outputs: outputs() }, null, 2)}\n`);
} else if (mode === "--build-if-stale") {
  if (fresh()) {
    console.log("build: dist/ and dist-web/ are up to date (.build-stamp.json: built from these inputs, unchanged since); not built again");
  } else {
    const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
} else {
  console.error("usage: node scripts/build-stamp.mjs --write | --build-if-stale");
  process.exit(2);
}
