-- retention-metrics historicalLifetimeValue (postgres). Parameters are bound, never pasted.
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
source_orders AS (
  SELECT
    "shop_id" AS part,
    "customer_id" AS customer,
    (CAST("order_id" AS text) COLLATE "C") AS order_key,
    "placed_at" AS placed,
    "total" AS gross,
    COALESCE("refunded", 0) AS refund
  FROM "shop"."orders"
),
-- asOf (per partition): not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).
observation AS (
  SELECT part, MAX(placed) AS as_of FROM source_orders GROUP BY part
),
-- Each customer's first order in the whole table (orders before `from` included).
first_orders AS (
  SELECT part, customer, MIN(placed) AS first_placed FROM source_orders GROUP BY part, customer
),
-- Acquired customers: first order in [from, to) and by asOf. Cohort: the first order's local month in timeZone (as the
-- day number of its first day; quarters and years are whole months, folded by fromSqlRows).
cohort_members AS (
  SELECT first_orders.part AS part, first_orders.customer AS customer, (CAST(date_trunc('month', CAST((first_orders.first_placed AT TIME ZONE $1) AS date)) AS date) - DATE '1970-01-01') AS cohort_month
  FROM first_orders JOIN observation ON observation.part = first_orders.part
  WHERE first_placed <= observation.as_of
    AND first_placed >= CAST($2 AS timestamptz)
),
-- Customers per cohort month.
cohort_sizes AS (
  SELECT part, cohort_month, COUNT(*) AS customers FROM cohort_members GROUP BY part, cohort_month
),
-- The acquired customers' orders in [from, to) and by asOf, exact sums (gross, refunded) by cohort month and local order month.
cells AS (
  SELECT m.part AS part, m.cohort_month AS cohort_month, (CAST(date_trunc('month', CAST((source_orders.placed AT TIME ZONE $1) AS date)) AS date) - DATE '1970-01-01') AS order_month,
    SUM(source_orders.gross) AS gross_sum, SUM(source_orders.refund) AS refunded_sum
  FROM source_orders
    JOIN cohort_members AS m ON m.part = source_orders.part AND m.customer = source_orders.customer
    JOIN observation ON observation.part = source_orders.part
  WHERE source_orders.placed <= observation.as_of
    AND source_orders.placed >= CAST($2 AS timestamptz)
  GROUP BY m.part, m.cohort_month, (CAST(date_trunc('month', CAST((source_orders.placed AT TIME ZONE $1) AS date)) AS date) - DATE '1970-01-01')
),
-- One header row per order set (cell_index 0: the observation end), then one row per cell, numbered 1, 2, ….
result_rows AS (
  SELECT part AS partition_key, 0 AS cell_index, NULL AS cohort_month, NULL AS order_month, NULL AS customers, NULL AS gross, NULL AS refunded,
    CAST(FLOOR(EXTRACT(EPOCH FROM as_of) * 1000) AS bigint) AS as_of_ms
  FROM observation
  UNION ALL
  SELECT c.part AS partition_key, ROW_NUMBER() OVER (PARTITION BY c.part ORDER BY c.cohort_month, c.order_month) AS cell_index,
    c.cohort_month, c.order_month, z.customers, CAST(c.gross_sum AS text) AS gross, CAST(c.refunded_sum AS text) AS refunded,
    NULL AS as_of_ms
  FROM cells AS c JOIN cohort_sizes AS z ON z.part = c.part AND z.cohort_month = c.cohort_month
)
SELECT * FROM result_rows
ORDER BY partition_key, cell_index
-- params: ["America/New_York","2024-01-01T05:00:00.000Z"]
