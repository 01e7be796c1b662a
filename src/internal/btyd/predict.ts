import type { TimeUnit } from "../../core/types.js";
import type { TransactionModel } from "../../models/types.js";
import { checkOpportunityUnit, customerKey, modelUnitDays, predictionClock, readHistories, recordsAreKeyed, type PredictionClock } from "./input.js";
import { readWeight } from "./validate.js";
import { argumentError } from "../fail.js";

/** A transaction prediction's input: the records and how their times map to the model's clock. */
export interface TransactionInput {
  readonly records: readonly unknown[];
  /** `null` for BG/BB (opportunities, no conversion). */
  readonly clock: PredictionClock | null;
  /** The unit the caller's times are read in (`"opportunity"` for BG/BB). */
  readonly unit: TimeUnit | "opportunity";
}

/** The clock of a continuous-time model for times given in `unitOption` (default: the model's unit). */
export function continuousClock(model: { readonly unit?: unknown }, unitOption: TimeUnit | undefined, name = "model"): PredictionClock {
  const modelDays = modelUnitDays(model.unit, name);
  return predictionClock(model.unit as TimeUnit, modelDays, unitOption);
}

/** Reads the customers of a per-customer transaction prediction (array or `{ customers, unit }`). */
export function readTransactionInput(model: TransactionModel, customers: unknown, unitOption: unknown, name = "model"): TransactionInput {
  if (model.kind === "BG/BB") {
    checkOpportunityUnit(unitOption, model.unit, name);
    return { records: readHistories(customers, undefined, "customers", false).records, clock: null, unit: "opportunity" };
  }
  const h = readHistories(customers, unitOption, "customers", true);
  const clock = continuousClock(model, h.unit, name);
  return { records: h.records, clock, unit: clock.unit };
}

/** Per-customer records `{ customerId, [name]: value }` in input order, and the weighted total Σ wᵢ · valueᵢ. */
export function perCustomer<K extends string>(
  records: readonly unknown[],
  name: K,
  value: (rec: unknown, i: number) => number,
): { customers: ({ customerId: string } & Record<K, number>)[]; total: number } {
  const keyed = recordsAreKeyed(records);
  const out: ({ customerId: string } & Record<K, number>)[] = new Array(records.length);
  let total = 0;
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    const v = finiteValue(value(rec, i), name, i); // validates the record first (INVALID_RECORD for a non-object)
    const r = rec as Record<string, unknown>;
    const customerId = customerKey(r, i, keyed);
    total += readWeight(r, i) * v;
    out[i] = { customerId, [name]: v } as { customerId: string } & Record<K, number>;
  }
  return { customers: out, total };
}

/**
 * The last guard of every model prediction: a value that is not a finite number (parameters so extreme,
 * or inputs so far out, that double precision has no answer) is an INVALID_ARGUMENT on the model's
 * parameters, never a NaN or Infinity in a result.
 */
export function finiteValue(v: number, name: string, customer?: number): number {
  if (Number.isFinite(v)) return v;
  throw argumentError(
    "model.params",
    `give no finite ${name}${customer === undefined ? "" : ` for customer ${customer}`}: the parameters and inputs are beyond the range double precision can evaluate`,
    v,
    "Use a fitted model (a fit whose parameters ran to a bound warns `parameter-at-bound`) and inputs of a realistic size.",
  );
}
