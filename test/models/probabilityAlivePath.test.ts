import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { probabilityAlive, probabilityAlivePath, type BetaGeoModel, type ModifiedBetaGeoModel, type ParetoNbdModel } from "../../src/models/index.js";
import { code } from "./errors.js";

const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" };
const mbgnbd: ModifiedBetaGeoModel = { kind: "MBG/NBD", params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, unit: "week" };
const pnbd: ParetoNbdModel = { kind: "Pareto/NBD", params: { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6678 }, unit: "week" };

describe("probabilityAlivePath", () => {
  it("each point is probabilityAlive of the history summarised at that time (CDNOW customer 1's purchases)", () => {
    const path = probabilityAlivePath(bgnbd, [100, 110, 130.43], { until: 160, steps: 6 });
    expect(path.points.map((p) => p.t)).toEqual([100, 110, 110, 120, 130, 130.43, 140, 150, 160]);
    const at = path.points.find((p) => p.t === 130.43 && p.frequency === 2);
    expect(at?.frequency).toBe(2);
    expect(at?.recency).toBeCloseTo(30.43, 12);
    expect(at?.T).toBeCloseTo(30.43, 12);
    // At T = 38.86 weeks after the first purchase: the published customer 1 value 0.7266.
    const end = probabilityAlivePath(bgnbd, [0, 10, 30.43], { until: 38.86, steps: 1 }).points.at(-1);
    expect(end?.probabilityAlive).toBeCloseTo(probabilityAlive(bgnbd, [{ frequency: 2, recency: 30.43, T: 38.86 }]).customers[0]?.probabilityAlive ?? 0, 14);
    expect(end?.probabilityAlive).toBeCloseTo(0.7266, 4);
  });

  it("days in, weekly model: the same path", () => {
    const w = probabilityAlivePath(pnbd, [0, 2, 5], { until: 10, steps: 5 });
    const d = probabilityAlivePath(pnbd, [0, 14, 35], { until: 70, steps: 5, unit: "day" });
    expect(d.unit).toBe("day");
    d.points.forEach((p, i) => expect(p.probabilityAlive).toBeCloseTo(w.points[i]?.probabilityAlive ?? 0, 12));
  });

  it("property: in [0, 1], non-increasing between purchases (all three models)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel>(bgnbd, mbgnbd, pnbd),
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (m, purchases, extra) => {
          const until = Math.max(...purchases) + extra;
          const points = probabilityAlivePath(m, purchases, { until, steps: 20 }).points;
          for (let i = 0; i < points.length; i++) {
            const p = points[i]!;
            expect(p.probabilityAlive).toBeGreaterThanOrEqual(0);
            expect(p.probabilityAlive).toBeLessThanOrEqual(1);
            const prev = points[i - 1];
            if (prev !== undefined && prev.frequency === p.frequency) expect(p.probabilityAlive).toBeLessThanOrEqual(prev.probabilityAlive + 1e-12);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("errors", () => {
    expect(code(() => probabilityAlivePath(bgnbd, []))).toBe("INVALID_ARGUMENT");
    expect(code(() => probabilityAlivePath(bgnbd, [0, Number.NaN]))).toBe("INVALID_ARGUMENT");
    expect(code(() => probabilityAlivePath(bgnbd, [0, 5], { until: 4 }))).toBe("INVALID_OPTION");
    expect(code(() => probabilityAlivePath(bgnbd, [0, 5], { steps: 0 }))).toBe("INVALID_OPTION");
    expect(code(() => probabilityAlivePath(bgnbd, [0, 1e300]))).toBe("INVALID_ARGUMENT");
    expect(code(() => probabilityAlivePath({ kind: "BG/BB", params: { alpha: 1, beta: 1, gamma: 1, delta: 1 } }, [0, 1.5]))).toBe("INVALID_ARGUMENT");
  });
});
