import type { BetaGeoModel, GammaGammaModel, LifetimeValueCustomer, ParetoNbdModel } from "../../src/models/index.js";
import { cdnowSpend, cdnowSummary } from "./fixtures.js";

// The CDNOW fits, cached: parameters and covariance (inverse Hessian) as fitBetaGeo / fitParetoNbd / fitGammaGamma
// return them on the 2,357-customer sample (rounded to 6 significant digits; a unit test need not refit).
export const bgnbdFit: BetaGeoModel & { covariance: number[][]; warnings: string[] } = {
  kind: "BG/NBD",
  params: { r: 0.242593, alpha: 4.41359, a: 0.792919, b: 2.42589 },
  unit: "week",
  covariance: [
    [0.000157686, 0.00370638, -8.78394e-5, 6.56495e-5],
    [0.00370638, 0.143051, -0.00286558, 0.0105224],
    [-8.78394e-5, -0.00286558, 0.0344916, 0.123196],
    [6.56495e-5, 0.0105224, 0.123196, 0.497512],
  ],
  warnings: [],
};
export const pnbdModel: ParetoNbdModel = { kind: "Pareto/NBD", params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, unit: "week" };
export const ggFit: GammaGammaModel & { covariance: number[][]; warnings: string[] } = {
  kind: "Gamma-Gamma",
  params: { p: 6.2488, q: 3.74459, v: 15.4478 },
  covariance: [
    [1.4154, -0.231916, -4.80221],
    [-0.231916, 0.0841978, 0.992255],
    [-4.80221, 0.992255, 17.3061],
  ],
  warnings: [],
};

/** The first `n` CDNOW sample customers with their ids and mean repeat-purchase values. */
export function cdnowCustomers(n: number): LifetimeValueCustomer[] {
  return cdnowSummary.slice(0, n).map((c, i) => ({ ...c, customerId: String(i + 1), monetaryValue: cdnowSpend[i]?.monetaryValue ?? 0 }));
}
