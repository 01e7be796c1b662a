import { expect } from "vitest";
import type { Order } from "../../src/index.js";
import { RetentionMetricsError } from "../../src/index.js";

let next = 0;
/** A short order: id generated, total as given. */
export function o(customerId: string, placedAt: string, total: string | number = "10", extra: Partial<Order> = {}): Order {
  next++;
  return { orderId: `t${next}`, customerId, placedAt, total, ...extra };
}

/** Asserts that `fn` throws RetentionMetricsError with the code and field. */
export function expectError(fn: () => unknown, code: string, field: string | null): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RetentionMetricsError);
    const err = e as RetentionMetricsError;
    expect(err.code).toBe(code);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(/\(got .*\)\. /);
    return;
  }
  throw new Error(`expected ${code} on ${String(field)}`);
}
