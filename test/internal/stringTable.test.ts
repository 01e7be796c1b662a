import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StringTable } from "../../src/internal/stringTable.js";

describe("StringTable", () => {
  it("assigns the same dense ids as a Map in order of first appearance (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("__proto__", "constructor", "", "toString")), { maxLength: 3000 }), (keys) => {
        const table = new StringTable();
        const map = new Map<string, number>();
        for (const k of keys) {
          if (!map.has(k)) map.set(k, map.size);
          expect(table.intern(k)).toBe(map.get(k));
        }
        expect(table.size).toBe(map.size);
        expect(table.keys).toEqual([...map.keys()]);
        for (const k of keys) expect(table.get(k)).toBe(map.get(k));
        expect(table.get("\u0000absent\u0000")).toBe(map.get("\u0000absent\u0000") ?? -1);
      }),
      { numRuns: 200 },
    );
  });
});
