import { recordError } from "../fail.js";

/** Segment labels in order of first appearance, each with a dense index (a `Map`, so `"__proto__"` is ordinary). */
export class SegmentLabels {
  /** The distinct labels, by index. */
  readonly labels: string[] = [];
  private readonly index = new Map<string, number>();

  /**
   * The index of label `raw` of record `i`, interning a new one; -1 for null, undefined or `""` (an empty CSV
   * cell: no segment); INVALID_SEGMENT for a value that is not a string.
   */
  indexOf(raw: unknown, i: number): number {
    if (raw === null || raw === undefined || raw === "") return -1;
    if (typeof raw !== "string") {
      throw recordError("INVALID_SEGMENT", i, "segment", "must be a string", raw, 'Pass a label such as "newsletter".');
    }
    let s = this.index.get(raw);
    if (s === undefined) {
      s = this.labels.length;
      this.index.set(raw, s);
      this.labels.push(raw);
    }
    return s;
  }
}
