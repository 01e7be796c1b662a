import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { CsvRowFeeder } from "../../../src/internal/readers/csvRows.js";

/** The records of `chunks` through the feeder: [fields, row, problem]. */
function feed(chunks: string[]): [string[], number, string | null][] {
  const out: [string[], number, string | null][] = [];
  const feeder = new CsvRowFeeder(",", (fields, row, problem) => out.push([fields, row, problem]));
  for (const c of chunks) feeder.push(c);
  feeder.end();
  return out;
}

describe("CsvRowFeeder", () => {
  // Cells with quotes, commas and line breaks (up to 20 in one cell: past the 16 seams tried, the rest and the
  // chunk are parsed as one text); records with CRLF or LF.
  const cell = fc.oneof(
    fc.constantFrom("", "a", "bb", "12.50", "#1001"),
    fc.array(fc.constantFrom("x", ",", "\n", '""', " "), { maxLength: 24 }).map((parts) => `"${parts.join("")}"`),
  );
  const record = fc.array(cell, { minLength: 3, maxLength: 3 }).map((cells) => cells.join(","));

  it("gives the records of one papaparse parse of the whole text, for chunks cut anywhere", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 12 }), fc.constantFrom("\n", "\r\n"), fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (records, nl, cutSeeds, trailing) => {
        const text = records.join(nl) + (trailing ? nl : "");
        const expected = Papa.parse<string[]>(text, { delimiter: ",", newline: nl, skipEmptyLines: true }).data;
        const cuts = [...new Set(cutSeeds.map((s) => s % (text.length + 1)))].sort((a, b) => a - b);
        const points = [0, ...cuts, text.length];
        const chunks = points.slice(1).map((end, i) => text.slice(points[i], end));
        const got = feed(chunks);
        expect(got.map((r) => r[0])).toEqual(expected);
        expect(got.map((r) => r[1])).toEqual(expected.map((_, i) => i + 1));
        expect(got.every((r) => r[2] === null)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("reports an unterminated quote at its record", () => {
    const got = feed(["a,b\n1,2\n3,\"4", "\n5,6\n"]);
    expect(got.map((r) => r[1])).toEqual([1, 2, 3]);
    expect(got[2]?.[2]).toMatch(/unterminated/i);
  });
});
