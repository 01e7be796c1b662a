// `retention-metrics report --demo` run in process once per worker (the test files of a worker share their module
// graph: vitest.config.ts, `isolate: false`): test/cli/cli.test.ts checks its report, and test/docs/fromAnExport.test.ts
// runs the same command line of docs/from-an-export.md. The same arguments (but the output file) give the same
// report, so the two share one run of the whole CDNOW report (about 2 s of CPU) instead of making it twice.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

export interface DemoRun {
  code: number;
  /** What the command wrote to stderr. */
  err: string;
  /** The report it wrote (empty when it wrote none). */
  html: string;
}

let once: Promise<DemoRun> | undefined;

/** The one run of `retention-metrics report --demo --out <file>` (main(), as the command runs it). */
export function demoReport(): Promise<DemoRun> {
  once ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "rm-demo-"));
    try {
      const file = join(dir, "demo.html");
      let err = "";
      const code = await main(["report", "--demo", "--out", file], { stdout: () => undefined, stderr: (s) => void (err += s), stderrIsTTY: false, cwd: dir, now: () => 0 });
      let html = "";
      try {
        html = readFileSync(file, "utf8");
      } catch {
        // no report written: the caller sees the exit code and stderr
      }
      return { code, err, html };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return once;
}
