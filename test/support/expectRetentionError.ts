import { expect } from "vitest";
import { RetentionMetricsError, type RetentionMetricsErrorCode } from "../../src/core/RetentionMetricsError.js";

/** What a test expects of a thrown error; `undefined` members are not checked. */
export interface ExpectedRetentionError {
  code: RetentionMetricsErrorCode;
  field?: string | null;
  index?: number | null;
  /** The message must start with this (for example `"argument margin: "`). */
  messageStartsWith?: string;
}

/**
 * Asserts that `fn` throws a RetentionMetricsError with the expected code, field and index, and a message in
 * the library's grammar: `<where>: <what is wrong> (got <value>). <what to do> See <docs link>`.
 */
export function expectRetentionError(fn: () => unknown, expected: ExpectedRetentionError): RetentionMetricsError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected ${expected.code}`).toBeInstanceOf(RetentionMetricsError);
  const err = thrown as RetentionMetricsError;
  expect(err.code).toBe(expected.code);
  if (expected.field !== undefined) expect(err.field).toBe(expected.field);
  if (expected.index !== undefined) expect(err.index).toBe(expected.index);
  expect(err.message).toMatch(/^[^:]+: .+ \(got [\s\S]*\)\. [\s\S]+ See https:\/\/\S+#[a-z_]+$/);
  if (expected.messageStartsWith !== undefined) expect(err.message.startsWith(expected.messageStartsWith)).toBe(true);
  return err;
}
