// Part of `npm run check:package`: arethetypeswrong on the packed tarball (packed once, without the `prepare`
// build: run `npm run build` first; under `npm test`, the tarball scripts/run-tests.mjs packed for every check).
//   - "." and "./package.json": every resolution mode (node10, node16 from CJS and from ESM, bundler).
//   - "./browser" (dist/browser.js, the self-contained ES module for browsers): ESM only by design, so it is
//     checked under the esm-only profile (node16 from ESM and bundler); a require() of it is not supported.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { pack, sharedPack } from "./pack.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const attw = join(root, "node_modules/@arethetypeswrong/cli/dist/index.js");
const dir = mkdtempSync(join(tmpdir(), "rm-attw-"));
let status = 0;
try {
  const { tarball } = sharedPack() ?? pack(root, dir);
  for (const args of [
    ["--exclude-entrypoints", "./browser"],
    ["--entrypoints", "./browser", "--profile", "esm-only"],
  ]) {
    const run = spawnSync(process.execPath, [attw, tarball, ...args], { stdio: "inherit" });
    status ||= run.status ?? 1;
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  status = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
