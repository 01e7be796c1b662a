import { PROBE_SLACK, PROBES_PER_CALL } from "../book/probeBudget.js";

/**
 * A set of 64-bit fingerprints of order ids: open addressing with linear probing in one `Uint32Array`
 * (two words per slot, the all-zero pair meaning empty), kept at most 70 % full. 8 bytes per slot, so
 * 11–23 bytes per order id; two distinct ids collide with probability about n² / 2^65 for n ids.
 *
 * Hash flooding: the fingerprint is unseeded, so ids whose fingerprints share a slot can be searched for. The
 * set keeps the probe budget of src/internal/book/probeBudget.ts; past it, it moves its fingerprints to a `Set`
 * of 4-character strings (hashed with the engine's per-process seed) for good. Same answers, linear worst case;
 * {@link FingerprintSet.forEach} then lists the fingerprints sorted, a canonical order of its own.
 */
export class FingerprintSet {
  private slots: Uint32Array;
  private mask: number;
  /** Number of fingerprints held. */
  size: number = 0;
  /** Probe steps past home slots minus {@link PROBES_PER_CALL} per call, from −{@link PROBE_SLACK}; above zero: the `Set`. */
  private debt: number = -PROBE_SLACK;
  /** The fallback after the probe budget ran out (null while hashing). */
  private set: Set<string> | null = null;

  constructor(expected = 0) {
    let capacity = 1 << 10;
    while (capacity * 0.7 < expected) capacity *= 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  /** Whether (hi, lo) is in the set. */
  has(hi: number, lo: number): boolean {
    if (this.set !== null) return this.set.has(pairKey(hi, lo));
    const { slots, mask } = this;
    let p = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    let steps = 0;
    for (;;) {
      const a = slots[2 * p] as number;
      const b = slots[2 * p + 1] as number;
      if ((a === 0 && b === 0) || (a === hi && b === lo)) {
        if ((this.debt += steps - PROBES_PER_CALL) > 0) this.flood();
        return a !== 0 || b !== 0;
      }
      p = (p + 1) & mask;
      steps++;
    }
  }

  /** Whether the set gave up hashing (probe budget spent) and works through a `Set`. */
  get flooded(): boolean {
    return this.set !== null;
  }

  /** Moves every fingerprint to a `Set` and drops the slots. */
  private flood(): void {
    const set = new Set<string>();
    const { slots } = this;
    for (let p = 0; p < slots.length; p += 2) {
      const a = slots[p] as number;
      const b = slots[p + 1] as number;
      if (a !== 0 || b !== 0) set.add(pairKey(a, b));
    }
    this.set = set;
    this.slots = new Uint32Array(0);
    this.mask = 0;
  }

  /** The empty slot where (hi, lo) would go, or -1 when it is in the set. Valid until the next add. */
  probe(hi: number, lo: number): number {
    if (this.set !== null) return this.set.has(pairKey(hi, lo)) ? -1 : 0;
    const { slots, mask } = this;
    let p = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    let steps = 0;
    for (;;) {
      const a = slots[2 * p] as number;
      const b = slots[2 * p + 1] as number;
      if ((a === 0 && b === 0) || (a === hi && b === lo)) {
        if ((this.debt += steps - PROBES_PER_CALL) > 0) {
          this.flood();
          return a === 0 && b === 0 ? 0 : -1;
        }
        return a === 0 && b === 0 ? p : -1;
      }
      p = (p + 1) & mask;
      steps++;
    }
  }

  /** Puts (hi, lo) into the slot {@link FingerprintSet.probe} returned. */
  fill(p: number, hi: number, lo: number): void {
    if (this.set !== null) {
      this.set.add(pairKey(hi, lo));
      this.size++;
      return;
    }
    this.slots[2 * p] = hi;
    this.slots[2 * p + 1] = lo;
    this.size++;
    if (this.size > (this.mask + 1) * 0.7) this.grow();
  }

  /** Adds (hi, lo); returns false when it was already there. */
  add(hi: number, lo: number): boolean {
    const p = this.probe(hi, lo);
    if (p < 0) return false;
    this.fill(p, hi, lo);
    return true;
  }

  /**
   * Calls `f(hi, lo)` for every fingerprint, in slot order starting after an empty slot. Re-adding them in this
   * order to a set of the same capacity rebuilds the same slots (each lands where it was, since the slots
   * before it in its cluster are already filled), so the order is a canonical form of the set. After the
   * fallback to a `Set` (hash flooding), in increasing order of (hi, lo) instead.
   */
  forEach(f: (hi: number, lo: number) => void): void {
    if (this.set !== null) {
      const pairs: [number, number][] = [];
      for (const key of this.set) pairs.push(unpairKey(key));
      pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      for (const [hi, lo] of pairs) f(hi, lo);
      return;
    }
    const { slots } = this;
    const cap = this.mask + 1;
    let start = 0;
    while (slots[2 * start] !== 0 || slots[2 * start + 1] !== 0) start++;
    for (let j = 1; j <= cap; j++) {
      const p = (start + j) & this.mask;
      const a = slots[2 * p] as number;
      const b = slots[2 * p + 1] as number;
      if (a !== 0 || b !== 0) f(a, b);
    }
  }

  /** The fingerprints packed as (hi, lo) pairs, in the order of {@link FingerprintSet.forEach}. */
  packed(): Uint32Array {
    const out = new Uint32Array(this.size * 2);
    let k = 0;
    this.forEach((hi, lo) => {
      out[k++] = hi;
      out[k++] = lo;
    });
    return out;
  }

  clone(): FingerprintSet {
    const c = new FingerprintSet(0);
    c.slots = this.slots.slice();
    c.mask = this.mask;
    c.size = this.size;
    c.debt = this.debt;
    c.set = this.set === null ? null : new Set(this.set);
    return c;
  }

  /**
   * Makes room for `expected` fingerprints in all before a bulk insert. Inserting another table's fingerprints
   * in its slot order into a table of the same size runs at a local load above 1 once both are over half
   * full, and linear probing then turns quadratic (a 2.5M + 2.5M merge took minutes); with the room made
   * first, the load stays under 0.7 throughout.
   */
  reserve(expected: number): void {
    if (this.set !== null) return;
    let capacity = this.mask + 1;
    if (capacity * 0.7 >= expected) return;
    while (capacity * 0.7 < expected) capacity *= 2;
    this.rehash(capacity);
  }

  private grow(): void {
    this.rehash((this.mask + 1) * 2);
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Uint32Array(capacity * 2);
    const mask = capacity - 1;
    // Re-inserting n fingerprints may take PROBES_PER_CALL steps each, plus the credit left.
    let budget = PROBES_PER_CALL * this.size - this.debt;
    for (let q = 0; q < old.length; q += 2) {
      const a = old[q] as number;
      const b = old[q + 1] as number;
      if (a === 0 && b === 0) continue;
      let p = (b ^ Math.imul(a, 0x9e3779b1)) & mask;
      while (slots[2 * p] !== 0 || slots[2 * p + 1] !== 0) {
        p = (p + 1) & mask;
        if (--budget < 0) {
          this.flood();
          return;
        }
      }
      slots[2 * p] = a;
      slots[2 * p + 1] = b;
    }
    this.debt = -budget;
    this.slots = slots;
    this.mask = mask;
  }
}

/** A fingerprint as a 4-character string (the key of the fallback `Set`). */
function pairKey(hi: number, lo: number): string {
  return String.fromCharCode(hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff);
}

/** Inverse of {@link pairKey}. */
function unpairKey(key: string): [number, number] {
  return [((key.charCodeAt(0) << 16) | key.charCodeAt(1)) >>> 0, ((key.charCodeAt(2) << 16) | key.charCodeAt(3)) >>> 0];
}

/**
 * Two independent 32-bit hashes of `s` (FNV-1a and a multiply-rotate hash with another seed), as the high and
 * low words of a 64-bit fingerprint; the pair (0, 0) is mapped to (0, 1) since it marks an empty slot.
 */
export function fingerprint(s: string, out: Uint32Array): void {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491 | 0;
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    h1 ^= c;
    h1 = Math.imul(h1, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  h1 ^= s.length;
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
  if (out[0] === 0 && out[1] === 0) out[1] = 1;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 of the little-endian bytes of `words` (ASCII codes written to a byte array, turned to text in chunks). */
export function wordsToBase64(words: Uint32Array): string {
  const n = words.length * 4;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as number;
    bytes[4 * i] = w & 255;
    bytes[4 * i + 1] = (w >>> 8) & 255;
    bytes[4 * i + 2] = (w >>> 16) & 255;
    bytes[4 * i + 3] = w >>> 24;
  }
  const codes = new Uint8Array(Math.ceil(n / 3) * 4);
  const alphabet = new Uint8Array(64);
  for (let k = 0; k < 64; k++) alphabet[k] = B64.charCodeAt(k);
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i] as number;
    const b = i + 1 < n ? (bytes[i + 1] as number) : 0;
    const c = i + 2 < n ? (bytes[i + 2] as number) : 0;
    codes[o++] = alphabet[a >>> 2] as number;
    codes[o++] = alphabet[((a & 3) << 4) | (b >>> 4)] as number;
    codes[o++] = i + 1 < n ? (alphabet[((b & 15) << 2) | (c >>> 6)] as number) : 61;
    codes[o++] = i + 2 < n ? (alphabet[c & 63] as number) : 61;
  }
  const parts: string[] = [];
  for (let i = 0; i < codes.length; i += 8192) parts.push(String.fromCharCode(...codes.subarray(i, i + 8192)));
  return parts.join("");
}

