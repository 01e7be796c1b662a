// The byte path of the readers (bytes in: ByteCellScanner) against the text path (the same bytes decoded, then
// CellScanner): the same orders, ledger and errors, for the fixtures as they are and broken in random places,
// cut into chunks anywhere.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readOrderBook, readOrders, type ReadOrdersOptions } from "../../src/index.js";

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url), "utf8");

const CASES: [string, ReadOrdersOptions][] = [
  [fixture("shopify_orders.csv"), { format: "shopify", segment: "Source", onError: "collect" }],
  [fixture("shopify_orders_multicurrency.csv"), { format: "shopify", onError: "collect", exchangeRates: { to: "EUR", rates: { CZK: "0.0398", USD: "0.92", GBP: "1.17" } } }],
  [fixture("woocommerce_orders.csv"), { format: "woocommerce", onError: "collect", guests: "keep" }],
  [fixture("generic_orders.csv"), { format: "generic", onError: "collect", columns: { orderId: "order", customerId: "customer", placedAt: "date", total: "total", refunded: "refunded", currency: "currency" } }],
];

/** The result of a read, or the error it threw, as plain data. */
function outcome(read: () => unknown): unknown {
  try {
    return { ok: JSON.parse(JSON.stringify(read())) };
  } catch (e) {
    return { error: String(e), code: (e as { code?: unknown }).code };
  }
}

function chunks(bytes: Uint8Array, seeds: number[]): Uint8Array[] {
  const cuts = [...new Set(seeds.map((s) => s % (bytes.length + 1)))].sort((a, b) => a - b);
  const points = [0, ...cuts, bytes.length];
  return points.slice(1).map((end, i) => bytes.slice(points[i], end));
}

describe("readOrders on bytes", () => {
  // Edits that break a file the ways exports break: a stray or missing quote, a cut cell, a line break, a bad byte.
  const edit = fc.tuple(fc.nat(), fc.constantFrom('"', "", ",", "\n", "\r\n", "x", "\uFEFF", "é", "\u00a0", " "), fc.nat({ max: 3 }));

  it("reads bytes cut anywhere as it reads their text, broken files included", () => {
    fc.assert(
      fc.property(fc.nat({ max: CASES.length - 1 }), fc.array(edit, { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (which, edits, seeds, book) => {
        const [csv, options] = CASES[which] as [string, ReadOrdersOptions];
        let text = csv;
        for (const [at, insert, cut] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        const bytes = new TextEncoder().encode(text);
        const read = (input: string | Uint8Array[]): unknown =>
          book ? outcome(() => readOrderBook(input, { ...options, timeZone: "Europe/Prague" })) : outcome(() => readOrders(input, options));
        expect(read(chunks(bytes, seeds))).toEqual(read(text));
      }),
      { numRuns: 40 },
    );
  });

  it("throws the text path's error at the same row and column", () => {
    const csv = CASES[0]?.[0] as string;
    const broken = csv.replaceAll("2024-01-03 09:00:55 +0100", "yesterday");
    const bytes = new TextEncoder().encode(broken);
    expect(outcome(() => readOrders([bytes.slice(0, 100), bytes.slice(100)], { format: "shopify" }))).toEqual(outcome(() => readOrders(broken, { format: "shopify" })));
    expect((outcome(() => readOrders(bytes, { format: "shopify" })) as { code?: string }).code).toBe("INVALID_DATE");
  });
});
