// One-customer forms of the per-customer predictions, for the tests written against single histories (the hand
// computations of the papers' customer 1). Each calls the public function with `[customer]` and reads the one
// record's value, so every assertion of those tests still checks the public function.
import * as api from "../../src/models/index.js";
import type { CustomerHistory, GammaGammaModel, LifetimeValueCustomer, ParetoNbdModel, SpendRecord, TransactionModel } from "../../src/models/index.js";

export function probabilityAlive(model: TransactionModel, customer: CustomerHistory, options?: api.ProbabilityAliveOptions): number {
  return api.probabilityAlive(model, [customer], options).customers[0]!.probabilityAlive;
}

export function conditionalExpectedPurchases(model: TransactionModel, customer: CustomerHistory, t: number, options?: api.ConditionalExpectedPurchasesOptions): number {
  return api.conditionalExpectedPurchases(model, [customer], t, options).customers[0]!.conditionalExpectedPurchases;
}

export function conditionalExpectedOrderValue(model: GammaGammaModel, customer: SpendRecord): number {
  return api.conditionalExpectedOrderValue(model, [customer]).customers[0]!.conditionalExpectedOrderValue;
}

export function expectedDiscountedTransactions(model: ParetoNbdModel, customer: api.RfmRecord, options?: api.ExpectedDiscountedTransactionsOptions): number {
  return api.expectedDiscountedTransactions(model, [customer], options).customers[0]!.expectedDiscountedTransactions;
}

export function predictedLifetimeValueOf(
  model: Parameters<typeof api.predictedLifetimeValue>[0],
  spend: GammaGammaModel,
  customer: LifetimeValueCustomer,
  options?: api.PredictedLifetimeValueOptions,
): number {
  return api.predictedLifetimeValue(model, spend, [customer], options).customers[0]!.predictedLifetimeValue;
}

export function expectedPurchases(model: TransactionModel, t: number, options?: api.ExpectedPurchasesOptions): number {
  return api.expectedPurchases(model, t, options).expectedPurchases;
}

export function purchaseCountProbability(model: TransactionModel, n: number, t: number, options?: api.ExpectedPurchasesOptions): number {
  return api.purchaseCountProbability(model, n, t, options).purchaseCountProbability;
}
