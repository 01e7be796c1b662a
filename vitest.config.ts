import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // Worker threads, and test files share their worker's module graph (`isolate: false`): the library is pure (no
    // global state in src/, CONTRIBUTING), so a file sees nothing another file did, and each worker transforms and
    // loads src/ once instead of once per file. On a 2-core machine that halved the suite's CPU time (issue 21:
    // 157 s to 83 s of CPU for the 72 files other than the outputs snapshot). A test that patches a global (a
    // vi.spyOn on a prototype or on console) restores it in afterEach or finally, as the existing ones do.
    pool: "threads",
    isolate: false,
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
