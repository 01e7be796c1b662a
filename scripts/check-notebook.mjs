#!/usr/bin/env node
// npm run check:notebook: executes docs/notebooks/quickstart.ipynb for real in the Deno Jupyter kernel (deno from
// the npm registry, a devDependency) with Jupyter's nbconvert (Debian's jupyter-nbconvert, installed by .ci/run),
// then checks the executed notebook: every code cell ran, no cell has an error output, and the tagged cells
// produced their rich outputs (the heatmap cell an image/svg+xml or text/html heatmap).
//
// `node scripts/check-notebook.mjs --write` (npm run docs:notebook) then stores the executed notebook, outputs
// included, as docs/notebooks/quickstart.ipynb, so readers see the outputs without running it.
//
// Execution uses nbconvert with scripts/notebook/grace_execute.py, its ExecutePreprocessor plus a 0.5 s wait for
// output the Deno kernel publishes after a cell's idle status (it sometimes does, in about one run of three; plain
// nbconvert then drops that output). A run that still misses a tagged output is retried (ATTEMPTS in all); an
// error output, a cell that did not run or an nbconvert failure fails at once. `--notebook <path>` checks another
// notebook with the same tags (to see the check fail).
//
// The kernelspec goes to a temporary XDG_DATA_HOME (deno and jupyter both read it), so nothing is installed in
// the user's Jupyter. The notebook imports ../../dist/index.js: run `npm run build` first (npm test does).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { resolveBinary } from "./runtimes/bin.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const notebookAt = process.argv.indexOf("--notebook");
const notebook = notebookAt >= 0 ? resolve(process.argv[notebookAt + 1] ?? "") : join(root, "docs", "notebooks", "quickstart.ipynb");
const KERNEL = "retention-metrics-deno";
const ATTEMPTS = 3;

/** Tag → what the tagged cell must output. */
const EXPECTED = {
  summary: (outs) => outs.some((o) => typeof o.data?.["text/html"] === "string" || Array.isArray(o.data?.["text/html"])) || "an HTML summary",
  heatmap: (outs) =>
    outs.some((o) => text(o.data?.["image/svg+xml"]).includes("<svg") || text(o.data?.["text/html"]).includes("rm-cell")) || "an image/svg+xml or text/html heatmap",
  ltv: (outs) => outs.some((o) => text(o.data?.["image/svg+xml"]).includes("<path")) || "an SVG lifetime-value chart",
  rfm: (outs) => outs.some((o) => text(o.data?.["text/html"]).includes("RFM segments")) || "an HTML RFM table",
  clv: (outs) => outs.some((o) => text(o.text).includes("BG/NBD r, alpha, a, b")) || "the BG/NBD and Gamma-Gamma parameters",
  modelcheck: (outs) => outs.some((o) => text(o.data?.["text/html"]).includes("rm-model-check") && text(o.data?.["text/html"]).includes("<svg")) || "the model-check dashboard (HTML with SVG charts)",
};

function text(v) {
  return Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "";
}

function fail(message) {
  console.error(`check:notebook: FAILED: ${message}`);
  process.exit(1);
}

if (!existsSync(join(root, "dist", "index.js"))) fail("dist/index.js is missing: run npm run build first");
const jupyter = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" });
if (jupyter.error || jupyter.status !== 0) {
  fail(`jupyter nbconvert is not available (${jupyter.error?.message ?? jupyter.stderr.trim()}); .ci/run installs Debian's jupyter-nbconvert`);
}

