// npm run check:layers: the layer rules of CONTRIBUTING.md ("The map"), checked in `npm test`.
// Layers of src/internal/, lowest first. A layer imports only layers before it in this list (and itself).
const LAYERS = ["fail.ts", "numeric/", "time/", "money/", "book/", "kernels/", "stream/", "resolve.ts", "sql/", "readers/", "btyd/", "display/"];
const esc = (s) => s.replace(/[.]/g, "\\.");
const layerPath = (l) => `^src/internal/${esc(l)}${l.endsWith("/") ? "" : "$"}`;
const PUBLIC_AREAS = "^src/(?!internal/)[^/]+/";
// The public vocabulary internal code may read: declaration-only `types.ts` files of public areas, and the error class.
const VOCABULARY = "^src/(core/RetentionMetricsError|[a-z]+/types)\\.ts$";

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
      comment: "src/internal/ is below every public area: it may import only the public vocabulary (src/*/types.ts) and the error class.",
      from: { path: "^src/internal/" },
      to: { path: PUBLIC_AREAS, pathNot: VOCABULARY },
    },
    {
      name: "vocabulary-is-a-leaf",
      severity: "error",
      comment: "The public vocabulary files (src/*/types.ts) hold declarations only: they import other vocabulary files and npm packages, nothing else.",
      from: { path: "^src/[a-z]+/types\\.ts$" },
      to: { path: "^src/", pathNot: VOCABULARY },
    },
    ...LAYERS.slice(0, -1).map((layer, i) => ({
      name: `layer-${layer.replace(/[/.].*$/, "")}-not-up`,
      severity: "error",
      comment: `src/internal/${layer} imports only the layers below it: ${LAYERS.slice(0, i).join(", ") || "none"}.`,
      from: { path: layerPath(layer) },
      to: { path: LAYERS.slice(i + 1).map(layerPath) },
    })),
    {
      name: "internal-in-a-layer",
      severity: "error",
      comment: "Every file of src/internal/ lives in one of the named layers.",
      from: { path: "^src/internal/", pathNot: LAYERS.map(layerPath) },
      to: {},
    },
    {
      name: "no-node-builtins",
      severity: "error",
      comment: "src/ runs in browsers, Deno and Bun: no Node built-in modules (src/cli/ is the one shell that may).",
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
