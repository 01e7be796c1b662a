import type { Decimal } from "decimal.js";
import type { Granularity, ResolvedWindow, ValueOptions, WeekStartsOn } from "../core/types.js";
import type { OrdersInput } from "../core/OrdersInput.js";
import { RetentionMetricsError } from "../core/RetentionMetricsError.js";
import { cohortTable } from "../cohorts/cohortTable.js";
import { optionError } from "../internal/fail.js";
import { divide, multiply, toDecimal, toPublic } from "../internal/money/decimalInput.js";
import { tableBundle, withDisplay } from "../internal/display/display.js";
import { isDecimalLike } from "../internal/display/format.js";

/** An amount: a decimal string (`"19.99"`), a finite number, or a `Decimal`, in major units. */
export type AmountInput = string | number | Decimal;

/**
 * Options of {@link cohortEconomics}: the shared options with the value basis ({@link ValueOptions}), the cohort
 * grid and the costs. Margin is the value basis: `revenue: "margin"` with a `marginRate` (given alone, a
 * `marginRate` implies `revenue: "margin"`) or from each order's `cost`; `"net"` (the default) or `"gross"`
 * count the whole revenue as margin.
 */
export interface CohortEconomicsOptions extends ValueOptions {
  /**
   * The acquisition cost: one amount for every cohort, or an amount per cohort label (`"2024-03"`, …). Read
   * per acquired customer (`costBasis: "perCustomer"`) or as the cohort's whole spend (`"cohortTotal"`).
   */
  acquisitionCost: AmountInput | Readonly<Record<string, AmountInput>>;
  /**
   * `"perCustomer"`: `acquisitionCost` is the CAC of one acquired customer. `"cohortTotal"`: it is what the
   * cohort cost in all, divided here by the cohort's size.
   * @defaultValue `"perCustomer"`
   */
  costBasis?: "perCustomer" | "cohortTotal";
  /**
   * The periods since acquisition at which LTV:CAC is reported (integers ≥ 0).
   * @defaultValue `[3, 6, 12]`
   */
  horizons?: readonly number[];
  /**
   * Length of a cohort and of a period since acquisition (calendar periods in `timeZone`).
   * @defaultValue `"month"` (an accumulator's granularity for an accumulator)
   */
  granularity?: Granularity;
  /**
   * First day of a week for `granularity: "week"` (0 = Sunday … 6 = Saturday).
   * @defaultValue `1` (Monday)
   */
  weekStartsOn?: WeekStartsOn;
}

/** LTV:CAC of one cohort at one horizon. */
export interface CohortLtvToCac {
  /** Periods since acquisition (the horizon). */
  period: number;
  /** Cumulative margin per acquired customer through this period / CAC; `null` until the period is complete, or without a CAC > 0. */
  ratio: number | null;
  /** Whether the cohort's period is complete (observed to its end). */
  complete: boolean;
}

/** One cohort of a {@link CohortEconomicsResult}. */
export interface CohortEconomicsRow {
  /** Cohort label, as in {@link cohortTable}. */
  label: string;
  /** Start of the cohort's period, ISO 8601 with the zone's offset. */
  start: string;
  /** Customers acquired. */
  size: number;
  /** Acquisition cost per acquired customer (CAC), or `null` when none was given for this cohort. */
  acquisitionCost: Decimal | null;
  /** Cumulative margin per acquired customer through the last observed period (CLV on margin, to date). */
  marginToDate: Decimal;
  /**
   * The first period since acquisition whose cumulative margin per customer reaches the CAC (0 = paid back in
   * the acquisition period itself), or `null` when not (yet) reached or there is no CAC.
   */
  paybackPeriod: number | null;
  /** LTV:CAC at each horizon. */
  lifetimeValueToCost: CohortLtvToCac[];
}

