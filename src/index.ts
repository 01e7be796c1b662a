// Named exports only; one barrel per area.
export * from "./core/index.js";
export * from "./orders/index.js";
export * from "./value/index.js";
export * from "./retention/index.js";
export * from "./surveys/index.js";
export * from "./customers/index.js";
export * from "./cohorts/index.js";
export * from "./models/index.js";
export * from "./render/index.js";
export * from "./stream/index.js";
export * from "./readers/index.js";
export * from "./report/index.js";
export * from "./sql/index.js";
