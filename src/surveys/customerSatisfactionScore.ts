import { optionError } from "../internal/fail.js";
import { forEachScore } from "../internal/kernels/scores.js";

/** Largest accepted `scale`: one count is kept per answer. */
const MAX_SCALE = 100;

/** Options of {@link customerSatisfactionScore}. */
export interface CustomerSatisfactionScoreOptions {
  /**
   * The highest answer of the scale; answers run from 1 to `scale`. An integer from 3 to 100 (with
   * fewer than 3 points the top two answers would be the whole scale).
   *
   * @defaultValue `5`
   */
  readonly scale?: number | undefined;
}

/** Result of {@link customerSatisfactionScore}. */
export interface CustomerSatisfactionScoreResult {
  /** CSAT: satisfied / total, from 0 to 1 (multiply by 100 for percent); `null` when there are no answers. */
  readonly customerSatisfactionScore: number | null;
  /** Answers in the top two boxes: `scale − 1` or `scale`. */
  readonly satisfied: number;
  /** All answers. */
  readonly total: number;
  /** The scale used: answers run from 1 to `scale`. */
  readonly scale: number;
  /** `counts[k − 1]` is the number of answers equal to k, for k from 1 to `scale`. */
  readonly counts: readonly number[];
  /** The mean answer, from 1 to `scale` (the other common summary); `null` when there are no answers. */
  readonly mean: number | null;
}

/**
 * Customer satisfaction score (CSAT): the share of answers in the top two boxes of a satisfaction
 * question ("How satisfied were you with …?", 1 = very unsatisfied … 5 = very satisfied).
 *
 * Use it right after an interaction (a delivery, a support ticket) to see how many customers were
 * satisfied. "Top two boxes" counts 4 and 5 on a 1–5 scale; some teams report the mean answer instead,
 * which is in the result as `mean`; see docs/surveys.md, "Customer satisfaction score".
 *
 * Formula: `CSAT = (answers of scale − 1 or scale) / all answers`. Unit: a fraction from 0 to 1.
 *
 * Source: {@link https://en.wikipedia.org/wiki/Customer_satisfaction | Customer satisfaction (Wikipedia)};
 * docs/surveys.md.
 *
 * Cost: O(n + scale) time, O(scale) memory; the iterable is read once.
 *
 * @param scores - the answers, integers from 1 to `scale`, as an array or any iterable.
 * @param options - `scale`.
 * @returns the score with the counts behind it and the mean answer.
 * @throws RetentionMetricsError `INVALID_SCORE` (with the answer's `index` and `field` `"score"`) when an
 *   answer is not an integer from 1 to `scale`; `INVALID_OPTION` (`field` `"scale"`) when `scale` is not an
 *   integer from 3 to 100; `INVALID_ARGUMENT` (`field` `"scores"`) when `scores` is not an iterable.
 *
 * @example
 * ```ts
 * // 4s and 5s: 5, 4, 4, 5 → 4 of 6 answers: 4 / 6
 * customerSatisfactionScore([5, 4, 3, 4, 1, 5]);
 * // { customerSatisfactionScore: 0.6666666666666666, satisfied: 4, total: 6,
 * //   scale: 5, counts: [1, 0, 1, 2, 2], mean: 3.6666666666666665 }
 * ```
 */
export function customerSatisfactionScore(
  scores: Iterable<number>,
  options: CustomerSatisfactionScoreOptions = {},
): CustomerSatisfactionScoreResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "is not an object", options, "Pass { scale } or leave the options out.");
  }
  const scale = options.scale === undefined ? 5 : options.scale;
  if (typeof scale !== "number" || !Number.isInteger(scale) || scale < 3 || scale > MAX_SCALE) {
    throw optionError("scale", `is not an integer from 3 to ${MAX_SCALE}`, scale, "Pass the highest answer of the scale, such as 5 for a 1–5 scale.");
  }
  const counts: number[] = new Array<number>(scale).fill(0);
  let total = 0;
  let sum = 0;
  forEachScore(scores, 1, scale, (score) => {
    counts[score - 1] = (counts[score - 1] ?? 0) + 1;
    total += 1;
    sum += score;
  });
  const satisfied = (counts[scale - 2] ?? 0) + (counts[scale - 1] ?? 0);
  return {
    customerSatisfactionScore: total === 0 ? null : satisfied / total,
    satisfied,
    total,
    scale,
    counts,
    mean: total === 0 ? null : sum / total,
  };
}
