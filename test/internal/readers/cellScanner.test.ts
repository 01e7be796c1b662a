import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CellScanner } from "../../../src/internal/readers/cellScanner.js";
import { CsvRowFeeder } from "../../../src/internal/readers/csvRows.js";

type Record = [string[], number, string | null];

/** The records of `chunks` through papaparse's feeder (the reference). */
function reference(chunks: string[], delimiter = ","): Record[] {
  const out: Record[] = [];
  const feeder = new CsvRowFeeder(delimiter, (fields, row, problem) => out.push([[...fields], row, problem]));
  for (const c of chunks) feeder.push(c);
  feeder.end();
  return out;
}

/** The records of `chunks` through the scanner, every cell filled. */
function scanned(chunks: string[], delimiter = ","): Record[] {
  const out: Record[] = [];
  const scanner = new CellScanner(delimiter, (fields, row, problem) => out.push([[...fields], row, problem]));
  for (const c of chunks) scanner.push(c);
  scanner.end();
  return out;
}

/** `text` cut at the points the seeds give. */
function cut(text: string, seeds: number[]): string[] {
  const cuts = [...new Set(seeds.map((s) => s % (text.length + 1)))].sort((a, b) => a - b);
  const points = [0, ...cuts, text.length];
  return points.slice(1).map((end, i) => text.slice(points[i], end));
}

describe("CellScanner", () => {
  // Random text of the characters CSV is made of: well-formed records, and stray quotes, lone "\r", mixed line
  // breaks, a byte-order mark, blank lines, empty cells.
  const piece = fc.constantFrom("a", "bc", "#10", ",", ",", '"', '""', "\n", "\n", "\r\n", "\r", " ", "");
  const quotedCell = fc.array(fc.constantFrom("x", ",", "\n", "\r\n", '""', " "), { maxLength: 8 }).map((p) => `"${p.join("")}"`);
  const plainCell = fc.constantFrom("", "a", "12.50", "#1001", "x y");
  const wellFormed = (nl: string): fc.Arbitrary<string> =>
    fc.array(fc.array(fc.oneof(plainCell, quotedCell), { minLength: 1, maxLength: 4 }).map((c) => c.join(",")), { minLength: 1, maxLength: 8 }).map((r) => r.join(nl));
  const text = fc.tuple(
    fc.boolean(),
    fc.oneof(
      fc.array(piece, { maxLength: 40 }).map((p) => p.join("")),
      wellFormed("\n"),
      wellFormed("\r\n"),
      fc.tuple(wellFormed("\n"), fc.array(piece, { maxLength: 6 }), wellFormed("\n")).map(([a, p, b]) => `${a}\n${p.join("")}${b}`),
    ),
    fc.constantFrom("", "\n", "\r\n"),
  ).map(([bom, body, tail]) => (bom ? "\uFEFF" : "") + body + tail);

  it("gives the records and problems of papaparse's feeder, for any text cut anywhere", () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (t, seeds) => {
        const chunks = cut(t, seeds);
        expect(scanned(chunks)).toEqual(reference(chunks));
      }),
      { numRuns: 60 },
    );
  });

  it("gives papaparse's records of the whole text for well-formed text cut anywhere", () => {
    fc.assert(
      fc.property(fc.constantFrom("\n", "\r\n"), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (nl, seeds, trailing) => {
        const t = fc.sample(wellFormed(nl), { numRuns: 1, seed: seeds[0] ?? 0 })[0] + (trailing ? nl : "");
        expect(scanned(cut(t, seeds))).toEqual(reference([t]));
      }),
      { numRuns: 40 },
    );
  });

  it("fills the id cell of every record, and the wanted cells on fill(), as papaparse reads them", () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), fc.uniqueArray(fc.nat({ max: 4 }), { maxLength: 3 }), fc.nat({ max: 3 }), (t, seeds, wanted, id) => {
        const chunks = cut(t, seeds);
        // The header is filled whole; even rows are filled (fill()), odd ones have their id only.
        const shown = ([fields, row, problem]: Record): Record => {
          const cols = row % 2 === 0 ? [id, ...wanted] : [id];
          return [fields.map((f, k) => (row === 1 || cols.includes(k) ? f : "")), row, problem];
        };
        const got: Record[] = [];
        const scanner = new CellScanner(",", (fields, row, problem) => {
          if (row === 1) scanner.want(wanted, id);
          else if (row % 2 === 0) scanner.fill();
          got.push(shown([[...fields], row, problem]));
        });
        for (const c of chunks) scanner.push(c);
        scanner.end();
        expect(got).toEqual(reference(chunks).map(shown));
      }),
      { numRuns: 40 },
    );
  });

  it("reads another delimiter", () => {
    const t = 'a;b;c\n1;"x;y";3\r\n4;;"6""7"\n';
    expect(scanned([t], ";")).toEqual(reference([t], ";"));
    expect(scanned([t], ";")[2]?.[0]).toEqual(["4", "", '6"7']);
  });

  it("hands a broken record and the rest to papaparse, which reports it at its row", () => {
    const chunks = ["a,b\n1,2\n3,\"4", "\n5,6\n", '7,"8"x\n9,10\n'];
    const got = scanned(chunks);
    expect(got).toEqual(reference(chunks));
    expect(got.map((r) => r[1])).toEqual([1, 2, 3]);
    expect(got[2]?.[2]).toMatch(/quote/i);
    const stray = ['a,b\n1,"2"x\n3,4\n'];
    expect(scanned(stray)).toEqual(reference(stray));
    expect(scanned(stray)[1]?.[2]).toMatch(/malformed/i);
  });

  it("fills the id column of every record, and the wanted columns on fill()", () => {
    const t = 'id,x,y,z\n#1,"a,b",skip,"q""q"\n#1,c,skip,d\n#2,e,skip,"f\ng"\n';
    const seen: string[][] = [];
    const scanner = new CellScanner(",", (fields, row) => {
      if (row === 1) {
        scanner.want([0, 1, 3], 0);
        return;
      }
      seen.push([fields[0] as string]);
      if (row !== 3) {
        scanner.fill();
        seen.push([fields[1] as string, fields[3] as string]);
      }
    });
    scanner.push(t);
    scanner.end();
    expect(seen).toEqual([["#1"], ["a,b", 'q"q'], ["#1"], ["#2"], ["e", "f\ng"]]);
    expect(scanner.records).toBe(4);
  });
});
