import { expectRetentionError } from "../support/expectRetentionError.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import { customerRetentionRate } from "../../src/retention/customerRetentionRate.js";

const expectError = (fn: () => unknown, field: string): RetentionMetricsError =>
  expectRetentionError(fn, { code: "INVALID_ARGUMENT", field, index: null, messageStartsWith: `argument ${field}: ` });

describe("customerRetentionRate (counts)", () => {
  it('docs/retention-rate.md "Worked example": S = 50,000, N = 1,000, E = 40,000 gives 78%', () => {
    // retained = E − N = 40,000 − 1,000 = 39,000; CRR = 39,000 / 50,000 = 0.78
    const r = customerRetentionRate({ customersAtStart: 50_000, customersAtEnd: 40_000, newCustomers: 1_000 });
    expect(r).toEqual({ customersAtStart: 50_000, customersAtEnd: 40_000, newCustomers: 1_000, retained: 39_000, customerRetentionRate: 0.78 });
  });

  it('docs/retention-rate.md "A common mistake": E / (S − N) ≈ 81.6% is not the retention rate', () => {
    // The wrong version: 40,000 / (50,000 − 1,000) = 40,000 / 49,000 = 0.8163…
    const wrong = 40_000 / (50_000 - 1_000);
    expect(wrong).toBeCloseTo(0.8163, 4);
    const r = customerRetentionRate({ customersAtStart: 50_000, customersAtEnd: 40_000, newCustomers: 1_000 });
    expect(r.customerRetentionRate).not.toBeCloseTo(wrong, 2);
    expect(r.customerRetentionRate).toBe(0.78);
    // The variant E / (S + N) = 40,000 / 51,000 = 0.784… answers another question (see the same section).
    expect(40_000 / (50_000 + 1_000)).toBeCloseTo(0.7843, 4);
    // E / (S − N) can exceed 100%: S = 100, all kept, N = 50 → E = 150; 150 / 50 = 3, while CRR = 100 / 100 = 1
    expect(150 / (100 - 50)).toBe(3);
    expect(customerRetentionRate({ customersAtStart: 100, customersAtEnd: 150, newCustomers: 50 }).customerRetentionRate).toBe(1);
  });

  it("hand-computed: 10 at start, 3 new, 11 at end", () => {
    // retained = 11 − 3 = 8; 8 / 10 = 0.8
    expect(customerRetentionRate({ customersAtStart: 10, customersAtEnd: 11, newCustomers: 3 }).customerRetentionRate).toBe(0.8);
  });

  it("edge cases: S = 0 gives a null rate; everyone kept gives 1; nobody kept gives 0", () => {
    expect(customerRetentionRate({ customersAtStart: 0, customersAtEnd: 5, newCustomers: 5 })).toEqual({
      customersAtStart: 0,
      customersAtEnd: 5,
      newCustomers: 5,
      retained: 0,
      customerRetentionRate: null,
    });
    expect(customerRetentionRate({ customersAtStart: 0, customersAtEnd: 0, newCustomers: 0 }).customerRetentionRate).toBeNull();
    expect(customerRetentionRate({ customersAtStart: 7, customersAtEnd: 7, newCustomers: 0 }).customerRetentionRate).toBe(1);
    expect(customerRetentionRate({ customersAtStart: 7, customersAtEnd: 2, newCustomers: 2 }).customerRetentionRate).toBe(0);
    expect(Object.is(customerRetentionRate({ customersAtStart: -0, customersAtEnd: 0, newCustomers: 0 }).customersAtStart, 0)).toBe(
      true,
    );
  });

  it("rejects impossible counts", () => {
    // more new customers than customers at the end
    expectError(() => customerRetentionRate({ customersAtStart: 10, customersAtEnd: 3, newCustomers: 4 }), "newCustomers");
    // E − N = 39 retained, but only 10 existed
    const err = expectError(
      () => customerRetentionRate({ customersAtStart: 10, customersAtEnd: 40, newCustomers: 1 }),
      "customersAtEnd",
    );
    expect(err.message).toContain("(got 40)");
    // S = 0, so nobody can be retained
    expectError(() => customerRetentionRate({ customersAtStart: 0, customersAtEnd: 1, newCustomers: 0 }), "customersAtEnd");
  });

  it("rejects counts that are not whole numbers ≥ 0", () => {
    for (const field of ["customersAtStart", "customersAtEnd", "newCustomers"] as const) {
      for (const bad of [-1, 1.5, NaN, Infinity, "10", null, undefined, 2 ** 53]) {
        const counts = { customersAtStart: 10, customersAtEnd: 10, newCustomers: 0, [field]: bad };
        expectError(() => customerRetentionRate(counts as never), field);
      }
    }
  });

  it("rejects an argument that is neither counts nor orders", () => {
    for (const bad of [null, undefined, 5, "counts", {}]) {
      expectError(() => customerRetentionRate(bad as never), "counts");
    }
  });

  it("takes orders with { start, end } and counts S, E and N from them (docs/retention.md)", () => {
    // ann ordered 2023-06-01 and 2024-05-01; bob 2023-07-01; cy first ordered 2024-03-01. Period 2024, 365 days.
    // S (an order in [2023-01-01, 2024-01-01)) = {ann, bob}; E (in [2024-01-02, 2025-01-01)) = {ann, cy}; N = {cy}.
    // CRR = (2 − 1) / 2 = 0.5; retained = {ann} -> share 0.5, churn 0.5.
    const orders = [
      { orderId: "1", customerId: "ann", placedAt: "2023-06-01", total: "10" },
      { orderId: "2", customerId: "bob", placedAt: "2023-07-01", total: "10" },
      { orderId: "3", customerId: "ann", placedAt: "2024-05-01", total: "10" },
      { orderId: "4", customerId: "cy", placedAt: "2024-03-01", total: "10" },
    ];
    const r = customerRetentionRate(orders, { start: "2024-01-01", end: "2025-01-01" });
    expect([r.customersAtStart, r.customersAtEnd, r.newCustomers, r.retainedCustomers]).toEqual([2, 2, 1, 1]);
    expect([r.customerRetentionRate, r.retainedShare, r.churnRate]).toEqual([0.5, 0.5, 0.5]);
    // orders without the period options are an option error
    let caught: unknown;
    try {
      customerRetentionRate([] as never);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RetentionMetricsError);
    expect((caught as RetentionMetricsError).code).toBe("INVALID_OPTION");
    expect((caught as RetentionMetricsError).field).toBe("options");
  });

  it("property: the rate is in [0, 1] and retained = E − N for every possible set of counts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (s, keptRaw, n) => {
          const kept = Math.min(keptRaw, s);
          const r = customerRetentionRate({ customersAtStart: s, customersAtEnd: kept + n, newCustomers: n });
          expect(r.retained).toBe(kept);
          if (s === 0) expect(r.customerRetentionRate).toBeNull();
          else {
            expect(r.customerRetentionRate).toBe(kept / s);
            expect(r.customerRetentionRate).toBeGreaterThanOrEqual(0);
            expect(r.customerRetentionRate).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it("property: more new customers with the same end count means a lower rate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (s, n) => {
        const e = s + n; // everyone kept
        const a = customerRetentionRate({ customersAtStart: s, customersAtEnd: e, newCustomers: n });
        const b = customerRetentionRate({ customersAtStart: s, customersAtEnd: e, newCustomers: Math.min(e, n + 1) });
        expect(a.customerRetentionRate).toBe(1);
        expect(b.customerRetentionRate!).toBeLessThanOrEqual(a.customerRetentionRate!);
      }),
    );
  });
});
