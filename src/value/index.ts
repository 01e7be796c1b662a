// Named exports only.
export { customerLifetimeValue } from "./customerLifetimeValue.js";
export type {
  CustomerLifetimeValueFromOrdersInput,
  CustomerLifetimeValueFromValueInput,
  CustomerLifetimeValueInput,
  CustomerLifetimeValueResult,
} from "./customerLifetimeValue.js";
export { discountedLifetimeValue } from "./discountedLifetimeValue.js";
export type { DiscountedLifetimeValueInput, DiscountedLifetimeValueResult } from "./discountedLifetimeValue.js";
export { retentionImpact } from "./retentionImpact.js";
export type { RetentionImpactInput, RetentionImpactResult } from "./retentionImpact.js";
export { historicalLifetimeValue } from "./historicalLifetimeValue.js";
export type { HistoricalLifetimeValueOptions, HistoricalLifetimeValuePoint, HistoricalLifetimeValueResult } from "./historicalLifetimeValue.js";
export { cohortEconomics } from "./cohortEconomics.js";
export type { AmountInput, CohortEconomicsOptions, CohortEconomicsResult, CohortEconomicsRow, CohortLtvToCac } from "./cohortEconomics.js";
