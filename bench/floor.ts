import type { Order } from "../src/index.js";

/** Result of {@link floorPass}: the columns a one-pass reader ends with. */
export interface FloorColumns {
  n: number;
  customers: number;
  customer: Int32Array;
  time: Float64Array;
  /** Net value (total − refunded) in cents. */
  cents: Float64Array;
}

/** Cents of a decimal string with at most two decimals ("12", "12.3", "12.34"); no validation beyond that. */
function cents(s: string): number {
  let units = 0;
  let j = 0;
  const len = s.length;
  for (; j < len; j++) {
    const ch = s.charCodeAt(j);
    if (ch === 46) break;
    units = units * 10 + (ch - 48);
  }
  units *= 100;
  if (j + 1 < len) units += (s.charCodeAt(j + 1) - 48) * 10;
  if (j + 2 < len) units += s.charCodeAt(j + 2) - 48;
  return units;
}

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) v = v * 10 + (s.charCodeAt(at + k) - 48);
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch ms of `YYYY-MM-DDTHH:MM:SS.sssZ` (the generator's format), no validation. */
function isoMs(s: string): number {
  const day = daysFromCivil(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
  return day * 86_400_000 + digits(s, 11, 2) * 3_600_000 + digits(s, 14, 2) * 60_000 + digits(s, 17, 2) * 1000 + digits(s, 20, 3);
}

/**
 * The hand-written floor of `npm run bench:compare`: one pass that does only the unavoidable work, reading
 * each field once, parsing the amount to cents and the date to epoch ms, and looking the customer up in a Map
 * to a dense index. No validation, no error messages, no order-id check, no metrics: what any analysis of
 * plain objects must at least pay.
 */
export function floorPass(orders: readonly Order[]): FloorColumns {
  const n = orders.length;
  const customer = new Int32Array(n);
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const o = orders[i] as Order;
    if ((o.orderId as string).length === 0) throw new Error(`order ${i} has no id`);
    const id = o.customerId as string;
    let c = ids.get(id);
    if (c === undefined) {
      c = ids.size;
      ids.set(id, c);
    }
    customer[i] = c;
    time[i] = isoMs(o.placedAt as string);
    const r = o.refunded as string | undefined;
    value[i] = cents(o.total as string) - (r === undefined ? 0 : cents(r));
  }
  return { n, customers: ids.size, customer, time, cents: value };
}
