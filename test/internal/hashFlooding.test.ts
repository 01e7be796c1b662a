import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAccumulator, customerSummaries, prepareOrderColumns, prepareOrders, summarize, type Order } from "../../src/index.js";
import { firstDuplicate } from "../../src/internal/book/duplicates.js";
import { NumberTable } from "../../src/internal/book/numberTable.js";
import { hashString, secondHash, StringTable } from "../../src/internal/book/stringTable.js";
import { FingerprintSet } from "../../src/internal/stream/fingerprints.js";
import { fnv1a, fnvCollidingKeys, numberCollidingKeys, secondHashCollidingKeys, secondHashOf } from "../support/floodKeys.js";

// Hash flooding (issue 19, item 1): ids built to share one hash must cost linear time and give the same
// results. No timing assertions: the tables say whether they fell back to the engine's Map (`flooded`).

const N = 4_000;
const colliding = fnvCollidingKeys(N);
const ordinary = Array.from({ length: N }, (_, i) => `customer-${i}@example.com`);
// Keys with one second hash (but ordinary FNV-1a hashes): a birthday search per bit, about 0.2 s each, so made once.
const second = secondHashCollidingKeys(N);

describe("hash flooding: the key generators", () => {
  it("makes distinct strings with one FNV-1a hash, the hash of StringTable", () => {
    expect(new Set(colliding).size).toBe(N);
    expect(new Set(colliding.map(fnv1a)).size).toBe(1);
    expect(hashString(colliding[0] as string)).toBe(hashString(colliding[N - 1] as string));
  });
});

describe("StringTable under hash flooding", () => {
  it("rehashes colliding keys with its second hash, then falls back to a Map, with the ids of first appearance", () => {
    const table = new StringTable();
    for (let i = 0; i < N; i++) expect(table.intern(colliding[i] as string)).toBe(i);
    expect(table.reseeded).toBe(true);
    expect(table.flooded).toBe(false);
    for (let i = N - 1; i >= 0; i--) expect(table.intern(colliding[i] as string)).toBe(i);
    // Keys with one second hash (but ordinary FNV-1a hashes) spend the second budget too.
    expect(new Set(second.map(secondHashOf)).size).toBe(1);
    expect(secondHash(second[0] as string)).toBe(secondHashOf(second[0] as string));
    for (let i = 0; i < N; i++) expect(table.intern(second[i] as string)).toBe(N + i);
    expect(table.flooded).toBe(true);
    for (let i = 0; i < N; i += 3) expect(table.intern(colliding[i] as string)).toBe(i);
    expect(table.get(colliding[123] as string)).toBe(123);
    expect(table.get(second[7] as string)).toBe(N + 7);
    expect(table.get("absent")).toBe(-1);
    expect(table.keys).toEqual([...colliding, ...second]);
  });

  it("keeps hashing ordinary keys (the probe budget is not spent by them)", () => {
    const table = new StringTable();
    for (let i = 0; i < 200_000; i++) table.intern(`c${i}`);
    for (let i = 0; i < 200_000; i++) table.intern(`c${(i * 7919) % 200_000}`);
    expect(table.flooded).toBe(false);
    const presized = new StringTable(N);
    for (const k of ordinary) presized.intern(k);
    expect(presized.reseeded).toBe(false);
    expect(table.reseeded).toBe(false);
  });

  it("gives the same ids as a Map whatever the mix of colliding and ordinary keys (property)", () => {
    const pool = [...colliding.slice(0, 2000), ...second.slice(0, 2000), ...ordinary.slice(0, 2000)];
    fc.assert(
      fc.property(fc.array(fc.nat(pool.length - 1), { minLength: 1, maxLength: 4000 }), fc.nat(16), (picks, presize) => {
        const table = new StringTable(presize * 100);
        const map = new Map<string, number>();
        for (const p of picks) {
          const k = pool[p] as string;
          if (!map.has(k)) map.set(k, map.size);
          expect(table.intern(k)).toBe(map.get(k));
        }
        expect(table.keys).toEqual([...map.keys()]);
        for (const k of pool.slice(0, 50)) expect(table.get(k)).toBe(map.get(k) ?? -1);
      }),
      { numRuns: 15 },
    );
  });
});

describe("NumberTable under hash flooding", () => {
  it("falls back for numbers that share one slot, with the same ids", () => {
    const keys = numberCollidingKeys(N);
    expect(new Set(keys).size).toBe(N);
    const table = new NumberTable();
    for (let i = 0; i < N; i++) expect(table.intern(keys[i] as number)).toBe(i);
    expect(table.flooded).toBe(true);
    for (let i = 0; i < N; i += 7) expect(table.intern(keys[i] as number)).toBe(i);
    expect(table.intern(-0)).toBe(N);
    expect(table.intern(0)).toBe(N);
    expect(table.keys.length).toBe(N + 1);
  });

  it("keeps hashing ordinary numbers", () => {
    const table = new NumberTable();
    for (let i = 0; i < 100_000; i++) table.intern(i * 1e6 + 0.5);
    expect(table.flooded).toBe(false);
  });
});

