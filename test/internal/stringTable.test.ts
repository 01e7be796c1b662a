import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StringTable } from "../../src/internal/book/stringTable.js";

// Keys of every kind: short and long, one-byte and past 0xFF, keys that differ only by a trailing NUL, and
// few distinct values so that lookups of known keys dominate.
const edge = ["", "a", "a\u0000", "\u0000", "\u00ff", "\u0100", "12345678901234567890", "123456789012345678901", "1234567890123456789\u00ff", "1234567890123456789\u0100", "__proto__", "constructor", "toString"];
const keyArb = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ minLength: 18, maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.integer({ min: 0, max: 50 }).map((k) => `c${k}`),
  fc.constantFrom(...edge),
);

describe("StringTable", () => {
  it("assigns the same dense ids as a Map in order of first appearance (property)", () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 3000 }), (keys) => {
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

  it("tells apart keys that differ only in length, a trailing NUL, or a character past 0xFF, and grows", () => {
    const table = new StringTable();
    edge.forEach((k, i) => expect(table.intern(k)).toBe(i));
    edge.forEach((k, i) => expect(table.get(k)).toBe(i));
    // Past the initial 1,024 slots: the table doubles and every key keeps its id.
    for (let k = 0; k < 5000; k++) expect(table.intern(`k${k}`)).toBe(edge.length + k);
    for (let k = 0; k < 5000; k++) expect(table.get(`k${k}`)).toBe(edge.length + k);
    edge.forEach((k, i) => expect(table.get(k)).toBe(i));
    expect(table.get("1234567890123456789")).toBe(-1);
  });
});
