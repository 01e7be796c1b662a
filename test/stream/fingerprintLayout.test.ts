import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { accumulatorFromJSON, createAccumulator, customerSummaries, summarize } from "../../src/index.js";
import { fingerprint, FingerprintSet } from "../../src/internal/stream/fingerprints.js";

// A state written before the fingerprints moved to shards of buckets (their base64 text lists them in the old
// table's slot order): the format is the same, and any order of fingerprints is read.
const old = JSON.parse(readFileSync(new URL("../fixtures/accumulator-state-sharded-before.json", import.meta.url), "utf8")) as Parameters<typeof accumulatorFromJSON>[0];

const fresh = () => {
  const acc = createAccumulator({ timeZone: "Europe/Prague" });
  for (let i = 0; i < 40; i++) acc.add({ orderId: `#${1000 + i}`, customerId: `c${i % 7}`, placedAt: `2024-${String(1 + (i % 12)).padStart(2, "0")}-0${1 + (i % 9)}T10:00:00Z`, total: `${10 + i}.50` });
  return acc;
};

describe("accumulator state with fingerprints in the old slot order", () => {
  it("is read, gives the results of the same orders added now, and refuses their ids as repeats", () => {
    const acc = accumulatorFromJSON(old);
    const now = fresh();
    expect(JSON.stringify(summarize(acc))).toBe(JSON.stringify(summarize(now)));
    expect(JSON.stringify(customerSummaries(acc))).toBe(JSON.stringify(customerSummaries(now)));
    expect(() => acc.add({ orderId: "#1007", customerId: "c0", placedAt: "2024-05-01T10:00:00Z", total: "1.00" })).toThrow(/DUPLICATE_ORDER_ID|repeats/);
    // Written again: the state the same orders make now (fingerprints aside: their order depends on the order
    // they came in), and a fixed point of reading and writing.
    const again = accumulatorFromJSON(old).toJSON();
    expect({ ...again, fingerprints: null }).toEqual({ ...now.toJSON(), fingerprints: null });
    expect(accumulatorFromJSON(again).toJSON()).toEqual(again);
  });
});

describe("FingerprintSet with shards in pages (150,000 fingerprints: shards of 256 buckets and more)", () => {
  const filled = (): FingerprintSet => {
    const set = new FingerprintSet();
    const fp = new Uint32Array(2);
    for (let i = 0; i < 150_000; i++) {
      fingerprint(`#${i}`, fp);
      set.add(fp[0] as number, fp[1] as number);
    }
    return set;
  };
  const hashOf = (words: Uint32Array): string => {
    let h = 0x811c9dc5;
    for (const w of words) h = Math.imul(h ^ w, 0x01000193) >>> 0;
    return h.toString(16);
  };

  it("keeps the slots of single-array shards (the canonical order a state writes), and finds every fingerprint", () => {
    const set = filled();
    const packed = set.packed();
    expect(packed.length).toBe(300_000);
    // The FNV-1a of the packed words as the set of single arrays per shard wrote them (before the pages).
    expect(hashOf(packed)).toBe("32d1db5c");
    let added = 0;
    for (let j = 0; j < packed.length; j += 2) if (set.add(packed[j] as number, packed[j + 1] as number)) added++;
    expect(added).toBe(0);
    expect(set.size).toBe(150_000);
    const fp = new Uint32Array(2);
    fingerprint("#150000", fp);
    expect(set.has(fp[0] as number, fp[1] as number)).toBe(false);
    // Rebuilt from its canonical order, copied, or merged into an empty set: the same slots.
    const rebuilt = FingerprintSet.sizedFor(packed);
    for (let j = 0; j < packed.length; j += 2) rebuilt.add(packed[j] as number, packed[j + 1] as number);
    expect(hashOf(rebuilt.packed())).toBe("32d1db5c");
    expect(hashOf(set.clone().packed())).toBe("32d1db5c");
    const merged = new FingerprintSet();
    merged.reserveFor(set);
    set.forEach((hi, lo) => merged.add(hi, lo));
    expect(hashOf(merged.packed())).toBe(hashOf(rebuilt.packed()));
  });
});
