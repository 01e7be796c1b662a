-- retention-metrics cohortTable (postgres). Parameters are bound, never pasted. Cell mode consecutive: a customer is active in columns 0 … s, s = their run of columns 1, 2, 3 … (marks: customers by s).
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
-- The segment: NULL or '' is no segment.
source_orders AS (
  SELECT
    "shop_id" AS part,
    "customer_id" AS customer,
    (CAST("order_id" AS text) COLLATE "C") AS order_key,
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
    (div(((CAST((f.first_placed AT TIME ZONE $1) AS date) - DATE '1970-01-01') + 700004), 7) - 100000) AS cohort,
    CAST(FLOOR(EXTRACT(EPOCH FROM (f.first_placed AT TIME ZONE $1)) * 1000) AS bigint) AS l0
  FROM first_orders AS f JOIN observation ON observation.part = f.part
  WHERE f.first_placed <= observation.as_of
    AND f.first_placed >= CAST($3 AS timestamptz)
),
-- The counted orders (window [from, to), seen by asOf) of the table's customers. Column k = floor((local wall time − l0) /
-- 7 days): relative windows of local wall-clock days since the first order (a DST day is one day).
counted AS (
  SELECT o.part AS part, o.customer AS customer, cc.segment AS segment, cc.cohort AS cohort, cc.l0 AS l0,
    CASE WHEN CAST(FLOOR(EXTRACT(EPOCH FROM (o.placed AT TIME ZONE $1)) * 1000) AS bigint) < cc.l0 THEN 0 ELSE div((CAST(FLOOR(EXTRACT(EPOCH FROM (o.placed AT TIME ZONE $1)) * 1000) AS bigint) - cc.l0 + CAST($2 AS bigint)), CAST($2 AS bigint)) - 1 END AS k,
    o.gross AS gross,
    o.refund AS refund
  FROM source_orders AS o
    JOIN cohort_customers AS cc ON cc.customer = o.customer AND cc.part = o.part
    JOIN observation ON observation.part = o.part
  WHERE o.placed <= observation.as_of
    AND o.placed >= CAST($3 AS timestamptz)
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
  WHERE k < CAST($4 AS bigint)
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
SELECT part AS partition_key, 'observation' AS kind, CAST(NULL AS text) AS segment, CAST(NULL AS bigint) AS cohort, CAST(NULL AS bigint) AS k, CAST(NULL AS bigint) AS size, CAST(NULL AS bigint) AS repeaters, CAST(NULL AS bigint) AS min_wall_ms, CAST(NULL AS bigint) AS max_wall_ms, CAST(NULL AS bigint) AS orders, CAST(NULL AS text) AS gross, CAST(NULL AS text) AS refunded, CAST(NULL AS bigint) AS customers, CAST(CAST(FLOOR(EXTRACT(EPOCH FROM as_of) * 1000) AS bigint) AS bigint) AS as_of_ms
FROM observation
UNION ALL
SELECT part AS partition_key, 'cohort' AS kind, segment, CAST(cohort AS bigint), CAST(NULL AS bigint), CAST(size AS bigint), CAST(repeaters AS bigint), CAST(min_l0 AS bigint), CAST(max_l0 AS bigint), CAST(NULL AS bigint), CAST(NULL AS text), CAST(NULL AS text), CAST(NULL AS bigint), CAST(NULL AS bigint)
FROM cohort_rows
UNION ALL
SELECT part AS partition_key, 'cell' AS kind, segment, CAST(cohort AS bigint), CAST(k AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(orders AS bigint), CAST(gross_sum AS text), CAST(refunded_sum AS text), CAST(customers AS bigint), CAST(NULL AS bigint)
FROM cells
UNION ALL
SELECT part AS partition_key, 'mark' AS kind, segment, CAST(cohort AS bigint), CAST(mark_column AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS bigint), CAST(NULL AS text), CAST(NULL AS text), CAST(customers AS bigint), CAST(NULL AS bigint)
FROM marks
-- params: ["Australia/Lord_Howe",604800000,"2023-12-31T13:00:00.000Z",12]
