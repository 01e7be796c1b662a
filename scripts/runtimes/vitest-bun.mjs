// `npm run test:bun`: the whole vitest suite under Bun (`bun --bun` makes vitest and its workers run on Bun
// rather than following vitest's `#!/usr/bin/env node`); EXPECT_RUNTIME=bun makes test/runtime.test.ts fail
// if it ever runs on Node instead.
import process from "node:process";
import { fileURLToPath } from "node:url";
import { runTool } from "./bin.mjs";

const vitest = fileURLToPath(new URL("../../node_modules/vitest/vitest.mjs", import.meta.url));
process.exit(runTool("bun", ["--bun", vitest, "run", "--reporter=dot", ...process.argv.slice(2)], { env: { EXPECT_RUNTIME: "bun" } }));
