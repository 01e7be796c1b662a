-- retention-metrics cohortTable (snowflake). Parameters are bound, never pasted. Cell mode consecutive: a customer is active in columns 0 … s, s = their run of columns 1, 2, 3 … (marks: customers by s).
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
-- The segment: NULL or '' is no segment.
source_orders AS (
  SELECT
    "customer_id" AS customer,
    TO_VARCHAR("order_id") AS order_key,
    "placed_at" AS placed,
    "total" AS gross,
    COALESCE("refunded", 0) AS refund,
    NULLIF("segment", '') AS segment
  FROM "shop"."orders"
),
-- asOf: not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).
observation AS (
  SELECT MAX(placed) AS as_of FROM source_orders
),
-- Each customer's first order in the whole table (not only the window), and its segment: the earliest order, ties at one
-- instant to the smaller order id.
first_orders AS (
  SELECT customer, placed AS first_placed, segment
  FROM (SELECT customer, placed, segment, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY placed, order_key) AS nth FROM source_orders) AS ranked
  WHERE nth = 1
),
-- The customers of the table: first order in [from, to) and seen by asOf. Cohort = the week (starting on weekday 0, 0 = Sunday) of the first order,
-- as a period number, on the local calendar of the time zone (a parameter); l0 = its local wall-clock time in ms.
cohort_customers AS (
  SELECT f.customer AS customer, f.segment AS segment,
    (FLOOR((DATEDIFF(DAY, DATE '1970-01-01', CAST(CONVERT_TIMEZONE(:1, f.first_placed) AS DATE)) + 700004) / 7) - 100000) AS cohort,
    DATE_PART(EPOCH_MILLISECOND, CAST(CONVERT_TIMEZONE(:1, f.first_placed) AS TIMESTAMP_NTZ)) AS l0
  FROM first_orders AS f CROSS JOIN observation
  WHERE f.first_placed <= observation.as_of
    AND f.first_placed >= TO_TIMESTAMP_TZ(:3)
),
-- The counted orders (window [from, to), seen by asOf) of the table's customers. Column k = floor((local wall time − l0) /
-- 7 days): relative windows of local wall-clock days since the first order (a DST day is one day).
counted AS (
  SELECT o.customer AS customer, cc.segment AS segment, cc.cohort AS cohort, cc.l0 AS l0,
    CASE WHEN DATE_PART(EPOCH_MILLISECOND, CAST(CONVERT_TIMEZONE(:1, o.placed) AS TIMESTAMP_NTZ)) < cc.l0 THEN 0 ELSE FLOOR((DATE_PART(EPOCH_MILLISECOND, CAST(CONVERT_TIMEZONE(:1, o.placed) AS TIMESTAMP_NTZ)) - cc.l0 + CAST(:2 AS BIGINT)) / CAST(:2 AS BIGINT)) - 1 END AS k,
    o.gross AS gross,
    o.refund AS refund
  FROM source_orders AS o
    JOIN cohort_customers AS cc ON cc.customer = o.customer
    CROSS JOIN observation
  WHERE o.placed <= observation.as_of
    AND o.placed >= TO_TIMESTAMP_TZ(:3)
),
-- Per customer: orders in the acquisition period (column 0), last column, first column after it.
customer_columns AS (
  SELECT customer, segment, cohort, MIN(l0) AS l0,
    SUM(CASE WHEN k = 0 THEN 1 ELSE 0 END) AS first_period_orders,
    MAX(k) AS last_k,
    MIN(CASE WHEN k >= 1 THEN k END) AS first_return
  FROM counted
  GROUP BY customer, segment, cohort
),
-- Per cohort: size, customers with two or more orders in the acquisition period, earliest and latest l0.
cohort_rows AS (
  SELECT segment, cohort, COUNT(*) AS size,
    SUM(CASE WHEN first_period_orders >= 2 THEN 1 ELSE 0 END) AS repeaters,
    MIN(l0) AS min_l0,
    MAX(l0) AS max_l0
  FROM customer_columns
  GROUP BY segment, cohort
),
-- Per cohort and column: orders, exact gross and refunded sums, distinct customers.
-- Columns from the periods option on are not shown.
cells AS (
  SELECT segment, cohort, k, COUNT(*) AS orders, SUM(gross) AS gross_sum, SUM(refund) AS refunded_sum, COUNT(DISTINCT customer) AS customers
  FROM counted
  WHERE k < CAST(:4 AS BIGINT)
  GROUP BY segment, cohort, k
),
-- Each customer's distinct columns after the acquisition period, numbered in order: column k is in the run 1, 2, … k
-- when its number is k.
return_columns AS (
  SELECT customer, segment, cohort, k, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY k) AS nth
  FROM (SELECT DISTINCT customer, segment, cohort, k FROM counted WHERE k >= 1) AS distinct_columns
),
-- Per returning customer: the length of the run of columns 1, 2, 3 … (customers without one count in column 0 only).
runs AS (
  SELECT customer, segment, cohort, SUM(CASE WHEN k = nth THEN 1 ELSE 0 END) AS run
  FROM return_columns
  GROUP BY customer, segment, cohort
),
-- consecutive: a customer is active in columns 0 … s, s = their run of columns 1, 2, 3 … (marks: customers by s).
marks AS (
  SELECT segment, cohort, run AS mark_column, COUNT(*) AS customers
  FROM runs
  WHERE run >= 1
  GROUP BY segment, cohort, run
)
-- One row per kind: the observation end, each cohort, each cell, each mark of the cell mode.
SELECT 'observation' AS kind, CAST(NULL AS VARCHAR) AS segment, CAST(NULL AS BIGINT) AS cohort, CAST(NULL AS BIGINT) AS k, CAST(NULL AS BIGINT) AS size, CAST(NULL AS BIGINT) AS repeaters, CAST(NULL AS BIGINT) AS min_wall_ms, CAST(NULL AS BIGINT) AS max_wall_ms, CAST(NULL AS BIGINT) AS orders, CAST(NULL AS VARCHAR) AS gross, CAST(NULL AS VARCHAR) AS refunded, CAST(NULL AS BIGINT) AS customers, CAST(DATE_PART(EPOCH_MILLISECOND, as_of) AS BIGINT) AS as_of_ms
FROM observation
UNION ALL
SELECT 'cohort' AS kind, segment, CAST(cohort AS BIGINT), CAST(NULL AS BIGINT), CAST(size AS BIGINT), CAST(repeaters AS BIGINT), CAST(min_l0 AS BIGINT), CAST(max_l0 AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)
FROM cohort_rows
UNION ALL
SELECT 'cell' AS kind, segment, CAST(cohort AS BIGINT), CAST(k AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(orders AS BIGINT), TO_VARCHAR(gross_sum), TO_VARCHAR(refunded_sum), CAST(customers AS BIGINT), CAST(NULL AS BIGINT)
FROM cells
UNION ALL
SELECT 'mark' AS kind, segment, CAST(cohort AS BIGINT), CAST(mark_column AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(customers AS BIGINT), CAST(NULL AS BIGINT)
FROM marks
-- params: ["Australia/Lord_Howe",604800000,"2023-12-31T13:00:00.000Z",12]
