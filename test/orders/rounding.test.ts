// Issue 19, item 12: one rounding rule for every money quotient in a result, 20 significant digits with ties
// to even, whatever decimal.js's global settings (docs/money-and-time.md, "Rounding"). The tie cases below
// are exact quotients with 21 significant digits ending in 5, where half-up (the order metrics' rule before)
// and half-even differ; without a tie the two rules give the same digits (property).
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import type { Order } from "../../src/core/types.js";
import { customerSummaries } from "../../src/customers/customerSummaries.js";
import { minorQuotient, minorToDecimal } from "../../src/internal/money/money.js";
import { averageOrderValue } from "../../src/orders/averageOrderValue.js";
import { customerValue } from "../../src/orders/customerValue.js";
import { summarize } from "../../src/orders/summarize.js";
import { discountedLifetimeValue } from "../../src/value/discountedLifetimeValue.js";

// 102,400,000,000.01 over 1,024 orders is exactly 100,000,000.000009765625 (21 significant digits, a final 5):
// half-even keeps the 2 (…976562), half-up would give …976563.
const zeros: Order[] = Array.from({ length: 1023 }, (_, i) => ({ orderId: `z${i}`, customerId: "ann", placedAt: "2024-01-10", total: "0" }));
const tie: Order[] = [{ orderId: "a", customerId: "ann", placedAt: "2024-01-10", total: "102400000000.01" }, ...zeros];
const EVEN = "100000000.00000976562";

describe("money quotients round to 20 significant digits, ties to even", () => {
  it("AOV, CV and the per-customer values at a tie (hand-checked)", () => {
    expect(averageOrderValue(tie).averageOrderValue?.toString()).toBe(EVEN);
    expect(summarize(tie).averageOrderValue?.toString()).toBe(EVEN);
    expect(summarize(tie).firstOrders.averageOrderValue?.toString()).toBe("102400000000.01");
    expect(customerSummaries(tie).customers[0]?.averageOrderValue.toString()).toBe(EVEN);
    // CV: revenue over 1,024 customers.
    const many: Order[] = Array.from({ length: 1024 }, (_, i) => ({ orderId: `c${i}`, customerId: `c${i}`, placedAt: "2024-01-10", total: i === 0 ? "102400000000.01" : "0" }));
    expect(customerValue(many).customerValue?.toString()).toBe(EVEN);
    expect(summarize(many).customerValue?.toString()).toBe(EVEN);
    // Cohort cumulative revenue per customer: the same division by the cohort size.
    expect(cohortTable(many, { asOf: "2024-01-31" }).average[0]?.cumulativeRevenuePerCustomer?.toString()).toBe(EVEN);
  });

  it("the formula functions round the same way (margin 100000000000000000005 × 0.5 / 0.5)", () => {
    expect(discountedLifetimeValue({ margin: "100000000000000000005", retentionRate: 0.5, discountRate: 0 }).discountedLifetimeValue.toString()).toBe("100000000000000000000");
    expect(discountedLifetimeValue({ margin: "100000000000000000015", retentionRate: 0.5, discountRate: 0 }).discountedLifetimeValue.toString()).toBe("100000000000000000020");
  });

  it("does not follow decimal.js's global settings", () => {
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    try {
      Decimal.set({ precision: 8, rounding: Decimal.ROUND_UP });
      expect(averageOrderValue(tie).averageOrderValue?.toString()).toBe(EVEN);
      expect(summarize(tie).averageOrderValue?.toString()).toBe(EVEN);
    } finally {
      Decimal.set(saved);
    }
  });

  it("without a tie, half-even and half-up give the same digits: results unchanged (property)", () => {
    const HalfUp = Decimal.clone({ precision: 20, rounding: Decimal.ROUND_HALF_UP });
    const HalfEven = Decimal.clone({ precision: 20, rounding: Decimal.ROUND_HALF_EVEN });
    const Exact = Decimal.clone({ precision: 100 });
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 7 }), fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(1024, 2048, 4096, 3125, 15625)), (u, scale, n) => {
        const exact = new Exact(minorToDecimal(u, scale)).div(n);
        const isTie = exact.sd() === 21 && exact.toFixed().endsWith("5");
        const got = minorQuotient(u, scale, n);
        const up = new HalfUp(minorToDecimal(u, scale)).div(n);
        if (!isTie) expect(got.eq(up)).toBe(true);
        else expect(got.eq(new HalfEven(minorToDecimal(u, scale)).div(n))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
