import { segmentOf } from "./orderRecord.js";

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
    const label = segmentOf(raw, i);
    return label === null ? -1 : this.intern(label);
  }

  /** The index of `label`, interning a new one. */
  intern(label: string): number {
    let s = this.index.get(label);
    if (s === undefined) {
      s = this.labels.length;
      this.index.set(label, s);
      this.labels.push(label);
    }
    return s;
  }
}
