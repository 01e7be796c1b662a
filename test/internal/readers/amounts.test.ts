import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readAmount } from "../../../src/internal/readers/amounts.js";

const AMOUNT_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const byRegex = (text: string): string | null => (AMOUNT_RE.test(text) ? (text.startsWith("+") ? text.slice(1) : text) : null);

describe("readAmount", () => {
  it("reads what the regular expression of a plain decimal reads", () => {
    for (const t of ["", "+", "-", ".", "+.", "-.5", "5.", ".5", "12.50", "+12.50", "1.2.3", "1e3", " 1", "1 ", "٣", "0x10", "--1", "+-1", "00.000"]) {
      expect(readAmount(t), t).toBe(byRegex(t));
    }
    const text = fc.array(fc.constantFrom("0", "7", ".", "+", "-", "e", " ", "x", "٣"), { maxLength: 7 }).map((a) => a.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(readAmount(t)).toBe(byRegex(t));
      }),
      { numRuns: 300 },
    );
  });
});
