// Named exports only.
export { customerRetentionRate } from "./customerRetentionRate.js";
export type { CustomerRetentionRateResult, RetentionCounts } from "./customerRetentionRate.js";
