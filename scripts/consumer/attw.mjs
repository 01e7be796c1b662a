// Part of `npm run check:package`: arethetypeswrong on the packed tarball (packed once, without the `prepare`
// build: run `npm run build` first; under `npm test`, the tarball scripts/run-tests.mjs packed for every check).
//   - "." and "./package.json": every resolution mode (node10, node16 from CJS and from ESM, bundler).
//   - "./browser" (dist/browser.js, the self-contained ES module for browsers): ESM only by design, so it is
//     checked under attw's esm-only profile (node16 from ESM and bundler); a require() of it is not supported.
//
// One analysis of all three entry points in this process (@arethetypeswrong/core, as the attw command uses it),
// judged per entry point as the command's exit code would judge each (getExitCode: a problem counts unless its
// resolution kind is one the profile ignores), instead of two runs of the command, each loading TypeScript and
// resolving the package's declarations again (about 4 s of CPU).
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { problemAffectsEntrypoint, problemKindInfo } from "@arethetypeswrong/core/problems";
import { typed } from "@arethetypeswrong/cli/internal/render";
import { pack, sharedPack } from "./pack.mjs";

/** Resolution kinds not required per entry point (attw's profiles; absent: strict, every kind required). */
const IGNORED = { "./browser": ["node10", "node16-cjs"] };
const ENTRYPOINTS = [".", "./browser", "./package.json"];

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "rm-attw-"));
let status = 0;
try {
  const { tarball } = sharedPack() ?? pack(root, dir);
  const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))), { entrypoints: ENTRYPOINTS });
  if (!analysis.types) throw new Error("attw: the package ships no types");
  const missing = ENTRYPOINTS.filter((e) => !(e in analysis.entrypoints));
  if (missing.length > 0) throw new Error(`attw: entry points ${missing.join(", ")} were not analysed`);
  console.log(await typed(analysis, { emoji: true, summary: false, format: "table" }));
  // A problem fails the check unless every entry point it affects ignores its resolution kind (a problem with no
  // resolution kind, or one that affects no entry point, always fails, as it would in a run of the command).
  const failing = analysis.problems.filter((p) => {
    const affected = ENTRYPOINTS.filter((e) => problemAffectsEntrypoint(p, e, analysis));
    if (affected.length === 0 || !("resolutionKind" in p)) return true;
    return affected.some((e) => !(IGNORED[e] ?? []).includes(p.resolutionKind));
  });
  const ignored = analysis.problems.length - failing.length;
  for (const p of failing) {
    const info = problemKindInfo[p.kind];
    const where = ENTRYPOINTS.filter((e) => problemAffectsEntrypoint(p, e, analysis)).join(", ") || "(no entry point)";
    console.error(`attw: ${info.emoji} ${p.kind} (${where}${"resolutionKind" in p ? `, ${p.resolutionKind}` : ""}): ${info.description} ${info.docsUrl}`);
  }
  const policy = Object.entries(IGNORED).map(([e, kinds]) => `${e} ignores ${kinds.join(", ")} (esm-only)`).join("; ");
  if (failing.length > 0) {
    console.error(`attw: ${failing.length} problem(s) (${policy})`);
    status = 1;
  } else {
    console.log(`attw: no problems in ${ENTRYPOINTS.join(", ")} (${policy}: ${ignored} problem(s) ignored there)`);
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  status = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
