import { argumentError, optionError } from "../internal/fail.js";
import type { CustomerScore, ScoreCustomersResult } from "./scoreCustomers.js";

/** Options of {@link exportCustomerScores}. */
export interface ExportCustomerScoresOptions {
  /**
   * `"csv"`: RFC 4180 text, a header line and one line per customer, `\r\n` line ends. `"json"`: a JSON array of
   * the records, one per line.
   * @defaultValue "csv"
   */
  format?: "csv" | "json";
  /**
   * Decimal places of the five predictions (0 to 15); leave it out for every digit (the shortest text that reads
   * back as the same number).
   * @defaultValue every digit
   */
  decimals?: number;
  /**
   * CSV only: a customer id starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
   * leading `'`, so that a spreadsheet shows it as text instead of running it as a formula (OWASP, "CSV
   * Injection"). Turn it off for a file that only programs read.
   * @defaultValue true
   */
  guardFormulas?: boolean;
}

const FIELDS = ["customerId", "probabilityAlive", "probabilityOfPurchase", "expectedPurchases", "expectedOrderValue", "predictedLifetimeValue", "tier"] as const;

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The score table as text to save or send: CSV (for a spreadsheet or a CRM import) or JSON. Pure: it returns a
 * string and writes nothing. Columns, in order: `customerId, probabilityAlive, probabilityOfPurchase,
 * expectedPurchases, expectedOrderValue, predictedLifetimeValue, tier` (the fields of {@link CustomerScore}).
 *
 * Numbers are written in full (JavaScript's shortest round-trip form, e.g. `0.7266091535695974`) or with
 * `decimals` places (`toFixed`); money stays in the spend model's currency units. Reading a result's `columns`, it
 * builds no record. Cost: O(customers) string building (about 100 bytes per customer).
 *
 * @param scores - A {@link scoreCustomers} result, or its `customers` (or any array of {@link CustomerScore}s).
 * @example
 * ```ts
 * const bgnbd: BetaGeoModel = { kind: "BG/NBD", params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, unit: "week" }; // CDNOW fit
 * const gg: GammaGammaModel = { kind: "Gamma-Gamma", params: { p: 6.2488, q: 3.7446, v: 15.4478 } }; // CDNOW fit
 * const s = scoreCustomers([{ customerId: "1", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   { transactionModel: bgnbd, spendModel: gg });
 * exportCustomerScores(s, { decimals: 2 });
 * // "customerId,probabilityAlive,probabilityOfPurchase,expectedPurchases,expectedOrderValue,predictedLifetimeValue,tier\r\n1,0.73,0.14,1.56,24.66,36.30,1\r\n"
 * ```
 * @throws {@link RetentionMetricsError} `INVALID_ARGUMENT` when `scores` is neither a scoreCustomers result nor an
 *   array of score records; `INVALID_OPTION` for a bad `format`, `decimals` or `guardFormulas`.
 */
export function exportCustomerScores(scores: ScoreCustomersResult | readonly CustomerScore[], options: ExportCustomerScoresOptions = {}): string {
  const format = options?.format ?? "csv";
  if (format !== "csv" && format !== "json") throw optionError("format", 'must be "csv" or "json"', format, 'Leave it out for "csv".');
  const decimals = options?.decimals;
  if (decimals !== undefined && (typeof decimals !== "number" || !Number.isSafeInteger(decimals) || decimals < 0 || decimals > 15)) {
    throw optionError("decimals", "must be an integer from 0 to 15", decimals, "Leave it out for every digit.");
  }
  const guard = options?.guardFormulas ?? true;
  if (typeof guard !== "boolean") throw optionError("guardFormulas", "must be true or false", guard, "Leave it out for true.");
  const c = readColumns(scores);
  const num = decimals === undefined ? (v: number): string => String(v) : (v: number): string => v.toFixed(decimals);
  const n = c.customerId.length;
  if (format === "json") {
    const lines: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      lines[i] =
        `{"customerId":${JSON.stringify(c.customerId[i])},"probabilityAlive":${num(c.probabilityAlive[i] as number)},"probabilityOfPurchase":${num(c.probabilityOfPurchase[i] as number)},` +
        `"expectedPurchases":${num(c.expectedPurchases[i] as number)},"expectedOrderValue":${num(c.expectedOrderValue[i] as number)},"predictedLifetimeValue":${num(c.predictedLifetimeValue[i] as number)},"tier":${c.tier[i]}}`;
    }
    return n === 0 ? "[]\n" : `[\n${lines.join(",\n")}\n]\n`;
  }
  const lines: string[] = new Array<string>(n + 1);
  lines[0] = FIELDS.join(",");
  for (let i = 0; i < n; i++) {
    const customerId = c.customerId[i] as string;
    const id = guard && /^[=+\-@\t\r]/.test(customerId) ? `'${customerId}` : customerId;
    lines[i + 1] = `${csvField(id)},${num(c.probabilityAlive[i] as number)},${num(c.probabilityOfPurchase[i] as number)},${num(c.expectedPurchases[i] as number)},${num(c.expectedOrderValue[i] as number)},${num(c.predictedLifetimeValue[i] as number)},${c.tier[i]}`;
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** The columns of each field: a result's own `columns` (no record built), or read once from an array of records. */
type ScoreFieldColumns = { [K in (typeof FIELDS)[number]]: ArrayLike<CustomerScore[K]> };

const NUMERIC = FIELDS.slice(1);

function notRecord(i: number, r: unknown): Error {
  return argumentError(`scores[${i}]`, "must be a score record of scoreCustomers", r, "Pass scoreCustomers(...) or its customers.");
}

function readColumns(scores: unknown): ScoreFieldColumns {
  if (Array.isArray(scores)) {
    const rows = scores as unknown[];
    const n = rows.length;
    const out = { customerId: new Array<string>(n), probabilityAlive: new Float64Array(n), probabilityOfPurchase: new Float64Array(n), expectedPurchases: new Float64Array(n), expectedOrderValue: new Float64Array(n), predictedLifetimeValue: new Float64Array(n), tier: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      const r = rows[i] as Record<string, unknown> | null;
      if (typeof r !== "object" || r === null || typeof r["customerId"] !== "string") throw notRecord(i, r);
      out.customerId[i] = r["customerId"];
      for (const f of NUMERIC) {
        const v = r[f];
        if (typeof v !== "number") throw notRecord(i, r);
        out[f][i] = v;
      }
    }
    return out;
  }
  const cols = (scores as { columns?: ScoreCustomersResult["columns"] } | null)?.columns;
  if (typeof scores !== "object" || scores === null || typeof cols !== "object" || cols === null || !Array.isArray(cols.customerId)) {
    throw argumentError("scores", "must be a scoreCustomers result or an array of its records", scores, "Pass scoreCustomers(...) or its customers.");
  }
  return cols;
}