/** Result of {@link cohortEconomics}. */
export interface CohortEconomicsResult {
  granularity: Granularity;
  costBasis: "perCustomer" | "cohortTotal";
  /**
   * The margin rate used: the `marginRate` option, `null` for margins from each order's `cost`, or 1 (the whole
   * revenue) for `revenue: "net"` or `"gross"`. The basis itself is `window.revenue`.
   */
  marginRate: Decimal | null;
  horizons: number[];
  /** One record per acquisition cohort, oldest first. */
  cohorts: CohortEconomicsRow[];
  /** Labels of the `acquisitionCost` map that match no cohort (nothing given is dropped silently). */
  unusedCostLabels: string[];
  currency: string | null;
  window: ResolvedWindow;
}

function amountOption(name: string, value: unknown): Decimal {
  try {
    return toDecimal(value, name);
  } catch (e) {
    if (e instanceof RetentionMetricsError) throw optionError(name, "is not an amount", value, 'Pass a decimal string such as "25.00", a finite number or a Decimal.');
    throw e;
  }
}

/**
 * Cohort economics: when each acquisition cohort pays back what it cost to acquire, and its LTV:CAC ratio at
 * chosen horizons, from the cohort's actual margin.
 *
 * Use it to answer "when does a cohort pay back its acquisition cost?" and to compare acquisition months or
 * channels by return on their marketing spend, with no model: only the orders seen so far.
 *
 * Formulas, per cohort (the rows of {@link cohortTable} with the same options), in currency units per acquired
 * customer: margin to date through period k, M(k) = cumulative margin of periods 0 … k / cohort size, where
 * margin is the table's revenue on the value basis (marginRate × net, net − cost, or the whole net or gross
 * revenue; see {@link ValueOptions}); payback period = the first k with M(k) ≥ CAC; LTV:CAC at horizon h =
 * M(h) / CAC, once period h is complete. CAC is the given amount, or (`costBasis: "cohortTotal"`) the cohort's
 * spend / its size. Money is exact: the margin sums are integer minor units (a rate's digits raise their
 * scale), payback compares cumulative margin with CAC × size without dividing, and each reported quotient is
 * one `Decimal` division (20 significant digits, rounded half-even).
 *
 * Source: CAC payback and LTV:CAC as defined by D. Skok, "SaaS Metrics 2.0"
 * (https://www.forentrepreneurs.com/saas-metrics-2/), read per acquisition cohort from realised margin as in
 * Shopify's cohort analysis (https://www.shopify.com/blog/cohort-analysis). See docs/lifetime-value.md,
 * "Cohort economics".
 *
 * Cost: as {@link cohortTable}, plus O(cohorts × periods) `Decimal` operations.
 *
 * @param orders - an {@link OrderBook}, an iterable of {@link Order}, or an {@link OrderAccumulator} (its own
 *   granularity; no `from`/`to`).
 * @param options - see {@link CohortEconomicsOptions}; `acquisitionCost` is required.
 * @returns one record per cohort, under `cohorts`.
 * @throws {@link RetentionMetricsError} `INVALID_OPTION` (field `acquisitionCost` or `acquisitionCost.<label>`,
 * `costBasis`, `marginRate`, `horizons`), the option errors of {@link cohortTable}, and the order errors of
 * {@link prepareOrders}.
 *
 * @example
 * ```ts
 * const e = cohortEconomics([
 *   { orderId: "1", customerId: "ann", placedAt: "2024-01-10", total: "30" },
 *   { orderId: "2", customerId: "bob", placedAt: "2024-01-20", total: "10" },
 *   { orderId: "3", customerId: "ann", placedAt: "2024-02-10", total: "50" },
 * ], { acquisitionCost: "20", marginRate: "0.5", horizons: [1], asOf: "2024-03-31" });
 * e.cohorts.map((c) => [c.label, c.paybackPeriod, c.marginToDate.toString()]); // [["2024-01", 1, "22.5"]]
 * e.cohorts[0]?.lifetimeValueToCost; // [{ period: 1, ratio: 1.125, complete: true }]
 * ```
 */
