import { copyFileSync, mkdirSync } from "node:fs";
import { defineConfig } from "tsup";

const shared = {
  sourcemap: true,
  target: "es2022",
  tsconfig: "tsconfig.build.json",
} as const;

export default defineConfig([
  // The package: ESM and CommonJS with declarations; dependencies stay imports (npm installs them).
  {
    ...shared,
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    platform: "neutral",
    external: ["decimal.js", "date-fns", "@date-fns/tz", "papaparse"],
  },
  // dist/browser.js: one self-contained ES module with every dependency bundled in, for a plain
  // <script type="module"> (no bundler, no import map) and CDNs; exported as "retention-metrics/browser".
  {
    ...shared,
    entry: { browser: "src/index.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    platform: "browser",
    noExternal: [/./],
    minify: true,
    // No source map: with decimal.js and date-fns inside it would be 1.5 MB of the tarball's size.
    sourcemap: false,
    // The minified bundle ends in `…}export{…}`, which publint's format check (a regex wanting a space, `;` or a
    // line start before `export`) misses, while papaparse's UMD wrapper (`global.IS_PAPA_WORKER`, `module.exports`)
    // looks like CommonJS to it: an empty export on a line of its own marks the file as the ES module it is.
    banner: { js: "export {};" },
  },
  // dist/cli.js: the `retention-metrics` command (package.json "bin"), the library bundled in, dependencies
  // imported. The CDNOW data of `report --demo` is copied next to it (dist/data/).
  {
    ...shared,
    // dist/readWorker.js: the worker of src/cli/readInParts.ts (an export read to a book by a thread per core).
    entry: { cli: "src/cli/bin.ts", readWorker: "src/cli/readWorker.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    platform: "node",
    external: ["decimal.js", "date-fns", "@date-fns/tz", "papaparse"],
    onSuccess: async () => {
      mkdirSync("dist/data", { recursive: true });
      copyFileSync("test/fixtures/CDNOW_master.txt", "dist/data/CDNOW_master.txt");
    },
  },
]);
