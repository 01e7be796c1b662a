export { retentionReport } from "./retentionReport.js";
export type { RetentionReportOptions } from "./retentionReport.js";
