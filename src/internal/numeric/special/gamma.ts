import stdlibBetaln from "@stdlib/math-base-special-betaln";
import stdlibDigamma from "@stdlib/math-base-special-digamma";
import stdlibGammaln from "@stdlib/math-base-special-gammaln";

/**
 * Natural log of |Γ(x)| (stdlib-js `gammaln`, a port of the FreeBSD/Cephes algorithm; relative error
 * about 1e-15 over (1e-3, 1e6), checked against mpmath in test/internal/special/gamma.test.ts).
 */
export function lnGamma(x: number): number {
  return stdlibGammaln(x);
}

/** Sign of Γ(x) for real x that is not a non-positive integer (+1 for x > 0). */
export function gammaSign(x: number): 1 | -1 {
  if (x > 0) return 1;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** Natural log of the beta function B(a, b) = Γ(a)Γ(b)/Γ(a+b), for a, b > 0 (stdlib-js `betaln`). */
export function lnBeta(a: number, b: number): number {
  return stdlibBetaln(a, b);
}

/** The digamma function ψ(x) = d/dx ln Γ(x) (stdlib-js `digamma`). */
export function digamma(x: number): number {
  return stdlibDigamma(x);
}

/** log(exp(a) + exp(b)) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log(exp(a) − exp(b)) for a ≥ b, without overflow; −Infinity when a = b. */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  const d = b - a;
  // log1p(-exp(d)) is accurate for d near 0 via expm1.
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}
