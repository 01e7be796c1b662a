import { argumentError } from "../fail.js";
import type { BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel, ParetoNbdModel, ShiftedBetaGeometricModel, TransactionModel } from "../../models/types.js";

const PARAMS: Record<string, readonly string[]> = {
  "BG/NBD": ["r", "alpha", "a", "b"],
  "MBG/NBD": ["r", "alpha", "a", "b"],
  "Pareto/NBD": ["r", "alpha", "s", "beta"],
  "BG/BB": ["alpha", "beta", "gamma", "delta"],
  "Gamma-Gamma": ["p", "q", "v"],
  sBG: ["alpha", "beta"],
};

function checkParams(model: unknown, name: string, kinds: readonly string[]): void {
  const m = model as { kind?: unknown; params?: Record<string, unknown> } | null;
  const kind = typeof m === "object" && m !== null ? m.kind : undefined;
  if (typeof kind !== "string" || !kinds.includes(kind)) {
    throw argumentError(name, `must be a fitted model of kind ${kinds.map((k) => `"${k}"`).join(", ")}`, kind ?? model, "Pass the result of the matching fit function.");
  }
  for (const p of PARAMS[kind] ?? []) {
    const v = m?.params?.[p];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
      throw argumentError(`${name}.params.${p}`, "must be a finite number above 0", v, "Pass the result of the matching fit function.");
    }
  }
}

/** Validate a transaction model passed to a prediction. */
export function readTransactionModel(model: unknown, name = "model", kinds: readonly string[] = ["BG/NBD", "MBG/NBD", "Pareto/NBD", "BG/BB"]): TransactionModel {
  checkParams(model, name, kinds);
  return model as TransactionModel;
}

/** Validate a Gamma-Gamma model; rejects q ≤ 1 (expected spend undefined). */
export function readSpendModel(model: unknown, name = "model"): GammaGammaModel {
  checkParams(model, name, ["Gamma-Gamma"]);
  const m = model as GammaGammaModel;
  if (m.params.q <= 1) {
    throw argumentError(`${name}.params.q`, "must be above 1, or the expected spend is infinite", m.params.q, "Refit with more data or a penalizer; see the fit's warnings.");
  }
  return m;
}

/** Validate a shifted-beta-geometric (sBG) model; its unit, when present, must be `"period"`. */
export function readRetentionModel(model: unknown, name = "model"): ShiftedBetaGeometricModel {
  checkParams(model, name, ["sBG"]);
  const unit = (model as { unit?: unknown }).unit;
  if (unit !== undefined && unit !== "period") {
    throw argumentError(`${name}.unit`, 'must be "period" (or absent) for an sBG model', unit, "Pass the result of fitShiftedBetaGeometric.");
  }
  return model as ShiftedBetaGeometricModel;
}

/**
 * Exhaustiveness guard for `switch (model.kind)`: a kind added to {@link TransactionModel} without a case
 * fails to compile here instead of being computed as another model. Unreachable at run time (the model
 * readers check the kind first).
 */
export function unhandledKind(model: never): never {
  const kind = (model as { kind?: unknown } | null)?.kind;
  throw argumentError("model.kind", "is not a model kind this function handles", kind, "Pass the result of a fit function.");
}

/** Evaluate a BG/NBD-family formula that has a removable singularity at a = 1 (averaging a ± 1e-6). */
export function avoidAOne<T extends BetaGeoModel | ModifiedBetaGeoModel>(m: T, f: (p: T["params"]) => number): number {
  const { a } = m.params;
  if (Math.abs(a - 1) > 1e-8) return f(m.params);
  return 0.5 * (f({ ...m.params, a: 1 - 1e-6 }) + f({ ...m.params, a: 1 + 1e-6 }));
}

/** The continuous-time transaction models (every kind but BG/BB). */
export type ContinuousModel = BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel;
