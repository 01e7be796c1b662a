-- retention-metrics historicalLifetimeValue (duckdb). Parameters are bound, never pasted.
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
source_orders AS (
  SELECT
    "customer_id" AS customer,
    CAST("order_id" AS VARCHAR) AS order_key,
    "placed_at" AS placed,
    "total" AS gross,
    COALESCE("refunded", 0) AS refund
  FROM "shop"."orders"
),
-- asOf: not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).
observation AS (
  SELECT MAX(placed) AS as_of FROM source_orders
),
-- Each customer's first order in the whole table (orders before `from` included).
first_orders AS (
  SELECT customer, MIN(placed) AS first_placed FROM source_orders GROUP BY customer
),
-- Acquired customers: first order in [from, to) and by asOf. Cohort: the first order's local month in timeZone (as the
-- day number of its first day; quarters and years are whole months, folded by fromSqlRows).
cohort_members AS (
  SELECT first_orders.customer AS customer, date_diff('day', DATE '1970-01-01', CAST(date_trunc('month', CAST(timezone($1, first_orders.first_placed) AS DATE)) AS DATE)) AS cohort_month
  FROM first_orders CROSS JOIN observation
  WHERE first_placed <= observation.as_of
    AND first_placed >= CAST($2 AS TIMESTAMPTZ)
),
-- Customers per cohort month.
cohort_sizes AS (
  SELECT cohort_month, COUNT(*) AS customers FROM cohort_members GROUP BY cohort_month
),
-- The acquired customers' orders in [from, to) and by asOf, exact sums (gross, refunded) by cohort month and local order month.
cells AS (
  SELECT m.cohort_month AS cohort_month, date_diff('day', DATE '1970-01-01', CAST(date_trunc('month', CAST(timezone($1, source_orders.placed) AS DATE)) AS DATE)) AS order_month,
    SUM(source_orders.gross) AS gross_sum, SUM(source_orders.refund) AS refunded_sum
  FROM source_orders
    JOIN cohort_members AS m ON m.customer = source_orders.customer
    CROSS JOIN observation
  WHERE source_orders.placed <= observation.as_of
    AND source_orders.placed >= CAST($2 AS TIMESTAMPTZ)
  GROUP BY m.cohort_month, date_diff('day', DATE '1970-01-01', CAST(date_trunc('month', CAST(timezone($1, source_orders.placed) AS DATE)) AS DATE))
),
-- One header row per order set (cell_index 0: the observation end), then one row per cell, numbered 1, 2, ….
result_rows AS (
  SELECT 0 AS cell_index, NULL AS cohort_month, NULL AS order_month, NULL AS customers, NULL AS gross, NULL AS refunded,
    epoch_ms(as_of) AS as_of_ms
  FROM observation
  UNION ALL
  SELECT ROW_NUMBER() OVER (ORDER BY c.cohort_month, c.order_month) AS cell_index,
    c.cohort_month, c.order_month, z.customers, CAST(c.gross_sum AS VARCHAR) AS gross, CAST(c.refunded_sum AS VARCHAR) AS refunded,
    NULL AS as_of_ms
  FROM cells AS c JOIN cohort_sizes AS z ON z.cohort_month = c.cohort_month
)
SELECT * FROM result_rows
ORDER BY cell_index
-- params: ["America/New_York","2024-01-01T05:00:00.000Z"]
