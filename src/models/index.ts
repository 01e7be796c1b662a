// Buy-till-you-die models: fits, predictions and CLV. Named exports only.
export { fitBetaGeo } from "./fitBetaGeo.js";
export type { FitBetaGeoOptions, FitBetaGeoResult } from "./fitBetaGeo.js";
export { fitModifiedBetaGeo } from "./fitModifiedBetaGeo.js";
export type { FitModifiedBetaGeoOptions, FitModifiedBetaGeoResult } from "./fitModifiedBetaGeo.js";
export { fitParetoNbd } from "./fitParetoNbd.js";
export type { FitParetoNbdOptions, FitParetoNbdResult } from "./fitParetoNbd.js";
export { fitBetaGeoBetaBinom } from "./fitBetaGeoBetaBinom.js";
export type { FitBetaGeoBetaBinomOptions, FitBetaGeoBetaBinomResult } from "./fitBetaGeoBetaBinom.js";
export { fitGammaGamma } from "./fitGammaGamma.js";
export type { FitGammaGammaOptions, FitGammaGammaResult } from "./fitGammaGamma.js";
export { expectedPurchases } from "./expectedPurchases.js";
export type { ExpectedPurchasesOptions, ExpectedPurchasesResult } from "./expectedPurchases.js";
export { conditionalExpectedPurchases } from "./conditionalExpectedPurchases.js";
export type {
  ConditionalExpectedPurchasesCustomer,
  ConditionalExpectedPurchasesOptions,
  ConditionalExpectedPurchasesResult,
} from "./conditionalExpectedPurchases.js";
export { probabilityAlive } from "./probabilityAlive.js";
export type { ProbabilityAliveCustomer, ProbabilityAliveOptions, ProbabilityAliveResult } from "./probabilityAlive.js";
export { purchaseCountProbability } from "./purchaseCountProbability.js";
export type { PurchaseCountProbabilityResult } from "./purchaseCountProbability.js";
export { conditionalPurchaseCountProbability } from "./conditionalPurchaseCountProbability.js";
export type {
  ConditionalPurchaseCountProbabilityCustomer,
  ConditionalPurchaseCountProbabilityOptions,
  ConditionalPurchaseCountProbabilityResult,
} from "./conditionalPurchaseCountProbability.js";
export { probabilityAlivePath } from "./probabilityAlivePath.js";
export type { ProbabilityAlivePathOptions, ProbabilityAlivePathPoint, ProbabilityAlivePathResult } from "./probabilityAlivePath.js";
export { customerLogLikelihood } from "./customerLogLikelihood.js";
export type { CustomerLogLikelihoodCustomer, CustomerLogLikelihoodOptions, CustomerLogLikelihoodResult } from "./customerLogLikelihood.js";
export { conditionalExpectedOrderValue } from "./conditionalExpectedOrderValue.js";
export type { ConditionalExpectedOrderValueCustomer, ConditionalExpectedOrderValueResult } from "./conditionalExpectedOrderValue.js";
export { predictedLifetimeValue } from "./predictedLifetimeValue.js";
export type {
  LifetimeValueCustomer,
  PredictedLifetimeValueCustomer,
  PredictedLifetimeValueOptions,
  PredictedLifetimeValueResult,
} from "./predictedLifetimeValue.js";
export { expectedDiscountedTransactions } from "./expectedDiscountedTransactions.js";
export type {
  ExpectedDiscountedTransactionsCustomer,
  ExpectedDiscountedTransactionsOptions,
  ExpectedDiscountedTransactionsResult,
} from "./expectedDiscountedTransactions.js";
export { fitShiftedBetaGeometric } from "./fitShiftedBetaGeometric.js";
export type { FitShiftedBetaGeometricOptions, FitShiftedBetaGeometricResult } from "./fitShiftedBetaGeometric.js";
export { projectedRetention } from "./projectedRetention.js";
export type { ProjectedRetentionPeriod, ProjectedRetentionResult } from "./projectedRetention.js";
export { discountedExpectedResidualLifetime } from "./discountedExpectedResidualLifetime.js";
export type { DiscountedExpectedResidualLifetimeOptions, DiscountedExpectedResidualLifetimeResult } from "./discountedExpectedResidualLifetime.js";
export { periodTransactionsCheck } from "./periodTransactionsCheck.js";
export type { PeriodTransactionsBin, PeriodTransactionsCheckOptions, PeriodTransactionsCheckResult } from "./periodTransactionsCheck.js";
export { holdoutCheck } from "./holdoutCheck.js";
export type { HoldoutCheckCustomer, HoldoutCheckGroup, HoldoutCheckOptions, HoldoutCheckResult } from "./holdoutCheck.js";
export { frequencyRecencyMatrix } from "./frequencyRecencyMatrix.js";
export type { FrequencyRecencyMatrixOptions, FrequencyRecencyMatrixResult, FrequencyRecencyRow } from "./frequencyRecencyMatrix.js";
export { trackingCheck } from "./trackingCheck.js";
export type { TrackingCheckOptions, TrackingCheckResult, TrackingPeriod, TrackingTotals } from "./trackingCheck.js";
export { modelCheck } from "./modelCheck.js";
export type { ModelCheckOptions, ModelCheckResult } from "./modelCheck.js";
export type { ErrorMetrics } from "../internal/btyd/checks.js";
export type {
  BetaGeoBetaBinomModel,
  BetaGeoModel,
  CustomerHistories,
  CustomerHistory,
  CustomerKey,
  DiscreteRfmRecord,
  FitDiagnostics,
  GammaGammaModel,
  ModifiedBetaGeoModel,
  ParetoNbdModel,
  RfmRecord,
  SpendRecord,
  ShiftedBetaGeometricModel,
  SurvivorCounts,
  ModelTimeUnit,
  TransactionModel,
} from "./types.js";
export { scoreCustomers } from "./scoreCustomers.js";
export type { CustomerScore, CustomerScoreColumns, ScoreCustomersOptions, ScoreCustomersResult, ScoreTotals } from "./scoreCustomers.js";
export { scoreIntervals } from "./scoreIntervals.js";
export type { CustomerScoreIntervals, PredictionInterval, ScoreIntervalsOptions, ScoreIntervalsResult, ScoreTotalIntervals, WithUncertainty } from "./scoreIntervals.js";
export { exportCustomerScores } from "./exportCustomerScores.js";
export type { ExportCustomerScoresOptions } from "./exportCustomerScores.js";
