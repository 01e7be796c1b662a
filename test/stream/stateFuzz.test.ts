import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accumulatorFromJSON,
  cohortTable,
  createAccumulator,
  customerSummaries,
  mergeAccumulators,
  RetentionMetricsError,
  summarize,
  type AccumulatorState,
  type Order,
  type OrderAccumulator,
} from "../../src/index.js";
import { expectRetentionError } from "../support/expectRetentionError.js";

// Issue 19, item 6: a saved state from an untrusted source either loads to a consistent state or is refused
// with INVALID_STATE (or the code of a bad option inside it); never another error type, never a hang.

const DAY = 86_400_000;
const BASE = Date.UTC(2023, 0, 30, 10);

function shop(prefix: string, zoneShift: number): Order[] {
  const orders: Order[] = [];
  const customers = ["ann", "bob", "cy", "__proto__", "dee"];
  for (let i = 0; i < 40; i++) {
    const c = customers[(i * 7) % customers.length] as string;
    const total = `${(i * 37) % 90}.${i % 10}5`;
    orders.push({
      orderId: `${prefix}${i}`,
      customerId: c,
      placedAt: BASE + ((i * 13) % 29) * 3 * DAY + ((i * 5) % 24) * 3_600_000 + zoneShift,
      total,
      refunded: i % 4 === 0 ? `${(i * 37) % 90}.0${i % 5}` : undefined,
      segment: i % 3 === 0 ? `seg${i % 2}` : undefined,
    });
  }
  return orders;
}

/** Honest states: one per option set, a merged one, one with "trust". */
function honestStates(): AccumulatorState[] {
  const a = createAccumulator().addAll(shop("a", 0));
  const dublin = createAccumulator({ timeZone: "Europe/Dublin", granularity: "week" }).addAll(shop("d", 0));
  const b = createAccumulator().addAll(shop("b", 5 * DAY).slice(0, 30));
  const merged = mergeAccumulators(a, b);
  const trust = createAccumulator({ duplicateOrderIds: "trust", granularity: "day", timeZone: "America/New_York" }).addAll(shop("t", 0));
  const empty = createAccumulator();
  return [a, dublin, merged, trust, empty].map((x) => JSON.parse(JSON.stringify(x)) as AccumulatorState);
}

const STATES = honestStates();

type Path = (string | number)[];

/** Every path in `value` (objects and arrays included), root excluded. */
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

const NUMBER_EDITS: ((x: number) => unknown)[] = [
  (x) => x + 1,
  (x) => x - 1,
  (x) => -x,
  (x) => x * 2,
  (x) => x + 0.5,
  (x) => x + 2 ** 32,
  () => 2 ** 31,
  () => -(2 ** 31) - 1,
  () => 2 ** 53,
  () => 1e308,
  () => 0,
  () => -1,
  () => NaN,
  () => Infinity,
  (x) => String(x),
  () => null,
  () => true,
];
const STRING_EDITS: ((x: string) => unknown)[] = [
  (x) => `${x}0`,
  (x) => (/^\d+$/.test(x) ? String(BigInt(x) + 1n) : `${x}x`),
  (x) => (/^\d+$/.test(x) && x !== "0" ? String(BigInt(x) - 1n) : ""),
  (x) => `0${x}`,
  (x) => `-${x}`,
  () => "",
  () => "1e3",
  () => "9007199254740993",
  () => "ann",
  (x) => Number(x),
  () => null,
];

type Mutation = { path: number; edit: number; other: number };

