export { customerSummaries } from "./customerSummaries.js";
export type { CustomerSummariesOptions, CustomerSummariesResult, CustomerSummary, SummaryTimeUnit } from "./customerSummaries.js";
