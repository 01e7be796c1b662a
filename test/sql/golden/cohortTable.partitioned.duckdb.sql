-- retention-metrics cohortTable (duckdb). Parameters are bound, never pasted. Cell mode consecutive: a customer is active in columns 0 … s, s = their run of columns 1, 2, 3 … (marks: customers by s).
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
-- The segment: NULL or '' is no segment.
source_orders AS (
  SELECT
    "shop_id" AS part,
    "customer_id" AS customer,
    CAST("order_id" AS VARCHAR) AS order_key,
    "placed_at" AS placed,
    "total" AS gross,
    COALESCE("refunded", 0) AS refund,
    NULLIF("segment", '') AS segment
  FROM "shop"."orders"
),
-- asOf (per partition): not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).
observation AS (
  SELECT part, MAX(placed) AS as_of FROM source_orders GROUP BY part
),
-- Each customer's first order in the whole table (not only the window), and its segment: the earliest order, ties at one
-- instant to the smaller order id.
first_orders AS (
  SELECT part, customer, placed AS first_placed, segment
  FROM (SELECT part, customer, placed, segment, ROW_NUMBER() OVER (PARTITION BY part, customer ORDER BY placed, order_key) AS nth FROM source_orders) AS ranked
  WHERE nth = 1
),
-- The customers of the table: first order in [from, to) and seen by asOf. Cohort = the week (starting on weekday 0, 0 = Sunday) of the first order,
-- as a period number, on the local calendar of the time zone (a parameter); l0 = its local wall-clock time in ms.
cohort_customers AS (
  SELECT f.part AS part, f.customer AS customer, f.segment AS segment,
    (((date_diff('day', DATE '1970-01-01', CAST(timezone($1, f.first_placed) AS DATE)) + 700004) // 7) - 100000) AS cohort,
    epoch_ms(timezone($1, f.first_placed)) AS l0
  FROM first_orders AS f JOIN observation ON observation.part = f.part
  WHERE f.first_placed <= observation.as_of
    AND f.first_placed >= CAST($3 AS TIMESTAMPTZ)
),
-- The counted orders (window [from, to), seen by asOf) of the table's customers. Column k = floor((local wall time − l0) /
-- 7 days): relative windows of local wall-clock days since the first order (a DST day is one day).
counted AS (
  SELECT o.part AS part, o.customer AS customer, cc.segment AS segment, cc.cohort AS cohort, cc.l0 AS l0,
    CASE WHEN epoch_ms(timezone($1, o.placed)) < cc.l0 THEN 0 ELSE ((epoch_ms(timezone($1, o.placed)) - cc.l0 + CAST($2 AS BIGINT)) // CAST($2 AS BIGINT)) - 1 END AS k,
    o.gross AS gross,
    o.refund AS refund
  FROM source_orders AS o
    JOIN cohort_customers AS cc ON cc.customer = o.customer AND cc.part = o.part
    JOIN observation ON observation.part = o.part
  WHERE o.placed <= observation.as_of
    AND o.placed >= CAST($3 AS TIMESTAMPTZ)
),
-- Per customer: orders in the acquisition period (column 0), last column, first column after it.
customer_columns AS (
  SELECT part, customer, segment, cohort, MIN(l0) AS l0,
    SUM(CASE WHEN k = 0 THEN 1 ELSE 0 END) AS first_period_orders,
    MAX(k) AS last_k,
    MIN(CASE WHEN k >= 1 THEN k END) AS first_return
  FROM counted
  GROUP BY part, customer, segment, cohort
),
-- Per cohort: size, customers with two or more orders in the acquisition period, earliest and latest l0.
cohort_rows AS (
  SELECT part, segment, cohort, COUNT(*) AS size,
    SUM(CASE WHEN first_period_orders >= 2 THEN 1 ELSE 0 END) AS repeaters,
    MIN(l0) AS min_l0,
    MAX(l0) AS max_l0
  FROM customer_columns
  GROUP BY part, segment, cohort
),
-- Per cohort and column: orders, exact gross and refunded sums, distinct customers.
-- Columns from the periods option on are not shown.
cells AS (
  SELECT part, segment, cohort, k, COUNT(*) AS orders, SUM(gross) AS gross_sum, SUM(refund) AS refunded_sum, COUNT(DISTINCT customer) AS customers
  FROM counted
  WHERE k < CAST($4 AS BIGINT)
  GROUP BY part, segment, cohort, k
),
-- Each customer's distinct columns after the acquisition period, numbered in order: column k is in the run 1, 2, … k
-- when its number is k.
return_columns AS (
  SELECT part, customer, segment, cohort, k, ROW_NUMBER() OVER (PARTITION BY part, customer ORDER BY k) AS nth
  FROM (SELECT DISTINCT part, customer, segment, cohort, k FROM counted WHERE k >= 1) AS distinct_columns
),
-- Per returning customer: the length of the run of columns 1, 2, 3 … (customers without one count in column 0 only).
runs AS (
  SELECT part, customer, segment, cohort, SUM(CASE WHEN k = nth THEN 1 ELSE 0 END) AS run
  FROM return_columns
  GROUP BY part, customer, segment, cohort
),
-- consecutive: a customer is active in columns 0 … s, s = their run of columns 1, 2, 3 … (marks: customers by s).
marks AS (
  SELECT part, segment, cohort, run AS mark_column, COUNT(*) AS customers
  FROM runs
  WHERE run >= 1
  GROUP BY part, segment, cohort, run
)
-- One row per kind: the observation end, each cohort, each cell, each mark of the cell mode.
SELECT part AS partition_key, 'observation' AS kind, CAST(NULL AS VARCHAR) AS segment, CAST(NULL AS BIGINT) AS cohort, CAST(NULL AS BIGINT) AS k, CAST(NULL AS BIGINT) AS size, CAST(NULL AS BIGINT) AS repeaters, CAST(NULL AS BIGINT) AS min_wall_ms, CAST(NULL AS BIGINT) AS max_wall_ms, CAST(NULL AS BIGINT) AS orders, CAST(NULL AS VARCHAR) AS gross, CAST(NULL AS VARCHAR) AS refunded, CAST(NULL AS BIGINT) AS customers, CAST(epoch_ms(as_of) AS BIGINT) AS as_of_ms
FROM observation
UNION ALL
SELECT part AS partition_key, 'cohort' AS kind, segment, CAST(cohort AS BIGINT), CAST(NULL AS BIGINT), CAST(size AS BIGINT), CAST(repeaters AS BIGINT), CAST(min_l0 AS BIGINT), CAST(max_l0 AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
FROM cohort_rows
UNION ALL
SELECT part AS partition_key, 'cell' AS kind, segment, CAST(cohort AS BIGINT), CAST(k AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(orders AS BIGINT), CAST(gross_sum AS VARCHAR), CAST(refunded_sum AS VARCHAR), CAST(customers AS BIGINT), CAST(NULL AS BIGINT)
FROM cells
UNION ALL
SELECT part AS partition_key, 'mark' AS kind, segment, CAST(cohort AS BIGINT), CAST(mark_column AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(customers AS BIGINT), CAST(NULL AS BIGINT)
FROM marks
-- params: ["Australia/Lord_Howe",604800000,"2023-12-31T13:00:00.000Z",12]
