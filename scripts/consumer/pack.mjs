// Helpers shared by the package checks under scripts/consumer/: pack the package as npm would publish it, and
// install the tarball into a fresh project, as a stranger would.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Runs npm with `args` in `cwd`; returns stdout. Output is shown only when npm fails. */
export function runNpm(args, cwd) {
  try {
    return execFileSync(npm, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    throw new Error(`npm ${args.join(" ")} (in ${cwd}) failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

/**
 * `npm pack` of the package at `root` into `destination`; returns the tarball's path and npm's file list.
 * With `scripts: false` (the default) the lifecycle scripts are skipped, so the tarball holds the dist/ that
 * `npm run build` made (npm test builds first); the `prepare` build itself is tested by check:pack.
 */
export function pack(root, destination, { scripts = false } = {}) {
  if (!scripts && !existsSync(join(root, "dist/index.js"))) throw new Error("dist/ is missing; run npm run build first.");
  const args = ["pack", "--json", "--pack-destination", destination];
  if (!scripts) args.push("--ignore-scripts");
  const out = runNpm(args, root);
  // npm prints the lifecycle scripts' output before the JSON when they run.
  const [info] = JSON.parse(out.slice(out.search(/^\[/m)));
  return { tarball: join(destination, info.filename), files: info.files.map((f) => f.path), size: info.size };
}

/** A fresh project in a new temporary directory with `tarball` installed; returns its directory. */
export function consumerProject(tarball, { type = "module", prefix = "rm-consumer-" } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type }, null, 2)}\n`);
  runNpm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock", tarball], dir);
  return dir;
}

/** A stopwatch for the steps of a check: `timed(label, fn)` runs fn and notes "label 1.2 s" in `timings`. */
export function stopwatch() {
  const timings = [];
  const timed = (label, fn) => {
    const started = Date.now();
    const result = fn();
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  return { timings, timed };
}
