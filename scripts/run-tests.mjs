#!/usr/bin/env node
// `npm test`: every check of the package, as before, but run side by side where they do not depend on each other,
// with one packed tarball and one installed project shared by the package checks (scripts/consumer/pack.mjs).
//
// Each step is an npm script of package.json (run as npm would: `sh -c <script>` with node_modules/.bin on PATH,
// `args` appended as after `npm run <script> --`), or, for `pack`, the shared pack. A step starts once the steps
// it needs have passed, at most `--jobs` at a time (default: one more than the number of CPUs, as several steps
// spend part of their time waiting on a Jupyter kernel, a browser or the disk), in the order listed below
// (longest chains first). Its output is printed in one block when it ends, then the time and CPU time of every
// step, and last the line CI reads, `tests: N passed, N failed`, from vitest's JSON report
// (scripts/test-summary.mjs). Exit 1 if any step failed; a step whose prerequisite failed is skipped.
//
//   node scripts/run-tests.mjs                          every step (npm test)
//   node scripts/run-tests.mjs check:types docs         these steps and the steps they need
//   node scripts/run-tests.mjs --jobs 1                 one step at a time, in the order below
//   node scripts/run-tests.mjs --list                   the steps and what each needs
//   RM_TEST_JOBS=4 npm test                             four at a time
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;

/**
 * The steps, in the order they start when they may. `needs`: steps that must pass first. What the order rests on:
 * test:unit is the longest single step, so it starts first; build gates the package checks; the longer of the
 * remaining steps (check:examples, docs, test:bun, check:jsr) start before the short ones, so that no long step
 * starts last.
 */
const STEPS = [
  // Installs chromium and jupyter-nbconvert when missing (apt-get, maybe through sudo): alone, before anything
  // else, on the terminal.
  { name: "deps:system", terminal: true },
  // The longest step and the end of the run: the others run at a lower CPU priority (`nice`), so that on a busy
  // 2-core machine they fill the time test:unit leaves rather than stretch it.
  { name: "test:unit", needs: ["deps:system"], critical: true },
  // The warehouse tests (the SQL's equality on DuckDB and a PostgreSQL server, the at-scale SQL): a vitest run of
  // their own, started beside test:unit (which would otherwise run them last, alone on one core), at the lower
  // priority of the other steps (the PostgreSQL server it starts inherits it).
  { name: "test:warehouse", needs: ["deps:system"] },
  // `npm run build`, unless dist/ was built from these very inputs (as `npm ci` does through `prepare` on a fresh
  // clone) and is unchanged since (scripts/build-stamp.mjs).
  { name: "build", needs: ["deps:system"], command: () => ["node", "scripts/build-stamp.mjs", "--build-if-stale"] },
  { name: "typecheck", needs: ["deps:system"] },
  // One `npm pack` of dist/ and one `npm install` of it into a fresh project, for publint and attw (check:package), check:types, check:pack.
  { name: "pack", needs: ["build"], command: (shared) => ["node", "scripts/consumer/pack.mjs", "--shared", shared] },
  { name: "check:pack", needs: ["pack"], shared: true },
  { name: "check:types", needs: ["pack"], shared: true },
  // Against dist/index.d.ts (the build's declarations), not src/ again.
  { name: "check:examples", needs: ["build"] },
  // typedoc without its own type-check of src/: typecheck and the build's declaration pass (src/ without Node's
  // types, noEmitOnError) report any type error; the docs' warnings still fail.
  { name: "docs", needs: ["deps:system"], args: ["--skipErrorChecking"] },
  { name: "test:bun", needs: ["deps:system"] },
  { name: "check:package", needs: ["pack"], shared: true },
  { name: "check:jsr", needs: ["deps:system"] },
  { name: "check:notebook", needs: ["build"] },
  { name: "check:chromium", needs: ["deps:system"] },
  // The layer rule of src/internal/ (CONTRIBUTING.md, "The map"): dependency-cruiser over src/.
  { name: "check:layers", needs: ["deps:system"] },
  { name: "check:runtimes", needs: ["build"] },
  { name: "check:browser", needs: ["build"] },
  { name: "check:browser-file", needs: ["build"] },
];

/**
 * The check:* and test:* scripts of package.json that npm test does not run, and why. Any other check:* or test:*
 * script must be a step above: a new check that is added to package.json only fails here until it is (or is
 * listed here with its reason).
 */