/** Applies mutation m to a deep copy of `state`; returns the copy. */
function mutate(state: AccumulatorState, m: Mutation): unknown {
  const copy = structuredClone(state) as unknown;
  const all = paths(copy);
  const path = all[m.path % all.length] as Path;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1] as string | number;
  const old = parent[key];
  const structural = m.edit % 4 === 0;
  if (structural && Array.isArray(old) && old.length > 0) {
    const i = m.other % old.length;
    const j = (m.other >> 4) % old.length;
    switch ((m.edit >> 2) % 5) {
      case 0:
        old.splice(i, 1);
        break;
      case 1:
        old.splice(i, 0, old[i]);
        break;
      case 2:
        [old[i], old[j]] = [old[j], old[i]];
        break;
      case 3:
        old.reverse();
        break;
      default:
        old.length = i;
    }
  } else if (structural || (typeof old === "object" && old !== null)) {
    if (Array.isArray(parent)) parent[key as number] = undefined;
    else delete parent[key];
  } else if (typeof old === "number") {
    parent[key] = (NUMBER_EDITS[m.edit % NUMBER_EDITS.length] as (x: number) => unknown)(old);
  } else if (typeof old === "string") {
    parent[key] = (STRING_EDITS[m.edit % STRING_EDITS.length] as (x: string) => unknown)(old);
  } else {
    parent[key] = old === null ? 0 : null;
  }
  return copy;
}

/** What a loaded accumulator must satisfy: metrics run, money and counts are sane, the state survives a round trip. */
function checkLoaded(acc: OrderAccumulator, given: Record<string, unknown>): void {
  const state = acc.toJSON();
  // Nothing was silently reinterpreted: every column the metrics read is what the state said.
  for (const k of ["orders", "scale", "currency", "minTime", "maxTime", "segments", "customers", "dayBits", "periods", "periodMoney"] as const) {
    expect(JSON.stringify(state[k])).toBe(JSON.stringify(given[k]));
  }
  const text = JSON.stringify(acc);
  expect(JSON.stringify(accumulatorFromJSON(text))).toBe(text);
  const s = summarize(acc);
  expect(s.revenue.net.isNegative()).toBe(false);
  for (const c of customerSummaries(acc).customers) {
    expect(c.orders).toBeGreaterThanOrEqual(1);
    expect(c.revenue.isNegative()).toBe(false);
    expect(c.firstOrderAt <= c.lastOrderAt).toBe(true);
  }
  cohortTable(acc);
}

