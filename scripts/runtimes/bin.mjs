#!/usr/bin/env node
// Runs the Deno or Bun binary that npm installed from the registry, without relying on their postinstall
// scripts (npm may skip install scripts; Bun's postinstall only moves its binary into place).
//
//   node scripts/runtimes/bin.mjs deno <args...>
//   node scripts/runtimes/bin.mjs bun <args...>
//
// Looks in the platform package first (@deno/<platform>, @oven/bun-<platform>), then in the wrapper package
// where a postinstall script may have moved the binary. Exits with the child's exit code.
// Other scripts import `runTool` / `resolveBinary` from here.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

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

/** Absolute path of the `deno` or `bun` binary installed in node_modules; throws if there is none. */
export function resolveBinary(tool) {
  if (!Object.hasOwn(candidates, tool)) throw new Error(`unknown tool ${JSON.stringify(tool)}: expected deno or bun`);
  const tried = [];
  for (const [pkg, rel] of candidates[tool]()) {
    const dir = packageDir(pkg);
    const file = dir && join(dir, rel);
    tried.push(file ?? `${pkg} (not installed)`);
    if (file && isBinary(file)) return file;
  }
  throw new Error(`${tool}: no binary found; run npm ci (it is a devDependency). Looked at:\n  ${tried.join("\n  ")}`);
}

/**
 * Runs `tool args...` in `cwd` with `env` added to the environment; returns its exit code. Output goes to the
 * terminal, or with `filter` each line of it (stdout and stderr, after the run) is printed when `filter` keeps it.
 */
export function runTool(tool, args, { env = {}, cwd = process.cwd(), filter } = {}) {
  const result = spawnSync(resolveBinary(tool), args, {
    cwd,
    stdio: filter ? ["inherit", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // No update checks or prompts: CI reaches the npm registry only.
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", ...env },
  });
  if (result.error) throw result.error;
  if (filter) {
    const status = result.status ?? 1;
    for (const line of `${result.stdout}${result.stderr}`.split("\n")) {
      if (line !== "" && filter(line, status)) console.log(line);
    }
  }
  return result.status ?? 1;
}

if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  const [tool, ...args] = process.argv.slice(2);
  if (tool !== "deno" && tool !== "bun") {
    console.error(`usage: node scripts/runtimes/bin.mjs <deno|bun> [args...] (got ${JSON.stringify(tool)})`);
    process.exit(2);
  }
  try {
    process.exit(runTool(tool, args));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
