// Part of `npm run check:package`: publint --strict on the package as npm packs it. Under `npm test`, on the
// tarball scripts/run-tests.mjs packed for every check (`publint run <tarball>` reads the files from it), instead of
// publint's own `npm pack` of the work tree (about 2 s of CPU); run on its own, publint packs the work tree.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { sharedPack } from "./pack.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const publint = join(root, "node_modules/publint/src/cli.js");
const shared = sharedPack();
const run = spawnSync(process.execPath, [publint, "run", "--strict", ...(shared ? [shared.tarball] : [])], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
