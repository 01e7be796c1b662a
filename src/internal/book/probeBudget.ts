/**
 * The probe budget of the open-addressing tables (`StringTable`, `NumberTable`, and the
 * accumulator's `FingerprintSet`), which bounds their worst case against hash flooding.
 *
 * Their hashes (FNV-1a over the UTF-16 code units, a fixed mix of a number's bits) are unseeded, so anyone can
 * compute many distinct keys with one hash (an FNV-1a multicollision costs seconds for a million ids), and
 * linear probing then walks a chain as long as the keys inserted so far: quadratic time. Each table therefore
 * counts the probe steps it takes past a key's home slot. Ordinary keys at a load of at most one half take
 * about one step per call on average; once the steps exceed {@link PROBES_PER_CALL} per call made so far plus
 * {@link PROBE_SLACK}, the table moves its keys into the engine's `Map` (whose string hashes are seeded per
 * process, so no input can be built to collide in it) and uses that from then on. The ids it hands out do not
 * change, so results are the same either way; only the cost differs, and it stays linear: at most
 * `PROBES_PER_CALL × calls + PROBE_SLACK` steps in the table, then O(1) expected per call in the `Map`.
 */

/** Probe steps past the home slot allowed per call on average (ordinary keys take about one). */
export const PROBES_PER_CALL = 3;

/** Probe steps allowed on top of {@link PROBES_PER_CALL} per call, so that small tables never fall back. */
export const PROBE_SLACK = 1 << 16;
