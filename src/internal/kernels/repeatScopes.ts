import type { OrderColumns } from "../book/columns.js";
import { inWindow, type OrderWindow } from "../book/window.js";

// The kernels of returningCustomerShare and repeatWithinPeriods (src/retention/), where the definitions are
// documented.

const within = inWindow;

/**
 * The customers with an order in `w` (`lo ≤ t < hi`), and how many of them placed an order in `w` that is not
 * their first (their second or later order; the first may lie before `w` or in it). One pass over the orders,
 * O(customers) memory.
 */
export function windowCustomers(cols: OrderColumns, w: OrderWindow): { customers: number; returning: number } {
  const seen = new Uint8Array(cols.customers);
  mark(cols.n, cols.time, cols.customer, cols.firstOrder, w.lo, w.hi, seen);
  let customers = 0;
  let returning = 0;
  for (let c = 0; c < seen.length; c++) {
    const s = seen[c] as number;
    if (s !== 0) customers++;
    if (s === 2) returning++;
  }
  return { customers, returning };
}

/** Marks each customer with an order in the window: 1, or 2 when one of those orders is not their first. */
function mark(n: number, time: Float64Array, customer: Int32Array, firstOrder: Int32Array, lo: number, hi: number, seen: Uint8Array): void {
  for (let i = 0; i < n; i++) {
    if (!within(time[i] as number, lo, hi)) continue;
    const c = customer[i] as number;
    seen[c] = firstOrder[c] === i ? Math.max(seen[c] as number, 1) : 2;
  }
}
