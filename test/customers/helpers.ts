import { expectRetentionError } from "../support/expectRetentionError.js";
import type { RetentionMetricsErrorCode } from "../../src/core/RetentionMetricsError.js";
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
export const expectError = (fn: () => unknown, code: RetentionMetricsErrorCode, field: string | null): void => {
  expectRetentionError(fn, { code, field });
};
