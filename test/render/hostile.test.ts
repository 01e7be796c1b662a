// Issue 19, item 10: renderers on hostile data. Labels and ids with control characters, terminal escapes,
// bidi overrides and markup; numeric options that would go into SVG attributes; results read back from JSON
// or changed by hand. Every renderer either returns well-formed output or throws RetentionMetricsError.
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohortTable } from "../../src/cohorts/cohortTable.js";
import { RetentionMetricsError } from "../../src/core/RetentionMetricsError.js";
import type { Order } from "../../src/core/types.js";
import { customerSummaries } from "../../src/customers/customerSummaries.js";
import { rfmScores } from "../../src/customers/rfmScores.js";
import { summarize } from "../../src/orders/summarize.js";
import { cohortHeatmap } from "../../src/render/cohortHeatmap.js";
import { formatTable } from "../../src/render/formatTable.js";
import { lifetimeValueChart } from "../../src/render/lifetimeValueChart.js";
import { retentionCurveChart } from "../../src/render/retentionCurveChart.js";
import { toHtml } from "../../src/render/toHtml.js";
import { retentionSeries } from "../../src/retention/retentionSeries.js";
import { historicalLifetimeValue } from "../../src/value/historicalLifetimeValue.js";
import { expectRetentionError } from "../support/expectRetentionError.js";
import { assertWellFormed, elementNames } from "./xml.js";

/** Every character a terminal acts on (newline excepted, the renderer's own line break). */
const TERMINAL_CONTROL = /[\0-\x09\x0B-\x1F\x7F-\x9F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HTML_TAGS = new Set(["div", "table", "caption", "thead", "tbody", "tr", "th", "td", "p"]);
const SVG_TAGS = new Set(["svg", "defs", "pattern", "rect", "line", "linearGradient", "stop", "text", "g", "title", "path", "circle"]);

const PAYLOADS = [
  "\x1b[31mred\x1b[0m",
  "\x1b]0;title\x07",
  "line\nbreak\r\n",
  "tab\there",
  "\u202Eevil\u202C",
  "\u2066iso\u2069",
  "\x00nul",
  "\x9b31m",
  "\uD800lone",
  "tail\uDC00",
  "<script>alert(1)</script>",
  '"><svg onload=alert(1)>',
  "]]><!--",
  "&amp;",
  "\uFFFE\uFFFF",
];

const day = (i: number): string => new Date(Date.UTC(2024, 0, 1 + i * 9)).toISOString().slice(0, 10);
function ordersWith(ids: readonly string[]): Order[] {
  return ids.flatMap((id, i) => [
    { orderId: `a${i}`, customerId: id, placedAt: day(i), total: "10.00", segment: id },
    { orderId: `b${i}`, customerId: id, placedAt: day(i + 5), total: "5.25", segment: id },
  ]);
}
const opts = { asOf: "2024-12-31", timeZone: "UTC" } as const;

function checkSvg(svg: string): void {
  assertWellFormed(svg);
  for (const name of elementNames(svg)) expect(SVG_TAGS.has(name), `unexpected <${name}>`).toBe(true);
}
function checkHtml(html: string): void {
  assertWellFormed(html);
  for (const name of elementNames(html)) expect(HTML_TAGS.has(name), `unexpected <${name}>`).toBe(true);
}
function checkText(text: string): void {
  expect(TERMINAL_CONTROL.exec(text)).toBeNull();
}

/** Every renderer on every result of `orders`. */
function renderAll(orders: Order[]): void {
  const table = cohortTable(orders, { ...opts, segmentBy: "segment" });
  const plain = cohortTable(orders, opts);
  const results: object[] = [
    table,
    summarize(orders, opts),
    rfmScores(orders, opts),
    customerSummaries(orders, opts),
    retentionSeries(orders, opts),
    historicalLifetimeValue(orders, opts),
  ];
  for (const r of results) {
    checkHtml(toHtml(r, { maxRows: 1000 }));
    checkText(formatTable(r, { maxRows: 1000 }));
  }
  for (const t of [table, plain]) {
    checkSvg(cohortHeatmap(t));
    checkSvg(retentionCurveChart(t));
    checkSvg(lifetimeValueChart(t));
  }
  checkSvg(lifetimeValueChart(historicalLifetimeValue(orders, opts)));
}

describe("renderers on hostile labels and ids", () => {
  it("a control character in a label leaves the SVG well-formed (regression)", () => {
    const svg = cohortHeatmap(cohortTable(ordersWith(["ok"]), opts), { title: "t\x01\x1b" });
    checkSvg(svg);
    expect(svg).toContain("t\uFFFD\uFFFD");
    const curves = retentionCurveChart(cohortTable(ordersWith(["a\x00b", "c\x08d"]), { ...opts, segmentBy: "segment" }));
    checkSvg(curves);
    expect(curves).toContain("a\uFFFDb");
  });

  it("formatTable writes terminal escapes, newlines and bidi overrides of ids visibly (regression)", () => {
    const text = formatTable(rfmScores(ordersWith(["\x1b[2J", "a\nb", "\u202Eabc"]), opts));
    checkText(text);
    expect(text).toContain("\\u001B[2J");
    expect(text).toContain("a\\nb");
    expect(text).toContain("\\u202Eabc");
  });

  it("every payload in ids and segments, through every result and renderer (known payloads)", () => {
    renderAll(ordersWith(PAYLOADS));
  });

  it("any string in ids and segments gives well-formed SVG, tag-free HTML and control-free text (property)", () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const hostile = fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ unit: codeUnit, minLength: 1, maxLength: 8 }), fc.string({ unit: "binary", minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(fc.uniqueArray(hostile, { minLength: 1, maxLength: 4 }), (ids) => renderAll(ordersWith(ids))),
      { numRuns: 15 },
    );
  });
});

