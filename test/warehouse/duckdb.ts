import type { DuckDBConnection } from "@duckdb/node-api";
import type { Order } from "../../src/index.js";

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
