import { forEachScore } from "../internal/kernels/scores.js";

/** Result of {@link netPromoterScore}. */
export interface NetPromoterScoreResult {
  /**
   * NPS: percent promoters minus percent detractors, from −100 to 100 (not rounded); `null` when there
   * are no answers.
   */
  readonly netPromoterScore: number | null;
  /** Answers of 9 or 10. */
  readonly promoters: number;
  /** Answers of 7 or 8. */
  readonly passives: number;
  /** Answers from 0 to 6. */
  readonly detractors: number;
  /** All answers: promoters + passives + detractors. */
  readonly total: number;
  /** promoters / total, from 0 to 1; `null` when there are no answers. */
  readonly promoterShare: number | null;
  /** passives / total, from 0 to 1; `null` when there are no answers. */
  readonly passiveShare: number | null;
  /** detractors / total, from 0 to 1; `null` when there are no answers. */
  readonly detractorShare: number | null;
}

/**
 * Net Promoter Score (NPS) from answers to "How likely is it that you would recommend us to a friend or
 * colleague?" on a 0–10 scale.
 *
 * Use it to track loyalty as customers state it, in a form that is widely benchmarked: answers of 9–10
 * are promoters, 7–8 passives, 0–6 detractors. The score throws away the passives and the spread within
 * each group, so look at the counts too; see docs/surveys.md, "Net Promoter Score".
 *
 * Formula: `NPS = 100 × (promoters − detractors) / total`, from −100 (all detractors) to 100 (all
 * promoters). Unit: points (a difference of percentages); the shares are fractions from 0 to 1.
 *
 * Source: Reichheld, F. F. (2003), "The One Number You Need to Grow", Harvard Business Review,
 * {@link https://hbr.org/2003/12/the-one-number-you-need-to-grow}.
 *
 * Cost: O(n) time, O(1) memory; the iterable is read once.
 *
 * @param scores - the answers, integers from 0 to 10, as an array or any iterable.
 * @returns the score, the counts of promoters, passives and detractors, and their shares.
 * @throws RetentionMetricsError `INVALID_SCORE` (with the answer's `index` and `field` `"score"`) when an
 *   answer is not an integer from 0 to 10; `INVALID_ARGUMENT` (`field` `"scores"`) when `scores` is not
 *   an iterable.
 *
 * @example
 * ```ts
 * // 5 promoters (9, 10, 10, 9, 9), 3 passives (7, 8, 8), 2 detractors (6, 3): 100 × (5 − 2) / 10 = 30
 * netPromoterScore([9, 10, 7, 6, 8, 10, 3, 9, 8, 9]);
 * // { netPromoterScore: 30, promoters: 5, passives: 3, detractors: 2, total: 10,
 * //   promoterShare: 0.5, passiveShare: 0.3, detractorShare: 0.2 }
 * ```
 */
export function netPromoterScore(scores: Iterable<number>): NetPromoterScoreResult {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  forEachScore(scores, 0, 10, (score) => {
    if (score >= 9) promoters += 1;
    else if (score >= 7) passives += 1;
    else detractors += 1;
  });
  const total = promoters + passives + detractors;
  if (total === 0) {
    return { netPromoterScore: null, promoters, passives, detractors, total, promoterShare: null, passiveShare: null, detractorShare: null };
  }
  return {
    netPromoterScore: (100 * (promoters - detractors)) / total,
    promoters,
    passives,
    detractors,
    total,
    promoterShare: promoters / total,
    passiveShare: passives / total,
    detractorShare: detractors / total,
  };
}
