// Issue 19, item 9: the zone calendar against an independent reference, over every IANA zone of the runtime
// for 1900-2040. The reference reads the wall clock of an instant from Intl.DateTimeFormat's numeric fields
// (no "longOffset", no @date-fns/tz) and takes the offset as wall - instant; it samples each zone every 45 days
// and bisects to the second every change of offset it sees between two samples (two changes within 45 days,
// as Morocco's Ramadan breaks, may go unseen). The calendar must agree at every sample and on both sides of
// every change: offsetOnce (the one-read path of period starts), wallToUtcOnce at each change, and, for
// Monrovia, Dublin and a few zones with other kinds of rules, offsetAt (the scanned, cached path of the hot
// loops) at every change. About 6 s on a quiet 2-core machine, 10 s on a busy one.
import { describe, expect, it } from "vitest";
import { parseLongOffset, ZoneCalendar } from "../../src/internal/time/zone.js";

const FROM = Date.UTC(1900, 0, 1);
const TO = Date.UTC(2041, 0, 1);
const STEP = 45 * 86_400_000;
const HOUR = 3_600_000;

function reference(timeZone: string): (t: number) => number {
  const dtf = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  return (t) => {
    // "1/31/1950, 23:15:30"
    const m = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/.exec(dtf.format(t));
    if (m === null) throw new Error(`unexpected format ${dtf.format(t)}`);
    const [, mo, d, y, h, mi, s] = m.map(Number) as number[];
    return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - Math.floor(t / 1000) * 1000;
  };
}

/** Every change of offset the samples see: the first second with the new offset. */
function changes(ref: (t: number) => number): { samples: [number, number][]; at: number[] } {
  const samples: [number, number][] = [];
  const at: number[] = [];
  let prevT = FROM;
  let prevO = ref(FROM);
  samples.push([prevT, prevO]);
  for (let t = FROM + STEP; t < TO + STEP; t += STEP) {
    const o = ref(t);
    samples.push([t, o]);
    if (o !== prevO) {
      let lo = prevT;
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (ref(mid) === prevO) lo = mid;
        else hi = mid;
      }
      at.push(hi);
    }
    prevT = t;
    prevO = o;
  }
  return { samples, at };
}

describe("ZoneCalendar over every IANA zone, 1900-2040 (reference: Intl.DateTimeFormat wall-clock fields)", () => {
  const zones = Intl.supportedValuesOf("timeZone");
  const subHourNegative = new Set<string>();

  it("agrees at every sample and on both sides of every change of offset", () => {
    let nChanges = 0;
    let nSamples = 0;
    const wrong: string[] = [];
    for (const zone of zones) {
      const ref = reference(zone);
      const cal = new ZoneCalendar(zone);
      const { samples, at } = changes(ref);
      nSamples += samples.length;
      nChanges += at.length;
      for (const [t, o] of samples) {
        if (o > -HOUR && o < 0) subHourNegative.add(zone);
        if (cal.offsetOnce(t) !== o && wrong.length < 20) wrong.push(`${zone} at ${new Date(t).toISOString()}: ${cal.offsetOnce(t)} != ${o}`);
      }
      for (const t of at) {
        for (const u of [t - 1000, t]) {
          const o = ref(u);
          if (cal.offsetOnce(u) !== o && wrong.length < 20) wrong.push(`${zone} at ${new Date(u).toISOString()}: ${cal.offsetOnce(u)} != ${o}`);
        }
        // The wall time just after the change maps back to an instant that shows it (the earlier one in a fold).
        const wall = t + ref(t);
        const back = cal.wallToUtcOnce(wall);
        if ((back + ref(back) !== wall || back > t) && wrong.length < 20) wrong.push(`${zone} wall ${new Date(wall).toISOString()}: ${back} does not show it`);
      }
    }
    expect(wrong).toEqual([]);
    // Sanity: the reference saw the world's clock changes (26,969 in Node 20's tzdata, 418 zones).
    if (process.env.ZONE_STATS) console.log({ zones: zones.length, nSamples, nChanges });
    expect(nSamples).toBeGreaterThan(zones.length * 1100);
    expect(nChanges).toBeGreaterThan(20_000);
  });

  it("finds the zones with an offset between -1 h and 0 (Africa/Monrovia before 1972, Europe/Dublin before 1916)", () => {
    expect(subHourNegative.has("Africa/Monrovia")).toBe(true);
    expect(subHourNegative.has("Europe/Dublin")).toBe(true);
  });

  it("the scanned path (offsetAt) agrees at every change in Monrovia, Dublin and a few others", () => {
    if (process.env.ZONE_STATS) console.log([...subHourNegative]);
    // The whole 1900-2040 scan of one zone costs about 0.1 s: Monrovia and Dublin, and a few kinds of rules.
    const some = ["Africa/Monrovia", "Europe/Dublin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns"];
    const wrong: string[] = [];
    for (const zone of some) {
      const ref = reference(zone);
      const cal = new ZoneCalendar(zone);
      for (const t of changes(ref).at) {
        for (const u of [t - 1000, t]) {
          if (cal.offsetAt(u) !== ref(u) && wrong.length < 20) wrong.push(`${zone} at ${new Date(u).toISOString()}: ${cal.offsetAt(u)} != ${ref(u)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("Monrovia and Dublin by hand: negative offsets under an hour keep their sign", () => {
    const monrovia = new ZoneCalendar("Africa/Monrovia");
    expect(monrovia.offsetOnce(Date.UTC(1950, 5, 1))).toBe(-(44 * 60 + 30) * 1000);
    expect(monrovia.offsetAt(Date.UTC(1950, 5, 1))).toBe(-(44 * 60 + 30) * 1000);
    // Local midnight of 1950-01-01 is 00:44:30Z.
    expect(monrovia.startOfLocalDay(Date.UTC(1950, 0, 1) / 86_400_000)).toBe(Date.UTC(1950, 0, 1, 0, 44, 30));
    const dublin = new ZoneCalendar("Europe/Dublin");
    expect(dublin.offsetAt(Date.UTC(1910, 5, 1))).toBe(-(25 * 60 + 21) * 1000);
  });

  it("parseLongOffset reads every form Intl writes", () => {
    expect(parseLongOffset("5/31/1950, GMT-00:44:30")).toBe(-2_670_000);
    expect(parseLongOffset("1/1/2024, GMT+01:00")).toBe(3_600_000);
    expect(parseLongOffset("1/1/2024, GMT+05:30")).toBe(19_800_000);
    expect(parseLongOffset("1/1/1880, GMT-04:56:02")).toBe(-17_762_000);
    expect(parseLongOffset("1/1/2024, GMT")).toBe(0);
    expect(parseLongOffset("1/1/2024, GMT\u221201:00")).toBe(-3_600_000);
    expect(parseLongOffset("1/1/2024")).toBeNaN();
  });
});
