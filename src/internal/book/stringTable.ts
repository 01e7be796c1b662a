import { bookInt32 } from "./buffers.js";
import { PROBE_SLACK, PROBES_PER_CALL } from "./probeBudget.js";
/**
 * Interns strings to dense integer ids 0, 1, 2, … with an open-addressing hash table (FNV-1a hash, linear
 * probing, typed-array slots). About three times faster than a `Map<string, number>` for millions of short
 * ids, and any string, `"__proto__"` included, is an ordinary key.
 *
 * A slot is two adjacent integers (id + 1, hash), so a probe touches one cache line.
 *
 * Hash flooding: FNV-1a is unseeded, so keys with one hash are easy to make. The table keeps a probe budget
 * (src/internal/book/probeBudget.ts); past it, it rehashes every key with {@link secondHash} (keys built to
 * collide in FNV-1a do not collide there) under a fresh budget, and past that too it moves to a `Map` (seeded
 * by the engine) for good. Every id it handed out is kept: linear worst case, same ids.
 */
/** FNV-1a 32-bit hash of a string's UTF-16 code units: the hash of {@link StringTable} and of the duplicate-id check. */
export function hashString(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let j = 0; j < key.length; j++) {
    h ^= key.charCodeAt(j);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** A second 32-bit hash of a string (multiply, xor-shift per code unit), unrelated to FNV-1a. */
export function secondHash(key: string): number {
  let h = 0x2545f491 | 0;
  for (let j = 0; j < key.length; j++) {
    h = Math.imul(h ^ key.charCodeAt(j), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h;
}

/**
 * Strings cut from a longer one (by `slice`, `trim`, `split`: a CSV cell of a chunk of text) that V8 keeps as views
 * holding the whole longer string, 13 characters or more. Two copies that hold nothing else:
 *
 * - {@link ownCopy}, a flat string of its own: for a key a table keeps and compares at every lookup (a view and
 *   its parent are a cache miss more each time). A JSON round trip, about 0.3-0.5 µs.
 * - {@link detach}, concatenation then slice: a view of a fresh copy (two objects), cheaper to make, for a value
 *   made per order and only read later (measured: without it a 518 MB export held 1.7 GB).
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** See {@link ownCopy}. */
export const detach = (s: string): string => (s.length < 13 ? s : (s + " ").slice(0, -1));

export class StringTable {
  /** The interned strings, by id. */
  readonly keys: string[] = [];
  private capacity: number;
  private mask: number;
  /** Per slot p: `table[2p]` = id + 1 of its key (0 = empty), `table[2p + 1]` = the key's hash. */
  private table: Int32Array;
  /**
   * Probe steps taken past home slots minus {@link PROBES_PER_CALL} per call, starting at −{@link PROBE_SLACK}:
   * above zero, the table falls back to {@link StringTable.map}.
   */
  private debt: number = -PROBE_SLACK;
  /** The fallback after the probe budget ran out twice: key → id (null while the hash table is in use). */
  private map: Map<string, number> | null = null;
  /** Whether the table hashes with {@link secondHash} (after the probe budget of FNV-1a ran out). */
  private rehashed: boolean = false;

  /** @param expected - number of distinct keys expected (sizes the table once instead of growing it). */
  constructor(expected = 0) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.table = bookInt32(capacity * 2);
  }

  /** Number of distinct strings interned so far. */
  get size(): number {
    return this.keys.length;
  }

  /** Whether the table gave up hashing (probe budget spent under both hashes) and works through a `Map`. */
  get flooded(): boolean {
    return this.map !== null;
  }

  /** Whether the table left FNV-1a for {@link secondHash} (probe budget spent once). */
  get reseeded(): boolean {
    return this.rehashed || this.map !== null;
  }

  /** The id of `key`, interning it first if it is new (a new key gets id `size - 1`). */
  intern(key: string): number {
    if (this.map !== null) return this.internMapped(this.map, key);
    const h = this.rehashed ? secondHash(key) : hashString(key);
    const { table, mask, keys } = this;
    let p = h & mask;
    let steps = 0;
    for (;;) {
      const s = table[2 * p] as number;
      if (s === 0) break;
      if (table[2 * p + 1] === h && keys[s - 1] === key) {
        if ((this.debt += steps - PROBES_PER_CALL) > 0) this.flood();
        return s - 1;
      }
      p = (p + 1) & mask;
      steps++;
    }
    if ((this.debt += steps - PROBES_PER_CALL) > 0) {
      this.flood();
      return this.intern(key);
    }
    keys.push(key);
    table[2 * p] = keys.length;
    table[2 * p + 1] = h;
    if (keys.length * 2 > this.capacity) this.grow();
    return keys.length - 1;
  }

  /** The id of `key`, or -1 if it was never interned. */
  get(key: string): number {
    if (this.map !== null) return this.map.get(key) ?? -1;
    const h = this.rehashed ? secondHash(key) : hashString(key);
    let p = h & this.mask;
    let steps = 0;
    for (;;) {
      const s = this.table[2 * p] as number;
      if (s === 0 || (this.table[2 * p + 1] === h && this.keys[s - 1] === key)) {
        if ((this.debt += steps - PROBES_PER_CALL) > 0) this.flood();
        return s - 1;
      }
      p = (p + 1) & this.mask;
      steps++;
    }
  }

  private internMapped(map: Map<string, number>, key: string): number {
    const id = map.get(key);
    if (id !== undefined) return id;
    const next = this.keys.length;
    map.set(key, next);
    this.keys.push(key);
    return next;
  }

  /**
   * The probe budget ran out: the first time, every key is rehashed with {@link secondHash} under a fresh
   * budget; the second time (or if that rehash runs out), every key moves to a `Map` (same ids) for good.
   */
  private flood(): void {
    if (!this.rehashed && this.rehashAll()) return;
    const map = new Map<string, number>();
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) map.set(keys[i] as string, i);
    this.map = map;
    this.table = new Int32Array(0);
    this.capacity = 0;
    this.mask = 0;
  }

  /** Rebuilds the table with {@link secondHash}; false if its probe budget runs out on the way. */
  private rehashAll(): boolean {
    this.rehashed = true;
    this.debt = -PROBE_SLACK;
    const keys = this.keys;
    let capacity = 1 << 10;
    while (capacity < keys.length * 2 + 2) capacity *= 2;
    const mask = capacity - 1;
    const table = bookInt32(capacity * 2);
    let budget = PROBE_SLACK + PROBES_PER_CALL * keys.length;
    for (let i = 0; i < keys.length; i++) {
      const h = secondHash(keys[i] as string);
      let r = h & mask;
      while (table[2 * r] !== 0) {
        r = (r + 1) & mask;
        if (--budget < 0) return false;
      }
      table[2 * r] = i + 1;
      table[2 * r + 1] = h;
    }
    this.capacity = capacity;
    this.mask = mask;
    this.table = table;
    this.debt = -budget;
    return true;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const mask = capacity - 1;
    const table = bookInt32(capacity * 2);
    const old = this.table;
    // Re-inserting n keys may take PROBES_PER_CALL steps each, plus the credit left.
    const allowance = PROBES_PER_CALL * this.keys.length;
    let budget = allowance - this.debt;
    for (let q = 0; q < this.capacity; q++) {
      const v = old[2 * q] as number;
      if (v === 0) continue;
      const h = old[2 * q + 1] as number;
      let r = h & mask;
      while (table[2 * r] !== 0) {
        r = (r + 1) & mask;
        if (--budget < 0) {
          this.flood();
          return;
        }
      }
      table[2 * r] = v;
      table[2 * r + 1] = h;
    }
    // debt + steps − allowance.
    this.debt = -budget;
    this.capacity = capacity;
    this.mask = mask;
    this.table = table;
  }
}