/** Inverse of {@link wordsToBase64}; null when `s` is not such a string. */
export function base64ToWords(s: string): Uint32Array | null {
  if (s.length % 4 !== 0) return null;
  let pad = 0;
  if (s.endsWith("==")) pad = 2;
  else if (s.endsWith("=")) pad = 1;
  const nBytes = (s.length / 4) * 3 - pad;
  if (nBytes % 4 !== 0) return null;
  const bytes = new Uint8Array(nBytes);
  let k = 0;
  const val = (ch: number): number => {
    if (ch >= 65 && ch <= 90) return ch - 65;
    if (ch >= 97 && ch <= 122) return ch - 71;
    if (ch >= 48 && ch <= 57) return ch + 4;
    if (ch === 43) return 62;
    if (ch === 47) return 63;
    return -1;
  };
  for (let i = 0; i < s.length; i += 4) {
    const a = val(s.charCodeAt(i));
    const b = val(s.charCodeAt(i + 1));
    const c = s[i + 2] === "=" ? 0 : val(s.charCodeAt(i + 2));
    const d = s[i + 3] === "=" ? 0 : val(s.charCodeAt(i + 3));
    if (a < 0 || b < 0 || c < 0 || d < 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    if (k < nBytes) bytes[k++] = v >>> 16;
    if (k < nBytes) bytes[k++] = (v >>> 8) & 255;
    if (k < nBytes) bytes[k++] = v & 255;
  }
  const words = new Uint32Array(nBytes / 4);
  for (let i = 0; i < words.length; i++) {
    words[i] = ((bytes[4 * i] as number) | ((bytes[4 * i + 1] as number) << 8) | ((bytes[4 * i + 2] as number) << 16) | ((bytes[4 * i + 3] as number) << 24)) >>> 0;
  }
  return words;
}
