// Rule R5 (CONTRIBUTING.md, "Result shapes"; issue 15, point 3) for every result of every public function: each
// form of each function in test/support/publicCalls.ts (books, typed columns and accumulators for the functions
// that read them), so that object spread, Object.keys, structuredClone, postMessage and JSON.stringify keep every
// field. decimal.js gives each instance an own `constructor` (a function), so a result holding a plain
// `new Decimal(...)` cannot be structured-cloned: every Decimal of a result must be made cloneable.
import { MessageChannel } from "node:worker_threads";
import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { customerSummaries, discountedLifetimeValue, rfmScores } from "../src/index.js";
import { asOf, orders, publicResults, table } from "./support/publicCalls.js";

const DISPLAY = Symbol.for("Jupyter.display");

/**
 * Asserts that `value` and everything in it is plain data: plain objects and arrays whose own properties are
 * enumerable data properties, numbers that are not NaN, and Decimals that own only their sign, exponent and
 * digits. Also `{ ...o }` of each object keeps every key and value. Allowed besides: the notebook display method
 * (a non-enumerable symbol-keyed property) and the columnar view of customerSummaries (typed arrays, with a
 * non-enumerable `toJSON` that writes them as JSON arrays).
 */
function expectPlain(value: unknown, path: string): void {
  if (typeof value === "number") {
    expect(Number.isNaN(value), `${path} is not NaN`).toBe(false);
    return;
  }
  expect(typeof value, `${path} is not a function`).not.toBe("function");
  if (typeof value !== "object" || value === null) return;
  if (ArrayBuffer.isView(value)) return;
  if (value instanceof Decimal) {
    expect(Object.keys(value).sort(), `${path} is a Decimal that owns only s, e and d (cloneable)`).toEqual(["d", "e", "s"]);
    // ... and still a Decimal of decimal.js's global class, whose methods work as on `new Decimal(string)`.
    expect(value.constructor === Decimal && Decimal.isDecimal(value), `${path} is a Decimal`).toBe(true);
    const same = new Decimal(value.toString());
    expect([value.div(7).toString(), value.times(-3).plus(1).toFixed(2), value.toJSON()], `${path}: arithmetic`).toEqual([same.div(7).toString(), same.times(-3).plus(1).toFixed(2), same.toJSON()]);
    return;
  }
  const proto = Object.getPrototypeOf(value);
  expect(proto === Object.prototype || proto === Array.prototype, `${path} is a plain object or array`).toBe(true);
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
    if (typeof key === "symbol") {
      expect(key, `${path}: the only symbol-keyed property is the notebook display`).toBe(DISPLAY);
      expect(d.enumerable, `${path}[Jupyter.display] is not enumerable`).toBe(false);
      continue;
    }
    if (Array.isArray(value) && key === "length") continue;
    if (key === "toJSON" && !d.enumerable && typeof d.value === "function" && Object.values(value).some((v) => ArrayBuffer.isView(v))) continue;
    expect(d.enumerable && "value" in d, `${path}.${key} is an enumerable data property`).toBe(true);
    expectPlain(d.value, `${path}.${key}`);
  }
  if (!Array.isArray(value)) {
    const spread: Record<string, unknown> = { ...value };
    expect(Object.keys(spread), `{ ...${path} } keeps every key`).toEqual(Object.keys(value));
    for (const key of Object.keys(value)) expect(spread[key], `{ ...${path} }.${key}`).toBe((value as Record<string, unknown>)[key]);
  }
}

/** Whether `v` is what structuredClone makes of a Decimal: a plain object of exactly { s, e, d }. */
function isClonedDecimal(v: unknown): v is { s: number; e: number; d: number[] | null } {
  if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const keys = Object.keys(v).sort();
  return keys.length === 3 && keys[0] === "d" && keys[1] === "e" && keys[2] === "s";
}

/**
 * JSON of a structured clone, written as `JSON.stringify` writes the original: a cloned Decimal `{ s, e, d }` as
 * the Decimal's own JSON (its decimal string), a typed array (which loses the view's `toJSON`) as an array.
 */
function cloneJson(clone: unknown): string {
  return JSON.stringify(clone, (_key, v: unknown) => {
    if (isClonedDecimal(v)) return new Decimal(Object.assign(Object.create(Decimal.prototype) as object, v) as Decimal).toJSON();
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
    return v;
  });
}

