/**
 * The criteria under which a fit warns that its estimate may not mean much (docs/predicting-clv.md, "When a
 * fit warns"). Each warning is `"<tag>: <sentence>"`; the tags are stable.
 */

/** Fewer customers (sum of weights) than this: `few-customers`. */
export const MIN_CUSTOMERS = 50;
/** Fewer customers with a repeat purchase than this (transaction models): `few-repeat-buyers`. */
export const MIN_REPEAT_BUYERS = 10;
/** A parameter in the fit's working units (time rescaled so the largest T is 10, spend by its mean) outside [1/BOUND, BOUND]: `parameter-at-bound`. */
export const PARAMETER_BOUND = 1e6;
/** A standard error larger than this many times its parameter: `weak-parameter`. */
export const MAX_RELATIVE_STANDARD_ERROR = 10;

const short = (v: number): string => v.toPrecision(3);

/** What the warnings are computed from. */
export interface WarningInput {
  readonly model: string;
  readonly paramNames: readonly string[];
  /** Parameters in the caller's units. */
  readonly params: readonly number[];
  /** Parameters in the working (rescaled) units the optimiser saw. */
  readonly working: readonly number[];
  readonly standardErrors: readonly (number | null)[];
  /** Sum of the weights of the customers used. */
  readonly customerCount: number;
  /** Sum of the weights of customers with a repeat purchase, or `null` when the criterion does not apply. */
  readonly repeatBuyers: number | null;
}

/** The warnings of a fit, in a fixed order (data, bounds, Hessian, weak parameters). */
export function fitWarnings(w: WarningInput): string[] {
  const out: string[] = [];
  if (w.customerCount < MIN_CUSTOMERS) {
    out.push(`few-customers: ${w.model} was fitted on ${w.customerCount} customers (fewer than ${MIN_CUSTOMERS}), too few to determine its ${w.paramNames.length} parameters; treat them as rough.`);
  }
  if (w.repeatBuyers !== null && w.repeatBuyers < MIN_REPEAT_BUYERS) {
    out.push(`few-repeat-buyers: only ${w.repeatBuyers} customers made a repeat purchase (fewer than ${MIN_REPEAT_BUYERS}), too few to tell how customers buy and leave; use a longer period or more customers.`);
  }
  const atBound = w.paramNames.filter((_, i) => {
    const t = w.working[i] ?? Number.NaN;
    return !(t >= 1 / PARAMETER_BOUND && t <= PARAMETER_BOUND);
  });
  if (atBound.length > 0) {
    const list = atBound.map((n) => `${n} = ${short(w.params[w.paramNames.indexOf(n)] ?? Number.NaN)}`).join(", ");
    out.push(`parameter-at-bound: ${list} ran to the edge of the parameter space (outside 1e-6 … 1e6 in the fit's rescaled units): the data cannot identify ${w.model}, and its predictions are not meaningful.`);
  }
  const missing = w.paramNames.filter((_, i) => w.standardErrors[i] === null);
  if (missing.length > 0) {
    out.push(`no-standard-errors: the Hessian of the log-likelihood at the estimate is singular or not positive definite (no standard error for ${missing.join(", ")}), so the estimate is not a well-defined maximum.`);
  }
  const weak = w.paramNames.filter((_, i) => {
    const se = w.standardErrors[i];
    const p = w.params[i] ?? Number.NaN;
    return se !== null && se !== undefined && se > MAX_RELATIVE_STANDARD_ERROR * p;
  });
  if (weak.length > 0) {
    const list = weak.map((n) => {
      const i = w.paramNames.indexOf(n);
      return `${n} (${short(w.params[i] ?? Number.NaN)} ± ${short(w.standardErrors[i] ?? Number.NaN)})`;
    }).join(", ");
    out.push(`weak-parameter: the standard error of ${list} is more than ${MAX_RELATIVE_STANDARD_ERROR} times its value: the data barely constrain it.`);
  }
  return out;
}
