// npm run check:layers: the layer rules of issue 21 (docs/architecture-plan.md). Not yet part of `npm test`:
// today's src/internal/ imports public areas; the restructure makes this pass with zero violations.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles, type-only imports included (tsPreCompilationDeps).",
      from: {},
      to: { circular: true },
    },
    {
      name: "internal-not-up",
      severity: "error",
      comment:
        "src/internal/ is below every public area: it may import only the order types and the error class from them.",
      from: { path: "^src/internal/" },
      to: {
        path: "^src/(core|orders|value|retention|cohorts|customers|surveys|models|render|stream)/",
        pathNot: "^src/core/(types|RetentionMetricsError)\\.ts$",
      },
    },
    {
      name: "no-node-builtins",
      severity: "error",
      comment: "src/ runs in browsers, Deno and Bun: no Node built-in modules (but src/cli/, the command-line shell).",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { dependencyTypes: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
