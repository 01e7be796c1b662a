-- retention-metrics customerSummaries (snowflake). Parameters are bound, never pasted.
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
source_orders AS (
  SELECT
    "shop_id" AS part,
    "customer_id" AS customer,
    TO_VARCHAR("order_id") AS order_key,
    "placed_at" AS placed,
    "total" AS gross,
    COALESCE("refunded", 0) AS refund
  FROM "shop"."orders"
),
-- asOf (per partition): the observation end (inclusive); later orders are not yet seen.
observation AS (
  SELECT part, TO_TIMESTAMP_TZ(:3) AS as_of FROM source_orders GROUP BY part
),
-- Each customer's first order in the whole table (time, then order id): customers are listed in this order, which
-- is customerSummaries' order (first appearance) when the orders are given in time order.
first_orders AS (
  SELECT part, customer, placed AS first_placed, order_key AS first_key
  FROM (
    SELECT part, customer, placed, order_key, ROW_NUMBER() OVER (PARTITION BY part, customer ORDER BY placed, order_key) AS nth
    FROM source_orders
  ) AS ranked
  WHERE nth = 1
),
-- The counted orders: from <= placed < to, placed <= asOf. Each one's purchase day: its local calendar day in timeZone
-- (days since 1970-01-01); orders of one day are one purchase.
seen AS (
  SELECT source_orders.part AS part, source_orders.customer AS customer, source_orders.placed AS placed, source_orders.gross AS gross,
    source_orders.refund AS refund,
    DATEDIFF(DAY, DATE '1970-01-01', CAST(CONVERT_TIMEZONE(:1, source_orders.placed) AS DATE)) AS purchase_day
  FROM source_orders JOIN observation ON observation.part = source_orders.part
  WHERE placed <= observation.as_of
    AND placed >= TO_TIMESTAMP_TZ(:2)
),
-- The first purchase day: the customer's earliest purchase day.
with_first_day AS (
  SELECT part, customer, placed, gross, refund, purchase_day,
    MIN(purchase_day) OVER (PARTITION BY part, customer) AS first_purchase_day
  FROM seen
),
-- Per customer: orders, distinct purchase days, first and last purchase day and order time, exact sums (gross and
-- refunded) of all orders and of the first purchase day's.
customer_facts AS (
  SELECT part, customer,
    COUNT(*) AS orders,
    COUNT(DISTINCT purchase_day) AS purchase_days,
    MIN(purchase_day) AS first_day,
    MAX(purchase_day) AS last_day,
    MIN(placed) AS first_time,
    MAX(placed) AS last_time,
    SUM(gross) AS gross_sum,
    SUM(refund) AS refunded_sum,
    SUM(CASE WHEN purchase_day = first_purchase_day THEN gross ELSE 0 END) AS first_day_gross_sum,
    SUM(CASE WHEN purchase_day = first_purchase_day THEN refund ELSE 0 END) AS first_day_refunded_sum
  FROM with_first_day
  GROUP BY part, customer
),
-- One header row per order set (customer_index 0: the observation end), then one row per customer, numbered
-- 1, 2, … in the order of first_orders.
result_rows AS (
  SELECT part AS partition_key, 0 AS customer_index, NULL AS customer_id, NULL AS orders, NULL AS purchase_days, NULL AS first_day, NULL AS last_day,
    NULL AS first_order_ms, NULL AS last_order_ms, NULL AS gross, NULL AS refunded, NULL AS first_day_gross, NULL AS first_day_refunded,
    DATE_PART(EPOCH_MILLISECOND, as_of) AS as_of_ms
  FROM observation
  UNION ALL
  SELECT f.part AS partition_key, ROW_NUMBER() OVER (PARTITION BY f.part ORDER BY o.first_placed, o.first_key, TO_VARCHAR(f.customer)) AS customer_index,
    TO_VARCHAR(f.customer) AS customer_id, f.orders, f.purchase_days, f.first_day, f.last_day,
    DATE_PART(EPOCH_MILLISECOND, f.first_time) AS first_order_ms, DATE_PART(EPOCH_MILLISECOND, f.last_time) AS last_order_ms,
    TO_VARCHAR(f.gross_sum) AS gross, TO_VARCHAR(f.refunded_sum) AS refunded,
    TO_VARCHAR(f.first_day_gross_sum) AS first_day_gross, TO_VARCHAR(f.first_day_refunded_sum) AS first_day_refunded,
    NULL AS as_of_ms
  FROM customer_facts AS f JOIN first_orders AS o ON o.part = f.part AND o.customer = f.customer
)
SELECT * FROM result_rows
ORDER BY partition_key, customer_index
-- params: ["Europe/Prague","2023-12-31T23:00:00.000Z","2024-12-31T22:59:59.999Z"]