export function cohortEconomics(orders: OrdersInput, options: CohortEconomicsOptions): CohortEconomicsResult {
  if (typeof options !== "object" || options === null) {
    throw optionError("options", "must be an object with acquisitionCost", options, 'Pass { acquisitionCost: "25.00" } at least.');
  }
  const { acquisitionCost, costBasis: basis, horizons: hs, ...rest } = options;
  // A marginRate alone means the margin basis (the meaning it has had here from the start: rate × net).
  const tableOptions = rest.marginRate !== undefined && rest.revenue === undefined ? { ...rest, revenue: "margin" as const } : rest;
  const costBasis = basis ?? "perCustomer";
  if (costBasis !== "perCustomer" && costBasis !== "cohortTotal") {
    throw optionError("costBasis", 'must be "perCustomer" or "cohortTotal"', costBasis, 'Use "perCustomer" (CAC) or "cohortTotal" (the cohort\'s spend).');
  }
  if (acquisitionCost === undefined) {
    throw optionError("acquisitionCost", "is required", acquisitionCost, 'Pass the cost of acquiring a customer, such as "25.00", or a map of cohort label to amount.');
  }
  const isMap = typeof acquisitionCost === "object" && acquisitionCost !== null && !isDecimalLike(acquisitionCost);
  const single = isMap ? null : nonNegative("acquisitionCost", amountOption("acquisitionCost", acquisitionCost), acquisitionCost);
  const costMap = new Map<string, Decimal>();
  if (isMap) {
    for (const [label, v] of Object.entries(acquisitionCost as Record<string, unknown>)) costMap.set(label, nonNegative(`acquisitionCost.${label}`, amountOption(`acquisitionCost.${label}`, v), v));
  }
  if (hs !== undefined && !Array.isArray(hs)) {
    throw optionError("horizons", "must be a list of whole numbers of periods from 0 to 10000", hs, "Pass horizons such as [3, 6, 12].");
  }
  const horizons = hs === undefined ? [3, 6, 12] : [...hs];
  if (horizons.some((h) => typeof h !== "number" || !Number.isInteger(h) || h < 0 || h > 10_000)) {
    throw optionError("horizons", "must be a list of whole numbers of periods from 0 to 10000", hs, "Pass horizons such as [3, 6, 12].");
  }
  // The table's revenue cells are on the value basis: margins when revenue is "margin".
  const table = cohortTable(orders, { ...tableOptions, periodIndexBase: 0 });
  const marginRate = table.window.revenue !== "margin" ? toDecimal("1", "marginRate") : (table.window.marginRate ?? null);
  const used = new Set<string>();
  const cohorts: CohortEconomicsRow[] = table.cohorts.map((row) => {
    let given: Decimal | null = single;
    if (isMap) {
      given = costMap.get(row.label) ?? null;
      if (given !== null) used.add(row.label);
    }
    const size = toDecimal(row.size, "size");
    // The cohort's whole cost, and each period's margin over the whole cohort: payback compares the two exactly,
    // and each reported ratio is one division.
    const costTotal = given === null ? null : costBasis === "cohortTotal" ? given : multiply(given, size);
    const margin = row.cells.map((c) => c.cumulativeRevenue);
    const reached = costTotal === null ? -1 : margin.findIndex((m) => m.gte(costTotal));
    return {
      label: row.label,
      start: row.start,
      size: row.size,
      acquisitionCost: given === null ? null : toPublic(costBasis === "cohortTotal" ? divide(given, size) : given),
      marginToDate: toPublic(divide(margin.at(-1) as Decimal, size)),
      paybackPeriod: reached < 0 ? null : reached,
      lifetimeValueToCost: horizons.map((h) => {
        const cell = row.cells[h];
        const complete = cell?.complete ?? false;
        return { period: h, ratio: complete && costTotal !== null && costTotal.gt(0) ? divide(margin[h] as Decimal, costTotal).toNumber() : null, complete };
      }),
    };
  });
  const unusedCostLabels = [...costMap.keys()].filter((label) => !used.has(label));
  return withDisplay<CohortEconomicsResult>(
    { granularity: table.granularity, costBasis, marginRate: marginRate === null ? null : toPublic(marginRate), horizons, cohorts, unusedCostLabels, currency: table.currency, window: table.window },
    tableBundle,
  );
}

function nonNegative(name: string, d: Decimal, raw: unknown): Decimal {
  if (d.isNeg()) throw optionError(name, "must not be negative", raw, "Pass the cost as a positive amount, or 0.");
  return d;
}
