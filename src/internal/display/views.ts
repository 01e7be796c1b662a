// What the renderers read of each result: structural views, so that src/internal/display/ imports no public
// area. Each public result type (src/<area>/*.ts) is assignable to its view; the compiler checks that where a
// public wrapper (src/render/*.ts) or a metric (through withDisplay) passes a result in.
import type { Decimal } from "decimal.js";
import type { CohortAveragePoint, CohortRow, CohortSegment } from "../kernels/cohortTypes.js";
import type { RetentionRates, IntervalActivity } from "../kernels/retentionFromOrders.js";
import type { Granularity } from "../../core/types.js";

export type { CustomerSummariesResult as CustomerSummariesView } from "../kernels/customerSummaryTypes.js";

/** A `cohortTable` result, as the heatmap, the charts and the tables read it. */
export interface CohortTableView {
  readonly granularity: Granularity;
  readonly windows: "calendar" | "relative";
  readonly windowDays: number | null;
  readonly mode: string;
  readonly periods: number;
  readonly customers: number;
  readonly cohorts: readonly CohortRow[];
  readonly average: readonly CohortAveragePoint[];
  readonly rankPeriod: number;
  readonly segments: readonly CohortSegment[] | null;
  readonly currency: string | null;
  /** Read for the heatmap's caption when present. */
  readonly weekStartsOn?: number;
  /** Read for the heatmap's column positions and headers when present (absent: 0 and the column indexes). */
  readonly periodIndexBase?: number;
  readonly columnLabels?: readonly string[];
  readonly window?: { readonly timeZone: string; readonly asOf: string | null };
}

/** A `historicalLifetimeValue` result. */
export interface HistoricalLifetimeValueView {
  readonly periods: readonly {
    readonly period: number;
    readonly historicalLifetimeValue: Decimal | null;
    readonly cohorts: number;
    readonly customers: number;
  }[];
  readonly granularity: Granularity;
  readonly currency: string | null;
}

/** First or repeat orders of a `summarize` result. */
interface OrderGroupView {
  readonly orders: number;
  readonly revenue: Decimal;
  readonly averageOrderValue: Decimal | null;
}

/** A `summarize` result. */
export interface SummarizeView {
  readonly orders: number;
  readonly customers: number;
  readonly repeatCustomers: number;
  readonly revenue: { readonly gross: Decimal; readonly refunded: Decimal; readonly net: Decimal };
  readonly averageOrderValue: Decimal | null;
  readonly purchaseFrequency: number | null;
  readonly customerValue: Decimal | null;
  readonly repeatCustomerRate: number | null;
  readonly firstOrderAt: string | null;
  readonly lastOrderAt: string | null;
  readonly firstOrders: OrderGroupView;
  readonly repeatOrders: OrderGroupView;
  readonly repeatOrderValueLift: number | null;
  readonly currency: string | null;
}

/** An `rfmScores` result. */
export interface RfmScoresView {
  readonly customers: readonly {
    readonly customerId: string;
    readonly recencyDays: number;
    readonly orders: number;
    readonly revenue: Decimal;
    readonly r: number;
    readonly f: number;
    readonly m: number;
    readonly segment: string;
  }[];
  readonly customerCount: number;
  readonly segments: readonly { readonly segment: string; readonly customers: number }[];
  readonly bins: number;
}

/** A `retentionSeries` result. */
export interface RetentionSeriesView {
  readonly granularity: Granularity;
  readonly activeWithinDays: number;
  readonly periods: readonly (IntervalActivity & RetentionRates & { readonly label: string; readonly complete: boolean })[];
}
