import { argumentError } from "../fail.js";
import { betaGeoObjective, betaGeoTotalLogLik, betaGeoTotalLogLikGradient } from "./betaGeo.js";
import { fitMaximumLikelihood, repeatWeight, type MaximumLikelihoodFit } from "./fitDriver.js";
import { readFitHistories } from "./input.js";
import { packRfm, readNonNegativeOption, readPositiveIntegerOption, type RfmData } from "./validate.js";
import { fitWarnings } from "./warnings.js";
import type { TimeUnit } from "../../core/types.js";

/** Options shared by the transaction-model fits. */
export interface TransactionFitOptionsInput {
  penalizer?: number | undefined;
  maxIterations?: number | undefined;
  unit?: TimeUnit | undefined;
}

/** A continuous-time fit with its data, unit and warnings. */
export interface ContinuousFit extends MaximumLikelihoodFit {
  readonly data: RfmData;
  readonly unit: TimeUnit;
  readonly warnings: string[];
  readonly penalizer: number;
}

/** The warnings of a continuous-time fit (the criteria of src/internal/btyd/warnings.ts). */
export function continuousWarnings(model: string, paramNames: readonly string[], fit: MaximumLikelihoodFit, data: RfmData): string[] {
  return fitWarnings({
    model,
    paramNames,
    params: fit.params,
    working: fit.working,
    standardErrors: fit.standardErrors,
    customerCount: data.totalWeight,
    repeatBuyers: repeatWeight(data.x, data.w),
  });
}

/**
 * INSUFFICIENT_DATA for records that all share one history (one customer, or copies of one): a model
 * that describes how customers differ cannot be fitted to customers that do not (its likelihood rises
 * without bound as the spread parameters run to infinity).
 */
export function identicalHistories(model: string, records: number): Error {
  return argumentError(
    "records",
    `${records === 1 ? "has a single customer" : `has ${records} records that all share one history`}, so ${model}, which describes how customers differ, cannot be identified`,
    records === 1 ? "1 record" : `${records} identical records`,
    "Fit on the histories of many customers (at least 2 different ones; in practice hundreds).",
    "INSUFFICIENT_DATA",
  );
}

/** Validate records for a continuous-time fit and return packed data plus the lifetimes time scale. */
export function prepareContinuousFit(records: unknown, model: string): { data: RfmData; scale: number } {
  const data = packRfm(records, "records");
  if (data.x.length === 0) {
    throw argumentError("records", `needs at least one customer to fit ${model}`, records, "Pass the customer histories of the calibration period.", "INSUFFICIENT_DATA");
  }
  let repeat = false;
  for (const x of data.x) if (x > 0) repeat = true;
  if (!repeat) {
    throw argumentError("records", `has no customer with a repeat purchase, so ${model} cannot be identified`, `${data.records} records with frequency 0`, "Use a longer calibration period or more customers.", "INSUFFICIENT_DATA");
  }
  if (data.x.length === 1) {
    throw identicalHistories(model, data.records);
  }
  if (!(data.maxT > 0)) {
    throw argumentError("records", "has every T equal to 0", "T = 0 for all records", "Customers need some observed time after their first purchase.", "INSUFFICIENT_DATA");
  }
  // lifetimes rescales time so that the oldest customer has age 10; the estimate is unchanged, the
  // optimiser sees parameters of order 1.
  return { data, scale: 10 / data.maxT };
}

export function readFitOptions(options: TransactionFitOptionsInput | undefined): { penalizer: number; maxIterations: number } {
  return {
    penalizer: readNonNegativeOption(options?.penalizer, "penalizer", 0),
    maxIterations: readPositiveIntegerOption(options?.maxIterations, "maxIterations", 1000),
  };
}

/** Fit BG/NBD or MBG/NBD; parameters in the order r, alpha, a, b. */
export function fitBetaGeoFamily(input: unknown, modified: boolean, options: TransactionFitOptionsInput | undefined): ContinuousFit {
  const model = modified ? "MBG/NBD" : "BG/NBD";
  const { records, unit } = readFitHistories(input, options?.unit, model);
  const { data, scale } = prepareContinuousFit(records, model);
  const { penalizer, maxIterations } = readFitOptions(options);
  const obj = betaGeoObjective(data, modified, scale);
  const fit = fitMaximumLikelihood({
    model,
    paramNames: ["r", "alpha", "a", "b"],
    meanNegLogLik: obj.value,
    meanNegLogLikGradient: obj.valueAndGradient,
    toCallerUnits: ([r = 1, alpha = 1, a = 1, b = 1]) => [r, alpha / scale, a, b],
    toWorkingUnits: ([r = 1, alpha = 1, a = 1, b = 1]) => [r, alpha * scale, a, b],
    totalLogLik: (p) => betaGeoTotalLogLik(data, modified, p),
    totalLogLikGradient: (p) => betaGeoTotalLogLikGradient(data, modified, p),
    workingPerCaller: [1, scale, 1, 1],
    totalWeight: data.totalWeight,
    penalizer,
    maxIterations,
  });
  return { ...fit, data, unit, penalizer, warnings: continuousWarnings(model, ["r", "alpha", "a", "b"], fit, data) };
}
