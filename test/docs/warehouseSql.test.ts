import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { toSql, type SqlDialectName, type SqlMetric } from "../../src/index.js";
import { runSnippet } from "../support/snippets.js";
import { DOC_OPTIONS } from "./warehouseSqlOptions.js";

// docs/warehouse-sql.md: its ts block runs (on embedded DuckDB) and prints what its comments say; each sql block is
// exactly what toSql writes for the metric and dialect its header line names, with the options of DOC_OPTIONS.
const root = new URL("../../", import.meta.url);
const page = readFileSync(new URL("docs/warehouse-sql.md", root), "utf8");
const moduleDir = fileURLToPath(new URL("test/.docs-tmp-warehouse/", root));
const tsBlocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const sqlBlocks = [...page.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] as string);

afterAll(() => rmSync(moduleDir, { recursive: true, force: true }));

describe("docs/warehouse-sql.md", () => {
  tsBlocks.forEach((code, n) => {
    it(`ts block ${n + 1} runs and prints what its comments say`, async () => {
      const printed = await runSnippet(moduleDir, `${moduleDir}block${n}.ts`, code.replaceAll('"retention-metrics"', '"../../src/index.js"'));
      const expected = code
        .split("\n")
        .filter((line) => line.trim().startsWith("console.log("))
        .map((line) => line.slice(line.lastIndexOf("//") + 2).trim());
      expect(printed).toEqual(expected);
    });
  });

  it("every metric and dialect has its SQL block, equal to what toSql writes", () => {
    const seen: string[] = [];
    for (const block of sqlBlocks) {
      const m = /^-- retention-metrics (\w+) \((\w+)\)/.exec(block);
      expect(m, block.slice(0, 80)).not.toBeNull();
      const [, metric, dialect] = m as unknown as [string, SqlMetric, SqlDialectName];
      const options = DOC_OPTIONS[metric as keyof typeof DOC_OPTIONS];
      expect(block).toBe(toSql(metric, options as never, { dialect, table: "orders" }).sql);
      seen.push(`${metric} ${dialect}`);
    }
    expect(seen.sort()).toEqual(
      Object.keys(DOC_OPTIONS).flatMap((metric) => ["bigquery", "clickhouse", "duckdb", "postgres", "snowflake"].map((d) => `${metric} ${d}`)).sort(),
    );
  });
});
