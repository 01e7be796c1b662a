import { bookInt32 } from "./buffers.js";
/**
 * Interns strings to dense integer ids 0, 1, 2, … with an open-addressing hash table (FNV-1a hash, linear
 * probing, typed-array slots). About three times faster than a `Map<string, number>` for millions of short
 * ids, and any string, `"__proto__"` included, is an ordinary key.
 *
 * A slot is two adjacent integers (id + 1, hash), so a probe touches one cache line.
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

export class StringTable {
  /** The interned strings, by id. */
  readonly keys: string[] = [];
  private capacity: number;
  private mask: number;
  /** Per slot p: `table[2p]` = id + 1 of its key (0 = empty), `table[2p + 1]` = the key's hash. */
  private table: Int32Array;

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

  /** The id of `key`, interning it first if it is new (a new key gets id `size - 1`). */
  intern(key: string): number {
    const h = hashString(key);
    const { table, mask, keys } = this;
    let p = h & mask;
    for (;;) {
      const s = table[2 * p] as number;
      if (s === 0) break;
      if (table[2 * p + 1] === h && keys[s - 1] === key) return s - 1;
      p = (p + 1) & mask;
    }
    keys.push(key);
    table[2 * p] = keys.length;
    table[2 * p + 1] = h;
    if (keys.length * 2 > this.capacity) this.grow();
    return keys.length - 1;
  }

  /** The id of `key`, or -1 if it was never interned. */
  get(key: string): number {
    const h = hashString(key);
    let p = h & this.mask;
    for (;;) {
      const s = this.table[2 * p] as number;
      if (s === 0) return -1;
      if (this.table[2 * p + 1] === h && this.keys[s - 1] === key) return s - 1;
      p = (p + 1) & this.mask;
    }
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const mask = capacity - 1;
    const table = bookInt32(capacity * 2);
    const old = this.table;
    for (let q = 0; q < this.capacity; q++) {
      const v = old[2 * q] as number;
      if (v === 0) continue;
      const h = old[2 * q + 1] as number;
      let r = h & mask;
      while (table[2 * r] !== 0) r = (r + 1) & mask;
      table[2 * r] = v;
      table[2 * r + 1] = h;
    }
    this.capacity = capacity;
    this.mask = mask;
    this.table = table;
  }
}
