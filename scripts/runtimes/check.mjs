// `npm run check:runtimes`: runs scripts/runtimes/exercise.mjs, which imports the BUILT package (run
// `npm run build` first), under Node, Deno and Bun. Deno and Bun come from the npm registry as devDependencies
// (see bin.mjs). Deno runs with no permissions and --cached-only: it resolves `retention-metrics` and its
// dependencies from package.json and node_modules, with no network.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { runTool } from "./bin.mjs";

const exercise = fileURLToPath(new URL("exercise.mjs", import.meta.url));
if (!existsSync(fileURLToPath(new URL("../../dist/index.js", import.meta.url)))) {
  console.error("check:runtimes: dist/ is missing; run npm run build first.");
  process.exit(1);
}

const runs = [
  ["node", () => spawnSync(process.execPath, [exercise], { stdio: "inherit" }).status ?? 1],
  ["deno", () => runTool("deno", ["run", "--no-lock", "--cached-only", "--no-prompt", exercise])],
  ["bun", () => runTool("bun", [exercise])],
];
const failed = [];
for (const [name, run] of runs) {
  let status;
  try {
    status = run();
  } catch (e) {
    console.error(`${name}: ${e instanceof Error ? e.message : e}`);
    status = 1;
  }
  if (status !== 0) failed.push(`${name} (exit ${status})`);
}
if (failed.length > 0) {
  console.error(`check:runtimes: failed under ${failed.join(", ")}`);
  process.exit(1);
}
