// bench:compare's Polars contenders (nodejs-polars, the Node binding of Polars' Rust engine): the same analysis
// as every other contender (summary, monthly cohort counts and per-customer summaries in Europe/Prague), written
// as a Polars user would for speed: one lazy query per result over a typed frame, then every value fetched.
//
// nodejs-polars is optional and not a dependency. Its package declares Node >= 20 but npm skips its native
// binary's optional package on Node 20 (EBADENGINE), so install both by hand first:
//   npm install --no-save nodejs-polars@0.26.1 nodejs-polars-linux-x64-gnu@0.26.1
// Money is read as float and rounded to integer cents (exact for the bench's two-decimal amounts; the bench
// checks every contender's numbers equal before printing a table). The local day of an instant is its
// convertTimeZone'd wall clock with the zone dropped (`replaceTimeZone(undefined)`), then cast to a date: a cast
// of the zoned value gives the UTC date.

// The module is loaded only when installed, so its types are not available to the type checker here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

let pl: Any = null;

/** Loads nodejs-polars; returns why it cannot be used, or null. */
export async function loadPolars(): Promise<string | null> {
  try {
    pl = ((await import("nodejs-polars" as string)) as { default: Any }).default;
    pl.DataFrame({ a: [1] }).sum();
    return null;
  } catch (e) {
    return `nodejs-polars does not load here (${String((e as Error).message).split("\n")[0]}); ` +
      "install it with: npm install --no-save nodejs-polars@0.26.1 nodejs-polars-linux-x64-gnu@0.26.1";
  }
}

/** What the three queries return (Polars DataFrames), for the agreement check outside the timed region. */
export interface PolarsResults {
  summary: Any;
  cohorts: Any;
  customers: Any;
}

const cents = (e: Any): Any => e.cast(pl.Float64).mul(100).round(0).cast(pl.Int64);

/** Raw string columns (as the JS array holds them) to the typed frame: customer_id, t (UTC instant), gross, refund (cents). */
function typedFromStrings(raw: Any): Any {
  return raw.lazy().select(
    pl.col("customer_id"),
    pl.col("placed_at").str.strptime(pl.Datetime("ms"), "%Y-%m-%dT%H:%M:%S%.3fZ").dt.replaceTimeZone("UTC").alias("t"),
    cents(pl.col("total")).alias("gross"),
    cents(pl.col("refunded")).fillNull(pl.lit(0).cast(pl.Int64)).alias("refund"),
  );
}

/** The three queries over the typed frame, collected. */
function analysis(typed: Any, timeZone: string): PolarsResults {
  const local = pl.col("t").dt.convertTimeZone(timeZone).dt.replaceTimeZone(undefined);
  const orders = typed
    .withColumns(
      local.cast(pl.Date).cast(pl.Int32).alias("day"),
      local.dt.year().cast(pl.Int32).mul(pl.lit(12).cast(pl.Int32)).add(local.dt.month().cast(pl.Int32)).sub(pl.lit(1).cast(pl.Int32)).alias("month"),
      pl.col("gross").sub(pl.col("refund")).alias("net"),
    )
    .collectSync();
  const summary = orders
    .lazy()
    .select(
      pl.len().alias("orders"),
      pl.col("customer_id").nUnique().alias("customers"),
      pl.col("gross").sum().alias("gross"),
      pl.col("refund").sum().alias("refunded"),
      pl.col("net").sum().alias("net"),
      pl.col("t").max().alias("as_of"),
      pl.col("day").max().alias("as_of_day"),
    )
    .collectSync();
  const repeat = orders.lazy().groupBy("customer_id").agg(pl.len().alias("n")).filter(pl.col("n").gtEq(2)).select(pl.len().alias("repeat_customers")).collectSync();
  const asOfDay = summary.getColumn("as_of_day").get(0) as number;
  const cohorts = orders
    .lazy()
    .withColumns(pl.col("month").min().over("customer_id").alias("cohort"))
    .groupBy(["cohort", "month"])
    .agg(pl.col("customer_id").nUnique().alias("active_customers"), pl.len().alias("orders"), pl.col("net").sum().alias("revenue"))
    .collectSync();
  const customers = orders
    .lazy()
    .groupBy(["customer_id", "day"])
    .agg(pl.len().alias("day_orders"), pl.col("net").sum().alias("day_value"), pl.col("t").min().alias("first_at"), pl.col("t").max().alias("last_at"))
    .groupBy("customer_id")
    .agg(
      pl.col("day_orders").sum().alias("orders"),
      pl.len().alias("purchase_days"),
      pl.col("first_at").min().alias("first_order_at"),
      pl.col("last_at").max().alias("last_order_at"),
      pl.col("day").min().alias("first_day"),
      pl.col("day").max().alias("last_day"),
      pl.col("day_value").sum().alias("revenue"),
      pl.col("day_value").sortBy("day").first().alias("first_day_value"),
    )
    .select(
      pl.col("customer_id"),
      pl.col("orders"),
      pl.col("purchase_days"),
      pl.col("first_order_at"),
      pl.col("last_order_at"),
      pl.col("revenue"),
      pl.col("purchase_days").sub(pl.lit(1).cast(pl.UInt32)).alias("frequency"),
      pl.col("last_day").sub(pl.col("first_day")).alias("recency"),
      pl.lit(asOfDay).cast(pl.Int32).sub(pl.col("first_day")).alias("T"),
      pl.col("revenue").sub(pl.col("first_day_value")).alias("repeat_value"),
      pl.lit(asOfDay).cast(pl.Int32).sub(pl.col("last_day")).alias("days_since_last_purchase"),
    )
    .collectSync();
  return { summary: summary.hstack(repeat), cohorts, customers };
}

