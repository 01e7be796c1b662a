// `npm run check:pack`: the package as a stranger gets it, from a fresh clone.
//
// 1. `git clone` of this repository's HEAD (committed work only) into a temporary directory, with no dist/, then
//    `npm pack` there, whose `prepare` script builds dist/. The same `prepare` is what npm runs when the package
//    is installed from git (npm clones, installs the devDependencies, runs `prepare`, packs). On the old code this
//    gave a 5 kB tarball with no dist/. The clone's node_modules is a link to this repository's (the tree that
//    `npm ci` installed from the same package-lock.json): a second `npm ci` of 450 MB of devDependencies (Deno,
//    Bun, DuckDB) would add a minute or more and test npm rather than this package. `--npm-ci` runs a real
//    `npm ci --prefer-offline --ignore-scripts` in the clone instead.
//    The clone's `prepare` (scripts/build-stamp.mjs --prepare) gets RM_BUILD_REUSE=<this work tree>: when this work
//    tree's dist/ was built from a pristine checkout of the same commit (as `npm ci` on a fresh clone builds it, in
//    CI), `prepare` copies it rather than building the same bytes again; otherwise (uncommitted or untracked files,
//    another commit, --ref, --npm-ci) it builds. Either way the tarball must hold dist/ and equal the work tree's.
// 2. The tarball: holds the ESM, CommonJS, declaration and browser builds and the docs; package.json declares
//    repository, homepage and bugs; the error-message link (ERRORS_DOCS_URL, read from the built code) is the
//    declared repository's docs/errors.md, and that file ships; every relative link in the shipped README and
//    docs resolves to a shipped file (or to one of REPO_ONLY, a contributor's file that npm's site links to in
//    the repository).
// 3. A clean temporary project installs the tarball and runs one metric through import (ESM) and require (CJS).
//    Under `npm test`, when the fresh clone's tarball is byte-identical to the one scripts/run-tests.mjs packed
//    from the work tree (same sha1: a committed, clean tree), the project that installed that one is used (see
//    pack.mjs); otherwise this check installs its own.
// 4. The installed command (`retention-metrics report --json`) reads a generated 17 MiB Shopify export with
//    `--workers 2` in two parts (its own thread and a worker started from the tarball's dist/readWorker.js), and
//    prints the numbers of `--workers 1`.
//
// `node scripts/consumer/check-pack.mjs --git` also installs the clone as a git dependency (git+file://), which
// is what `npm install github:owner/repo` does: slower (npm installs every devDependency again), not in npm test.
// `--ref <commit>` checks that commit instead of HEAD (`--ref 9e472cd`: the old package fails).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { consumerProject, pack, runNpm, sharedPack, stopwatch } from "./pack.mjs";

/** Files linked from the shipped Markdown that live only in the repository (contributors' material). */
const REPO_ONLY = ["CONTRIBUTING.md"];
const root = fileURLToPath(new URL("../../", import.meta.url));
const problems = [];
const { timings, timed } = stopwatch();
const git = (args, cwd) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

