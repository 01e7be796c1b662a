import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  customerLifetimeValue,
  netPromoterScore,
  prepareOrders,
  RetentionMetricsError,
  type RetentionMetricsErrorCode,
  summarize,
} from "../../src/index.js";
import { argumentError, ERRORS_DOCS_URL, errorDocsUrl, optionError, recordError } from "../../src/internal/fail.js";

// Every code in the RetentionMetricsErrorCode union has its own section in docs/errors.md, and every message
// ends with a link to that section: `<where>: <what is wrong> (got <value>). <what to do> See <link>`.
const root = new URL("../../", import.meta.url);
const source = readFileSync(new URL("src/core/RetentionMetricsError.ts", root), "utf8");
const union = /export type RetentionMetricsErrorCode =([^;]+);/.exec(source)?.[1] ?? "";
const codes = [...union.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1] as RetentionMetricsErrorCode);
const docs = readFileSync(new URL("docs/errors.md", root), "utf8");
const sections = new Map(
  docs
    .split(/^## /m)
    .slice(1)
    .map((part) => [part.slice(0, part.indexOf("\n")).trim(), part] as const),
);
const grammar = /^[^:]+: .+ \(got .+\)\. .+ See (\S+)$/s;

function thrown(fn: () => unknown): RetentionMetricsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RetentionMetricsError) return e;
    throw e;
  }
  throw new Error("expected a RetentionMetricsError");
}

describe("docs/errors.md", () => {
  it("the code union was read from the source", () => expect(codes.length).toBeGreaterThanOrEqual(19));

  it.each(codes)("has a section ## %s saying what triggers it and how to fix it", (code) => {
    const section = sections.get(code);
    expect(section, `docs/errors.md has no "## ${code}" section`).toBeDefined();
    expect(section).toContain("**Triggered by**");
    expect(section).toContain("**Fix**");
    // The summary table at the top links to the section.
    expect(docs).toContain(`[\`${code}\`](#${code.toLowerCase()})`);
  });

  it("has no section for a code that does not exist", () => {
    expect([...sections.keys()].filter((h) => !codes.includes(h as RetentionMetricsErrorCode))).toEqual([]);
  });

  it("is where ERRORS_DOCS_URL points", () => {
    expect(ERRORS_DOCS_URL).toMatch(/^https:\/\/\S+\/docs\/errors\.md$/);
    expect(errorDocsUrl("INVALID_DATE")).toBe(`${ERRORS_DOCS_URL}#invalid_date`);
  });
});

describe("error messages", () => {
  it.each(codes)("%s: the helpers end the message with a link to its section", (code) => {
    for (const err of [
      recordError(code, 3, "total", "is wrong", "x", "Fix it."),
      optionError("from", "is wrong", 1, "Fix it.", code),
      argumentError("lifespan", "is wrong", null, "Fix it.", code),
    ]) {
      expect(err.code).toBe(code);
      expect(err.message).toMatch(grammar);
      expect(err.message.endsWith(` See ${ERRORS_DOCS_URL}#${code.toLowerCase()}`)).toBe(true);
    }
    expect(recordError(code, 3, "total", "is wrong", "x", "Fix it.").message).toBe(
      `order 3, total: is wrong (got "x"). Fix it. See ${ERRORS_DOCS_URL}#${code.toLowerCase()}`,
    );
  });

  it.each<[RetentionMetricsErrorCode, () => unknown]>([
    ["INVALID_DATE", () => prepareOrders([{ orderId: "a", customerId: "c", placedAt: "2024-13-01", total: "5" }])],
    ["EMPTY_CUSTOMER_ID", () => prepareOrders([{ orderId: "a", customerId: "", placedAt: 0, total: "5" }])],
    ["INVALID_OPTION", () => summarize([], { revenue: "cash" as never })],
    ["INVALID_TIME_ZONE", () => summarize([], { timeZone: "Mars/Olympus" })],
    ["INVALID_ARGUMENT", () => customerLifetimeValue({ customerValue: "200", lifespan: -1 })],
    ["INVALID_SCORE", () => netPromoterScore([11])],
  ])("%s thrown by the public API links its section", (code, fn) => {
    const err = thrown(fn);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(grammar);
    expect(grammar.exec(err.message)?.[1]).toBe(`${ERRORS_DOCS_URL}#${code.toLowerCase()}`);
  });

  it("are all made by the helpers in src/internal/fail.ts (nothing else constructs the error)", () => {
    const offenders: string[] = [];
    const walk = (dir: URL): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir));
        else if (entry.name.endsWith(".ts") && !(dir.href.endsWith("/src/internal/") && entry.name === "fail.ts")) {
          if (/new RetentionMetricsError\s*\(/.test(readFileSync(new URL(entry.name, dir), "utf8"))) {
            offenders.push(new URL(entry.name, dir).pathname);
          }
        }
      }
    };
    walk(new URL("src/", root));
    expect(offenders).toEqual([]);
  });
});