describe("the duplicate-id check under hash flooding", () => {
  it("finds the first repeat in a run of equal hashes as the pairwise check does", () => {
    const ids = colliding.slice();
    const hashes = () => Int32Array.from(ids, hashString);
    expect(firstDuplicate(ids, hashes(), ids.length)).toBeNull();
    ids.push(colliding[500] as string, colliding[7] as string);
    expect(firstDuplicate(ids, hashes(), ids.length)).toEqual({ index: N, first: 500 });
    // Stopped before the repeat.
    expect(firstDuplicate(ids, hashes(), N)).toBeNull();
    // Copies equal in both hashes: a long run after the second sort too, checked through a Map.
    const copies = [...colliding, ...Array.from({ length: 20 }, () => colliding[5] as string)];
    expect(firstDuplicate(copies, Int32Array.from(copies, hashString), copies.length)).toEqual({ index: N, first: 5 });
  });
});

describe("FingerprintSet under hash flooding", () => {
  /** Fingerprints whose slot is 0 at every size: lo = hi × golden. */
  const pairs = Array.from({ length: N }, (_, k) => [k + 1, Math.imul(k + 1, 0x9e3779b1) >>> 0] as const);

  it("falls back to a Set, answers as a set, and lists its fingerprints sorted", () => {
    const set = new FingerprintSet();
    for (const [hi, lo] of pairs) expect(set.add(hi, lo)).toBe(true);
    expect(set.flooded).toBe(true);
    expect(set.size).toBe(N);
    for (const [hi, lo] of pairs.slice(0, 100)) {
      expect(set.add(hi, lo)).toBe(false);
      expect(set.has(hi, lo)).toBe(true);
      expect(set.probe(hi, lo)).toBe(-1);
    }
    expect(set.has(1, 1)).toBe(false);
    const p = set.probe(1, 1);
    expect(p).toBeGreaterThanOrEqual(0);
    set.fill(p, 1, 1);
    expect(set.has(1, 1)).toBe(true);
    const copy = set.clone();
    copy.add(2, 2);
    expect(set.has(2, 2)).toBe(false);
    const listed: string[] = [];
    set.forEach((hi, lo) => listed.push(`${hi}:${lo}`));
    expect(listed.length).toBe(N + 1);
    expect(new Set(listed)).toEqual(new Set([...pairs.map(([hi, lo]) => `${hi}:${lo}`), "1:1"]));
    expect(listed[0]).toBe("1:1");
  });
});

describe("prepareOrders, prepareOrderColumns and the accumulator on colliding ids", () => {
  const orders = (ids: readonly string[]): Order[] =>
    ids.map((id, i) => ({ orderId: id, customerId: ids[i - (i % 3)] as string, placedAt: Date.UTC(2024, 0, 1) + i * 3_600_000, total: `${(i % 50) + 1}.25` }));
  const rename = (r: unknown, from: readonly string[], to: readonly string[]): string => {
    const map = new Map(from.map((k, i) => [k, to[i] as string]));
    return JSON.stringify(r, (_k, v: unknown) => (typeof v === "string" && map.has(v) ? map.get(v) : v));
  };

  it("gives the results of ordinary ids, renamed", () => {
    const flood = prepareOrders(orders(colliding));
    const plain = prepareOrders(orders(ordinary));
    expect(flood.customerCount).toBe(Math.ceil(N / 3));
    expect(rename(customerSummaries(flood), colliding, ordinary)).toBe(JSON.stringify(customerSummaries(plain)));
    expect(JSON.stringify(summarize(flood))).toBe(JSON.stringify(summarize(plain)));
    const acc = createAccumulator();
    for (const o of orders(colliding)) acc.add(o);
    expect(rename(customerSummaries(acc), colliding, ordinary)).toBe(JSON.stringify(customerSummaries(plain)));
  });

  it("refuses a repeated colliding order id with DUPLICATE_ORDER_ID at its index", () => {
    const rows = orders(colliding.slice(0, 3000));
    rows.push({ ...(rows[2321] as Order) });
    expect(() => prepareOrders(rows)).toThrow(expect.objectContaining({ code: "DUPLICATE_ORDER_ID", index: 3000 }));
  });

  it("prepares columns of colliding string and numeric ids", () => {
    const nums = numberCollidingKeys(3000);
    const book = prepareOrderColumns({
      orderId: colliding.slice(0, 3000),
      customerId: Float64Array.from(nums, (x, i) => (nums[i - (i % 2)] as number) + 0 * x),
      placedAt: Float64Array.from(nums, (_x, i) => Date.UTC(2024, 0, 1) + i * 60_000),
      total: Int32Array.from(nums, (_x, i) => 100 + i),
    });
    expect(book.orderCount).toBe(3000);
    expect(book.customerCount).toBe(1500);
    expect(() => prepareOrderColumns({ orderId: [...colliding.slice(0, 3000), colliding[17] as string], customerId: new Int32Array(3001), placedAt: new Float64Array(3001).fill(Date.UTC(2024, 0, 1)), total: new Int32Array(3001) })).toThrow(
      expect.objectContaining({ code: "DUPLICATE_ORDER_ID", index: 3000 }),
    );
  });
});
