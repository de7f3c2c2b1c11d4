/**
 * Worker of `afis bench search`: makes synthetic ten-print subjects and encodes them for the
 * gallery (compact minutiae and first-stage codes), so that building a gallery of a million
 * subjects uses every core. Returns flat typed arrays (transferred, not copied).
 */
import { drawSyntheticOrientationMap, generateSyntheticTenPrint, syntheticMapTurn, syntheticTenPrintImages } from '../../synthetic/index.js';
import { encodeFinger, flattenTemplate, type FlatFinger } from '../../index/index.js';
import { AfisError, type GrayImage } from '../../core/index.js';
import { extractTemplate } from '../../extraction/index.js';
import type { Template } from '../../templates/index.js';
import { SEARCH_PARAMETERS } from '../../config/parameters.js';

export interface EncodeBatchTask {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly impression: number;
  /** Templates from synthetic images through our extractor instead of the template generator. */
  readonly images?: boolean;
  /**
   * Fingers carry an orientation map, as the templates we extract do: the generator's get a
   * synthetic one ({@link drawSyntheticOrientationMap}), extracted ones keep theirs. False: no
   * map (a gallery enrolled before maps, or of foreign templates). Default true.
   */
  readonly maps?: boolean;
}

/**
 * Our extractor on a synthetic image; an image it refuses is a finger without minutiae (it is
 * enrolled or searched that way, as a capture that failed quality would not be).
 */
export function extractOrEmpty(image: GrayImage): Template {
  try {
    return extractTemplate(image);
  } catch (err) {
    if (!(err instanceof AfisError)) throw err;
    return { width: image.width, height: image.height, ppi: 500, quality: 0, minutiae: [] };
  }
}

/**
 * The ten fingers of a synthetic subject's impression, from images or from the template generator;
 * with `maps`, each with an orientation map (the generator's: a synthetic one turned per finger,
 * the same in every impression), without, none.
 */
export function syntheticFingers(seed: number, subject: number, impression: number, images: boolean, maps = true): Array<FlatFinger | Template> {
  if (images) return syntheticTenPrintImages(seed, subject, impression).map((img) => withoutMapUnless(maps, extractOrEmpty(img)));
  const imps = generateSyntheticTenPrint(seed, subject, impression);
  return maps ? imps.map((i, f) => ({ ...i, orientationMap: drawSyntheticOrientationMap(i.width, i.height, syntheticMapTurn(subject, f)) })) : imps;
}

/** The template as it is, or without its orientation map when `keep` is false. */
function withoutMapUnless(keep: boolean, t: Template): Template {
  if (keep || !t.orientationMap) return t;
  const { orientationMap: _dropped, ...rest } = t;
  return rest;
}

/** Subjects [from, to): ten fingers each; `offsets[i·10+f] .. offsets[i·10+f+1]` in `words`. */
export interface EncodedBatch {
  readonly from: number;
  readonly to: number;
  readonly words: Uint32Array;
  readonly offsets: Uint32Array;
  readonly counts: Uint8Array;
  readonly quality: Uint8Array;
  readonly popcounts: Uint16Array;
  readonly codes: Uint32Array;
}

export function encodeSyntheticBatch(task: EncodeBatchTask): EncodedBatch {
  const n = task.to - task.from;
  const W = SEARCH_PARAMETERS.codeWords;
  const offsets = new Uint32Array(n * 10 + 1);
  const counts = new Uint8Array(n * 10);
  const quality = new Uint8Array(n * 10);
  const popcounts = new Uint16Array(n * 10);
  const codes = new Uint32Array(n * 10 * W);
  let words = new Uint32Array(n * 10 * 48);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const imps = syntheticFingers(task.seed, task.from + i, task.impression, task.images === true, task.maps !== false);
    for (let f = 0; f < 10; f++) {
      const finger = imps[f]!;
      const e = encodeFinger('minutiae' in finger ? flattenTemplate(finger) : finger);
      const k = i * 10 + f;
      if (used + e.words.length > words.length) {
        const bigger = new Uint32Array(words.length * 2);
        bigger.set(words);
        words = bigger;
      }
      words.set(e.words, used);
      offsets[k] = used;
      used += e.words.length;
      counts[k] = e.count;
      quality[k] = e.quality;
      popcounts[k] = e.popcount;
      codes.set(e.code, k * W);
    }
  }
  offsets[n * 10] = used;
  return { from: task.from, to: task.to, words: words.slice(0, used), offsets, counts, quality, popcounts, codes };
}
