-- retention-metrics customerRetentionRate (bigquery). Parameters are bound, never pasted.
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
source_orders AS (
  SELECT
    `shop_id` AS part,
    `customer_id` AS customer,
    CAST(`order_id` AS STRING) AS order_key,
    `placed_at` AS placed,
    `total` AS gross,
    COALESCE(`refunded`, 0) AS refund
  FROM `shop`.`orders`
),
-- asOf (per partition): not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).
observation AS (
  SELECT part, MAX(placed) AS as_of FROM source_orders GROUP BY part
),
-- Orders seen by asOf (inclusive).
seen AS (
  SELECT source_orders.part, customer, placed FROM source_orders JOIN observation ON observation.part = source_orders.part WHERE placed <= observation.as_of
),
-- Active at x: an order in [x - activeWithinDays, x) (90 days of 86,400,000 ms, elapsed time). New: the first
-- order lies in [start, end).
customer_activity AS (
  SELECT part, customer,
    MAX(CASE WHEN placed >= TIMESTAMP(@p3) AND placed < TIMESTAMP(@p1) THEN 1 ELSE 0 END) AS at_start,
    MAX(CASE WHEN placed >= TIMESTAMP(@p4) AND placed < TIMESTAMP(@p2) THEN 1 ELSE 0 END) AS at_end,
    CASE WHEN MIN(placed) >= TIMESTAMP(@p1) AND MIN(placed) < TIMESTAMP(@p2) THEN 1 ELSE 0 END AS is_new
  FROM seen GROUP BY part, customer
)
-- S, E, N, S and E, new and active at the end, reactivated (active at the end, neither at the start nor new).
SELECT
  observation.part AS partition_key,
  COALESCE(SUM(at_start), 0) AS customers_at_start,
  COALESCE(SUM(at_end), 0) AS customers_at_end,
  COALESCE(SUM(is_new), 0) AS new_customers,
  COALESCE(SUM(at_start * at_end), 0) AS retained_customers,
  COALESCE(SUM(CASE WHEN at_start = 0 AND at_end = 1 AND is_new = 1 THEN 1 ELSE 0 END), 0) AS new_active_at_end,
  COALESCE(SUM(CASE WHEN at_start = 0 AND at_end = 1 AND is_new = 0 THEN 1 ELSE 0 END), 0) AS reactivated_customers,
  UNIX_MILLIS(observation.as_of) AS as_of_ms
FROM observation LEFT JOIN customer_activity ON customer_activity.part = observation.part
GROUP BY observation.part, observation.as_of
-- params: ["2024-01-01T05:00:00.000Z","2025-01-01T05:00:00.000Z","2023-10-03T05:00:00.000Z","2024-10-03T05:00:00.000Z"]
