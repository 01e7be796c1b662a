-- retention-metrics retentionSeries (snowflake). Parameters are bound, never pasted.
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
-- The observation end and the first order of all (seen or not): the series starts at its period unless from is given.
series_bounds AS (
  SELECT observation.part AS k, observation.as_of, first_order.first_placed
  FROM observation JOIN (SELECT part, MIN(placed) AS first_placed FROM source_orders GROUP BY part) AS first_order
    ON first_order.part = observation.part
),
-- Orders seen by asOf (inclusive): the period of each (its local date in the zone, week periods, weeks from weekday 0 (0 = Sunday)),
-- and reach, the period of the order's time plus activeWithinDays (90 days of 86,400,000 ms, elapsed time). The order makes its
-- customer active at the start of each period from period + 1 to reach (none when reach = period).
order_periods AS (
  SELECT source_orders.part, customer, placed,
    FLOOR((DATEDIFF(DAY, DATE '1970-01-01', DATEADD(DAY, -(MOD(MOD(DAYOFWEEKISO(CAST(CONVERT_TIMEZONE(:1, placed) AS DATE)), 7) + 7, 7)), CAST(CONVERT_TIMEZONE(:1, placed) AS DATE))) - (-4)) / 7) AS period,
    FLOOR((DATEDIFF(DAY, DATE '1970-01-01', DATEADD(DAY, -(MOD(MOD(DAYOFWEEKISO(CAST(CONVERT_TIMEZONE(:1, DATEADD(MILLISECOND, :2, placed)) AS DATE)), 7) + 7, 7)), CAST(CONVERT_TIMEZONE(:1, DATEADD(MILLISECOND, :2, placed)) AS DATE))) - (-4)) / 7) AS reach
  FROM source_orders JOIN observation ON observation.part = source_orders.part
  WHERE placed <= observation.as_of
),
-- New customers: the period of the first order. Active at that period's end: some order of it reaches the next period
-- (the earliest interval then starts at first_period + 1).
customer_starts AS (
  SELECT part, customer, MIN(period) AS first_period, MIN(CASE WHEN reach > period THEN period + 1 END) AS first_active
  FROM order_periods GROUP BY part, customer
),
-- Each order's interval [period + 1, reach] of period starts it is active at, with the previous interval's end and the next
-- one's start (both non-decreasing in time): a run of consecutive periods starts where an interval begins after the
-- previous end + 1, and ends where the next interval begins after this end + 1.
active_runs AS (
  SELECT part, period + 1 AS a, reach AS b,
    LAG(reach) OVER (PARTITION BY part, customer ORDER BY placed) AS prev_b,
    LEAD(period + 1) OVER (PARTITION BY part, customer ORDER BY placed) AS next_a
  FROM order_periods WHERE reach > period
),
-- Changes per period: active (+1 at a run's start, -1 after its end), active at this start and the next one (+1 at the
-- start, -1 at the end), run starts, new customers, new customers active at their period's end.
series_changes AS (
  SELECT k, period, SUM(active_change) AS active_change, SUM(both_change) AS both_change, SUM(run_starts) AS run_starts,
    SUM(new_customers) AS new_customers, SUM(new_active_at_end) AS new_active_at_end
  FROM (
    SELECT part AS k, a AS period, 1 AS active_change, 1 AS both_change, 1 AS run_starts, 0 AS new_customers, 0 AS new_active_at_end FROM active_runs WHERE prev_b IS NULL OR a > prev_b + 1
    UNION ALL
    SELECT part AS k, b + 1 AS period, -1 AS active_change, 0 AS both_change, 0 AS run_starts, 0 AS new_customers, 0 AS new_active_at_end FROM active_runs WHERE next_a IS NULL OR next_a > b + 1
    UNION ALL
    SELECT part AS k, b AS period, 0 AS active_change, -1 AS both_change, 0 AS run_starts, 0 AS new_customers, 0 AS new_active_at_end FROM active_runs WHERE next_a IS NULL OR next_a > b + 1
    UNION ALL
    SELECT part AS k, first_period AS period, 0 AS active_change, 0 AS both_change, 0 AS run_starts, 1 AS new_customers,
      CASE WHEN first_active = first_period + 1 THEN 1 ELSE 0 END AS new_active_at_end FROM customer_starts
  ) AS changes
  GROUP BY k, period
)
-- One row per period with a change (and per partition one row at least); fromSqlRows adds the changes up.
SELECT
  b.k AS partition_key,
  c.period AS period,
  COALESCE(c.active_change, 0) AS active_change,
  COALESCE(c.both_change, 0) AS both_change,
  COALESCE(c.run_starts, 0) AS run_starts,
  COALESCE(c.new_customers, 0) AS new_customers,
  COALESCE(c.new_active_at_end, 0) AS new_active_at_end,
  DATE_PART(EPOCH_MILLISECOND, b.first_placed) AS first_order_ms,
  DATE_PART(EPOCH_MILLISECOND, b.as_of) AS as_of_ms
FROM series_bounds AS b LEFT JOIN series_changes AS c ON c.k = b.k
-- params: ["Europe/Prague",7776000000,"2024-12-31T22:59:59.999Z"]
