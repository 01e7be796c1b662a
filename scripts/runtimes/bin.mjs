#!/usr/bin/env node
// Runs the Deno or Bun binary that npm installed from the registry, without relying on their postinstall
// scripts (npm may skip install scripts; Bun's postinstall only moves its binary into place).
//
//   node scripts/runtimes/bin.mjs deno <args...>
//   node scripts/runtimes/bin.mjs bun <args...>
//
// Looks in the platform package first (@deno/<platform>, @oven/bun-<platform>), then in the wrapper package
// where a postinstall script may have moved the binary. Exits with the child's exit code.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";

const require = createRequire(import.meta.url);

/** Directory of an installed package, or null. */
function packageDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/** A real executable (the wrappers ship small placeholders until their postinstall runs). */
function isBinary(file) {
  return existsSync(file) && statSync(file).size > 1_000_000;
}

function libc() {
  if (process.platform !== "linux") return "";
  const report = process.report?.getReport?.();
  return report?.header?.glibcVersionRuntime ? "glibc" : "musl";
}

const arch = process.arch === "arm64" ? "aarch64" : process.arch; // Bun names arm64 "aarch64"
const exe = process.platform === "win32" ? ".exe" : "";

const candidates = {
  deno: () => {
    const denoArch = process.arch === "arm64" ? "arm64" : process.arch;
    const platformPkg =
      process.platform === "linux" ? `@deno/linux-${denoArch}-${libc()}` : `@deno/${process.platform}-${denoArch}`;
    return [
      [platformPkg, `deno${exe}`],
      ["deno", `deno${exe}`],
    ];
  },
  bun: () => {
    const suffix = process.platform === "linux" && libc() === "musl" ? "-musl" : "";
    const os = process.platform === "win32" ? "windows" : process.platform;
    return [
      [`@oven/bun-${os}-${arch}${suffix}`, `bin/bun${exe}`],
      ["bun", "bin/bun.exe"],
    ];
  },
};

const [tool, ...args] = process.argv.slice(2);
if (!(tool in candidates)) {
  console.error(`usage: node scripts/runtimes/bin.mjs <deno|bun> [args...] (got ${JSON.stringify(tool)})`);
  process.exit(2);
}
const tried = [];
let binary = null;
for (const [pkg, rel] of candidates[tool]()) {
  const dir = packageDir(pkg);
  const file = dir && join(dir, rel);
  tried.push(file ?? `${pkg} (not installed)`);
  if (file && isBinary(file)) {
    binary = file;
    break;
  }
}
if (!binary) {
  console.error(`${tool}: no binary found; run npm ci (it is a devDependency). Looked at:\n  ${tried.join("\n  ")}`);
  process.exit(1);
}
const result = spawnSync(binary, args, { stdio: "inherit" });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
