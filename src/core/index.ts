export { RetentionMetricsError } from "./RetentionMetricsError.js";
export type { RetentionMetricsErrorCode, RetentionMetricsErrorDetails } from "./RetentionMetricsError.js";
