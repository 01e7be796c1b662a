// `npm run check:jsr`: jsr.json agrees with package.json, and `deno publish --dry-run` passes: src/ type-checks
// under Deno and has no slow types (every exported function has an explicit return type, every exported
// constant an explicit type). It checks whatever is in src/ at the time, through src/index.ts.
//
// No network is needed: Deno reads the bare imports ("decimal.js", "date-fns", "@date-fns/tz") from
// package.json and resolves them in node_modules; JSR would publish them as npm: dependencies.
// --allow-dirty: the dry run also runs on a work tree with uncommitted changes.
import { readFileSync } from "node:fs";
import process from "node:process";
import { runTool } from "./bin.mjs";

const root = new URL("../../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const jsr = JSON.parse(readFileSync(new URL("jsr.json", root), "utf8"));
const problems = [];
if (jsr.version !== pkg.version) problems.push(`jsr.json version ${jsr.version} differs from package.json ${pkg.version}`);
if (jsr.license !== pkg.license) problems.push(`jsr.json license ${jsr.license} differs from package.json ${pkg.license}`);
if (!/^@[a-z0-9-]+\/[a-z0-9-]+$/.test(jsr.name ?? "")) problems.push(`jsr.json name ${jsr.name} is not @scope/name`);
if (jsr.exports !== "./src/index.ts") problems.push(`jsr.json exports ${JSON.stringify(jsr.exports)}, expected "./src/index.ts"`);
if (problems.length > 0) {
  console.error(`check:jsr:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
// The list of files to publish is long: it is printed only when the dry run fails.
const status = runTool("deno", ["publish", "--dry-run", "--allow-dirty", "--config", "jsr.json"], {
  cwd: new URL(".", root).pathname,
  filter: (line, code) => code !== 0 || !line.trimStart().startsWith("file:///"),
});
if (status !== 0) console.error("check:jsr: deno publish --dry-run failed (see above; slow types: add explicit types).");
process.exit(status);
