import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteCellScanner } from "../../../src/internal/readers/byteScanner.js";
import { CellScanner } from "../../../src/internal/readers/cellScanner.js";

type Record = [string[], number, string | null];

/** The records of the bytes decoded as the text path decodes them (TextDecoder, stream mode), through CellScanner. */
function reference(chunks: Uint8Array[], wanted: number[] | null, id: number, delimiter = ","): Record[] {
  const out: Record[] = [];
  const decoder = new TextDecoder("utf-8");
  const scanner = new CellScanner(delimiter, (fields, row, problem) => {
    if (row === 1 && wanted !== null) scanner.want(wanted, id);
    else if (wanted !== null && row % 2 === 0) scanner.fill();
    out.push(shown([[...fields], row, problem], wanted, id));
  });
  for (const c of chunks) scanner.push(decoder.decode(c, { stream: true }));
  scanner.push(decoder.decode());
  scanner.end();
  return out;
}

/** The cells the reader reads (trimmed): the header whole, the id of every row, the wanted cells of even rows. */
function shown([fields, row, problem]: Record, wanted: number[] | null, id: number): Record {
  if (wanted === null || row === 1 || problem !== null) return [fields, row, problem];
  const cols = row % 2 === 0 ? [id, ...wanted] : [id];
  return [fields.map((f, k) => (cols.includes(k) ? f.trim() : "")), row, problem];
}

/** The records of the byte scanner, each chunk pushed at `offset` bytes into its buffer (the word scan's alignment). */
function scanned(chunks: Uint8Array[], wanted: number[] | null, id: number, delimiter = ",", offset = 0): Record[] {
  const out: Record[] = [];
  const scanner = new ByteCellScanner(delimiter, (fields, row, problem) => {
    if (row === 1 && wanted !== null) scanner.want(wanted, id);
    else if (wanted !== null && problem === null && scanner.exact) {
      // The scan's own record: its cells read from the bytes (the id twice: the second time kept, not decoded).
      scanner.idCell(fields);
      const cols = row % 2 === 0 ? [id, ...wanted] : [id];
      out.push([fields.map((_, k) => (cols.includes(k) ? scanner.text(k) : "")), row, problem]);
      return;
    }
    out.push(shown([[...fields], row, problem], wanted, id));
  });
  // The caller may reuse its buffer: each chunk is overwritten once pushed.
  for (const c of chunks) {
    const host = new Uint8Array(c.length + offset + 3);
    host.set(c, offset);
    scanner.push(host.subarray(offset, offset + c.length));
    host.fill(0x2c);
  }
  scanner.end();
  return out;
}

