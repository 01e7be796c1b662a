import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import { netPromoterScore } from "../../src/surveys/netPromoterScore.js";

function expectScoreError(fn: () => unknown, index: number, got: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RetentionMetricsError);
    const err = e as RetentionMetricsError;
    expect(err.code).toBe("INVALID_SCORE");
    expect(err.field).toBe("score");
    expect(err.index).toBe(index);
    expect(err.message).toBe(
      `score ${index}, score: is not an integer from 0 to 10 (got ${got}). Remove or correct this answer; survey answers are whole numbers on the question's scale. See https://github.com/retention-metrics/retention-metrics/blob/main/docs/errors.md#invalid_score`,
    );
    return;
  }
  throw new Error("expected a RetentionMetricsError");
}

describe("netPromoterScore", () => {
  it('docs/surveys.md "Net Promoter Score": ten answers give 30', () => {
    // promoters (9–10): 9, 10, 10, 9, 9 → 5; passives (7–8): 7, 8, 8 → 3; detractors (0–6): 6, 3 → 2
    // NPS = 100 × (5 − 2) / 10 = 30
    expect(netPromoterScore([9, 10, 7, 6, 8, 10, 3, 9, 8, 9])).toEqual({
      netPromoterScore: 30,
      promoters: 5,
      passives: 3,
      detractors: 2,
      total: 10,
      promoterShare: 0.5,
      passiveShare: 0.3,
      detractorShare: 0.2,
    });
  });

  it("uses the group borders 6/7 and 8/9", () => {
    // 6 is a detractor, 7 and 8 passives, 9 a promoter: 100 × (1 − 1) / 4 = 0
    expect(netPromoterScore([6, 7, 8, 9])).toMatchObject({ netPromoterScore: 0, promoters: 1, passives: 2, detractors: 1 });
    // one promoter, two detractors: 100 × (1 − 2) / 3 = −33.33…
    expect(netPromoterScore([10, 0, 5]).netPromoterScore).toBeCloseTo(-100 / 3, 12);
  });

  it("edge cases: empty input, all promoters, all detractors, all passives", () => {
    expect(netPromoterScore([])).toEqual({
      netPromoterScore: null,
      promoters: 0,
      passives: 0,
      detractors: 0,
      total: 0,
      promoterShare: null,
      passiveShare: null,
      detractorShare: null,
    });
    expect(netPromoterScore([10, 9]).netPromoterScore).toBe(100);
    expect(netPromoterScore([0, 6]).netPromoterScore).toBe(-100);
    expect(netPromoterScore([7, 8]).netPromoterScore).toBe(0);
  });

  it("accepts any iterable, read once", () => {
    function* answers(): Generator<number> {
      yield 10;
      yield 2;
      yield 9;
    }
    // 2 promoters, 1 detractor: 100 × (2 − 1) / 3 = 33.33…
    expect(netPromoterScore(answers()).netPromoterScore).toBeCloseTo(100 / 3, 12);
    expect(netPromoterScore(new Set([10, 9, 8])).promoters).toBe(2);
    expect(netPromoterScore(new Float64Array([10, 0])).netPromoterScore).toBe(0);
  });

  it("rejects answers that are out of range or not integers, with their index", () => {
    expectScoreError(() => netPromoterScore([10, 11]), 1, "11");
    expectScoreError(() => netPromoterScore([-1]), 0, "-1");
    expectScoreError(() => netPromoterScore([5, 5, 7.5]), 2, "7.5");
    expectScoreError(() => netPromoterScore([NaN]), 0, "NaN");
    expectScoreError(() => netPromoterScore([1, "9" as never]), 1, '"9"');
    expectScoreError(() => netPromoterScore([null as never]), 0, "null");
    expectScoreError(() => netPromoterScore([Infinity]), 0, "Infinity");
  });

  it("rejects input that is not an iterable", () => {
    for (const bad of [null, undefined, 9, "910", { length: 1, 0: 9 }]) {
      try {
        netPromoterScore(bad as never);
        throw new Error("expected a RetentionMetricsError");
      } catch (e) {
        expect(e).toBeInstanceOf(RetentionMetricsError);
        expect((e as RetentionMetricsError).code).toBe("INVALID_ARGUMENT");
        expect((e as RetentionMetricsError).field).toBe("scores");
      }
    }
  });

  const answers = fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 300 });

  it("property: the score is in [−100, 100] and the groups add up to the total", () => {
    fc.assert(
      fc.property(answers, (scores) => {
        const r = netPromoterScore(scores);
        expect(r.promoters + r.passives + r.detractors).toBe(r.total);
        expect(r.total).toBe(scores.length);
        if (r.total === 0) expect(r.netPromoterScore).toBeNull();
        else {
          expect(r.netPromoterScore!).toBeGreaterThanOrEqual(-100);
          expect(r.netPromoterScore!).toBeLessThanOrEqual(100);
          expect(r.netPromoterScore!).toBeCloseTo(100 * (r.promoterShare! - r.detractorShare!), 9);
        }
      }),
    );
  });

  it("property: shuffling the answers changes nothing", () => {
    fc.assert(
      fc.property(
        answers.chain((scores) => fc.tuple(fc.constant(scores), fc.shuffledSubarray(scores, { minLength: scores.length, maxLength: scores.length }))),
        ([scores, shuffled]) => {
          expect(netPromoterScore(shuffled)).toEqual(netPromoterScore(scores));
        },
      ),
    );
  });

  it("property: adding a promoter never lowers the score, adding a detractor never raises it", () => {
    fc.assert(
      fc.property(answers, (scores) => {
        fc.pre(scores.length > 0);
        const base = netPromoterScore(scores).netPromoterScore!;
        expect(netPromoterScore([...scores, 10]).netPromoterScore!).toBeGreaterThanOrEqual(base - 1e-9);
        expect(netPromoterScore([...scores, 0]).netPromoterScore!).toBeLessThanOrEqual(base + 1e-9);
      }),
    );
  });
});
