-- retention-metrics summarize (duckdb). Parameters are bound, never pasted.
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
-- asOf: the observation end (inclusive); later orders are not yet seen.
observation AS (
  SELECT CAST($3 AS TIMESTAMPTZ) AS as_of
),
-- First orders: nth = 1 is the customer's earliest order in the whole table (not only the window); ties at one
-- instant go to the smaller order id.
ranked AS (
  SELECT customer, placed, gross, refund,
    ROW_NUMBER() OVER (PARTITION BY customer ORDER BY placed, order_key) AS nth
  FROM source_orders
),
-- The window: from <= placed < to, and placed <= asOf (an order after the observation end is not yet seen).
seen AS (
  SELECT ranked.customer, ranked.placed, ranked.gross, ranked.refund, ranked.nth
  FROM ranked CROSS JOIN observation
  WHERE placed <= observation.as_of
    AND placed >= CAST($1 AS TIMESTAMPTZ)
    AND placed < CAST($2 AS TIMESTAMPTZ)
),
-- Orders, exact money sums (gross, refunded; of first orders), first and last order time.
totals AS (
  SELECT 
    COUNT(*) AS orders,
    SUM(gross) AS gross,
    SUM(refund) AS refunded,
    SUM(CASE WHEN nth = 1 THEN 1 ELSE 0 END) AS first_orders,
    SUM(CASE WHEN nth = 1 THEN gross ELSE 0 END) AS first_gross,
    SUM(CASE WHEN nth = 1 THEN refund ELSE 0 END) AS first_refunded,
    MIN(placed) AS first_placed,
    MAX(placed) AS last_placed
  FROM seen
),
-- Customers with an order in the window; repeat customers have two or more there.
customers AS (
  SELECT 
    COUNT(*) AS customers,
    SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END) AS repeat_customers
  FROM (SELECT customer, COUNT(*) AS orders FROM seen GROUP BY customer) AS per_customer
)
SELECT
  COALESCE(t.orders, 0) AS orders,
  COALESCE(c.customers, 0) AS customers,
  COALESCE(c.repeat_customers, 0) AS repeat_customers,
  CAST(COALESCE(t.gross, 0) AS VARCHAR) AS gross,
  CAST(COALESCE(t.refunded, 0) AS VARCHAR) AS refunded,
  COALESCE(t.first_orders, 0) AS first_orders,
  CAST(COALESCE(t.first_gross, 0) AS VARCHAR) AS first_gross,
  CAST(COALESCE(t.first_refunded, 0) AS VARCHAR) AS first_refunded,
  epoch_ms(t.first_placed) AS first_order_ms,
  epoch_ms(t.last_placed) AS last_order_ms,
  epoch_ms(observation.as_of) AS as_of_ms
FROM observation CROSS JOIN totals AS t CROSS JOIN customers AS c
-- params: ["2023-12-31T23:00:00.000Z","2024-12-31T23:00:00.000Z","2024-12-31T22:59:59.999Z"]
