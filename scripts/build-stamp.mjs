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
//
//   node scripts/build-stamp.mjs --prepare          package.json's `prepare` (npm ci, npm pack, a git install):
//                                                   `npm run build`; but with RM_BUILD_REUSE=<dir> (check:pack sets
//                                                   it for its fresh clone of HEAD), dist/ and dist-web/ are copied
//                                                   from <dir> when <dir>'s stamp shows they were built there from a
//                                                   pristine checkout of this same commit (`git status --ignored`
//                                                   listed nothing but node_modules/ and the build's own outputs,
//                                                   as after `npm ci` on a fresh clone, which is what CI runs), from
//                                                   these very inputs, and are unchanged since: that build read
//                                                   nothing the clone lacks, so building again gives the same bytes
//                                                   (check:pack compares the tarballs' sha1) for about 15 s of CPU.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const stampFile = join(root, ".build-stamp.json");
const INPUT_DIRS = ["src", "web"];
const INPUT_FILES = ["package.json", "package-lock.json", "tsup.config.ts", "tsconfig.json", "tsconfig.build.json", "scripts/build-web.mjs", "scripts/build-stamp.mjs", "test/fixtures/CDNOW_master.txt"];
const OUTPUT_DIRS = ["dist", "dist-web"];
/** Files the build must have written (a stamp over an empty dist/ is not fresh). */
const REQUIRED = ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/browser.js", "dist/cli.js", "dist/readWorker.js", "dist-web/index.html"];

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** sha256 over the files' paths (relative to `base`) and contents, in path order. */
function hashOf(files, base = root) {
  const h = createHash("sha256");
  for (const f of [...files].sort()) {
    h.update(relative(base, f));
    h.update("\0");
    h.update(existsSync(f) ? readFileSync(f) : "(missing)");
    h.update("\0");
  }
  return h.digest("hex");
}

const inputs = () => hashOf([...INPUT_DIRS.flatMap((d) => walk(join(root, d))), ...INPUT_FILES.map((f) => join(root, f))]);
const outputs = (base = root) => hashOf(OUTPUT_DIRS.flatMap((d) => walk(join(base, d))), base);

/** What `git status --ignored` lists in `dir` that a fresh clone after `npm ci` and a build would not have. */
const BUILD_LEFTOVERS = new Set(["node_modules/", ...OUTPUT_DIRS.map((d) => `${d}/`), ".build-stamp.json"]);
function checkout(dir) {
  const git = (args) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  const head = git(["rev-parse", "HEAD"]);
  const status = git(["status", "--porcelain=v1", "--ignored", "--untracked-files=normal"]);
  if (head.status !== 0 || status.status !== 0) return { head: null, pristine: false };
  const extra = status.stdout.split("\n").filter((l) => l !== "" && !(l.startsWith("!! ") && BUILD_LEFTOVERS.has(l.slice(3))));
  return { head: head.stdout.trim(), pristine: extra.length === 0 };
}

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
const build = () => spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" }).status ?? 1;

/** Why the build in `dir` cannot stand for a build here, or null when it can (see --prepare above). */
function notReusable(dir) {
  const file = join(dir, ".build-stamp.json");
  if (!existsSync(file)) return `${file} is missing`;
  const stamp = JSON.parse(readFileSync(file, "utf8"));
  if (stamp.pristine !== true) return "it was not built in a pristine checkout (git status --ignored listed other files)";
  const here = checkout(root);
  if (!here.head || stamp.head !== here.head) return `it was built at ${stamp.head?.slice(0, 7)}, this is ${here.head?.slice(0, 7)}`;
  if (stamp.inputs !== inputs()) return "its inputs differ from these";
  if (!REQUIRED.every((f) => existsSync(join(dir, f))) || stamp.outputs !== outputs(dir)) return "its dist/ or dist-web/ changed since it was built";
  return null;
}

if (mode === "--write") {
  writeFileSync(stampFile, `${JSON.stringify({ inputs: inputs(), outputs: outputs(), ...checkout(root) }, null, 2)}\n`);
} else if (mode === "--prepare") {
  const from = process.env.RM_BUILD_REUSE;
  const why = from ? notReusable(from) : "RM_BUILD_REUSE is not set";
  if (why === null) {
    for (const d of OUTPUT_DIRS) cpSync(join(from, d), join(root, d), { recursive: true });
    writeFileSync(stampFile, readFileSync(join(from, ".build-stamp.json")));
    console.log(`prepare: dist/ and dist-web/ copied from ${from}, built there from a pristine checkout of this commit with these inputs (scripts/build-stamp.mjs)`);
  } else {
    if (from) console.log(`prepare: building (not reusing ${from}: ${why})`);
    process.exit(build());
  }
} else if (mode === "--build-if-stale") {
  if (fresh()) {
    console.log("build: dist/ and dist-web/ are up to date (.build-stamp.json: built from these inputs, unchanged since); not built again");
  } else {
    process.exit(build());
  }
} else {
  console.error("usage: node scripts/build-stamp.mjs --write | --build-if-stale | --prepare");
  process.exit(2);
}
