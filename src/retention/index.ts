// Named exports only.
export { customerRetentionRate } from "./customerRetentionRate.js";
export type {
  ChurnDefinition,
  CustomerRetentionRateOptions,
  CustomerRetentionRateResult,
  IntervalActivity,
  OrderRetentionResult,
  ResolvedChurnDefinition,
  RetentionCounts,
  RetentionRates,
} from "./customerRetentionRate.js";
export { returningCustomerRate } from "./returningCustomerRate.js";
export type { ReturningCustomerRateOptions, ReturningCustomerRateResult } from "./returningCustomerRate.js";
export { retentionSeries } from "./retentionSeries.js";
export type { RetentionSeriesOptions, RetentionSeriesPoint, RetentionSeriesResult } from "./retentionSeries.js";
export { growthAccounting } from "./growthAccounting.js";
export type { GrowthAccountingOptions, GrowthAccountingPeriod, GrowthAccountingResult } from "./growthAccounting.js";
export { timeToSecondPurchase } from "./timeToSecondPurchase.js";
export type { ReturnedWithin, SecondPurchaseCohort, SecondPurchaseStats, TimeToSecondPurchaseOptions, TimeToSecondPurchaseResult } from "./timeToSecondPurchase.js";
export { returningCustomerShare } from "./returningCustomerShare.js";
export type { ReturningCustomerShareOptions, ReturningCustomerShareResult } from "./returningCustomerShare.js";
export { repeatWithinPeriods } from "./repeatWithinPeriods.js";
export type { RepeatWithinPeriodsOptions, RepeatWithinPeriodsResult } from "./repeatWithinPeriods.js";
