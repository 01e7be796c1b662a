export { customerSummaries } from "./customerSummaries.js";
export type { CustomerSummariesOptions, CustomerSummariesResult, CustomerSummary, CustomerSummaryColumns } from "./customerSummaries.js";
export { calibrationHoldout } from "./calibrationHoldout.js";
export type { CalibrationHoldoutOptions, CalibrationHoldoutResult, HoldoutFacts, HoldoutNewCustomer } from "./calibrationHoldout.js";
export { DEFAULT_RFM_SEGMENTS, rfmScores } from "./rfmScores.js";
export type { RfmCustomerScore, RfmScoreRange, RfmScoresOptions, RfmScoresResult, RfmSegmentCount, RfmSegmentRule } from "./rfmScores.js";
export { customerStatus } from "./customerStatus.js";
export type { CustomerStatusCounts, CustomerStatusOptions, CustomerStatusRecord, CustomerStatusResult, CustomerStatusValue } from "./customerStatus.js";
