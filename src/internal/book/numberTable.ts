import { PROBE_SLACK, PROBES_PER_CALL } from "./probeBudget.js";

/**
 * Interns finite numbers to dense integer ids 0, 1, 2, … in order of first appearance, with an open-addressing
 * hash table over the numbers' bits (typed-array slots, linear probing). `-0` and `0` are one key, as their
 * decimal strings are. Used for numeric customer and order keys, so no string is made per row.
 *
 * Hash flooding: the hash is a fixed, invertible mix, so numbers sharing a slot are easy to make. The table keeps
 * a probe budget (src/internal/book/probeBudget.ts); past it, it moves to a `Map` keyed by each number's decimal
 * string (string hashes are seeded by the engine; number hashes are not) for good, keeping every id it handed
 * out. Linear worst case, same ids.
 */
export class NumberTable {
  /** The interned numbers by id in `[0, size)`: a typed array doubled as it fills, not an array grown by push. */
  private store: Float64Array;
  /** Number of distinct numbers interned so far. */
  private count = 0;
  private capacity: number;
  private mask: number;
  /** Per slot: id + 1 of its key (0 = empty). */
  private ids: Int32Array;
  /** Per slot: its key. */
  private slotKeys: Float64Array;
  private readonly f64 = new Float64Array(1);
  private readonly i32 = new Int32Array(this.f64.buffer);
  /** Probe steps past home slots minus {@link PROBES_PER_CALL} per call, from −{@link PROBE_SLACK}; above zero: the `Map`. */
  private debt: number = -PROBE_SLACK;
  /** The fallback after the probe budget ran out: decimal string of the key → id (null while hashing). */
  private map: Map<string, number> | null = null;

  /** @param expected - number of distinct keys expected (sizes the table once instead of growing it). */
  constructor(expected = 0) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.ids = new Int32Array(capacity);
    this.slotKeys = new Float64Array(capacity);
    this.store = new Float64Array(Math.max(16, expected));
  }

  /** Number of distinct numbers interned so far. */
  get size(): number {
    return this.count;
  }

  /** The interned numbers, by id (a view of `size` entries; taken again after interning more). */
  get keys(): Float64Array {
    return this.store.subarray(0, this.count);
  }

  /** Appends `key` to the store (its id is the old `size`). */
  private append(key: number): number {
    const id = this.count;
    if (id === this.store.length) {
      const wider = new Float64Array(2 * id);
      wider.set(this.store);
      this.store = wider;
    }
    this.store[id] = key;
    this.count = id + 1;
    return id;
  }

  /** Whether the table gave up hashing (probe budget spent) and works through a `Map`. */
  get flooded(): boolean {
    return this.map !== null;
  }

  private hash(x: number): number {
    this.f64[0] = x;
    let h = Math.imul((this.i32[0] as number) ^ Math.imul(this.i32[1] as number, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  /** The id of `x` (finite), interning it first if it is new (a new key gets id `size - 1`). */
  intern(x: number): number {
    const key = x + 0; // -0 → 0
    if (this.map !== null) return this.internMapped(this.map, key);
    const { ids, slotKeys, mask } = this;
    let p = this.hash(key) & mask;
    let steps = 0;
    for (;;) {
      const s = ids[p] as number;
      if (s === 0) break;
      if (slotKeys[p] === key) {
        if ((this.debt += steps - PROBES_PER_CALL) > 0) this.flood();
        return s - 1;
      }
      p = (p + 1) & mask;
      steps++;
    }
    if ((this.debt += steps - PROBES_PER_CALL) > 0) return this.internMapped(this.flood(), key);
    const id = this.append(key);
    ids[p] = id + 1;
    slotKeys[p] = key;
    if (this.count * 2 > this.capacity) this.grow();
    return id;
  }

  private internMapped(map: Map<string, number>, key: number): number {
    const text = String(key);
    const id = map.get(text);
    if (id !== undefined) return id;
    const next = this.append(key);
    map.set(text, next);
    return next;
  }

  /** Moves every key to a `Map` (same ids) and drops the hash table. */
  private flood(): Map<string, number> {
    const map = new Map<string, number>();
    const keys = this.store;
    for (let i = 0; i < this.count; i++) map.set(String(keys[i]), i);
    this.map = map;
    this.ids = new Int32Array(0);
    this.slotKeys = new Float64Array(0);
    this.capacity = 0;
    this.mask = 0;
    return map;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const mask = capacity - 1;
    const ids = new Int32Array(capacity);
    const slotKeys = new Float64Array(capacity);
    // Re-inserting n keys may take PROBES_PER_CALL steps each, plus the credit left.
    let budget = PROBES_PER_CALL * this.count - this.debt;
    for (let q = 0; q < this.capacity; q++) {
      const v = this.ids[q] as number;
      if (v === 0) continue;
      const key = this.slotKeys[q] as number;
      let r = this.hash(key) & mask;
      while (ids[r] !== 0) {
        r = (r + 1) & mask;
        if (--budget < 0) {
          this.flood();
          return;
        }
      }
      ids[r] = v;
      slotKeys[r] = key;
    }
    // debt + steps − allowance.
    this.debt = -budget;
    this.capacity = capacity;
    this.mask = mask;
    this.ids = ids;
    this.slotKeys = slotKeys;
  }
}
