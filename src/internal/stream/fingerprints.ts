import { PROBE_SLACK, PROBES_PER_CALL } from "../book/probeBudget.js";

/** Shards of a {@link FingerprintSet} (by the top 6 bits of `hi`): each grows on its own. */
const SHARDS = 64;
/** Slots per bucket (a 64-byte cache line), and the bucket's words as a shift: 16 = 1 << 4. */
const BUCKET = 8;
const WORDS_SHIFT = 4;
const WORDS = 1 << WORDS_SHIFT;
/** A shard grows when it is fuller than this. */
const MAX_LOAD = 0.9;
/** Buckets of a new shard. */
const FIRST_BUCKETS = 2;
/**
 * Buckets per page as a shift (256 buckets: 16 KiB). A shard of at least a page is held in pages, which a
 * growing shard takes from the pages the shards before it gave back; a smaller shard is one array of its size.
 */
const PAGE_SHIFT = 8;
const PAGE_BUCKETS = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_BUCKETS - 1;
/** Words per page, and the words of a slot index as a shift. */
const PAGE_WORDS = PAGE_BUCKETS * WORDS;
const PAGE_WORDS_SHIFT = PAGE_SHIFT + WORDS_SHIFT;

/** The bucket count after `nb` in the growth sequence (× 1.125). */
const nextBuckets = (nb: number): number => nb + Math.max(1, nb >> 3);

/** Buckets of a shard holding `size` fingerprints: the first of the growth sequence that holds them. */
function bucketsFor(size: number): number {
  let nb = FIRST_BUCKETS;
  while (nb * BUCKET * MAX_LOAD < size) nb = nextBuckets(nb);
  return nb;
}

