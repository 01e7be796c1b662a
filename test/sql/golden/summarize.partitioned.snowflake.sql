-- retention-metrics summarize (snowflake). Parameters are bound, never pasted.
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
-- First orders: nth = 1 is the customer's earliest order in the whole table (not only the window); ties at one
-- instant go to the smaller order id.
ranked AS (
  SELECT part, customer, placed, gross, refund,
    ROW_NUMBER() OVER (PARTITION BY part, customer ORDER BY placed, order_key) AS nth
  FROM source_orders
),
-- The window: from <= placed < to, and placed <= asOf (an order after the observation end is not yet seen).
seen AS (
  SELECT ranked.part, ranked.customer, ranked.placed, ranked.gross, ranked.refund, ranked.nth
  FROM ranked JOIN observation ON observation.part = ranked.part
  WHERE placed <= observation.as_of
    AND placed >= TO_TIMESTAMP_TZ(:1)
    AND placed < TO_TIMESTAMP_TZ(:2)
),
-- Orders, exact money sums (gross, refunded; of first orders), first and last order time.
order_totals AS (
  SELECT part,
    COUNT(*) AS order_count,
    SUM(gross) AS gross_sum,
    SUM(refund) AS refunded_sum,
    SUM(CASE WHEN nth = 1 THEN 1 ELSE 0 END) AS first_count,
    SUM(CASE WHEN nth = 1 THEN gross ELSE 0 END) AS first_gross_sum,
    SUM(CASE WHEN nth = 1 THEN refund ELSE 0 END) AS first_refunded_sum,
    MIN(placed) AS first_time,
    MAX(placed) AS last_time
  FROM seen
  GROUP BY part
),
-- Customers with an order in the window; repeat customers have two or more there.
customer_totals AS (
  SELECT part,
    COUNT(*) AS customer_count,
    SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END) AS repeat_count
  FROM (SELECT part, customer, COUNT(*) AS orders FROM seen GROUP BY part, customer) AS per_customer
  GROUP BY part
)
SELECT
  observation.part AS partition_key,
  COALESCE(t.order_count, 0) AS orders,
  COALESCE(c.customer_count, 0) AS customers,
  COALESCE(c.repeat_count, 0) AS repeat_customers,
  TO_VARCHAR(COALESCE(t.gross_sum, 0)) AS gross,
  TO_VARCHAR(COALESCE(t.refunded_sum, 0)) AS refunded,
  COALESCE(t.first_count, 0) AS first_orders,
  TO_VARCHAR(COALESCE(t.first_gross_sum, 0)) AS first_gross,
  TO_VARCHAR(COALESCE(t.first_refunded_sum, 0)) AS first_refunded,
  DATE_PART(EPOCH_MILLISECOND, t.first_time) AS first_order_ms,
  DATE_PART(EPOCH_MILLISECOND, t.last_time) AS last_order_ms,
  DATE_PART(EPOCH_MILLISECOND, observation.as_of) AS as_of_ms
FROM observation
  LEFT JOIN order_totals AS t ON t.part = observation.part
  LEFT JOIN customer_totals AS c ON c.part = observation.part
-- params: ["2023-12-31T23:00:00.000Z","2024-12-31T23:00:00.000Z","2024-12-31T22:59:59.999Z"]