const NOT_STEPS = {};

const args = process.argv.slice(2);
if (args.includes("--list")) {
  for (const s of STEPS) console.log(`${s.name.padEnd(20)} needs ${s.needs?.join(", ") || "nothing"}`);
  process.exit(0);
}
const unlisted = Object.keys(scripts).filter((n) => /^(check|test):/.test(n) && !STEPS.some((s) => s.name === n) && !(n in NOT_STEPS));
if (unlisted.length > 0) {
  console.error(`run-tests: package.json has ${unlisted.join(", ")}, which npm test does not run: add it to STEPS (or to NOT_STEPS, with the reason) in scripts/run-tests.mjs`);
  process.exit(2);
}
const jobsAt = args.indexOf("--jobs");
const jobs = jobsAt >= 0 ? Number(args[jobsAt + 1]) : Number(process.env.RM_TEST_JOBS) || availableParallelism() + 1;
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error(`run-tests: --jobs wants a positive integer, got ${args[jobsAt + 1]}`);
  process.exit(2);
}
const wanted = args.filter((a, i) => !a.startsWith("--") && !(jobsAt >= 0 && i === jobsAt + 1));
const byName = new Map(STEPS.map((s) => [s.name, s]));
for (const name of wanted) {
  if (!byName.has(name)) {
    console.error(`run-tests: no step ${name}; steps: ${STEPS.map((s) => s.name).join(", ")}`);
    process.exit(2);
  }
}
// The wanted steps and, transitively, the steps they need (all steps when none are named).
const selected = new Set();
const select = (name) => {
  if (selected.has(name)) return;
  selected.add(name);
  for (const n of byName.get(name).needs ?? []) select(n);
};
for (const s of wanted.length > 0 ? wanted : STEPS.map((x) => x.name)) select(s);
const steps = STEPS.filter((s) => selected.has(s.name));
for (const s of steps) {
  if (!s.command && scripts[s.name] === undefined) {
    console.error(`run-tests: package.json has no script ${s.name}`);
    process.exit(2);
  }
}

const shared = mkdtempSync(join(tmpdir(), "rm-test-"));
const env = { ...process.env, PATH: [join(root, "node_modules/.bin"), process.env.PATH].join(delimiter) };
const t0 = Date.now();
const seconds = (ms) => (ms / 1000).toFixed(1);
/** name → { state: "waiting" | "running" | "passed" | "failed" | "skipped", start, end, child } */
const status = new Map(steps.map((s) => [s.name, { state: "waiting" }]));
const running = new Set();

// A vitest report left from an earlier run must not count: test:unit and test:warehouse write new ones.
for (const [step, report] of [["test:unit", ".vitest-report.json"], ["test:warehouse", ".vitest-report-warehouse.json"]]) {
  if (selected.has(step)) rmSync(join(root, report), { force: true });
}

function start(step) {
  const st = status.get(step.name);
  st.state = "running";
  st.start = Date.now();
  const command = step.command ? step.command(shared).map(quote).join(" ") : [scripts[step.name], ...(step.args ?? []).map(quote)].join(" ");
  const stepEnv = step.shared ? { ...env, RM_PACKED: join(shared, "packed.json") } : env;
  // The shell's `times` (on file descriptor 3) gives the CPU time of the step's processes that were waited for.
  const shell = ["sh", "-c", `${command}\nrc=$?\ntimes >&3\nexit $rc`];
  const argv = step.critical || process.platform === "win32" ? shell : ["nice", "-n", "10", ...shell];
  // Its own process group, so that an interrupt can stop the step and everything it started.
  const stdio = step.terminal ? ["inherit", "inherit", "inherit", "pipe"] : ["ignore", "pipe", "pipe", "pipe"];
  const child = spawn(argv[0], argv.slice(1), { cwd: root, env: stepEnv, stdio, detached: !step.terminal });
  st.child = child;
  running.add(step.name);
  let out = "";
  let times = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  child.stdio[3]?.on("data", (d) => (times += d));
  console.log(`▶ ${step.name} (at ${seconds(st.start - t0)} s)`);
  child.on("error", (e) => (out += `\nrun-tests: could not start ${argv.join(" ")}: ${e.message}\n`));
  child.on("close", (code, signal) => {
    st.end = Date.now();
    st.state = code === 0 ? "passed" : "failed";
    st.cpu = cpuOf(times);
    running.delete(step.name);
    const mark = code === 0 ? "✔" : "✘";
    const why = code === 0 ? "" : signal ? ` (killed by ${signal})` : ` (exit ${code})`;
    const cpu = st.cpu === undefined ? "" : `, CPU ${st.cpu.toFixed(1)} s`;
    process.stdout.write(`\n${mark} ${step.name}: ${seconds(st.end - st.start)} s${cpu}${why}\n${out.replace(/\n*$/, "\n")}`);
    if (step.shared && steps.every((s) => !s.shared || ["passed", "failed", "skipped"].includes(status.get(s.name).state))) {
      // The last user of the shared tarball and project is done: remove them (thousands of files) meanwhile.
      removing = rm(shared, { recursive: true, force: true }).catch(() => {});
    }
    schedule();
  });
}

