/**
 * Exact sums of integer minor units, promoted to BigInt when doubles no longer hold them.
 *
 * Kernels add amounts as doubles in their loops. Amounts are non-negative safe integers, so every partial sum is
 * exact as long as the final (largest) sum is a safe integer; a kernel checks that once after its loop
 * (`Number.isSafeInteger`). When it fails, which takes more than 2^53 minor units (90 trillion at 2 decimal
 * places), the kernel sums the same terms again exactly: into BigInt slots from {@link exactSums}, one per sum it
 * keeps (a table cell, a customer, a total), with {@link addExact}. A `Decimal` is then made from the BigInt.
 */

/** `slots` exact sums, all 0n. */
export function exactSums(slots: number): bigint[] {
  return new Array<bigint>(slots).fill(0n);
}

/**
 * Adds `units − minus` to `sums[slot]` exactly (`units`, `minus`: integer minor units, each a safe integer;
 * `minus` is a refund to subtract, 0 for none).
 */
export function addExact(sums: bigint[], slot: number, units: number, minus = 0): void {
  sums[slot] = (sums[slot] as bigint) + (minus === 0 ? BigInt(units) : BigInt(units) - BigInt(minus));
}
