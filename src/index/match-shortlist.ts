import { compareTemplates, type PreparedTemplate } from '../matching/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../config/parameters.js';
import {
  FINGERS, NO_FINGER, POOL_CHUNK_BITS, POOL_CHUNK_WORDS, SUBJECTS_PER_CHUNK, fingerEntry, fingerInfoCount, fingerInfoQuality, fingerInfoReportsQuality,
  type GalleryReader,
} from './gallery-layout.js';
import { readCompactFinger } from './encode-compact-finger.js';
import { prepareTemplate } from '../matching/index.js';

/**
 * The second stage: full 1:1 comparison of the probe's fingers with the same fingers of each
 * shortlisted subject. Returns raw matcher scores, `[i·10 + finger]`, NaN where either side has
 * no finger. Each gallery finger is decoded from its compact form and prepared on the fly.
 * Pure over shared memory; workers run it on their share of the shortlist.
 * Cost: per compared finger one prepareTemplate + one compareTemplates. Gallery fingers are
 * prepared single-use (prepare-template.ts): the hull and cylinders are built only for the
 * comparisons whose score reaches the overlap term's or the MCC gate's band, and not cached.
 * A finger stored with its orientation map reads back with it, so the matcher's
 * `orientationAgreementWeight` scores it as 1:1 does; as the comparison's candidate, its map is
 * read but not prepared (compare-orientation-maps.ts). `params`: the matching parameters (the
 * shipped ones; the probe must be prepared with the same); a bench passes others.
 */
export function matchShortlist(reader: GalleryReader, probe: readonly (PreparedTemplate | null)[], slots: ArrayLike<number>, params: MatchingParameters = MATCHING_PARAMETERS): Float32Array {
  const out = new Float32Array(slots.length * FINGERS).fill(Number.NaN);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    const v = reader.subjects[slot >>> 14];
    const s = slot & (SUBJECTS_PER_CHUNK - 1);
    for (let f = 0; f < FINGERS; f++) {
      const p = probe[f];
      if (!p) continue;
      const e = fingerEntry(s, f);
      const at = v.addr[e];
      if (at === NO_FINGER) continue;
      const info = v.info[e];
      // a finger whose minutiae report no quality reads back with 0 on each, as 1:1 compares it
      const t = readCompactFinger(reader.pool[at >>> POOL_CHUNK_BITS], at & (POOL_CHUNK_WORDS - 1), fingerInfoCount(info), fingerInfoQuality(info), fingerInfoReportsQuality(info));
      out[i * FINGERS + f] = compareTemplates(p, prepareTemplate(t, params, SINGLE_USE), params);
    }
  }
  return out;
}

const SINGLE_USE = { singleUse: true } as const;
