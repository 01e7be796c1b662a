/**
 * Keys that defeat the library's unseeded hashes, for the hash-flooding tests and bench/hostile.ts.
 *
 * FNV-1a multicollisions: FNV-1a is a chain of per-character steps over a 32-bit state, so two blocks of the same
 * length that take one state to the same state can be swapped in any string without changing its hash. A
 * birthday search over 4-character blocks finds such a pair in under a million hashes (and a pair found often
 * collides from the next state too); k pairs found one after the
 * other (each from the state the previous pair ends in) give 2^k strings of 4k characters with one FNV-1a hash.
 * A common suffix keeps them colliding, so they can look like e-mail addresses.
 */

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const FNV_OFFSET = 0x811c9dc5 | 0;

function step(h: number, s: string): number {
  for (let j = 0; j < s.length; j++) {
    h ^= s.charCodeAt(j);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

function block(j: number): string {
  let s = "";
  for (let k = 0; k < 4; k++) {
    s += ALPHABET[j % ALPHABET.length];
    j = Math.floor(j / ALPHABET.length);
  }
  return s;
}

/** A pair that collides from about 1 % of states, and from the state it leads to once it does. */
const KNOWN: [string, string] = ["5uzl", "g2ap"];

/** k pairs of 4-character blocks: pair s takes the state after pairs 0 … s−1 (from the FNV-1a offset after `prefix`) to one state. */
function collidingPairs(k: number, prefix: string): [string, string][] {
  const pairs: [string, string][] = [];
  let h = step(FNV_OFFSET, prefix);
  for (let s = 0; s < k; s++) {
    // A pair often collides from other states too (FNV-1a's differences cancel alike): try the last one first.
    const last = pairs[pairs.length - 1] ?? KNOWN;
    if (step(h, last[0]) === step(h, last[1])) {
      pairs.push(last);
      h = step(h, last[0]);
      continue;
    }
    const seen = new Map<number, string>();
    for (let j = 0; ; j++) {
      const b = block(j);
      const out = step(h, b);
      const other = seen.get(out);
      if (other !== undefined && other !== b) {
        pairs.push([other, b]);
        h = out;
        break;
      }
      seen.set(out, b);
    }
  }
  return pairs;
}

/**
 * `n` distinct strings with one FNV-1a hash (`${prefix}<4·⌈log2 n⌉ letters and digits>${suffix}`), in a fixed
 * order: key m picks the second block of pair s where bit s of m is set.
 */
export function fnvCollidingKeys(n: number, prefix = "", suffix = "@example.com"): string[] {
  let k = 0;
  while (2 ** k < n) k++;
  // A short tag after the prefix from whose state the known pair collides spares the birthday search.
  for (let tag = 0; tag < 10_000; tag++) {
    const h = step(FNV_OFFSET, `${prefix}${tag}.`);
    if (step(h, KNOWN[0]) === step(h, KNOWN[1])) {
      prefix = `${prefix}${tag}.`;
      break;
    }
  }
  const pairs = collidingPairs(k, prefix);
  // Every choice of the low half of the blocks and of the high half, then one concatenation per key.
  const half = k >>> 1;
  const combos = (from: number, to: number): string[] => {
    let out = [""];
    for (let b = from; b < to; b++) {
      const [x, y] = pairs[b] as [string, string];
      out = [...out.map((s) => s + x), ...out.map((s) => s + y)];
    }
    return out;
  };
  const low = combos(0, half);
  const high = combos(half, k);
  const keys = new Array<string>(n);
  for (let m = 0; m < n; m++) keys[m] = `${prefix}${low[m & ((1 << half) - 1)] as string}${high[m >>> half] as string}${suffix}`;
  return keys;
}

/** The second hash of `StringTable` and of the duplicate check (multiply, xor-shift per code unit) from state h. */
function step2(h: number, s: string): number {
  for (let j = 0; j < s.length; j++) {
    h = Math.imul(h ^ s.charCodeAt(j), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h;
}

/**
 * `n` distinct strings with one value of the tables' second hash (`secondHash` in stringTable.ts): the same
 * construction as {@link fnvCollidingKeys}, with 5-character blocks found by a birthday search (about 80k
 * hashes each). These do not collide in FNV-1a: after {@link fnvCollidingKeys} they drive a table from its
 * second hash to its `Map`.
 */
export function secondHashCollidingKeys(n: number, prefix = "s.", suffix = "@example.com"): string[] {
  let k = 0;
  while (2 ** k < n) k++;
  const pairs: [string, string][] = [];
  let h = step2(0x2545f491 | 0, prefix);
  for (let st = 0; st < k; st++) {
    const seen = new Map<number, string>();
    for (let j = st * 1_000_003; ; j++) {
      let b = "";
      for (let x = j, c = 0; c < 5; c++, x = Math.floor(x / ALPHABET.length)) b += ALPHABET[x % ALPHABET.length];
      const out = step2(h, b);
      const other = seen.get(out);
      if (other !== undefined && other !== b) {
        pairs.push([other, b]);
        h = out;
        break;
      }
      seen.set(out, b);
    }
  }
  const keys = new Array<string>(n);
  for (let m = 0; m < n; m++) {
    let s = prefix;
    for (let b = 0; b < k; b++) s += (pairs[b] as [string, string])[(m >>> b) & 1];
    keys[m] = s + suffix;
  }
  return keys;
}

/** The second hash of `StringTable`, for tests that check that keys collide. */
export function secondHashOf(s: string): number {
  return step2(0x2545f491 | 0, s);
}

/** FNV-1a of `s` (the hash of `StringTable`), for tests that check that keys collide. */
export function fnv1a(s: string): number {
  return step(FNV_OFFSET, s);
}

// ---- NumberTable: its hash is an invertible mix of a double's two 32-bit words. ----

/** Inverse of `x ↦ Math.imul(x, m)` for odd m (Newton's iteration for the inverse mod 2^32). */
function inverseOdd(m: number): number {
  let inv = m;
  for (let k = 0; k < 5; k++) inv = Math.imul(inv, 2 - Math.imul(m, inv));
  return inv;
}

/** Inverse of `h ^= h >>> r` on 32 bits. */
function unxorShift(h: number, r: number): number {
  let x = h;
  for (let k = 0; k < 32; k += r) x = h ^ (x >>> r);
  return x | 0;
}

/**
 * `n` distinct finite numbers in [1, 2^53) whose `NumberTable` hashes are all 0, so they share one home slot at
 * every table size: for each high word of the double the low word is solved for.
 */
export function numberCollidingKeys(n: number): number[] {
  // hash = fin(imul(lo ^ imul(hi, 0x9e3779b1), 0x85ebca6b)), fin(h) = (h ^= h >>> 13, h = imul(h, 0xc2b2ae35), h ^ h >>> 16).
  let h = 0;
  h = unxorShift(h, 16);
  h = Math.imul(h, inverseOdd(0xc2b2ae35 | 0));
  h = unxorShift(h, 13);
  const w = Math.imul(h, inverseOdd(0x85ebca6b | 0));
  const f64 = new Float64Array(1);
  const i32 = new Int32Array(f64.buffer);
  const out = new Array<number>(n);
  for (let m = 0; m < n; m++) {
    const hi = (0x3ff00000 + m * 37) | 0; // exponents of 1 … about 2^40: finite, positive, below 2^53
    i32[1] = hi;
    i32[0] = w ^ Math.imul(hi, 0x9e3779b1);
    out[m] = f64[0] as number;
  }
  return out;
}
