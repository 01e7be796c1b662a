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
    external: ["decimal.js", "date-fns", "@date-fns/tz"],
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
  },
]);
