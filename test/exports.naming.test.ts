// The result naming rule (CONTRIBUTING.md, "Result shapes") over every export of src/index.ts.
// Every export is classified in the table of test/support/publicCalls.ts (shared with test/plainResults.test.ts,
// rule R5); an export missing from the table fails the test, and so does a stale entry.
import Decimal from "decimal.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { table } from "./support/publicCalls.js";

// The models' shapes (R4 for fits, R3 for per-customer predictions, R1 for population quantities) are asserted
// in test/models/shapes.test.ts, whose tables must name every model export classified here.
const MODELS = Object.entries(table)
  .filter(([, e]) => e.kind === "model fit" || e.kind === "per-customer prediction" || e.kind === "model quantity" || e.kind === "model path")
  .map(([name, e]) => [name, e.kind] as const);

/** Wrapper fields that name no function: a headline must sit under the function's name instead. */
const VAGUE = ["value", "rate", "score", "points", "result", "data", "rows", "items", "values"];

const isPlain = (v: unknown): boolean => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isHeadlineValue = (v: unknown): boolean => v === null || typeof v === "number" || v instanceof Decimal;
const ownEnumerable = (o: object, name: string): boolean => Object.keys(o).includes(name);

function expectWrapper(name: string, r: object): void {
  expect(isPlain(r), `${name}: the result is a plain object`).toBe(true);
  for (const f of VAGUE) expect(Object.keys(r), `${name}: no vague wrapper field "${f}"`).not.toContain(f);
}

describe("result naming rule: every export is classified", () => {
  it("every export of src/index.ts has a row in the table, and every row is an export", () => {
    const exported = Object.keys(api).sort();
    expect(exported.filter((name) => !(name in table)), "unclassified exports: add them to the table").toEqual([]);
    expect(Object.keys(table).filter((name) => !(name in api)).sort(), "stale rows").toEqual([]);
  });

  it("the kinds match what the exports are (classes, functions, constants)", () => {
    const isClass = (v: unknown): boolean => typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));
    for (const [name, e] of Object.entries(table)) {
      const v = (api as Record<string, unknown>)[name];
      if (e.kind === "constant") expect(typeof v, name).not.toBe("function");
      else if (e.kind === "error class") expect(isClass(v), name).toBe(true);
      else if (e.kind !== "input") expect([typeof v, isClass(v)], name).toEqual(["function", false]);
    }
  });
});

describe("R1: a headline value sits under the function's own name", () => {
  const headline = Object.entries(table).flatMap(([name, e]) => (e.kind === "headline" ? [[name, e] as const] : []));
  it.each(headline)("%s", (name, e) => {
    const results = e.call();
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expectWrapper(name, r);
      expect(ownEnumerable(r, name), `${name}(...).${name} is an own enumerable field`).toBe(true);
      expect(isHeadlineValue((r as Record<string, unknown>)[name]), `${name}(...).${name} is a number, a Decimal or null`).toBe(true);
    }
  });
});

describe("R2: a bundle carries each value under the name of the function that computes it", () => {
  const bundles = Object.entries(table).flatMap(([name, e]) => (e.kind === "bundle" ? [[name, e] as const] : []));
  it.each(bundles)("%s", (name, e) => {
    const r = e.call() as Record<string, unknown>;
    expectWrapper(name, r);
    for (const h of e.headlines) {
      expect(table[h.name]?.kind, `${h.name} is itself a headline function`).toBe("headline");
      expect(ownEnumerable(r, h.name), `${name}(...).${h.name}`).toBe(true);
      const single = (h.single() as Record<string, unknown>)[h.name];
      expect(String(r[h.name]), `${name}(...).${h.name} equals ${h.name}(...).${h.name}`).toBe(String(single));
    }
  });
});

describe("R3: one record per entity under a plural name, key first", () => {
  const perEntity = Object.entries(table).flatMap(([name, e]) => (e.kind === "rows" ? e.rows.map((rows) => [`${name}(...).${rows.field}`, name, e, rows] as const) : []));
  it.each(perEntity)("%s", (_label, name, e, rows) => {
    const r = e.call() as Record<string, unknown>;
    expectWrapper(name, r);
    expect(rows.field.endsWith("s") || rows.field === "average", `${rows.field} is a plural noun (or the total curve)`).toBe(true);
    const list = r[rows.field];
    expect(Array.isArray(list), `${name}(...).${rows.field} is an array`).toBe(true);
    const records = list as Record<string, unknown>[];
    expect(records.length, `the small input gives ${name}(...).${rows.field} at least one record`).toBeGreaterThan(0);
    for (const rec of records) {
      expect(rec[rows.key], `each record has its key ${rows.key}`).not.toBeUndefined();
      if (rows.valueField !== undefined) expect(rows.valueField in rec, `each record has ${rows.valueField}`).toBe(true);
      expect(isPlain(rec), "each record is a plain object").toBe(true);
      expect(Object.keys(rec)[0], `each record's first field is ${rows.key}`).toBe(rows.key);
    }
  });
});

describe("renderers are exempt: they return strings", () => {
  const renderers = Object.entries(table).flatMap(([name, e]) => (e.kind === "renderer" ? [[name, e] as const] : []));
  it.each(renderers)("%s", (_name, e) => {
    expect(typeof e.call()).toBe("string");
  });
});

describe("models: classified above, shapes asserted in test/models/shapes.test.ts", () => {
  const shapes = readFileSync(new URL("./models/shapes.test.ts", import.meta.url), "utf8");
  const section = (name: string): string => shapes.slice(shapes.indexOf(`const ${name}`), shapes.indexOf("};", shapes.indexOf(`const ${name}`)));
  const where = { "model path": section("paths"), "model fit": section("fits"), "per-customer prediction": section("perCustomer"), "model quantity": section("population") };
  it("lists the models' exports", () => {
    expect(MODELS.length).toBe(16);
  });
  it.each(MODELS)("%s (%s) is in the matching table of shapes.test.ts", (name, kind) => {
    expect(where[kind as keyof typeof where]).toMatch(new RegExp(`\\b${name}:`));
  });
});
