-- retention-metrics cohortTable (clickhouse). Parameters are bound, never pasted. Cell mode consecutive: a customer is active in columns 0 … s, s = their run of columns 1, 2, 3 … (marks: customers by s).
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
-- The segment: NULL or '' is no segment.
source_orders AS (
  SELECT
    `shop_id` AS part,
    `customer_id` AS customer,
    toString(`order_id`) AS order_key,
    `placed_at` AS placed,
    `total` AS gross,
    COALESCE(`refunded`, 0) AS refund,
    NULLIF(`segment`, '') AS segment
  FROM `shop`.`orders`
),
-- asOf (per partition): not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).
observation AS (
  SELECT part, maxOrNull(placed) AS as_of FROM source_orders GROUP BY part
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
    (intDiv((dateDiff('day', toDate('1970-01-01'), toDate(f.first_placed, {p1:String})) + 700004), 7) - 100000) AS cohort,
    (toUnixTimestamp64Milli(toDateTime64(f.first_placed, 3, 'UTC')) + 1000 * toInt64(timeZoneOffset(toTimeZone(f.first_placed, {p1:String})))) AS l0
  FROM first_orders AS f JOIN observation ON observation.part = f.part
  WHERE f.first_placed <= observation.as_of
    AND f.first_placed >= parseDateTime64BestEffort({p3:String}, 3, 'UTC')
),
-- The counted orders (window [from, to), seen by asOf) of the table's customers. Column k = floor((local wall time − l0) /
-- 7 days): relative windows of local wall-clock days since the first order (a DST day is one day).
counted AS (
  SELECT o.part AS part, o.customer AS customer, cc.segment AS segment, cc.cohort AS cohort, cc.l0 AS l0,
    CASE WHEN (toUnixTimestamp64Milli(toDateTime64(o.placed, 3, 'UTC')) + 1000 * toInt64(timeZoneOffset(toTimeZone(o.placed, {p1:String})))) < cc.l0 THEN 0 ELSE intDiv(((toUnixTimestamp64Milli(toDateTime64(o.placed, 3, 'UTC')) + 1000 * toInt64(timeZoneOffset(toTimeZone(o.placed, {p1:String})))) - cc.l0 + toInt64({p2:Int64})), toInt64({p2:Int64})) - 1 END AS k,
    o.gross AS gross,
    o.refund AS refund
  FROM source_orders AS o
    JOIN cohort_customers AS cc ON cc.customer = o.customer AND cc.part = o.part
    JOIN observation ON observation.part = o.part
  WHERE o.placed <= observation.as_of
    AND o.placed >= parseDateTime64BestEffort({p3:String}, 3, 'UTC')
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
  WHERE k < toInt64({p4:Int64})
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
SELECT part AS partition_key, 'observation' AS kind, CAST(NULL AS Nullable(String)) AS segment, CAST(NULL AS Nullable(Int64)) AS cohort, CAST(NULL AS Nullable(Int64)) AS k, CAST(NULL AS Nullable(Int64)) AS size, CAST(NULL AS Nullable(Int64)) AS repeaters, CAST(NULL AS Nullable(Int64)) AS min_wall_ms, CAST(NULL AS Nullable(Int64)) AS max_wall_ms, CAST(NULL AS Nullable(Int64)) AS orders, CAST(NULL AS Nullable(String)) AS gross, CAST(NULL AS Nullable(String)) AS refunded, CAST(NULL AS Nullable(Int64)) AS customers, toInt64(toUnixTimestamp64Milli(toDateTime64(as_of, 3, 'UTC'))) AS as_of_ms
FROM observation
UNION ALL
SELECT part AS partition_key, 'cohort' AS kind, segment, toInt64(cohort), CAST(NULL AS Nullable(Int64)), toInt64(size), toInt64(repeaters), toInt64(min_l0), toInt64(max_l0), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(String)), CAST(NULL AS Nullable(String)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64))
FROM cohort_rows
UNION ALL
SELECT part AS partition_key, 'cell' AS kind, segment, toInt64(cohort), toInt64(k), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), toInt64(orders), toString(gross_sum), toString(refunded_sum), toInt64(customers), CAST(NULL AS Nullable(Int64))
FROM cells
UNION ALL
SELECT part AS partition_key, 'mark' AS kind, segment, toInt64(cohort), toInt64(mark_column), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(String)), CAST(NULL AS Nullable(String)), toInt64(customers), CAST(NULL AS Nullable(Int64))
FROM marks
-- params: ["Australia/Lord_Howe",604800000,"2023-12-31T13:00:00.000Z",12]