const home = mkdtempSync(join(tmpdir(), "rm-notebook-"));
// Removed however this script ends (process.exit skips a finally block: every passing run used to leave it behind).
process.on("exit", () => rmSync(home, { recursive: true, force: true }));
const pythonPath = [join(root, "scripts", "notebook"), process.env.PYTHONPATH].filter(Boolean).join(":");
const env = { ...process.env, XDG_DATA_HOME: home, PYTHONPATH: pythonPath, PYTHONDONTWRITEBYTECODE: "1", DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" };
try {
  const deno = resolveBinary("deno");
  const install = spawnSync(deno, ["jupyter", "--install", "--force", "--name", KERNEL, "--display", "Deno (retention-metrics check)"], { encoding: "utf8", env });
  if (install.status !== 0) fail(`deno jupyter --install failed:\n${install.stdout}${install.stderr}`);

  const started = Date.now();
  let problems = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const out = join(home, `run${attempt}`);
    const run = spawnSync(
      "jupyter",
      [
        "nbconvert",
        "--to",
        "notebook",
        "--Exporter.preprocessors",
        "grace_execute.GraceExecutePreprocessor",
        `--GraceExecutePreprocessor.kernel_name=${KERNEL}`,
        "--GraceExecutePreprocessor.timeout=300",
        "--GraceExecutePreprocessor.startup_timeout=120",
        "--GraceExecutePreprocessor.late_output_grace=0.5",
        "--output-dir",
        out,
        "--output",
        "executed",
        notebook,
      ],
      { encoding: "utf8", env, cwd: dirname(notebook), timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.error) fail(`jupyter nbconvert: ${run.error.message}`);
    if (run.status !== 0) fail(`jupyter nbconvert --execute exited with ${run.status}:\n${run.stderr.split("\n").slice(-25).join("\n")}`);
    const late = run.stderr.split("\n").filter((l) => l.includes("after its idle status: kept")).length;
    if (late > 0) console.log(`check:notebook: attempt ${attempt}: kept ${late} late kernel output(s) that plain nbconvert would have dropped`);
    const nb = JSON.parse(readFileSync(join(out, "executed.ipynb"), "utf8"));
    const code = nb.cells.filter((c) => c.cell_type === "code");
    // Errors fail at once: they are not a matter of timing.
    for (const [i, c] of code.entries()) {
      for (const o of c.outputs) {
        if (o.output_type === "error") fail(`code cell ${i + 1} raised ${o.ename}: ${o.evalue}`);
        if (o.output_type === "stream" && o.name === "stderr" && /error/i.test(text(o.text))) fail(`code cell ${i + 1} wrote an error to stderr: ${text(o.text)}`);
      }
      if (c.execution_count == null) fail(`code cell ${i + 1} did not run`);
    }
    problems = [];
    for (const [tag, check] of Object.entries(EXPECTED)) {
      const cell = code.find((c) => c.metadata?.tags?.includes(tag));
      if (!cell) fail(`no code cell is tagged "${tag}"`);
      const ok = check(cell.outputs);
      if (ok !== true) problems.push(`the "${tag}" cell did not output ${ok}`);
    }
    if (problems.length === 0) {
      const mimes = code.find((c) => c.metadata?.tags?.includes("heatmap")).outputs.flatMap((o) => Object.keys(o.data ?? {}));
      console.log(`check:notebook: ${relative(root, notebook)} ran in the Deno kernel (${code.length} code cells, no errors) in ${Date.now() - started} ms; heatmap cell: ${mimes.join(", ")}`);
      if (process.argv.includes("--write")) {
        // Timing metadata would change on every run: leave it out.
        for (const c of nb.cells) delete c.metadata?.execution;
        writeFileSync(notebook, `${JSON.stringify(nb, null, 1)}\n`);
        console.log("check:notebook: wrote the executed notebook to docs/notebooks/quickstart.ipynb");
      }
      process.exit(0);
    }
    // Safety net: a result published later than the grace period is still missed; a real regression fails every attempt.
    console.log(`check:notebook: attempt ${attempt}: ${problems.join("; ")}${attempt < ATTEMPTS ? " (retrying: late kernel output?)" : ""}`);
  }
  fail(problems.join("; "));
} finally {
  rmSync(home, { recursive: true, force: true });
}