describe("renderer options", () => {
  const table = cohortTable(ordersWith(["ann", "bob"]), opts);
  it("width and height that are not numbers in range give INVALID_OPTION, not markup (regression)", () => {
    const evil = '100" onload="alert(1)' as unknown as number;
    expectRetentionError(() => retentionCurveChart(table, { width: evil }), { code: "INVALID_OPTION", field: "width" });
    expectRetentionError(() => lifetimeValueChart(table, { height: evil }), { code: "INVALID_OPTION", field: "height" });
    expectRetentionError(() => lifetimeValueChart(table, { height: Number.NaN }), { code: "INVALID_OPTION", field: "height" });
    expectRetentionError(() => retentionCurveChart(table, { width: 1e9 }), { code: "INVALID_OPTION", field: "width" });
    expectRetentionError(() => cohortHeatmap(table, { cellWidth: evil }), { code: "INVALID_OPTION", field: "cellWidth" });
    expectRetentionError(() => cohortHeatmap(table, { cellHeight: -1 }), { code: "INVALID_OPTION", field: "cellHeight" });
    expectRetentionError(() => cohortHeatmap(table, { scaleMax: 2 }), { code: "INVALID_OPTION", field: "scaleMax" });
    expectRetentionError(() => cohortHeatmap(table, { showValues: "no" as unknown as boolean }), { code: "INVALID_OPTION", field: "showValues" });
    expectRetentionError(() => cohortHeatmap(table, { title: 5 as unknown as string }), { code: "INVALID_OPTION", field: "title" });
    expectRetentionError(() => cohortHeatmap(table, 7 as unknown as object), { code: "INVALID_OPTION", field: "options" });
    expectRetentionError(() => formatTable(table, { indent: 1e9 }), { code: "INVALID_OPTION", field: "indent" });
    expectRetentionError(() => toHtml(table, { maxRows: -1 }), { code: "INVALID_OPTION", field: "maxRows" });
    expect(formatTable(table, { maxRows: Infinity })).toBe(formatTable(table));
  });
});

/** A deep copy that keeps Decimals (as a result changed in memory would have them). */
function clone(v: unknown): unknown {
  if (v instanceof Decimal || typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) return v.map(clone);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
}

/** Every path to a value inside `v`. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v instanceof Decimal || typeof v !== "object" || v === null) return out;
  for (const [k, x] of Object.entries(v)) {
    const p = [...at, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    paths(x, p, out);
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
}

/** Calls `fn`; anything it throws must be a RetentionMetricsError. Returns the output or null. */
function onlyOurErrors(fn: () => string): string | null {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof RetentionMetricsError)) throw e;
    return null;
  }
}

describe("results as untrusted data", () => {
  const orders = ordersWith(["ann", "bob", "cy"]);
  it("a result read back from JSON gets INVALID_ARGUMENT, never TypeError or markup from the row size (regression)", () => {
    const table = JSON.parse(JSON.stringify(cohortTable(orders, opts))) as ReturnType<typeof cohortTable>;
    (table.cohorts[0] as { size: unknown }).size = "<script>alert(1)</script>";
    expectRetentionError(() => cohortHeatmap(table), { code: "INVALID_ARGUMENT", field: "table.cohorts[0].size" });
    expectRetentionError(() => toHtml(table), { code: "INVALID_ARGUMENT", field: "result.cohorts[0].size" });
    expectRetentionError(() => formatTable(table), { code: "INVALID_ARGUMENT", field: "result.cohorts[0].size" });
    const s = JSON.parse(JSON.stringify(summarize(orders, opts))) as object;
    expectRetentionError(() => toHtml(s), { code: "INVALID_ARGUMENT", field: "result.revenue.gross" });
    expectRetentionError(() => formatTable(s), { code: "INVALID_ARGUMENT", field: "result.revenue.gross" });
    const huge = { ...cohortTable(orders, opts), periods: 1e12 };
    expectRetentionError(() => cohortHeatmap(huge), { code: "INVALID_ARGUMENT", field: "table.periods" });
    expectRetentionError(() => lifetimeValueChart(null as never), { code: "INVALID_ARGUMENT", field: "input" });
  });

  it("any field of any result replaced by any JSON value: output stays well-formed or RetentionMetricsError (property)", () => {
    const makers = [
      () => cohortTable(orders, { ...opts, segmentBy: "segment" }),
      () => summarize(orders, opts),
      () => rfmScores(orders, opts),
      () => customerSummaries(orders, opts),
      () => retentionSeries(orders, opts),
      () => historicalLifetimeValue(orders, opts),
    ];
    const made = makers.map((m) => clone(m()));
    const pathsOf = made.map((r) => paths(r));
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...PAYLOADS), fc.constant(undefined), fc.constant(1e300), fc.constant(-1));
    fc.assert(
      fc.property(fc.nat(made.length - 1), fc.nat(), value, fc.boolean(), (which, pick, v, tagged) => {
        const r = tagged ? makers[which]!() : clone(made[which]);
        const ps = pathsOf[which]!;
        setAt(r, ps[pick % ps.length]!, v);
        const html = onlyOurErrors(() => toHtml(r));
        if (html !== null) checkHtml(html);
        const text = onlyOurErrors(() => formatTable(r));
        if (text !== null) checkText(text);
        for (const svgOf of [cohortHeatmap, retentionCurveChart, lifetimeValueChart] as ((x: never) => string)[]) {
          const svg = onlyOurErrors(() => svgOf(r as never));
          if (svg !== null) checkSvg(svg);
        }
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? 80) },
    );
  });
});
