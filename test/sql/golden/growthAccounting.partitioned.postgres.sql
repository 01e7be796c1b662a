-- retention-metrics growthAccounting (postgres). Parameters are bound, never pasted.
WITH
-- The order table under fixed names. A NULL refund is 0 (as an absent `refunded`). Order ids are compared as text,
-- byte by byte, as prepareOrders compares them (a number id is its decimal text).
source_orders AS (
  SELECT
    "shop_id" AS part,
    "customer_id" AS customer,
    (CAST("order_id" AS text) COLLATE "C") AS order_key,
    "placed_at" AS placed,
    "total" AS gross,
    COALESCE("refunded", 0) AS refund
  FROM "shop"."orders"
),
-- asOf (per partition): not given, so the time of the latest order (for date-only data the library takes the end of that day: pass asOf).
observation AS (
  SELECT part, MAX(placed) AS as_of FROM source_orders GROUP BY part
),
-- The observation end and the first order of all (seen or not): the series starts at its period unless from is given.
series_bounds AS (
  SELECT observation.part AS k, observation.as_of, first_order.first_placed
  FROM observation JOIN (SELECT part, MIN(placed) AS first_placed FROM source_orders GROUP BY part) AS first_order
    ON first_order.part = observation.part
),
-- Each customer's active periods (an order seen by asOf, inclusive; the period of its local date in the zone, quarter periods), with the period's revenue (gross: total), exact decimal sums.
customer_periods AS (
  SELECT part, customer, period, SUM(value) AS revenue
  FROM (
    SELECT source_orders.part, customer, (CAST(EXTRACT(YEAR FROM CAST((placed AT TIME ZONE $1) AS date)) AS integer) * 4 + div((CAST(EXTRACT(MONTH FROM CAST((placed AT TIME ZONE $1) AS date)) AS integer) - 1), 3)) AS period, gross AS value
    FROM source_orders JOIN observation ON observation.part = source_orders.part
    WHERE placed <= observation.as_of
  ) AS seen
  GROUP BY part, customer, period
),
-- The customer's previous and next active periods (and the previous one's revenue), in time order.
transitions AS (
  SELECT part, period, revenue,
    LAG(period) OVER (PARTITION BY part, customer ORDER BY period) AS prev_period,
    LAG(revenue) OVER (PARTITION BY part, customer ORDER BY period) AS prev_revenue,
    LEAD(period) OVER (PARTITION BY part, customer ORDER BY period) AS next_period
  FROM customer_periods
),
-- Per period: new (no active period before), retained (active in the period before), resurrected (else) customers and
-- revenue; the retained ones' expansion and contraction against their previous period; and the customers active in
-- it but not in the next period (churned in the next period, with this period's revenue).
growth_changes AS (
  SELECT part AS k, period,
    SUM(CASE WHEN prev_period IS NULL THEN 1 ELSE 0 END) AS new_customers,
    SUM(CASE WHEN prev_period = period - 1 THEN 1 ELSE 0 END) AS retained_customers,
    SUM(CASE WHEN prev_period < period - 1 THEN 1 ELSE 0 END) AS resurrected_customers,
    SUM(CASE WHEN next_period IS NULL OR next_period > period + 1 THEN 1 ELSE 0 END) AS churned_next_customers,
    SUM(CASE WHEN prev_period IS NULL THEN revenue ELSE 0 END) AS new_revenue,
    SUM(CASE WHEN prev_period = period - 1 THEN revenue ELSE 0 END) AS retained_revenue,
    SUM(CASE WHEN prev_period < period - 1 THEN revenue ELSE 0 END) AS resurrected_revenue,
    SUM(CASE WHEN prev_period = period - 1 AND revenue > prev_revenue THEN revenue - prev_revenue ELSE 0 END) AS expansion_revenue,
    SUM(CASE WHEN prev_period = period - 1 AND revenue < prev_revenue THEN prev_revenue - revenue ELSE 0 END) AS contraction_revenue,
    SUM(CASE WHEN next_period IS NULL OR next_period > period + 1 THEN revenue ELSE 0 END) AS churned_next_revenue
  FROM transitions GROUP BY part, period
)
-- One row per active period (and per partition one row at least); money as exact decimal text.
SELECT
  b.k AS partition_key,
  c.period AS period,
  COALESCE(c.new_customers, 0) AS new_customers,
  COALESCE(c.retained_customers, 0) AS retained_customers,
  COALESCE(c.resurrected_customers, 0) AS resurrected_customers,
  COALESCE(c.churned_next_customers, 0) AS churned_next_customers,
  CAST(COALESCE(c.new_revenue, 0) AS text) AS new_revenue,
  CAST(COALESCE(c.retained_revenue, 0) AS text) AS retained_revenue,
  CAST(COALESCE(c.resurrected_revenue, 0) AS text) AS resurrected_revenue,
  CAST(COALESCE(c.expansion_revenue, 0) AS text) AS expansion_revenue,
  CAST(COALESCE(c.contraction_revenue, 0) AS text) AS contraction_revenue,
  CAST(COALESCE(c.churned_next_revenue, 0) AS text) AS churned_next_revenue,
  CAST(FLOOR(EXTRACT(EPOCH FROM b.first_placed) * 1000) AS bigint) AS first_order_ms,
  CAST(FLOOR(EXTRACT(EPOCH FROM b.as_of) * 1000) AS bigint) AS as_of_ms
FROM series_bounds AS b LEFT JOIN growth_changes AS c ON c.k = b.k
-- params: ["America/New_York"]
