import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeenIds } from "../../../src/internal/readers/seenIds.js";

/** What SeenIds answers for each id, by a Set. */
function bySet(ids: string[]): boolean[] {
  const set = new Set<string>();
  return ids.map((id) => {
    const seen = set.has(id);
    set.add(id);
    return seen;
  });
}

const bySeen = (ids: string[]): boolean[] => {
  const seen = new SeenIds();
  return ids.map((id) => seen.repeated(id));
};

describe("SeenIds", () => {
  it("finds the repeats of numbered runs, up and down, and after a run ends", () => {
    expect(bySeen(["#1", "#2", "#3", "#2"])).toEqual([false, false, false, true]);
    expect(bySeen(["#9", "#7", "#3", "#7", "#1"])).toEqual([false, false, false, true, false]);
    expect(bySeen(["1001", "1002", "1002"])).toEqual([false, false, true]);
    // Leading zeros, another prefix, a digit in the prefix, no digits: the run ends, the table still knows the run's ids.
    expect(bySeen(["#1", "#2", "#02", "#2"])).toEqual([false, false, false, true]);
    expect(bySeen(["A1", "A2", "B3", "A1", "B3"])).toEqual([false, false, false, true, true]);
    expect(bySeen(["x", "x"])).toEqual([false, true]);
    expect(bySeen(["#1", "#1"])).toEqual([false, true]);
    expect(bySeen(["#1000000000000000", "#1000000000000001", "#1000000000000000"])).toEqual([false, false, true]);
    // A run of 15-digit numbers, and more ids than the run's first array holds, written back into the table.
    expect(bySeen(["#999999999999998", "#999999999999999", "x", "#999999999999998"])).toEqual([false, false, false, true]);
    const many = Array.from({ length: 3000 }, (_, i) => `A${10 + i}`);
    expect(bySeen([...many, "B", "A2000", "A3009", "A3010"]).slice(-4)).toEqual([false, true, true, false]);
  });

  it("answers as a Set does", () => {
    const id = fc.tuple(fc.constantFrom("", "#", "A-", "A-0", "1"), fc.oneof(fc.nat({ max: 30 }).map(String), fc.constantFrom("0", "00", "07", "x")));
    // Runs that grow or shrink, then anything.
    const ids = fc.tuple(fc.constantFrom("#", "", "A-"), fc.nat({ max: 20 }), fc.integer({ min: -3, max: 3 }), fc.array(id.map(([p, d]) => p + d), { maxLength: 20 })).map(([prefix, length, step, tail]) => [
      ...Array.from({ length }, (_, i) => `${prefix}${100 + i * step}`),
      ...tail,
    ]);
    fc.assert(
      fc.property(ids, (list) => {
        expect(bySeen(list)).toEqual(bySet(list));
      }),
      { numRuns: 60 },
    );
  });
});