const work = mkdtempSync(join(tmpdir(), "rm-pack-"));
const cleanup = [work];
try {
  // 1. Fresh clone, npm ci, npm pack.
  const refAt = process.argv.indexOf("--ref");
  const head = git(["rev-parse", refAt > 0 ? `${process.argv[refAt + 1]}^{commit}` : "HEAD"], root);
  if (refAt < 0 && git(["status", "--porcelain", "--untracked-files=no"], root) !== "") {
    console.log(`check:pack: note: uncommitted changes are not tested; this checks HEAD ${head.slice(0, 7)}`);
  }
  const clone = join(work, "clone");
  timed("clone", () => {
    git(["clone", "--quiet", "--no-checkout", root, clone], work);
    git(["-c", "advice.detachedHead=false", "checkout", "--quiet", head], clone);
  });
  if (process.argv.includes("--npm-ci")) {
    timed("npm ci", () => runNpm(["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], clone));
  } else {
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "junction");
  }
  if (existsSync(join(clone, "dist"))) problems.push("the fresh clone already has a dist/ (is dist/ committed?)");
  if (refAt < 0 && !process.argv.includes("--npm-ci")) process.env.RM_BUILD_REUSE = root;
  const packed = timed("npm pack (prepare builds)", () => pack(clone, work, { scripts: true }));
  delete process.env.RM_BUILD_REUSE;
  const prepared = /^prepare: .*$/m.exec(packed.output ?? "")?.[0];
  if (prepared) console.log(`check:pack: ${prepared}`);
  const files = new Set(packed.files);
  const pkg = JSON.parse(readFileSync(join(clone, "package.json"), "utf8"));

  // 2. What the tarball holds and declares.
  for (const f of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/browser.js", "docs/errors.md", "README.md", "LICENSE", "package.json"]) {
    if (!files.has(f)) problems.push(`the tarball has no ${f} (${packed.files.length} files, ${packed.size} bytes)`);
  }
  const repo = /^(?:git\+)?(https:\/\/github\.com\/[^/]+\/[^/]+?)(?:\.git)?$/.exec(pkg.repository?.url ?? "")?.[1];
  if (!repo) problems.push(`package.json: repository.url is not a GitHub https URL (got ${JSON.stringify(pkg.repository)})`);
  if (typeof pkg.homepage !== "string" || typeof pkg.bugs?.url !== "string") problems.push("package.json: homepage or bugs.url is missing");
  if (repo && !String(pkg.bugs?.url).startsWith(repo)) problems.push(`package.json: bugs.url ${pkg.bugs?.url} is not in the repository ${repo}`);
  const built = files.has("dist/index.js") ? readFileSync(join(clone, "dist/index.js"), "utf8") : "";
  const errorsUrl = /"(https:\/\/[^"]*\/docs\/errors\.md)"/.exec(built)?.[1];
  const docPath = errorsUrl && repo ? new RegExp(`^${repo.replace(/[.]/g, "\\.")}/blob/[^/]+/(.+)$`).exec(errorsUrl)?.[1] : undefined;
  if (!errorsUrl) problems.push("dist/index.js: no error-documentation URL (ERRORS_DOCS_URL) found");
  else if (!docPath) problems.push(`error messages link to ${errorsUrl}, which is not a file of the declared repository ${repo}`);
  else if (!files.has(docPath)) problems.push(`error messages link to ${docPath}, which the tarball does not ship`);
  for (const md of packed.files.filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(join(clone, md), "utf8");
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split("#")[0];
      if (target === "" || /^[a-z]+:/i.test(target)) continue;
      const path = normalize(join(dirname(md), target));
      if (files.has(path)) continue;
      if (REPO_ONLY.includes(path)) {
        if (!git(["ls-files", path], clone)) problems.push(`${md} links to ${target}, which is not in the repository either`);
        continue;
      }
      problems.push(`${md} links to ${target}, which the tarball does not ship (package.json "files")`);
    }
  }

  // 3. A clean project installs the tarball; ESM import and CommonJS require run one metric.
  const shared = sharedPack();
  let project;
  if (shared && shared.shasum === packed.shasum) {
    project = shared.project;
    console.log(`check:pack: the fresh clone's tarball is byte-identical to the work tree's (sha1 ${packed.shasum.slice(0, 12)}): using the project that installed it for this run`);
  } else {
    project = timed("install", () => consumerProject(packed.tarball));
    cleanup.push(project);
  }
  const orders = `[
  { orderId: "1", customerId: "a", placedAt: "2024-01-01T10:00:00Z", total: "0.1" },
  { orderId: "2", customerId: "a", placedAt: "2024-02-01T10:00:00Z", total: "0.2" },
]`;
  const body = `const s = summarize(prepareOrders(${orders}, { timeZone: "UTC" }));
let link = "";
try { prepareOrders([{ orderId: "1", customerId: "a", placedAt: "nope", total: 1 }]); } catch (e) { if (e instanceof RetentionMetricsError) link = e.message.slice(e.message.lastIndexOf(" See ") + 5); }
console.log(JSON.stringify({ net: s.revenue.net.toString(), aov: s.averageOrderValue.toString(), link }));
`;
  writeFileSync(join(project, "esm.mjs"), `import { prepareOrders, RetentionMetricsError, summarize } from "retention-metrics";\n${body}`);
  writeFileSync(join(project, "cjs.cjs"), `const { prepareOrders, RetentionMetricsError, summarize } = require("retention-metrics");\n${body}`);
  for (const file of ["esm.mjs", "cjs.cjs"]) {
    const run = spawnSync(process.execPath, [file], { cwd: project, encoding: "utf8" });
    let out;
    try {
      out = JSON.parse(run.stdout);
    } catch {
      problems.push(`${file} in a project that installed the tarball: exit ${run.status}\n    ${run.stderr.trim().split("\n").slice(0, 8).join("\n    ")}`);
      continue;
    }
    if (out.net !== "0.3" || out.aov !== "0.15") problems.push(`${file}: net ${out.net}, AOV ${out.aov}; expected 0.3 and 0.15`);
    if (errorsUrl && out.link !== `${errorsUrl}#invalid_date`) problems.push(`${file}: the error message links to ${JSON.stringify(out.link)}, expected ${errorsUrl}#invalid_date`);
  }

  // 4. The installed command reads an export of 16 MiB or more in parts (--workers 2: its own thread and a worker
  // from the tarball's dist/readWorker.js) to the numbers of the one-thread read.
  {
    const rows = ["Name,Email,Financial Status,Currency,Total,Refunded Amount,Created at,Notes"];
    const filler = "x".repeat(400);
    for (let o = 0; rows.length < 40_000; o++) {
      const day = `2024-${String(1 + (o % 12)).padStart(2, "0")}-${String(1 + (o % 28)).padStart(2, "0")} ${String(o % 24).padStart(2, "0")}:15:00 +0100`;
      const refund = o % 9 === 0 ? "5.00" : "0.00";
      rows.push(`#${1000 + o},c${(o * 7919) % 3001}@example.com,${o % 13 === 0 ? "voided" : "paid"},EUR,${10 + (o % 90)}.${String(o % 100).padStart(2, "0")},${refund},${day},${filler}`);
      for (let k = 0; k < o % 3; k++) rows.push(`#${1000 + o},c${(o * 7919) % 3001}@example.com,,,,,,${filler}`);
    }
    const file = join(project, "export.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const cli = join(project, "node_modules/retention-metrics/dist/cli.js");
    const report = (workers) => spawnSync(process.execPath, [cli, "report", file, "--format", "shopify", "--time-zone", "Europe/Prague", "--json", "--workers", String(workers)], { cwd: project, encoding: "utf8" });
    const one = report(1);
    const two = report(2);
    if (one.status !== 0 || two.status !== 0) problems.push(`the command on a 17 MiB export: exit ${one.status} (--workers 1), ${two.status} (--workers 2)\n    ${(one.stderr + two.stderr).trim().split("\n").slice(0, 8).join("\n    ")}`);
    else if (!two.stderr.includes("read in 2 parts")) problems.push(`--workers 2 did not read the export in parts: ${two.stderr.trim()}`);
    else if (two.stdout !== one.stdout) problems.push("--workers 2 gave other numbers than --workers 1");
    else console.log(`check:pack: the installed command read a ${Math.round(statSync(file).size / 2 ** 20)} MiB export in 2 parts (--workers 2) to the numbers of one thread`);
  }

  // Optional: the clone as a git dependency.
  if (process.argv.includes("--git")) {
    const gitProject = timed("npm install git+file://", () => {
      const dir = mkdtempSync(join(tmpdir(), "rm-git-dep-"));
      cleanup.push(dir);
      writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
      runNpm(["install", "--no-audit", "--no-fund", "--prefer-offline", `git+file://${clone}#${head}`], dir);
      return dir;
    });
    writeFileSync(join(gitProject, "esm.mjs"), `import { prepareOrders, RetentionMetricsError, summarize } from "retention-metrics";\n${body}`);
    const run = spawnSync(process.execPath, ["esm.mjs"], { cwd: gitProject, encoding: "utf8" });
    if (run.status !== 0 || !run.stdout.includes('"net":"0.3"')) problems.push(`git dependency: exit ${run.status}: ${run.stdout}${run.stderr}`);
    else console.log("check:pack: installed as a git dependency (git+file://): imports and computes");
  }
  if (problems.length === 0) {
    console.log(`check:pack: tarball of a fresh clone: ${packed.files.length} files, ${Math.round(packed.size / 1024)} kB; imports and computes under ESM and CommonJS; error links resolve to ${docPath}`);
  }
} catch (e) {
  problems.push(e instanceof Error ? e.message : String(e));
} finally {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`check:pack: ${problems.length} problem(s):\n  ${problems.join("\n  ")}\n  (${timings.join(", ")})`);
  process.exit(1);
}
console.log(`check:pack: ok (${timings.join(", ")})`);
