-- retention-metrics returningCustomerRate (duckdb). Parameters are bound, never pasted.
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
source_orders AS (
  SELECT
    "shop_id" AS part,
    "customer_id" AS customer,
    CAST("order_id" AS VARCHAR) AS order_key,
    "placed_at" AS placed,
    "total" AS gross,
    COALESCE("refunded", 0) AS refund
  FROM "shop"."orders"
),
-- asOf (per partition): not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).
observation AS (
  SELECT part, MAX(placed) AS as_of FROM source_orders GROUP BY part
),
-- Per customer: an order in the base window [baseFrom, baseTo), an order in the return window [returnFrom, returnTo),
-- both limited to the orders seen by asOf.
customer_windows AS (
  SELECT source_orders.part, customer,
    MAX(CASE WHEN placed < CAST($1 AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS in_base,
    MAX(CASE WHEN placed >= CAST($1 AS TIMESTAMPTZ) AND placed < CAST($2 AS TIMESTAMPTZ) THEN 1 ELSE 0 END) AS in_return
  FROM source_orders JOIN observation ON observation.part = source_orders.part
  WHERE placed <= observation.as_of
  GROUP BY source_orders.part, customer
)
-- Base customers, and of those the ones who came back.
SELECT
  observation.part AS partition_key,
  COALESCE(SUM(in_base), 0) AS base_customers,
  COALESCE(SUM(in_base * in_return), 0) AS returning_customers,
  epoch_ms(observation.as_of) AS as_of_ms
FROM observation LEFT JOIN customer_windows ON customer_windows.part = observation.part
GROUP BY observation.part, observation.as_of
-- params: ["2023-12-31T18:30:00.000Z","2024-06-30T18:30:00.000Z"]