describe("accumulatorFromJSON on mutated states (fuzz)", () => {
  it("every mutation of an honest state loads to a consistent state or is refused with RetentionMetricsError", () => {
    const mutationArb = fc.record({ state: fc.nat(STATES.length - 1), path: fc.nat(), edit: fc.nat(), other: fc.nat() });
    let refused = 0;
    let loaded = 0;
    fc.assert(
      fc.property(mutationArb, (m) => {
        const base = STATES[m.state] as AccumulatorState;
        const bad = mutate(base, m);
        let acc: OrderAccumulator;
        try {
          acc = accumulatorFromJSON(bad as AccumulatorState);
        } catch (e) {
          expect(e).toBeInstanceOf(RetentionMetricsError);
          refused++;
          return;
        }
        loaded++;
        checkLoaded(acc, bad as Record<string, unknown>);
      }),
      { numRuns: 400 },
    );
    expect(refused).toBeGreaterThan(loaded);
  });

  it("also through JSON text, with two mutations at once", () => {
    const m = fc.record({ path: fc.nat(), edit: fc.nat(), other: fc.nat() });
    fc.assert(
      fc.property(fc.nat(STATES.length - 1), m, m, (si, m1, m2) => {
        const twice = mutate(mutate(STATES[si] as AccumulatorState, m1) as AccumulatorState, m2);
        const text = JSON.stringify(twice);
        try {
          accumulatorFromJSON(text);
        } catch (e) {
          expect(e).toBeInstanceOf(RetentionMetricsError);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("accumulatorFromJSON refuses the forgeries of issue 19 with INVALID_STATE", () => {
  const good = STATES[0] as AccumulatorState;
  const cust = (patch: Partial<Record<keyof AccumulatorState["customers"], unknown[]>>): AccumulatorState => ({ ...good, customers: { ...good.customers, ...patch } as AccumulatorState["customers"] });
  const set = <T>(xs: readonly T[], i: number, v: unknown): unknown[] => xs.map((x, k) => (k === i ? v : x));

  it("refunds above gross", () => {
    const g = good.customers.gross[0] as string;
    expectRetentionError(() => accumulatorFromJSON(cust({ refunded: set(good.customers.refunded, 0, String(BigInt(g) + 1000n)) })), { code: "INVALID_STATE", field: "customers.refunded", index: 0 });
  });

  it("negative or absurd order counts, and counts that disagree with the periods or the total", () => {
    expectRetentionError(() => accumulatorFromJSON(cust({ orders: set(good.customers.orders, 1, -3) })), { code: "INVALID_STATE", field: "customers.orders", index: 1 });
    expectRetentionError(() => accumulatorFromJSON(cust({ orders: set(good.customers.orders, 1, 1e15) })), { code: "INVALID_STATE", field: "customers.orders", index: 1 });
    // With "check", the fingerprints (one per order) disagree first; with "trust", the sum of the customers' orders.
    expectRetentionError(() => accumulatorFromJSON({ ...good, orders: good.orders + 1 }), { code: "INVALID_STATE", field: "fingerprints" });
    const trust = STATES[3] as AccumulatorState;
    expectRetentionError(() => accumulatorFromJSON({ ...trust, orders: trust.orders + 1 }), { code: "INVALID_STATE", field: "orders" });
    const periods = good.periods.slice();
    periods[1] = (periods[1] as number) + 1;
    expectRetentionError(() => accumulatorFromJSON({ ...good, periods }), { code: "INVALID_STATE", field: "periods" });
    // Orders moved from one period to another keep the count, and disagree with the periods' money instead.
    const moved = good.periods.slice();
    const k = good.customers.periodEntries[0] as number;
    if (k > 1) {
      moved[1] = (moved[1] as number) + 1;
      moved[3] = (moved[3] as number) - 1;
      expect(() => accumulatorFromJSON({ ...good, periods: moved })).not.toThrow(TypeError);
    }
  });

  it("a first purchase day after the last, and indices past 32 bits", () => {
    const last = good.customers.lastDay[0] as number;
    expectRetentionError(() => accumulatorFromJSON(cust({ firstDay: set(good.customers.firstDay, 0, last + 1) })), { code: "INVALID_STATE", field: "customers.firstDay", index: 0 });
    const dayBits = good.dayBits.slice();
    dayBits[0] = (dayBits[0] as number) + 2 ** 32;
    expectRetentionError(() => accumulatorFromJSON({ ...good, dayBits }), { code: "INVALID_STATE", field: "dayBits", index: 0 });
    const masks = good.dayBits.slice();
    masks[1] = (masks[1] as number) + 2 ** 32;
    expectRetentionError(() => accumulatorFromJSON({ ...good, dayBits: masks }), { code: "INVALID_STATE", field: "dayBits", index: 1 });
  });

  it("a missing column, with its name", () => {
    const { gross: _gross, ...rest } = good.customers;
    expectRetentionError(() => accumulatorFromJSON({ ...good, customers: rest as AccumulatorState["customers"] }), { code: "INVALID_STATE", field: "customers.gross", index: null });
    const { dayBits: _d, ...noDays } = good;
    expectRetentionError(() => accumulatorFromJSON(noDays as AccumulatorState), { code: "INVALID_STATE", field: "dayBits" });
  });
});

describe("accumulatorFromJSON cost on hostile states", () => {
  it("refuses a customer's day entries out of order at once (no quadratic insertion)", () => {
    const acc = createAccumulator({ earliestDate: null });
    for (let d = 0; d < 3000; d++) acc.add({ orderId: `o${d}`, customerId: "c", placedAt: Date.UTC(1990, 0, 1) + d * 32 * DAY, total: "1" });
    const state = acc.toJSON();
    // Reverse the (word, mask) pairs: oldest first.
    const pairs: number[][] = [];
    for (let j = 0; j < state.dayBits.length; j += 2) pairs.push([state.dayBits[j] as number, state.dayBits[j + 1] as number]);
    const reversed = { ...state, dayBits: pairs.reverse().flat() };
    expectRetentionError(() => accumulatorFromJSON(reversed), { code: "INVALID_STATE", field: "dayBits", index: 2 });
    expect(JSON.stringify(accumulatorFromJSON(state))).toBe(JSON.stringify(acc));
  });
});
