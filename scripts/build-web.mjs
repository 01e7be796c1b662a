// Part of `npm run build`: the private report page, dist-web/index.html. One self-contained file: the page's
// script and the Web Worker's (the whole library, papaparse and decimal.js included) are inlined, the worker
// started from a Blob URL, so the page works when opened from disk, offline, and loads nothing from the network
// (its Content-Security-Policy forbids any fetch). Tested in headless Chromium by test/web/page.test.ts.
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const bundle = async (entry, define = {}) => {
  const r = await build({ entryPoints: [`${root}web/${entry}`], bundle: true, write: false, format: "iife", platform: "browser", target: "es2022", minify: true, define, legalComments: "none" });
  return r.outputFiles[0].text;
};
const worker = await bundle("worker.ts");
const app = await bundle("app.ts", { WORKER_SOURCE: JSON.stringify(worker) });
const page = readFileSync(`${root}web/index.html`, "utf8").replace("/*APP*/", () => app.replaceAll("</script", "<\\/script"));
mkdirSync(`${root}dist-web`, { recursive: true });
writeFileSync(`${root}dist-web/index.html`, page);
console.log(`build-web: dist-web/index.html (${Math.round(page.length / 1024)} kB)`);