/** The home bucket of (hi, lo) among `nb` buckets: a 21-bit mix of both words scaled to the range (exact in doubles). */
const homeOf = (hi: number, lo: number, nb: number): number => Math.floor((((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 11) * nb) / 2097152);

/**
 * A set of 64-bit fingerprints of order ids, held in 64 shards (by the top bits of `hi`), each an
 * open-addressing table of buckets of 8 slots (two words per slot, the all-zero pair meaning empty; a bucket is
 * one 64-byte cache line) with linear probing from bucket to bucket, kept at most 90 % full and grown by an
 * eighth. 8 bytes per slot, so about 9-10 bytes per order id (8M ids: 73 MB); a table of single slots at most
 * 70 % full and doubled took 11-23 bytes (8M ids: 134 MB, and for a moment the old table too). Since the
 * shards grow one at a time, a growth copies 1/64 of the set. Two distinct ids collide with probability about
 * n² / 2^65 for n ids.
 *
 * A shard of a page or more ({@link PAGE_BUCKETS} buckets) lives in pages of 16 KiB: its growth takes the pages
 * it needs from those the last growths gave back (zeroed) and gives its old ones back, so the set holds its
 * shards and about one shard's worth of spare pages, and drops no arrays. Growing a shard by a new array and
 * dropping the old one left, over a stream of 8M ids, about 9 times the set's size to the garbage collector,
 * tens of MB of which were resident at any time before a full collection freed them.
 *
 * A shard's bucket count is a function of its size ({@link bucketsFor}), so the same fingerprints make shards of
 * the same size however they came in.
 *
 * Hash flooding: the fingerprint is unseeded, so ids whose fingerprints share a bucket can be searched for. The
 * set keeps the probe budget of src/internal/book/probeBudget.ts (steps counted in buckets past the home
 * bucket); past it, it moves its fingerprints to a `Set` of 4-character strings (hashed with the engine's
 * per-process seed) for good. Same answers, linear worst case; {@link FingerprintSet.forEach} then lists the
 * fingerprints sorted, a canonical order of its own.
 */
export class FingerprintSet {
  /** Per shard, its buckets: pages of {@link PAGE_BUCKETS} buckets, or one array of fewer. */
  private shards: Uint32Array[][] = [];
  /** Buckets per shard. */
  private buckets: Int32Array = new Int32Array(SHARDS);
  /** Pages given back by grown shards, to be zeroed and taken by the next. */
  private spare: Uint32Array[] = [];
  /** Fingerprints per shard. */
  private counts: Int32Array = new Int32Array(SHARDS);
  /** Number of fingerprints held. */
  size: number = 0;
  /** Probe steps past home buckets minus {@link PROBES_PER_CALL} per call, from −{@link PROBE_SLACK}; above zero: the `Set`. */
  private debt: number = -PROBE_SLACK;
  /** The fallback after the probe budget ran out (null while hashing). */
  private set: Set<string> | null = null;

  /** The shards start small and grow as they fill. */
  constructor() {
    for (let k = 0; k < SHARDS; k++) {
      this.shards.push([new Uint32Array(FIRST_BUCKETS * WORDS)]);
      this.buckets[k] = FIRST_BUCKETS;
    }
  }

  /** Zeroed storage for `nb` buckets: pages (spare ones first) for a page or more, else one array. */
  private storage(nb: number): Uint32Array[] {
    if (nb < PAGE_BUCKETS) return [new Uint32Array(nb * WORDS)];
    const pages: Uint32Array[] = [];
    for (let k = Math.ceil(nb / PAGE_BUCKETS); k > 0; k--) {
      const page = this.spare.pop();
      if (page === undefined) pages.push(new Uint32Array(PAGE_WORDS));
      else pages.push(page.fill(0));
    }
    return pages;
  }

  /** Gives the pages of a grown shard back (an array of less than a page is left to the collector). */
  private release(pages: Uint32Array[]): void {
    if ((pages[0] as Uint32Array).length === PAGE_WORDS) for (const page of pages) this.spare.push(page);
  }

  /** An empty set whose shards already have the size that the fingerprints `words` ((hi, lo) pairs) need. */
  static sizedFor(words: Uint32Array): FingerprintSet {
    const set = new FingerprintSet();
    const need = new Int32Array(SHARDS);
    for (let j = 0; j < words.length; j += 2) {
      const k = (words[j] as number) >>> 26;
      need[k] = (need[k] as number) + 1;
    }
    for (let k = 0; k < SHARDS; k++) {
      const nb = bucketsFor(need[k] as number);
      if (nb !== FIRST_BUCKETS) {
        set.shards[k] = set.storage(nb);
        set.buckets[k] = nb;
      }
    }
    return set;
  }

  /** Whether (hi, lo) is in the set. */
  has(hi: number, lo: number): boolean {
    return this.probe(hi, lo) < 0;
  }

  /** Whether the set gave up hashing (probe budget spent) and works through a `Set`. */
  get flooded(): boolean {
    return this.set !== null;
  }

  /** Moves every fingerprint to a `Set` and drops the shards. */
  private flood(): void {
    const set = new Set<string>();
    this.forEach((a, b) => set.add(pairKey(a, b)));
    this.set = set;
    this.shards = [];
    this.spare = [];
  }

  /**
   * The empty slot where (hi, lo) would go (shard + 64 × slot), or -1 when it is in the set. Valid until the
   * next add.
   */
  probe(hi: number, lo: number): number {
    if (this.set !== null) return this.set.has(pairKey(hi, lo)) ? -1 : 0;
    const shard = hi >>> 26;
    const pages = this.shards[shard] as Uint32Array[];
    const nb = this.buckets[shard] as number;
    let bucket = homeOf(hi, lo, nb);
    let steps = 0;
    for (;;) {
      const slots = pages[bucket >>> PAGE_SHIFT] as Uint32Array;
      const base = (bucket & PAGE_MASK) << WORDS_SHIFT;
      for (let q = base; q < base + WORDS; q += 2) {
        const a = slots[q] as number;
        const b = slots[q + 1] as number;
        if (a === 0 && b === 0) {
          if ((this.debt += steps - PROBES_PER_CALL) > 0) {
            this.flood();
            return 0;
          }
          return (((bucket << WORDS_SHIFT) + q - base) >>> 1) * SHARDS + shard;
        }
        if (a === hi && b === lo) {
          if ((this.debt += steps - PROBES_PER_CALL) > 0) this.flood();
          return -1;
        }
      }
      bucket = bucket + 1 === nb ? 0 : bucket + 1;
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
    const shard = p % SHARDS;
    const w = 2 * ((p - shard) / SHARDS);
    const slots = (this.shards[shard] as Uint32Array[])[w >>> PAGE_WORDS_SHIFT] as Uint32Array;
    const q = w & (PAGE_WORDS - 1);
    slots[q] = hi;
    slots[q + 1] = lo;
    this.size++;
    const count = (this.counts[shard] as number) + 1;
    this.counts[shard] = count;
    const nb = this.buckets[shard] as number;
    if (count > nb * BUCKET * MAX_LOAD) this.rehash(shard, nextBuckets(nb));
  }

  /** Adds (hi, lo); returns false when it was already there. */
  add(hi: number, lo: number): boolean {
    const p = this.probe(hi, lo);
    if (p < 0) return false;
    this.fill(p, hi, lo);
    return true;
  }

  /**
   * Calls `f(hi, lo)` for every fingerprint: shard by shard, each in bucket and slot order starting after a
   * bucket with an empty slot. Re-adding them in this order to a set whose shards have the same sizes
   * ({@link FingerprintSet.sizedFor}) rebuilds the same slots (each lands where it was, since the buckets
   * before it in its run are already full), so the order is a canonical form of the set. After the fallback to
   * a `Set` (hash flooding), in increasing order of (hi, lo) instead.
   */
  forEach(f: (hi: number, lo: number) => void): void {
    if (this.set !== null) {
      const pairs: [number, number][] = [];
      for (const key of this.set) pairs.push(unpairKey(key));
      pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      for (const [hi, lo] of pairs) f(hi, lo);
      return;
    }
    for (let k = 0; k < this.shards.length; k++) {
      const pages = this.shards[k] as Uint32Array[];
      const nb = this.buckets[k] as number;
      // A shard is at most 90 % full, so some bucket has an empty slot (its last slot is empty then).
      let start = 0;
      for (;;) {
        const slots = pages[start >>> PAGE_SHIFT] as Uint32Array;
        const last = ((start & PAGE_MASK) << WORDS_SHIFT) + WORDS - 2;
        if (slots[last] === 0 && slots[last + 1] === 0) break;
        start++;
      }
      for (let j = 1; j <= nb; j++) {
        const bucket = (start + j) % nb;
        const slots = pages[bucket >>> PAGE_SHIFT] as Uint32Array;
        const base = (bucket & PAGE_MASK) << WORDS_SHIFT;
        for (let q = base; q < base + WORDS; q += 2) {
          const a = slots[q] as number;
          const b = slots[q + 1] as number;
          if (a !== 0 || b !== 0) f(a, b);
        }
      }
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
    const c = new FingerprintSet();
    c.shards = this.shards.map((pages) => pages.map((page) => page.slice()));
    c.buckets = this.buckets.slice();
    c.counts = this.counts.slice();
    c.size = this.size;
    c.debt = this.debt;
    c.set = this.set === null ? null : new Set(this.set);
    return c;
  }

  /**
   * Makes room for the fingerprints of `other` before they are added in bulk (in `other`'s canonical order,
   * which at a local load above 1 would turn linear probing quadratic: a 2.5M + 2.5M merge once took minutes).
   */
  reserveFor(other: FingerprintSet): void {
    if (this.set !== null) return;
    const more = new Int32Array(SHARDS);
    other.forEach((hi) => {
      more[hi >>> 26] = (more[hi >>> 26] as number) + 1;
    });
    for (let k = 0; k < SHARDS; k++) {
      const nb = bucketsFor((this.counts[k] as number) + (more[k] as number));
      if (nb > (this.buckets[k] as number)) this.rehash(k, nb);
      if (this.set !== null) return;
    }
  }

  /** Moves shard `shard` to `nb` buckets, re-adding its fingerprints in slot order. */
  private rehash(shard: number, nb: number): void {
    const old = this.shards[shard] as Uint32Array[];
    const oldBuckets = this.buckets[shard] as number;
    const pages = this.storage(nb);
    // Re-inserting n fingerprints may take PROBES_PER_CALL steps each, plus the credit left.
    let budget = PROBES_PER_CALL * (this.counts[shard] as number) - this.debt;
    for (let ob = 0; ob < oldBuckets; ob++) {
      const from = old[ob >>> PAGE_SHIFT] as Uint32Array;
      const fromBase = (ob & PAGE_MASK) << WORDS_SHIFT;
      for (let q = fromBase; q < fromBase + WORDS; q += 2) {
        const a = from[q] as number;
        const b = from[q + 1] as number;
        if (a === 0 && b === 0) continue;
        let bucket = homeOf(a, b, nb);
        for (;;) {
          const slots = pages[bucket >>> PAGE_SHIFT] as Uint32Array;
          let base = (bucket & PAGE_MASK) << WORDS_SHIFT;
          const end = base + WORDS;
          while (base < end && (slots[base] !== 0 || slots[base + 1] !== 0)) base += 2;
          if (base < end) {
            slots[base] = a;
            slots[base + 1] = b;
            break;
          }
          bucket = bucket + 1 === nb ? 0 : bucket + 1;
          if (--budget < 0) {
            this.flood();
            return;
          }
        }
      }
    }
    this.debt = -budget;
    this.shards[shard] = pages;
    this.buckets[shard] = nb;
    this.release(old);
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
