/**
 * The order in which subjects with the same first-stage score enter a shortlist: by a 64-bit
 * hash of the subject id (two 32-bit FNV-1a hashes of its UTF-16 code units, different offsets),
 * then by slot. It depends on the id alone, not on where a subject lives, so one process and a
 * sharded gallery keep the same subjects when scores tie at the shortlist's edge (a sharded
 * coordinator orders by the hash and then by id; the two orders differ only for two subjects
 * whose ids hash alike on 64 bits and tie on the score, about 2⁻⁶⁴ a pair).
 * Stored per slot in each subject chunk (see gallery-layout.ts) and recomputed when a snapshot
 * is loaded, so snapshots do not carry it.
 */

/** [high, low] 32-bit words of the id's tie key. */
export function subjectTieKey(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
    b ^= b >>> 15;
  }
  return [a >>> 0, b >>> 0];
}

/** Negative when id `x` enters a shortlist before id `y` at the same first-stage score (hash, then id). */
export function compareTieKeys(x: string, y: string): number {
  const [xh, xl] = subjectTieKey(x);
  const [yh, yl] = subjectTieKey(y);
  return xh - yh || xl - yl || (x < y ? -1 : x > y ? 1 : 0);
}
