import { gammaSign, lnGamma } from "./gamma.js";

/** A real number held as sign × exp(log). `sign` is 0 for an exact zero. */
export interface SignedLog {
  readonly log: number;
  readonly sign: -1 | 0 | 1;
}

const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);
/** Series terms allowed before switching to the 1 − z connection formula. */
const SERIES_TERM_LIMIT = 1_000_000;

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/**
 * The Gauss series Σ (a)_k (b)_k / ((c)_k k!) z^k, summed with a running power-of-ten rescale so that
 * large parameters (a, b in the thousands) neither overflow nor underflow. Returns `null` when the
 * series has not converged within `limit` terms.
 */
export function hyp2f1Series(a: number, b: number, c: number, z: number, limit = SERIES_TERM_LIMIT): SignedLog | null {
  if (z === 0) return { log: 0, sign: 1 };
  let sum = 1;
  let term = 1;
  let logScale = 0;
  let tol = 1e-17;
  for (let k = 0; k < limit; k++) {
    const ratio = ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    term *= ratio;
    sum += term;
    if (term === 0) return toSigned(sum, logScale);
    // A term below 1e-250 of the sum, with a ratio below 1, is far past the hump: stop before the terms
    // turn subnormal (subnormal arithmetic is about a hundred times slower, and the "k past the
    // parameters" guard below can otherwise keep summing tens of thousands of them).
    if (Math.abs(term) < 1e-250 * Math.abs(sum) && Math.abs(ratio) < 1) return toSigned(sum, logScale);
    if (Math.abs(sum) > RESCALE || Math.abs(term) > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
    // Once the term ratio is below 1 and past its hump, the tail is bounded by a geometric series
    // with ratio max(|ratio|, |z|).
    const rho = Math.max(Math.abs(ratio), Math.abs(z));
    if (rho < 1 && k > Math.abs(a) + Math.abs(b) + Math.abs(c)) {
      const nextRatio = Math.abs(((a + k + 1) * (b + k + 1) * z) / ((c + k + 1) * (k + 2)));
      if (nextRatio <= Math.max(Math.abs(ratio), Math.abs(z)) + 1e-15) {
        const tail = (Math.abs(term) * rho) / (1 - rho);
        if (tail <= tol * Math.abs(sum)) return toSigned(sum, logScale);
      }
    }
    if (k === 100_000) tol = 1e-16;
  }
  return null;
}

function toSigned(value: number, logScale: number): SignedLog {
  if (value === 0) return { log: -Infinity, sign: 0 };
  return { log: Math.log(Math.abs(value)) + logScale, sign: value > 0 ? 1 : -1 };
}

function addSigned(x: SignedLog, y: SignedLog): SignedLog {
  if (x.sign === 0) return y;
  if (y.sign === 0) return x;
  const hi = x.log >= y.log ? x : y;
  const lo = x.log >= y.log ? y : x;
  const ratio = Math.exp(lo.log - hi.log) * lo.sign * hi.sign;
  const s = 1 + ratio;
  if (s === 0) return { log: -Infinity, sign: 0 };
  return { log: hi.log + Math.log(Math.abs(s)), sign: (s > 0 ? hi.sign : -hi.sign) as -1 | 1 };
}

/** log|Γ(c)Γ(m)/(Γ(p)Γ(q))| with its sign. */
function gammaRatio(c: number, m: number, p: number, q: number): SignedLog {
  return {
    log: lnGamma(c) + lnGamma(m) - lnGamma(p) - lnGamma(q),
    sign: (gammaSign(c) * gammaSign(m) * gammaSign(p) * gammaSign(q)) as -1 | 1,
  };
}

/**
 * The 1 − z connection formula (Abramowitz & Stegun 15.3.6, DLMF 15.8.4) for c − a − b = m not an
 * integer:
 * F(a,b;c;z) = Γ(c)Γ(m)/(Γ(c−a)Γ(c−b)) F(a,b;1−m;1−z) + (1−z)^m Γ(c)Γ(−m)/(Γ(a)Γ(b)) F(c−a,c−b;1+m;1−z).
 */
function connection(a: number, b: number, c: number, z: number): SignedLog | null {
  const m = c - a - b;
  const w = 1 - z;
  const f1 = hyp2f1Series(a, b, 1 - m, w);
  const f2 = hyp2f1Series(c - a, c - b, 1 + m, w);
  if (f1 === null || f2 === null) return null;
  let t1: SignedLog = { log: -Infinity, sign: 0 };
  if (!isNonPositiveInteger(c - a) && !isNonPositiveInteger(c - b)) {
    const g = gammaRatio(c, m, c - a, c - b);
    t1 = { log: g.log + f1.log, sign: (g.sign * f1.sign) as -1 | 0 | 1 };
  }
  let t2: SignedLog = { log: -Infinity, sign: 0 };
  if (!isNonPositiveInteger(a) && !isNonPositiveInteger(b)) {
    const g = gammaRatio(c, -m, a, b);
    t2 = { log: g.log + m * Math.log(w) + f2.log, sign: (g.sign * f2.sign) as -1 | 0 | 1 };
  }
  return addSigned(t1, t2);
}

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real a, b, c (c not a non-positive integer) and
 * 0 ≤ z < 1, returned as sign and log of the absolute value so that results beyond the float range
 * (large a, b near z → 1) stay usable.
 *
 * Method: the defining series with running rescale when it converges within a million terms (always
 * for z ≤ 0.999 with moderate parameters; the terms are all positive when a, b, c > 0, so the sum
 * has no cancellation); otherwise the 1 − z connection formula (A&S 15.3.6), whose two series
 * converge fast for 1 − z small. When c − a − b is within 1e-9 of an integer, where that formula
 * has cancelling poles, c is perturbed by ±1e-7 and the two values averaged (relative error below
 * about 1e-9).
 *
 * Cost: O(number of series terms), which is about (a+b)·z/(1−z) + 40/(1−z) in the worst case.
 */
export function hyp2f1Signed(a: number, b: number, c: number, z: number): SignedLog {
  if (!(z >= 0 && z < 1) || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) {
    return { log: Number.NaN, sign: 1 };
  }
  if (isNonPositiveInteger(c)) return { log: Number.NaN, sign: 1 };
  if (z === 0 || a === 0 || b === 0) return { log: 0, sign: 1 };
  const series = hyp2f1Series(a, b, c, z);
  if (series !== null) return series;
  const m = c - a - b;
  if (Math.abs(m - Math.round(m)) < 1e-9) {
    const lo = connection(a, b, c - 1e-7, z);
    const hi = connection(a, b, c + 1e-7, z);
    if (lo === null || hi === null || lo.sign !== hi.sign) return { log: Number.NaN, sign: 1 };
    return { log: lo.log + Math.log((1 + Math.exp(hi.log - lo.log)) / 2), sign: lo.sign };
  }
  return connection(a, b, c, z) ?? { log: Number.NaN, sign: 1 };
}

/** log ₂F₁(a, b; c; z) for 0 ≤ z < 1 when the value is positive (NaN when it is not). */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const v = hyp2f1Signed(a, b, c, z);
  return v.sign === 1 ? v.log : Number.NaN;
}

/** ₂F₁(a, b; c; z) for 0 ≤ z < 1 as a float (may overflow to ±Infinity for extreme parameters). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const v = hyp2f1Signed(a, b, c, z);
  return v.sign * Math.exp(v.log);
}