/** Every value of every column of the three results, fetched into JS; returns a number so no read is skipped. */
export function touchPolars(r: PolarsResults): number {
  let acc = 0;
  for (const df of [r.summary, r.cohorts, r.customers]) {
    for (const s of df.getColumns()) {
      for (const v of s.toArray() as unknown[]) {
        if (typeof v === "number") acc += v;
        else if (typeof v === "string") acc += v.length;
        else if (typeof v === "bigint") acc += Number(v & 0xffffn);
        else if (v instanceof Date) acc += v.getTime();
        else if (v !== null) acc += 1;
      }
    }
  }
  return acc;
}

/** From the JS array: its strings as four Utf8 columns (as DuckDB's array path takes them), parsed by Polars. */
export function polarsFromArray(orders: readonly { customerId: unknown; placedAt: unknown; total: unknown; refunded?: unknown }[], timeZone: string): PolarsResults {
  const n = orders.length;
  const c0 = new Array<string>(n);
  const c1 = new Array<string>(n);
  const c2 = new Array<string>(n);
  const c3 = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const o = orders[i] as { customerId: string; placedAt: string; total: string; refunded?: string };
    c0[i] = o.customerId;
    c1[i] = o.placedAt;
    c2[i] = o.total;
    c3[i] = o.refunded ?? null;
  }
  const raw = pl.DataFrame({
    customer_id: pl.Series("customer_id", c0, pl.Utf8),
    placed_at: pl.Series("placed_at", c1, pl.Utf8),
    total: pl.Series("total", c2, pl.Utf8),
    refunded: pl.Series("refunded", c3, pl.Utf8),
  });
  return analysis(typedFromStrings(raw), timeZone);
}

/** From the bench's CSV file (order_id, customer_id, placed_at, total, refunded), with the schema given. */
export function polarsFromCsv(path: string, timeZone: string): PolarsResults {
  const raw = pl.readCSV(path, { schema: { order_id: pl.Utf8, customer_id: pl.Utf8, placed_at: pl.Utf8, total: pl.Utf8, refunded: pl.Utf8 } });
  return analysis(typedFromStrings(raw), timeZone);
}

/** From the bench's Parquet file (written by DuckDB: TIMESTAMPTZ, DECIMAL(18, 2)). */
export function polarsFromParquet(path: string, timeZone: string): PolarsResults {
  const df = pl.readParquet(path);
  const typed = df.lazy().select(
    pl.col("customer_id"),
    pl.col("placed_at").dt.convertTimeZone("UTC").alias("t"),
    cents(pl.col("total")).alias("gross"),
    cents(pl.col("refunded")).fillNull(pl.lit(0).cast(pl.Int64)).alias("refund"),
  );
  return analysis(typed, timeZone);
}

/** Plain JS columns of a result frame (outside the timed region: the agreement check). */
export function columnsOf(df: Any): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const s of df.getColumns()) out[s.name as string] = s.toArray() as unknown[];
  return out;
}
