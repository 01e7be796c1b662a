import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Order } from "../../src/index.js";

/**
 * The SQL blocks of docs/at-scale.md by name: each ```sql block starts with a `-- <name>` line. The test and
 * `npm run bench:compare` run exactly this text, so the docs cannot drift from what is tested.
 */
export function warehouseSql(): Record<string, string> {
  const doc = readFileSync(fileURLToPath(new URL("../../docs/at-scale.md", import.meta.url)), "utf8");
  const blocks: Record<string, string> = {};
  for (const m of doc.matchAll(/```sql\r?\n-- (\w+)\r?\n([\s\S]*?)```/g)) blocks[m[1] as string] = m[2] as string;
  return blocks;
}

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * Loads orders into the table `orders` of docs/at-scale.md through DuckDB's appender: the raw fields go into a
 * text staging table (as the JS array holds them), then DuckDB casts them (timestamps, exact decimals).
 * `placedAt` strings without an offset are not accepted here: pass instants (ISO with `Z`/offset, or a Date).
 */
export async function loadOrders(connection: DuckDBConnection, orders: readonly Order[], scale = 2): Promise<void> {
  await connection.run("DROP TABLE IF EXISTS orders_raw; DROP TABLE IF EXISTS orders");
  await connection.run("CREATE TABLE orders_raw (customer_id VARCHAR, placed_at VARCHAR, total VARCHAR, refunded VARCHAR)");
  const appender = await connection.createAppender("orders_raw");
  for (const o of orders) {
    appender.appendVarchar(String(o.customerId));
    appender.appendVarchar(text(o.placedAt));
    appender.appendVarchar(String(o.total));
    if (o.refunded === undefined || o.refunded === null) appender.appendNull();
    else appender.appendVarchar(String(o.refunded));
    appender.endRow();
  }
  appender.closeSync();
  await connection.run(
    `CREATE TABLE orders AS SELECT customer_id, CAST(placed_at AS TIMESTAMPTZ) AS placed_at,
       CAST(total AS DECIMAL(18, ${scale})) AS total, CAST(refunded AS DECIMAL(18, ${scale})) AS refunded FROM orders_raw;
     DROP TABLE orders_raw`,
  );
}
