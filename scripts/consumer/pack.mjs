// Helpers shared by the package checks under scripts/consumer/: pack the package as npm would publish it, and
// install the tarball into a fresh project, as a stranger would.
//
// One pack and one install for the whole of `npm test`: scripts/run-tests.mjs runs
// `node scripts/consumer/pack.mjs --shared <dir>` once after the build, which packs the built package into <dir>,
// installs the tarball into a fresh project there and describes both in <dir>/packed.json; the checks that need
// them (publint and attw in check:package, check:types, check:pack) get that file's path in RM_PACKED and use it instead of
// packing and installing again. Run on their own (`npm run check:types`), they pack and install for themselves.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

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
  return { tarball: join(destination, info.filename), files: info.files.map((f) => f.path), size: info.size, shasum: info.shasum, output: out.slice(0, out.search(/^\[/m)) };
}

/** A fresh project in a new temporary directory (under `parent`, default the system's) with `tarball` installed; returns its directory. */
export function consumerProject(tarball, { type = "module", prefix = "rm-consumer-", parent = tmpdir() } = {}) {
  const dir = mkdtempSync(join(parent, prefix));
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

/**
 * The tarball and installed project that scripts/run-tests.mjs made once for this run (see the file header), or
 * null when RM_PACKED is not set: `{ tarball, files, size, shasum, project }`. A check must not delete them, and
 * writes into `project` only files of its own names.
 */
export function sharedPack() {
  const file = process.env.RM_PACKED;
  if (!file) return null;
  return JSON.parse(readFileSync(file, "utf8"));
}

// `node scripts/consumer/pack.mjs --shared <dir>`: pack the built package into <dir>, install it into a fresh
// project under <dir>, and write <dir>/packed.json (what sharedPack reads).
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  const at = process.argv.indexOf("--shared");
  const dir = at > 0 ? process.argv[at + 1] : undefined;
  if (!dir) {
    console.error("usage: node scripts/consumer/pack.mjs --shared <dir>");
    process.exit(2);
  }
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const packed = pack(root, resolve(dir));
  const installedAt = Date.now();
  const project = consumerProject(packed.tarball, { parent: resolve(dir) });
  writeFileSync(join(dir, "packed.json"), `${JSON.stringify({ ...packed, project }, null, 2)}\n`);
  console.log(
    `pack: ${packed.files.length} files, ${Math.round(packed.size / 1024)} kB (shasum ${packed.shasum.slice(0, 12)}), installed in a fresh project (pack ${((installedAt - started) / 1000).toFixed(1)} s, install ${((Date.now() - installedAt) / 1000).toFixed(1)} s)`,
  );
}