/** A shell argument, quoted. */
function quote(arg) {
  return /^[\w./:=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** Seconds of CPU (user + system) of the shell's children, from `times` ("0m1.20s 0m0.30s" per line, children second). */
function cpuOf(text) {
  const lines = text.trim().split("\n");
  const m = [...(lines[1] ?? "").matchAll(/(\d+)m([\d.]+)s/g)];
  if (m.length !== 2) return undefined;
  return m.reduce((sum, [, min, sec]) => sum + Number(min) * 60 + Number(sec), 0);
}

function schedule() {
  for (const step of steps) {
    const st = status.get(step.name);
    if (st.state !== "waiting") continue;
    const needs = (step.needs ?? []).filter((n) => status.has(n)).map((n) => status.get(n).state);
    if (needs.some((s) => s === "failed" || s === "skipped")) {
      st.state = "skipped";
      console.log(`- ${step.name}: skipped (a step it needs failed)`);
      continue;
    }
    if (running.size >= jobs || !needs.every((s) => s === "passed")) continue;
    // A terminal step runs alone.
    if (step.terminal && running.size > 0) continue;
    start(step);
    if (step.terminal) break;
  }
  // (A step's prerequisites come before it in STEPS, so one pass settles every skip.)
  if ([...status.values()].every((s) => s.state !== "waiting" && s.state !== "running")) finish();
}

let finished = false;
let removing = null;
async function finish() {
  if (finished) return;
  finished = true;
  await (removing ?? rm(shared, { recursive: true, force: true }).catch(() => {}));
  const wall = Date.now() - t0;
  const cpu = steps.reduce((sum, s) => sum + (status.get(s.name).cpu ?? 0), 0);
  console.log(`\nnpm test: ${steps.length} steps in ${seconds(wall)} s, ${jobs} at a time (CPU of the steps: ${cpu.toFixed(1)} s)`);
  console.log(`  ${"step".padEnd(20)} ${"result".padEnd(8)} ${"time".padStart(8)} ${"CPU".padStart(8)}   from–to`);
  for (const s of steps) {
    const st = status.get(s.name);
    const time = st.start === undefined ? "" : `${seconds(st.end - st.start).padStart(6)} s ${st.cpu === undefined ? "       " : `${st.cpu.toFixed(1).padStart(6)} s`}   ${seconds(st.start - t0)}–${seconds(st.end - t0)} s`;
    console.log(`  ${s.name.padEnd(20)} ${st.state.padEnd(8)} ${time}`);
  }
  const failed = steps.filter((s) => status.get(s.name).state !== "passed").map((s) => s.name);
  if (failed.length > 0) console.log(`npm test: FAILED: ${failed.join(", ")}`);
  // The closing line, last: from the reports test:unit and test:warehouse wrote (when either ran).
  let summaryStatus = 0;
  if (["test:unit", "test:warehouse"].some((name) => ["passed", "failed"].includes(status.get(name)?.state))) {
    const summary = spawn(process.execPath, [join(root, "scripts/test-summary.mjs")], { cwd: root, stdio: "inherit" });
    summary.on("close", (code) => {
      summaryStatus = code ?? 1;
      process.exit(failed.length > 0 || summaryStatus !== 0 ? 1 : 0);
    });
  } else {
    process.exit(failed.length > 0 ? 1 : 0);
  }
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const name of running) {
      const pid = status.get(name).child?.pid;
      if (pid === undefined) continue;
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(shared, { recursive: true, force: true });
    process.exit(130);
  });
}

schedule();
