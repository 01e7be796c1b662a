import { argumentError, recordError } from "../fail.js";

/**
 * Calls `visit` with every answer of a survey, after checking that it is an integer from `min` to
 * `max`. Reads the iterable once and keeps nothing.
 *
 * @throws RetentionMetricsError `INVALID_ARGUMENT` (field `"scores"`) when `scores` is not an iterable
 *   (a string is refused too), and `INVALID_SCORE` (field `"score"`, `index` of the answer) for an
 *   answer that is not an integer in range.
 */
export function forEachScore(scores: unknown, min: number, max: number, visit: (score: number) => void): void {
  if (
    typeof scores !== "object" ||
    scores === null ||
    typeof (scores as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  ) {
    throw argumentError(
      "scores",
      "is not an iterable of numbers",
      scores,
      `Pass the answers as an array (or any iterable) of integers from ${min} to ${max}.`,
    );
  }
  let index = 0;
  for (const score of scores as Iterable<unknown>) {
    if (typeof score !== "number" || !Number.isInteger(score) || score < min || score > max) {
      throw recordError(
        "INVALID_SCORE",
        index,
        "score",
        `is not an integer from ${min} to ${max}`,
        score,
        "Remove or correct this answer; survey answers are whole numbers on the question's scale.",
        "score",
      );
    }
    visit(score === 0 ? 0 : score);
    index += 1;
  }
}
