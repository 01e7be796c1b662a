import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstDuplicate } from "../../src/internal/book/duplicates.js";
import { hashString, StringTable } from "../../src/internal/book/stringTable.js";

/** The reference: a Map from id to its first index, scanned in input order. */
function naive(ids: readonly string[]): { index: number; first: number } | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const j = seen.get(ids[i] as string);
    if (j !== undefined) return { index: i, first: j };
    seen.set(ids[i] as string, i);
  }
  return null;
}

const hashesOf = (ids: readonly string[], hash: (s: string) => number = hashString): Int32Array => Int32Array.from(ids, hash);

describe("firstDuplicate", () => {
  it("finds the first repeated id and the earliest holder of it", () => {
    const ids = ["a", "b", "c", "b", "a"];
    // "b" at 3 repeats index 1 (before "a" at 4 repeats index 0)
    expect(firstDuplicate(ids, hashesOf(ids), ids.length)).toEqual({ index: 3, first: 1 });
    expect(firstDuplicate(ids, hashesOf(ids), 3)).toBeNull();
    expect(firstDuplicate([], new Int32Array(0), 0)).toBeNull();
  });

  it("is exact when every hash collides (strings decide)", () => {
    const ids = ["x", "y", "z", "y"];
    expect(firstDuplicate(ids, hashesOf(ids, () => 7), 4)).toEqual({ index: 3, first: 1 });
    expect(firstDuplicate(["p", "q", "r"], hashesOf(["p", "q", "r"], () => -1), 3)).toBeNull();
  });

  it("uses the same hash as StringTable, and __proto__ is an ordinary id", () => {
    const ids = ["__proto__", "constructor", "__proto__"];
    expect(firstDuplicate(ids, hashesOf(ids), 3)).toEqual({ index: 2, first: 0 });
    const table = new StringTable();
    expect(table.intern("__proto__")).toBe(0);
  });

  it("property: equals the Map reference, with real and with degenerate hashes", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 300 }), fc.integer({ min: 0, max: 3 }), (ids, buckets) => {
        const hash = buckets === 0 ? hashString : (s: string): number => (s.length % buckets) - 1;
        expect(firstDuplicate(ids, hashesOf(ids, hash), ids.length)).toEqual(naive(ids));
      }),
    );
  });
});
