import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { accumulatorFromJSON, createAccumulator, customerSummaries, summarize } from "../../src/index.js";

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
