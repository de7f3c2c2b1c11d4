import { SEARCH_PARAMETERS, type SearchParameters } from '../config/parameters.js';
import { validateTemplate } from '../templates/index.js';
import { flattenTemplate } from './encode-compact-finger.js';
import { encodeFinger, type EncodedFinger } from './gallery.js';
import { FINGERS } from './gallery-layout.js';
import { galleryFingersOf } from './load-gallery-from-store.js';
import type { SubjectRecord } from './ports.js';

/**
 * Stored records → their gallery fingers encoded as `Gallery.put` encodes them (per record,
 * index 0..9 = positions 1..10, null where absent), for `Gallery.putEncoded`. Pure; runs on a
 * search thread (search-worker.ts) so a gallery built in the background leaves the main thread
 * free. A corrupt template throws AFIS_STORE_CORRUPT (galleryFingersOf) or
 * AFIS_TEMPLATE_INVALID. Cost: per finger its decoding and code (≈ 0.1–0.2 ms).
 */
export function encodeRecords(records: readonly SubjectRecord[], params: SearchParameters = SEARCH_PARAMETERS): (EncodedFinger | null)[][] {
  return records.map((r) => {
    const out: (EncodedFinger | null)[] = new Array(FINGERS).fill(null);
    for (const f of galleryFingersOf(r)) out[f.position - 1] = encodeFinger(flattenTemplate(validateTemplate(f.template)), params);
    return out;
  });
}
