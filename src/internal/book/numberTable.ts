/**
 * Interns finite numbers to dense integer ids 0, 1, 2, … in order of first appearance, with an open-addressing
 * hash table over the numbers' bits (typed-array slots, linear probing). `-0` and `0` are one key, as their
 * decimal strings are. Used for numeric customer and order keys, so no string is made per row.
 */
export class NumberTable {
  /** The interned numbers, by id. */
  readonly keys: number[] = [];
  private capacity: number;
  private mask: number;
  /** Per slot: id + 1 of its key (0 = empty). */
  private ids: Int32Array;
  /** Per slot: its key. */
  private slotKeys: Float64Array;
  private readonly f64 = new Float64Array(1);
  private readonly i32 = new Int32Array(this.f64.buffer);

  /** @param expected - number of distinct keys expected (sizes the table once instead of growing it). */
  constructor(expected = 0) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.ids = new Int32Array(capacity);
    this.slotKeys = new Float64Array(capacity);
  }

  /** Number of distinct numbers interned so far. */
  get size(): number {
    return this.keys.length;
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
    const { ids, slotKeys, mask } = this;
    let p = this.hash(key) & mask;
    for (;;) {
      const s = ids[p] as number;
      if (s === 0) break;
      if (slotKeys[p] === key) return s - 1;
      p = (p + 1) & mask;
    }
    this.keys.push(key);
    ids[p] = this.keys.length;
    slotKeys[p] = key;
    if (this.keys.length * 2 > this.capacity) this.grow();
    return this.keys.length - 1;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const mask = capacity - 1;
    const ids = new Int32Array(capacity);
    const slotKeys = new Float64Array(capacity);
    for (let q = 0; q < this.capacity; q++) {
      const v = this.ids[q] as number;
      if (v === 0) continue;
      const key = this.slotKeys[q] as number;
      let r = this.hash(key) & mask;
      while (ids[r] !== 0) r = (r + 1) & mask;
      ids[r] = v;
      slotKeys[r] = key;
    }
    this.capacity = capacity;
    this.mask = mask;
    this.ids = ids;
    this.slotKeys = slotKeys;
  }
}