/** `value` after a trip through a real MessageChannel (the structured clone of postMessage). */
function viaMessageChannel(value: unknown): Promise<unknown> {
  const { port1, port2 } = new MessageChannel();
  return new Promise<unknown>((resolve, reject) => {
    port2.once("message", (data: unknown) => {
      port1.close();
      port2.close();
      resolve(data);
    });
    try {
      port1.postMessage(value);
    } catch (error) {
      port1.close();
      port2.close();
      reject(error as Error);
    }
  });
}

const results = publicResults();

describe("R5: every public result is plain data", () => {
  it("every function that returns a result is covered (all but renderers, inputs, the error class and constants)", () => {
    const exempt = new Set(["renderer", "input", "error class", "constant"]);
    const functions = Object.entries(table).filter(([, e]) => !exempt.has(e.kind)).map(([name]) => name);
    expect(functions.length).toBeGreaterThan(30);
    expect([...new Set(results.map((r) => r.name))].sort()).toEqual(functions.sort());
  });

  it.each(results.map((r) => [r.label, r] as const))("%s", async (label, { make }) => {
    const forms = make();
    expect(forms.length).toBeGreaterThan(0);
    for (const [i, r] of forms.entries()) {
      const where = `${label} #${i + 1}`;
      // Cloned first, before anything is read (a lazily built list is built by the copy).
      let clone: unknown;
      expect(() => (clone = structuredClone(r)), `structuredClone(${where})`).not.toThrow();
      const json = JSON.stringify(r);
      expect(cloneJson(clone), `structuredClone(${where}) keeps every field`).toBe(json);
      expectPlain(r, where);
      expect(Object.keys({ ...r }), `{ ...${where} }`).toEqual(Object.keys(r));
      expect(JSON.stringify({ ...r }), `JSON of { ...${where} }`).toBe(json);
      expect(cloneJson(await viaMessageChannel(r)), `${where} through a MessageChannel`).toBe(json);
    }
  });
});

describe("docs/money-and-time.md, \"Results are plain data\": a Decimal after structuredClone, and through JSON", () => {
  it("arrives as { s, e, d }, which decimal.js does not read, while JSON writes it as its exact decimal string", () => {
    const clv = discountedLifetimeValue({ margin: "100", retentionRate: 0.8, discountRate: 0.1 });
    const clone = structuredClone(clv);
    expect(clone.discountedLifetimeValue).toEqual({ s: 1, e: 2, d: [266, 6666666, 6666666, 6670000] });
    expect(() => new Decimal(clone.discountedLifetimeValue)).toThrow(/Invalid argument/);
    const text = JSON.stringify(clv);
    const got = JSON.parse(text) as Record<string, unknown>;
    expect(got).toMatchObject({ discountedLifetimeValue: "266.66666666666666667", margin: "100" });
    expect(new Decimal(got["discountedLifetimeValue"] as string).eq(clv.discountedLifetimeValue)).toBe(true);
  });
});

describe("result Decimals follow decimal.js's global settings, as before", () => {
  it("a formula result (computed at 1000 digits) divides at the global precision", () => {
    const clv = discountedLifetimeValue({ margin: "100", retentionRate: 0.8, discountRate: 0.1 }).discountedLifetimeValue;
    const saved = Decimal.precision;
    try {
      Decimal.set({ precision: 5 });
      expect(clv.div(3).toString()).toBe("88.889");
      expect(clv.toString()).toBe("266.66666666666666667"); // the value itself is not rounded
    } finally {
      Decimal.set({ precision: saved });
    }
    expect(clv.div(3).toString()).toBe("88.88888888888888889"); // 20 significant digits, the last a dropped 0
  });
});

describe("rfmScores of records the caller changed", () => {
  it("a Decimal of the caller's (own `constructor`) comes out cloneable", () => {
    const s = customerSummaries(orders, asOf);
    s.customers = s.customers.map((c) => ({ ...c, revenue: new Decimal(c.revenue.toString()) }));
    expect(() => structuredClone(s.customers)).toThrow(); // DataCloneError
    const r = rfmScores(s);
    expect(() => structuredClone(r)).not.toThrow();
    expect(r.customers.map((c) => c.revenue.toString())).toEqual(["50", "10", "45"]);
    expectPlain(r, "rfmScores(edited summaries)");
  });
});
