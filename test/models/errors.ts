import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";

/** The code of the RetentionMetricsError thrown by f, or undefined when it does not throw. */
export function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof RetentionMetricsError) return e.code;
    throw e;
  }
  return undefined;
}
