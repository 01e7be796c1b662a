import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { conditionalExpectedOrderValue } from "./single.js";
import { code } from "./errors.js";
import { gg } from "./predictions.shared.js";

describe("conditionalExpectedOrderValue", () => {
  it("is p(v + x z̄)/(px + q − 1) by hand for CDNOW customer 1 (x = 2, z̄ = 22.35)", () => {
    const { p, q, v } = gg.params;
    const hand = (p * (v + 2 * 22.35)) / (p * 2 + q - 1);
    expect(conditionalExpectedOrderValue(gg, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(hand, 12);
    expect(hand).toBeCloseTo(24.66, 2);
  });
  it("is the population mean pv/(q−1) for x = 0 and accepts strings and Decimals", () => {
    const { p, q, v } = gg.params;
    expect(conditionalExpectedOrderValue(gg, { frequency: 0, monetaryValue: 0 })).toBeCloseTo((p * v) / (q - 1), 12);
    expect(conditionalExpectedOrderValue(gg, { frequency: 2, monetaryValue: "22.35" })).toBe(conditionalExpectedOrderValue(gg, { frequency: 2, monetaryValue: new Decimal("22.35") }));
  });
  it("stays finite for huge monetary values", () => {
    const v = conditionalExpectedOrderValue(gg, { frequency: 300, monetaryValue: "1e300" });
    expect(Number.isFinite(v)).toBe(true);
  });
  it("rejects q ≤ 1, non-Gamma-Gamma models and bad records", () => {
    expect(code(() => conditionalExpectedOrderValue({ kind: "Gamma-Gamma", params: { p: 1, q: 0.9, v: 1 } }, { frequency: 1, monetaryValue: 1 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => conditionalExpectedOrderValue({ kind: "BG/NBD" } as never, { frequency: 1, monetaryValue: 1 }))).toBe("INVALID_ARGUMENT");
    expect(code(() => conditionalExpectedOrderValue(gg, { frequency: 1, monetaryValue: "1e999" }))).toBe("INVALID_ARGUMENT");
    expect(code(() => conditionalExpectedOrderValue(gg, 5 as never))).toBe("INVALID_RECORD");
  });
});
