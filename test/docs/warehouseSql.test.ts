import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toSql, type SqlDialectName, type SqlMetric } from "../../src/index.js";
import { itRunsBlocks } from "../support/snippets.js";
import { DOC_OPTIONS } from "./warehouseSqlOptions.js";

// docs/warehouse-sql.md: its ts block runs (on embedded DuckDB) and prints what its comments say; each sql block is
// exactly what toSql writes for the metric and dialect its header line names, with the options of DOC_OPTIONS.
const root = new URL("../../", import.meta.url);
const page = readFileSync(new URL("docs/warehouse-sql.md", root), "utf8");
const tsBlocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const sqlBlocks = [...page.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe("docs/warehouse-sql.md", () => {
  itRunsBlocks(tsBlocks, ".docs-tmp-warehouse");

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
