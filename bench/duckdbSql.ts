// The two hand-written DuckDB queries of bench:compare's DuckDB contenders (as a DuckDB user would write them for
// this analysis): per-customer summaries and monthly cohort counts in a zone. They were docs/at-scale.md's warehouse
// SQL until toSql replaced it (tested equal to the library there); here they are the contender's own SQL, and the
// bench checks their numbers against every other contender's before printing a table.
// Parameters: $tz (IANA zone), $as_of (the latest order, ISO text), $unit_days (1).

/** The orders up to $as_of, each with its net value and its local day in $tz: the first CTE of both queries. */
const COUNTED = `counted AS (
  SELECT
    customer_id,
    placed_at,
    total - COALESCE(refunded, 0) AS net_value,
    CAST(timezone($tz, placed_at) AS DATE) AS local_day
  FROM orders
  WHERE placed_at <= CAST($as_of AS TIMESTAMPTZ)
)`;

export const CUSTOMER_SUMMARIES_SQL = `WITH ${COUNTED},
purchase_days AS (
  SELECT
    customer_id,
    local_day,
    COUNT(*) AS day_orders,
    SUM(net_value) AS day_value,
    MIN(placed_at) AS day_first_at,
    MAX(placed_at) AS day_last_at,
    MIN(local_day) OVER (PARTITION BY customer_id) AS first_day
  FROM counted
  GROUP BY customer_id, local_day
),
per_customer AS (
  SELECT
    customer_id,
    SUM(day_orders) AS orders,
    COUNT(*) AS purchase_days,
    MIN(day_first_at) AS first_order_at,
    MAX(day_last_at) AS last_order_at,
    MIN(local_day) AS first_day,
    MAX(local_day) AS last_day,
    SUM(day_value) AS revenue,
    SUM(CASE WHEN local_day = first_day THEN 0 ELSE day_value END) AS repeat_value
  FROM purchase_days
  GROUP BY customer_id
),
as_of AS (
  SELECT CAST(timezone($tz, CAST($as_of AS TIMESTAMPTZ)) AS DATE) AS as_of_day
)
SELECT
  customer_id,
  orders,
  purchase_days,
  first_order_at,
  last_order_at,
  revenue,
  purchase_days - 1 AS frequency,
  CAST(date_diff('day', first_day, last_day) AS DOUBLE) / $unit_days AS recency,
  CAST(date_diff('day', first_day, as_of_day) AS DOUBLE) / $unit_days AS T,
  repeat_value,
  CASE WHEN purchase_days > 1
    THEN CAST(repeat_value AS DOUBLE) / (purchase_days - 1)
    ELSE 0 END AS monetary_value,
  date_diff('day', last_day, as_of_day) AS days_since_last_purchase
FROM per_customer CROSS JOIN as_of
ORDER BY customer_id`;

export const COHORT_COUNTS_SQL = `WITH ${COUNTED},
months AS (
  SELECT
    customer_id,
    net_value,
    EXTRACT(YEAR FROM local_day) * 12 + EXTRACT(MONTH FROM local_day) - 1 AS month_index
  FROM counted
),
tagged AS (
  SELECT
    customer_id,
    net_value,
    month_index,
    MIN(month_index) OVER (PARTITION BY customer_id) AS cohort_index
  FROM months
)
SELECT
  CAST(FLOOR(cohort_index / 12) AS INTEGER) AS cohort_year,
  CAST(cohort_index % 12 + 1 AS INTEGER) AS cohort_month,
  CAST(month_index - cohort_index AS INTEGER) AS period,
  COUNT(DISTINCT customer_id) AS active_customers,
  COUNT(*) AS orders,
  SUM(net_value) AS revenue
FROM tagged
GROUP BY cohort_index, month_index
ORDER BY cohort_index, month_index`;
