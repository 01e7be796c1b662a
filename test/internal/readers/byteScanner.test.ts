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

  // Orders of several line items, as exports have them: the id cell repeated (quoted or not, the same bytes or
  // not), later items with quotes, line breaks in quotes, a cell too few or too many, stray quotes and bytes.
  const idPiece = fc.constantFrom("#1", "#1", "#1", '"#1"', "#2", '"a,b"', '"a""b"', "#1 ", "");
  const itemCell = fc.constantFrom("", "", "x", "Filter 1", "12.50", '"Ring twice,\nthen"', '"a ""b"""', 'x"y', "ř😀", "\r", "a\nb", '"q"x', '"ab"');
  const orderRows = fc
    .tuple(
      fc.array(fc.tuple(idPiece, fc.array(itemCell, { minLength: 2, maxLength: 4 }), fc.nat({ max: 2 })), { minLength: 1, maxLength: 12 }),
      fc.constantFrom("\n", "\r\n"),
      fc.constantFrom("", "\n", "\r\n"),
      fc.nat({ max: 2 }),
    )
    .map(([rows, nl, tail, id]) => {
      const header = "a,b,c,d,e";
      // The id in column `id`; most rows of five cells, some of four or six.
      const lines = rows.map(([order, cells, extra]) => {
        const row = ["p", "q", "r", "s"].map((x, k) => cells[k % cells.length] ?? x);
        row.splice(id, 0, order);
        if (extra === 1) row.pop();
        return row.join(",") + (extra === 2 && row.length > 4 ? ",z" : "");
      });
      return { text: [header, ...lines].join(nl) + tail, id };
    });

  /**
   * Reads `chunks` as the reader does: a row whose id has the bytes of the order before gives only its count of
   * cells; the others give their id and (every other one) their wanted cells, the id remembered before or after.
   * Every fourth row asks for its cells anyway. Checks the records, cell counts and cells asked for (trimmed)
   * against the text scanner.
   */
  function checkItems(chunks: Uint8Array[], id: number, wanted: number[], offset: number): void {
    const got: [number, number, string | null, boolean, string[]][] = [];
    let last = "";
    const scanner = new ByteCellScanner(",", (fields, row, problem) => {
      if (row === 1) {
        scanner.want(wanted, id);
        got.push([fields.length, row, problem, false, [...fields]]);
        return;
      }
      const same = scanner.sameId();
      if (!same || row % 4 === 0) {
        if (row % 2 === 1) scanner.rememberId();
        last = scanner.idCell(fields);
        if (row % 2 === 0) scanner.rememberId();
      }
      if (same && row % 4 !== 0) {
        got.push([fields.length, row, problem, same, [last]]);
        return;
      }
      // The cells asked for: read from the bytes by the scan, given whole by papaparse once it took over.
      const cols = row % 2 === 0 ? [id, ...wanted] : [id];
      const cells = problem === null && scanner.exact ? fields.map((_, k) => (cols.includes(k) ? scanner.text(k) : "")) : shown([[...fields], row % 2 === 0 ? row : 3, problem], wanted, id)[0];
      got.push([fields.length, row, problem, same, cells]);
    });
    for (const c of chunks) {
      const host = new Uint8Array(c.length + offset);
      host.set(c, offset);
      scanner.push(host.subarray(offset));
      host.fill(0x2c);
    }
    scanner.end();
    const expected = reference(chunks, null, 0);
    expect(got.map((g) => g.slice(0, 3))).toEqual(expected.map(([fields, row, problem]) => [fields.length, row, problem]));
    got.forEach(([, row, problem, same, cells], j) => {
      const [fields] = expected[j] as Record;
      if (row === 1 || problem !== null) return;
      // Same and not asked: the id is the one before; else the cells asked for are the text scanner's.
      if (same && row % 4 !== 0) expect(fields[id]?.trim()).toBe(cells[0]);
      else expect(cells).toEqual(shown([fields, row % 2 === 0 ? row : 3, problem], wanted, id)[0]);
    });
  }

  it("gives the cell counts and ids of later line items of an order as the text scanner reads them", () => {
    fc.assert(
      fc.property(orderRows, fc.array(fc.nat(), { maxLength: 5 }), fc.nat({ max: 3 }), fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 3 }), ({ text, id }, seeds, offset, wanted) => {
        checkItems(cut(encode(text), seeds), id, wanted, offset);
      }),
      { numRuns: 60 },
    );
  });

  it("reads later line items ending in quotes, line breaks and the end of the input, cut at every byte", () => {
    const texts = [
      'a,b,c,d,e\r\n#1,x,y,z,w\r\n#1,x,y,z,"ab"\r\n#1,abcdefgh,"q\r\n",x,"y"',
      'a,b,c,d,e\n#1,x,y,z,w\n#1,x,y,z,"ab"\n#1,abcdefghijkl,x,"q","y"',
      'a,b,c,d,e\r\n#1,x,y,z,w\r\n#1,abcdefgh,x\ny,"p""q",z\r\n#1,abcdefgh,x\ry,z\r\n#1,abcdefgh,a,b,c,d\r\n',
      'a,b,c,d,e\n#1,x,y,z,w\n#1,abcdefgh,"x,y\nz",w\n#1,abcdefgh,x"y,"z"q,w\n#1,abcdefgh,,\n',
    ];
    for (const text of texts) {
      const bytes = encode(text);
      for (let at = 0; at <= bytes.length; at++) checkItems([bytes.subarray(0, at), bytes.subarray(at)], 0, [1, 3], at % 4);
    }
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

  it("finishes a record cut off at a chunk's end whose quoted cell spans line breaks, its rest past the buffer kept", () => {
    // The record cut off fills most of the kept buffer (64 KiB); the next chunk's first line break is inside a
    // quoted cell, and its second one past the buffer's end: the bytes up to the first were lost when it grew.
    for (const kept of [65_520, 65_526, 65_528, 65_530, 65_536]) {
      // `kept` bytes from "#1," on.
      const first = `id,a,b,c\n#1,"${"n".repeat(kept - 4)}`;
      const t = `${first}x","y\nz",w\n#2,p,q,r\n`;
      const chunks = [encode(t).subarray(0, first.length), encode(t).subarray(first.length)];
      expect(scanned(chunks, null, 0)).toEqual(reference(chunks, null, 0));
      expect(scanned(chunks, [1, 2, 3], 0)).toEqual(reference(chunks, [1, 2, 3], 0));
    }
  });

  it("reads another delimiter", () => {
    const t = 'a;b;c\n1;"x;y";3\r\n4;;"6""7"\n';
    expect(scanned([encode(t)], null, 0, ";")).toEqual(reference([encode(t)], null, 0, ";"));
  });
});
