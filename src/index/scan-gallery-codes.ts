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

/** How the scan spends its time: a coarse pass on the first `coarseWords` words, then the full codes. */
export interface ScanPlan {
  /** Words of each code read by the coarse pass (0 = single full pass). */
  readonly coarseWords: number;
  /** Subjects the coarse pass hands to the full pass: max(coarseKeepMin, coarseKeepShare · range). */
  readonly coarseKeepShare: number;
  readonly coarseKeepMin: number;
}

/** A bounded min-heap of (score, slot): keeps the `cap` best seen. */
class TopK {
  readonly s: Float64Array;
  readonly i: Int32Array;
  size = 0;
  constructor(readonly cap: number) {
    this.s = new Float64Array(cap);
    this.i = new Int32Array(cap);
  }
  /** The score a newcomer must beat once full. */
  get floor(): number {
    return this.size < this.cap ? -Infinity : this.s[0];
  }
  push(score: number, slot: number): void {
    const hs = this.s;
    const hi = this.i;
    if (this.size < this.cap) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (hs[parent] <= score) break;
        hs[i] = hs[parent];
        hi[i] = hi[parent];
        i = parent;
      }
      hs[i] = score;
      hi[i] = slot;
      return;
    }
    if (this.cap === 0 || score <= hs[0]) return;
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && hs[r] < hs[l] ? r : l;
      if (hs[c] >= score) break;
      hs[i] = hs[c];
      hi[i] = hi[c];
      i = c;
    }
    hs[i] = score;
    hi[i] = slot;
  }
  /** Best first; ties by slot so results do not depend on the order of arrival. */
  sorted(): { slots: Int32Array; scores: Float64Array } {
    const order = Array.from({ length: this.size }, (_, k) => k).sort((a, b) => this.s[b] - this.s[a] || this.i[a] - this.i[b]);
    return { slots: Int32Array.from(order, (k) => this.i[k]), scores: Float64Array.from(order, (k) => this.s[k]) };
  }
}

/**
 * Sum over the probe's fingers present in the slot of the code similarity on words [0, words):
 * the excess of shared bits over what independent codes with these fill levels would share, in
 * units of its standard deviation (so fingers with many and few bits weigh alike).
 */
function scoreSlot(reader: GalleryReader, slot: number, probe: ProbeCodes, present: Int32Array, probeBits: Float64Array, words: number): number {
  const W = reader.codeWords;
  const v = reader.subjects[slot >>> 14];
  const s = slot & (SUBJECTS_PER_CHUNK - 1);
  const codes = v.codes;
  const pc = probe.codes;
  const bitsRead = words * 32;
  const share = words / W;
  let total = 0;
  for (let p = 0; p < present.length; p++) {
    const f = present[p];
    const e = s * FINGERS + f;
    if (v.addr[e] === NO_FINGER) continue;
    let shared = 0;
    const go = e * W;
    const po = f * W;
    // two words per step: their per-byte counts are added before the one multiply that sums
    // the bytes (each byte ≤ 16), ~1.5–2× faster than a popcount per word in V8
    let w = 0;
    for (; w + 1 < words; w += 2) {
      let x = codes[go + w] & pc[po + w];
      let y = codes[go + w + 1] & pc[po + w + 1];
      x -= (x >>> 1) & 0x55555555;
      y -= (y >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
      shared += Math.imul(((x + (x >>> 4)) & 0x0f0f0f0f) + ((y + (y >>> 4)) & 0x0f0f0f0f), 0x01010101) >>> 24;
    }
    if (w < words) shared += popcount32(codes[go + w] & pc[po + w]);
    // hashed bits spread evenly over the code, so a prefix holds its share of the gallery bits
    const expected = (probeBits[f] * (v.info[e] >>> 16) * share) / bitsRead;
    total += (shared - expected) / Math.sqrt(expected + 1);
  }
  return total;
}

/**
 * The first stage: scores every eligible subject in slots [from, to) by the sum over the fingers
 * present on both sides of the code similarity, and keeps the `keep` best. With a plan, a coarse
 * pass over the first words of each code picks the subjects that get the full comparison (most
 * of the cost is reading codes; the prefix of a hashed code is a smaller code of the same kind).
 * With `score` false, returns every eligible subject unscored (brute-force mode).
 * Pure over shared memory; this is the loop the workers run.
 * Cost: O(subjects · fingers · coarseWords) popcounts + O(kept · fingers · codeWords).
 */
export function scanGalleryCodes(reader: GalleryReader, probe: ProbeCodes, filter: CompiledFilter, from: number, to: number, keep: number, score = true, plan?: ScanPlan): ScanResult {
  const W = reader.codeWords;
  const start = Math.max(0, from);
  const end = Math.min(to, reader.slotCount);
  const span = Math.max(0, end - start);
  const presentList: number[] = [];
  for (let f = 0; f < FINGERS; f++) if (probe.popcounts[f] > 0) presentList.push(f);
  const present = Int32Array.from(presentList);
  const cats = filter.categories;
  const mss = filter.memberStates;
  const pairs = filter.pairs;
  const excl = filter.excludeFlags;
  const coarse = score && plan && plan.coarseWords > 0 && plan.coarseWords < W ? plan.coarseWords : 0;
  const coarseKeep = coarse ? Math.max(keep, plan!.coarseKeepMin, Math.ceil(plan!.coarseKeepShare * span)) : 0;
  const useCoarse = coarse > 0 && coarseKeep < span;
  // bits of each probe code within the words a pass reads
  const probeBitsFull = Float64Array.from(probe.popcounts);
  const probeBitsCoarse = new Float64Array(FINGERS);
  if (useCoarse) {
    for (const f of presentList) {
      let b = 0;
      for (let w = 0; w < coarse; w++) b += popcount32(probe.codes[f * W + w]);
      probeBitsCoarse[f] = b;
    }
  }
  const first = new TopK(Math.min(useCoarse ? coarseKeep : keep, span));
  let eligible = 0;
  for (let slot = start; slot < end; slot++) {
    const v = reader.subjects[slot >>> 14];
    const s = slot & (SUBJECTS_PER_CHUNK - 1);
    if (v.status[s] !== SLOT_ALIVE) continue;
    if (cats && cats[v.category[s]] === 0) continue;
    if (mss && mss[v.memberState[s]] === 0) continue;
    if (pairs && pairs[v.category[s] * 677 + v.memberState[s]] === 0) continue;
    if ((v.flags[s] & excl) !== 0) continue;
    eligible++;
    if (!score) {
      first.push(0, slot);
      continue;
    }
    first.push(useCoarse ? scoreSlot(reader, slot, probe, present, probeBitsCoarse, coarse) : scoreSlot(reader, slot, probe, present, probeBitsFull, W), slot);
  }
  if (!useCoarse) return { ...first.sorted(), eligible };
  const second = new TopK(Math.min(keep, first.size));
  for (let k = 0; k < first.size; k++) {
    const slot = first.i[k];
    second.push(scoreSlot(reader, slot, probe, present, probeBitsFull, W), slot);
  }
  return { ...second.sorted(), eligible };
}
