// Named exports only; one barrel per area.
export * from "./core/index.js";
export * from "./orders/index.js";
export * from "./cohorts/index.js";
