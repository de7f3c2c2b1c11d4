import { FINGERS, NO_FINGER, SLOT_ALIVE, SUBJECTS_PER_CHUNK, type GalleryReader } from './gallery-layout.js';
import type { CompiledFilter } from './compile-search-filter.js';
import { popcount32 } from './compute-finger-code.js';

/** A probe's first-stage codes: ten codes (zeros where the probe has no finger). */
export interface ProbeCodes {
  /** [finger·codeWords + w]. */
  readonly codes: Uint32Array;
  /** Bits set per finger code; 0 = finger absent. */
  readonly popcounts: Uint32Array;
}

/** Best subjects of a scan: parallel arrays, best first. */
export interface ScanResult {
  readonly slots: Int32Array;
  readonly scores: Float64Array;
  /** Subjects that passed the filter (the ones scored). */
  readonly eligible: number;
}

/**
 * Similarity of two codes from the popcount of their AND: the excess of shared bits over what
 * two independent codes with these fill levels would share, in units of its standard deviation.
 */
function codeSimilarity(shared: number, probeBits: number, galleryBits: number, totalBits: number): number {
  const expected = (probeBits * galleryBits) / totalBits;
  return (shared - expected) / Math.sqrt(expected + 1);
}

/**
 * The first stage: scores every eligible subject in slots [from, to) by the sum over the fingers
 * present on both sides of the code similarity, and keeps the `keep` best (a bounded min-heap).
 * With `keep` ≥ the range, returns every eligible subject (brute-force mode), unscored when
 * `score` is false. Pure over shared memory; this is the loop the workers run.
 * Cost: O(subjects · fingers · codeWords) popcounts.
 */
export function scanGalleryCodes(reader: GalleryReader, probe: ProbeCodes, filter: CompiledFilter, from: number, to: number, keep: number, score = true): ScanResult {
  const W = reader.codeWords;
  const totalBits = W * 32;
  const end = Math.min(to, reader.slotCount);
  const cap = Math.max(0, Math.min(keep, end - from));
  const heapS = new Float64Array(cap);
  const heapI = new Int32Array(cap);
  let size = 0;
  let eligible = 0;
  const present: number[] = [];
  for (let f = 0; f < FINGERS; f++) if (probe.popcounts[f] > 0) present.push(f);
  const pc = probe.codes;
  const cats = filter.categories;
  const mss = filter.memberStates;
  const excl = filter.excludeFlags;
  for (let slot = Math.max(0, from); slot < end; slot++) {
    const v = reader.subjects[slot >>> 14];
    const s = slot & (SUBJECTS_PER_CHUNK - 1);
    if (v.status[s] !== SLOT_ALIVE) continue;
    if (cats && cats[v.category[s]] === 0) continue;
    if (mss && mss[v.memberState[s]] === 0) continue;
    if ((v.flags[s] & excl) !== 0) continue;
    eligible++;
    let total = 0;
    if (score) {
      for (let p = 0; p < present.length; p++) {
        const f = present[p];
        const e = s * FINGERS + f;
        if (v.addr[e] === NO_FINGER) continue;
        const gBits = v.info[e] >>> 16;
        let shared = 0;
        const go = e * W;
        const po = f * W;
        for (let w = 0; w < W; w++) shared += popcount32(v.codes[go + w] & pc[po + w]);
        total += codeSimilarity(shared, probe.popcounts[f], gBits, totalBits);
      }
    }
    // bounded min-heap on score: the root is the worst kept subject
    if (size < cap) {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heapS[parent] <= total) break;
        heapS[i] = heapS[parent];
        heapI[i] = heapI[parent];
        i = parent;
      }
      heapS[i] = total;
      heapI[i] = slot;
    } else if (cap > 0 && total > heapS[0]) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && heapS[r] < heapS[l] ? r : l;
        if (heapS[c] >= total) break;
        heapS[i] = heapS[c];
        heapI[i] = heapI[c];
        i = c;
      }
      heapS[i] = total;
      heapI[i] = slot;
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => heapS[b] - heapS[a] || heapI[a] - heapI[b]);
  const slots = new Int32Array(size);
  const scores = new Float64Array(size);
  order.forEach((k, i) => {
    slots[i] = heapI[k];
    scores[i] = heapS[k];
  });
  return { slots, scores, eligible };
}
