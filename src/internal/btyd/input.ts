import type { TimeUnit } from "../../core/types.js";
import { argumentError, optionError, recordError } from "../fail.js";
import { daysOfUnit, unitDays } from "../time/timeUnit.js";
import { isObject } from "./validate.js";

const NOUN = "customer";
const UNIT_HINT = 'Use "week" (7 days), "day", or a number of days.';

/** Customer records with the unit of their times, read from a fit's or a prediction's input. */
export interface HistoriesInput {
  /** The records (not yet validated one by one). */
  readonly records: readonly unknown[];
  /** Unit of their times; `undefined` for a plain array without a `unit` option. */
  readonly unit: TimeUnit | undefined;
}

/** A `{ customers, unit }` object (a customerSummaries result) rather than an array. */
function isHistories(value: unknown): value is { customers: unknown; unit?: unknown } {
  return isObject(value) && "customers" in value;
}

/** Days in a unit read from data (not from an option): INVALID_ARGUMENT on a bad value. */
function dataUnitDays(unit: unknown, name: string): number {
  const days = daysOfUnit(unit);
  if (days !== null) return days;
  throw argumentError(name, 'must be "day", "week" or a positive number of days', unit, UNIT_HINT);
}

/** Days in the `unit` option, or `undefined` when it is left out. */
function optionUnitDays(unit: unknown): number | undefined {
  return unit === undefined ? undefined : unitDays(unit);
}

/**
 * Reads `input`, an array of records or a `{ customers, unit }` result, with the `unit` option. A result's
 * unit wins; an option that names another length of time is a `UNIT_MISMATCH`. Records that are neither
 * are an INVALID_ARGUMENT naming both accepted forms.
 */
export function readHistories(input: unknown, unitOption: unknown, argName: string, withUnit: boolean): HistoriesInput {
  const optionDays = withUnit ? optionUnitDays(unitOption) : undefined;
  if (Array.isArray(input)) return { records: input, unit: unitOption as TimeUnit | undefined };
  if (isHistories(input) && Array.isArray(input.customers)) {
    if (!withUnit) return { records: input.customers, unit: undefined };
    const days = dataUnitDays(input.unit, `${argName}.unit`);
    if (optionDays !== undefined && optionDays !== days) {
      throw optionError(
        "unit",
        `disagrees with the unit of the customer summaries (${JSON.stringify(input.unit)})`,
        unitOption,
        "Leave the option out: the summaries carry their unit.",
        "UNIT_MISMATCH",
      );
    }
    return { records: input.customers, unit: input.unit as TimeUnit };
  }
  throw argumentError(argName, "must be an array of customer records or a customerSummaries result ({ customers, unit })", input, "Wrap a single customer in an array: [customer].");
}

/** The unit of a fit's records: required for a plain array (guessing it is the classic CLV unit bug). */
export function readFitHistories(input: unknown, unitOption: unknown, model: string): { records: readonly unknown[]; unit: TimeUnit } {
  const h = readHistories(input, unitOption, "records", true);
  if (h.unit === undefined) {
    throw optionError(
      "unit",
      `is required when the records are a plain array: a ${model} model must know the unit of recency and T`,
      undefined,
      'Pass { unit: "week" } (or "day", or a number of days), or pass the customerSummaries result itself, which carries its unit.',
    );
  }
  return { records: h.records, unit: h.unit };
}

/** The validated unit of a continuous-time model (BG/NBD, MBG/NBD, Pareto/NBD), in days. */
export function modelUnitDays(unit: unknown, name: string): number {
  if (unit === undefined) {
    throw argumentError(
      `${name}.unit`,
      "is missing: a model must say the time unit of the data it was fitted on",
      unit,
      'Add unit, as every fit result carries it ("week" for the CDNOW parameters of the papers).',
    );
  }
  return dataUnitDays(unit, `${name}.unit`);
}

/**
 * How a prediction reads times: `unit` is the unit of the caller's times (the histories' unit, else the
 * option, else the model's), and `toModel(v)` expresses a time of that unit in the model's unit, exactly
 * `v · inputDays / modelDays` (and `v` itself when the two units are as long).
 */
export interface PredictionClock {
  readonly unit: TimeUnit;
  readonly inputDays: number;
  readonly modelDays: number;
  readonly toModel: (v: number) => number;
}

export function predictionClock(modelUnit: TimeUnit, modelDays: number, inputUnit: TimeUnit | undefined): PredictionClock {
  const unit = inputUnit ?? modelUnit;
  const inputDays = inputUnit === undefined ? modelDays : unitDays(inputUnit);
  const toModel = inputDays === modelDays ? (v: number): number => v : (v: number): number => (v * inputDays) / modelDays;
  return { unit, inputDays, modelDays, toModel };
}

/** A BG/BB model counts opportunities: a calendar `unit` option is a UNIT_MISMATCH. */
export function checkOpportunityUnit(unitOption: unknown, modelUnit: unknown, name: string): void {
  if (modelUnit !== undefined && modelUnit !== "opportunity") {
    throw argumentError(`${name}.unit`, 'must be "opportunity" for a BG/BB model', modelUnit, "Pass the result of fitBetaGeoBetaBinom.");
  }
  if (unitOption !== undefined && unitOption !== "opportunity") {
    throw optionError("unit", "does not apply to a BG/BB model, whose clock counts transaction opportunities", unitOption, "Leave it out and give times as whole numbers of opportunities.", "UNIT_MISMATCH");
  }
}

/** Whether the records carry `customerId` (decided by the first record). */
export function recordsAreKeyed(records: readonly unknown[]): boolean {
  const first = records[0];
  return isObject(first) && first["customerId"] !== undefined;
}

/**
 * The key of record `i`: its `customerId` as a string when the records are keyed, else its position. Either
 * every record carries a `customerId` or none does (a mix is an INVALID_CUSTOMER_ID: ids and positions could
 * collide, and a record without an id among keyed ones is usually a misspelt field).
 */
export function customerKey(rec: Record<string, unknown>, i: number, keyed: boolean): string {
  const v = rec["customerId"];
  if (!keyed) {
    if (v !== undefined) {
      throw recordError("INVALID_CUSTOMER_ID", i, "customerId", "is set while customer 0 has none", v, "Give every record a customerId, or none (the records are then keyed by input position).", NOUN);
    }
    return String(i);
  }
  if (typeof v === "string") {
    if (v === "") throw recordError("EMPTY_CUSTOMER_ID", i, "customerId", "is empty", v, "Give every record the id of its customer.", NOUN);
    return v;
  }
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (v === undefined) {
    throw recordError("INVALID_CUSTOMER_ID", i, "customerId", "is missing while customer 0 has one", v, "Give every record a customerId, or none (the records are then keyed by input position).", NOUN);
  }
  throw recordError("INVALID_CUSTOMER_ID", i, "customerId", "must be a string or a number", v, "Give every record the id of its customer.", NOUN);
}