/** `bytes` cut at the points the seeds give. */
function cut(bytes: Uint8Array, seeds: number[]): Uint8Array[] {
  const cuts = [...new Set(seeds.map((s) => s % (bytes.length + 1)))].sort((a, b) => a - b);
  const points = [0, ...cuts, bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

const encode = (t: string): Uint8Array => new TextEncoder().encode(t);

describe("ByteCellScanner", () => {
  // Text of the characters CSV is made of, with multi-byte characters, byte-order marks and broken UTF-8.
  const piece = fc.constantFrom("a", "bc", "#10", "é", "€", "😀", "\uFEFF", ",", ",", '"', '""', "\n", "\n", "\r\n", "\r", " ", "");
  const quotedCell = fc.array(fc.constantFrom("x", ",", "\n", "\r\n", '""', " ", "ř"), { maxLength: 8 }).map((p) => `"${p.join("")}"`);
  const plainCell = fc.constantFrom("", "a", "12.50", "#1001", "x y", "Zoë");
  const wellFormed = (nl: string): fc.Arbitrary<string> =>
    fc.array(fc.array(fc.oneof(plainCell, quotedCell), { minLength: 1, maxLength: 4 }).map((c) => c.join(",")), { minLength: 1, maxLength: 8 }).map((r) => r.join(nl));
  const text = fc
    .tuple(
      fc.constantFrom("", "\uFEFF", "\uFEFF\uFEFF", "\uFEFF\uFEFF\uFEFF"),
      fc.oneof(
        fc.array(piece, { maxLength: 40 }).map((p) => p.join("")),
        wellFormed("\n"),
        wellFormed("\r\n"),
        fc.tuple(wellFormed("\n"), fc.array(piece, { maxLength: 6 }), wellFormed("\n")).map(([a, p, b]) => `${a}\n${p.join("")}${b}`),
      ),
      fc.constantFrom("", "\n", "\r\n"),
    )
    .map(([bom, body, tail]) => bom + body + tail);
  // Broken UTF-8: a byte of a sequence cut off or stray, anywhere.
  const bytes = fc.tuple(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x80, 0xc3, 0xe2, 0xf0, 0xff)), { maxLength: 2 })).map(([t, bad]) => {
    const b = [...encode(t)];
    for (const [at, byte] of bad) b.splice(at % (b.length + 1), 0, byte);
    return new Uint8Array(b);
  });

  it("gives the records of the text scanner on the decoded bytes, every cell filled, for any bytes cut anywhere", () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 6 }), (b, seeds) => {
        const chunks = cut(b, seeds);
        expect(scanned(chunks, null, 0)).toEqual(reference(chunks, null, 0));
      }),
      { numRuns: 60 },
    );
  });

  it("fills the id cell and the wanted cells as the text scanner does", () => {
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 6 }), fc.uniqueArray(fc.nat({ max: 4 }), { maxLength: 3 }), fc.nat({ max: 3 }), (b, seeds, wanted, id) => {
        const chunks = cut(b, seeds);
        expect(scanned(chunks, wanted, id)).toEqual(reference(chunks, wanted, id));
      }),
      { numRuns: 60 },
    );
  });

  // Long cells and runs of empty ones, so that whole words of four bytes are read at once: from each alignment of
  // the chunks, with quotes, line breaks, multi-byte characters and stray bytes in any byte of a word.
  const longPiece = fc.constantFrom("abcdefghij", "2024-01-01 00:00:12 +0100", ",,,,,,,,,", ",,,,,", "Zoë Ř😀xyz", '"a,b ""c""\nd"', ',"q",', 'ab"cd', "12.50", "\n", "\r\n", "\r", "\u00a0", "");
  const longBytes = fc.tuple(fc.array(longPiece, { maxLength: 30 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x80, 0xe2, 0xff, 0x22)), { maxLength: 2 })).map(([p, bad]) => {
    const b = [...encode(p.join(""))];
    for (const [at, byte] of bad) b.splice(at % (b.length + 1), 0, byte);
    return new Uint8Array(b);
  });

  it("reads words of four bytes at any alignment as the text scanner reads the text", () => {
    fc.assert(
      fc.property(longBytes, fc.array(fc.nat(), { maxLength: 4 }), fc.nat({ max: 3 }), fc.constantFrom(",", ";"), fc.uniqueArray(fc.nat({ max: 6 }), { maxLength: 3 }), fc.nat({ max: 4 }), (b, seeds, offset, delimiter, wanted, id) => {
        const chunks = cut(b, seeds);
        expect(scanned(chunks, null, 0, delimiter, offset)).toEqual(reference(chunks, null, 0, delimiter));
        expect(scanned(chunks, wanted, id, delimiter, offset)).toEqual(reference(chunks, wanted, id, delimiter));
      }),
      { numRuns: 60 },
    );
  });

  it("knows the id's bytes of the order before: same bytes and quoting, same text", () => {
    const t = 'id,x\n#1,a\n#1,b\n"#1",c\n#1 ,d\n#2,e\n"a""b",f\n"a""b",g\n';
    const same: boolean[] = [];
    const scanner = new ByteCellScanner(",", (fields, row) => {
      if (row === 1) {
        scanner.want([1], 0);
        return;
      }
      same.push(scanner.sameId());
      scanner.idCell(fields);
      scanner.rememberId();
    });
    scanner.push(encode(t));
    scanner.end();
    expect(same).toEqual([false, true, false, false, false, false, true]);
  });

  it("reads the cells of a row with multi-byte characters, quotes and repeated bytes", () => {
    const t = 'id,name,x,total\n#1,"Zoë ""Z"" 😀",ř,12.50\n\u010c2,é,,3\n';
    const seen: string[][] = [];
    const scanner = new ByteCellScanner(",", (fields, row) => {
      if (row === 1) {
        scanner.want([0, 1, 3], 0);
        return;
      }
      seen.push([scanner.idCell(fields)]);
      seen.push([scanner.text(1), scanner.text(3), scanner.text(1), scanner.text(-1)]);
    });
    const long = "a-cell-of-more-than-32-bytes@example.com";
    const rest = `#3,"Zoë ""Z"" 😀", ,12.50\n#4, é ,,"12.50"\n#5,${"x".repeat(32)},,\t${" ".repeat(30)}7\n#6, ${long} ,,${long}\n`;
    scanner.push(encode(t + rest));
    scanner.end();
    expect(seen).toEqual([
      ["#1"],
      ['Zoë "Z" 😀', "12.50", 'Zoë "Z" 😀', ""],
      ["Č2"],
      ["é", "3", "é", ""],
      ["#3"],
      ['Zoë "Z" 😀', "12.50", 'Zoë "Z" 😀', ""],
      ["#4"],
      ["é", "12.50", "é", ""],
      ["#5"],
      ["x".repeat(32), "7", "x".repeat(32), ""],
      ["#6"],
      [long, long, long, ""],
    ]);
  });

  it("reads another delimiter", () => {
    const t = 'a;b;c\n1;"x;y";3\r\n4;;"6""7"\n';
    expect(scanned([encode(t)], null, 0, ";")).toEqual(reference([encode(t)], null, 0, ";"));
  });
});
