import type { Decimal } from "decimal.js";

// The record types of cohortTable's result, declared below the public area so that the kernel that builds them
// (cohortCells.ts) and the renderers that read them need not import src/cohorts/. Their public names are
// re-exported by src/cohorts/cohortTable.ts.

/**
 * How a cohort table counts a customer as active in column k (see docs/cohorts.md, "Cell modes"):
 * - `"classic"`: ordered in period k;
 * - `"unbounded"`: ordered in period k or any later observed period;
 * - `"byPeriod"`: returned at least once in periods 1 … k (cumulative; column 0 counts everyone);
 * - `"consecutive"`: ordered in every period 1 … k (column 0 counts everyone);
 * - `"brackets"`: columns are brackets of periods (the `brackets` option): column 0 is the acquisition period, and
 *   a customer counts in a bracket's column when they ordered in any period of it.
 */
export type CohortMode = "classic" | "unbounded" | "byPeriod" | "consecutive" | "brackets";

/** One cell of a cohort table: one cohort in one period since acquisition. */
export interface CohortCell {
  /**
   * Periods since acquisition (column index) plus `periodIndexBase`: 0 (or 1) = the acquisition period. In mode
   * `"brackets"` the column index (0 = the acquisition period, j = the j-th bracket) plus `periodIndexBase`.
   */
  period: number;
  /** Customers of the cohort active in this period (see `mode`). */
  activeCustomers: number;
  /** activeCustomers / cohort size, in [0, 1]. */
  retention: number;
  /**
   * activeCustomers / the previous period's activeCustomers (PostHog's "relative to previous period"): a fraction,
   * above 1 when more customers came back than in the period before; `null` in period 0 or after an empty period.
   */
  periodOverPeriodRetention: number | null;
  /** Orders the cohort placed in this period (in both modes). */
  orders: number;
  /** Revenue of those orders (on the `revenue` basis), major units. */
  revenue: Decimal;
  /**
   * Revenue retention: this cell's revenue / the cohort's revenue in period 0 (a fraction; above 1 when the
   * cohort spends more than in its first period), or `null` when period 0 had no revenue.
   */
  revenueRetention: number | null;
  /** Revenue of the cohort in periods 0 … `period`, major units. */
  cumulativeRevenue: Decimal;
  /** cumulativeRevenue / cohort size: the historical lifetime value per acquired customer, major units. */
  cumulativeRevenuePerCustomer: Decimal;
  /**
   * Whether the whole period lies before the observation end (`asOf`, and `to` when given). An incomplete cell
   * is still being filled: a low number there is not a drop.
   */
  complete: boolean;
}

/** One acquisition cohort (a row). */
export interface CohortRow {
  /** Stable label: `2024-03-05` (day; week: its first day), `2024-03`, `2024-Q1`, `2024`. */
  label: string;
  /** Start of the cohort's period as ISO 8601 with the zone's offset, e.g. `2024-03-01T00:00:00+01:00`. */
  start: string;
  /** Number of customers acquired in the period. */
  size: number;
  /**
   * Of them, customers who ordered again inside their acquisition period (two or more orders in column 0): the
   * repeat buying that column 1 and later do not show.
   */
  acquisitionPeriodRepeaters: number;
  /** Cells from period 0 up to the last period that has begun by the observation end (or the `periods` cap). */
  cells: CohortCell[];
}

/** One point of the cohort-size-weighted average curve. */
export interface CohortAveragePoint {
  /** Periods since acquisition (the column, as in {@link CohortCell.period}). */
  period: number;
  /** Σ activeCustomers / Σ size over the cohorts whose cell is complete; `null` when none is. */
  retention: number | null;
  /**
   * The simple mean of those cohorts' retention (each cohort weighs the same, small ones included; 0% cohorts
   * count), or `null` when no cell is complete.
   */
  meanRetention: number | null;
  /** Σ revenue in this period / Σ revenue in period 0 over those cohorts (pooled revenue retention), or `null`. */
  revenueRetention: number | null;
  /** Σ activeCustomers over those cohorts. */
  activeCustomers: number;
  /** Σ size over those cohorts: the customers behind the point. */
  customers: number;
  /** How many cohorts stand behind the point. */
  cohorts: number;
  /** Σ cumulativeRevenue / Σ size over those cohorts (average historical LTV), or `null`. */
  cumulativeRevenuePerCustomer: Decimal | null;
}

/** The table of one segment, with its rank. */
export interface CohortSegment {
  /** The segment label, or `null` for customers without one. */
  segment: string | null;
  /** 1-based rank by `retentionAtRankPeriod` (highest first; segments without a value last). */
  rank: number;
  /** The segment's average retention at `rankPeriod`, or `null` when no complete cell exists there. */
  retentionAtRankPeriod: number | null;
  /** Customers in the segment. */
  customers: number;
  /** The segment's cohorts. */
  cohorts: CohortRow[];
  /** The segment's average curve. */
  average: CohortAveragePoint[];
}
