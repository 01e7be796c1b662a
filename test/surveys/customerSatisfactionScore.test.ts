import { expectRetentionError } from "../support/expectRetentionError.js";
import type { RetentionMetricsErrorCode } from "../../src/core/RetentionMetricsError.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import { customerSatisfactionScore } from "../../src/surveys/customerSatisfactionScore.js";

const expectError = (fn: () => unknown, code: RetentionMetricsErrorCode, field: string, index: number | null): RetentionMetricsError =>
  expectRetentionError(fn, { code, field, index });

describe("customerSatisfactionScore", () => {
  it('docs/surveys.md "Customer satisfaction score": six answers on a 1–5 scale', () => {
    // top two boxes (4, 5): 5, 4, 4, 5 → 4 of 6 answers: CSAT = 4 / 6 = 0.667
    // mean: (5 + 4 + 3 + 4 + 1 + 5) / 6 = 22 / 6 = 3.67
    expect(customerSatisfactionScore([5, 4, 3, 4, 1, 5])).toEqual({
      customerSatisfactionScore: 4 / 6,
      satisfied: 4,
      total: 6,
      scale: 5,
      counts: [1, 0, 1, 2, 2],
      mean: 22 / 6,
    });
  });

  it("other scales: the top two boxes are scale − 1 and scale", () => {
    // 1–7 scale: 6 and 7 count; answers 7, 6, 5, 5 → 2 of 4 = 0.5
    const r = customerSatisfactionScore([7, 6, 5, 5], { scale: 7 });
    expect(r.customerSatisfactionScore).toBe(0.5);
    expect(r.counts).toEqual([0, 0, 0, 0, 2, 1, 1]);
    // 1–3 scale: 2 and 3 count; answers 1, 2, 3, 1 → 2 of 4 = 0.5
    expect(customerSatisfactionScore([1, 2, 3, 1], { scale: 3 }).customerSatisfactionScore).toBe(0.5);
    // the default is 5; an explicit undefined means the default
    expect(customerSatisfactionScore([5], { scale: undefined }).scale).toBe(5);
  });

  it("edge cases: empty input gives a null score and mean; all satisfied gives 1; none gives 0", () => {
    expect(customerSatisfactionScore([])).toEqual({ customerSatisfactionScore: null, satisfied: 0, total: 0, scale: 5, counts: [0, 0, 0, 0, 0], mean: null });
    expect(customerSatisfactionScore([4, 5, 5]).customerSatisfactionScore).toBe(1);
    expect(customerSatisfactionScore([1, 2, 3]).customerSatisfactionScore).toBe(0);
  });

  it("accepts any iterable", () => {
    function* answers(): Generator<number> {
      yield 5;
      yield 1;
    }
    expect(customerSatisfactionScore(answers()).customerSatisfactionScore).toBe(0.5);
  });

  it("rejects answers out of range or not integers, with their index", () => {
    const err = expectError(() => customerSatisfactionScore([5, 0]), "INVALID_SCORE", "score", 1);
    expect(err.message).toBe(
      "score 1, score: is not an integer from 1 to 5 (got 0). Remove or correct this answer; survey answers are whole numbers on the question's scale. See https://github.com/retention-metrics/retention-metrics/blob/main/docs/errors.md#invalid_score",
    );
    expectError(() => customerSatisfactionScore([6]), "INVALID_SCORE", "score", 0);
    expectError(() => customerSatisfactionScore([1, 2, 4.5]), "INVALID_SCORE", "score", 2);
    expectError(() => customerSatisfactionScore([7, 8], { scale: 7 }), "INVALID_SCORE", "score", 1);
    expectError(() => customerSatisfactionScore(["5" as never]), "INVALID_SCORE", "score", 0);
    expectError(() => customerSatisfactionScore(5 as never), "INVALID_ARGUMENT", "scores", null);
  });

  it("rejects a bad scale", () => {
    for (const scale of [2, 0, -5, 4.5, 101, NaN, Infinity, "5", null]) {
      const err = expectError(() => customerSatisfactionScore([1], { scale: scale as never }), "INVALID_OPTION", "scale", null);
      expect(err.message.startsWith("option scale: ")).toBe(true);
    }
    expectError(() => customerSatisfactionScore([1], null as never), "INVALID_OPTION", "options", null);
  });

  const scaleAndAnswers = fc
    .integer({ min: 3, max: 11 })
    .chain((scale) => fc.tuple(fc.constant(scale), fc.array(fc.integer({ min: 1, max: scale }), { maxLength: 300 })));

  it("property: CSAT is in [0, 1], the counts add up, and the mean is on the scale", () => {
    fc.assert(
      fc.property(scaleAndAnswers, ([scale, scores]) => {
        const r = customerSatisfactionScore(scores, { scale });
        expect(r.counts.reduce((a, b) => a + b, 0)).toBe(r.total);
        expect(r.total).toBe(scores.length);
        expect(r.satisfied).toBe(scores.filter((s) => s >= scale - 1).length);
        if (r.total === 0) {
          expect(r.customerSatisfactionScore).toBeNull();
          expect(r.mean).toBeNull();
        } else {
          expect(r.customerSatisfactionScore!).toBeGreaterThanOrEqual(0);
          expect(r.customerSatisfactionScore!).toBeLessThanOrEqual(1);
          expect(r.mean!).toBeGreaterThanOrEqual(1);
          expect(r.mean!).toBeLessThanOrEqual(scale);
        }
      }),
    );
  });

  it("property: shuffling the answers changes nothing", () => {
    fc.assert(
      fc.property(
        scaleAndAnswers.chain(([scale, scores]) =>
          fc.tuple(fc.constant(scale), fc.constant(scores), fc.shuffledSubarray(scores, { minLength: scores.length, maxLength: scores.length })),
        ),
        ([scale, scores, shuffled]) => {
          expect(customerSatisfactionScore(shuffled, { scale })).toEqual(customerSatisfactionScore(scores, { scale }));
        },
      ),
    );
  });
});
