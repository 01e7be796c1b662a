// retention-metrics/parallel: the functions that use worker threads (Node.js, Deno, Bun). Not re-exported by
// the package root, so that the default entry stays free of node:worker_threads for browser pages.
export { prepareOrderColumnsParallel } from "./prepareOrderColumnsParallel.js";
export type { PrepareOrderColumnsParallelOptions } from "./prepareOrderColumnsParallel.js";
