import type { GrayImage } from '../core/index.js';
import type { ExtractionParameters } from '../config/parameters.js';
import { nearForeground } from './enhance-ridges.js';

/**
 * Blank spots of a dry print: white blotches inside the print where the skin did not touch the
 * sensor, so the ridges through them are missing rather than light. A pixel of the print is
 * bright when its grey reaches the print's bright level (the `enhancementBlankSpotQuantile`
 * quantile of the grey over the foreground); a blank spot is the morphological opening of the
 * bright set by a square of side 2·`enhancementBlankSpotRadius`+1: a valley's bright crest is
 * narrower than the square, a blotch is wider. Spots that reach the background are the print's
 * rim, not blotches, and are left out. The enhancement treats these pixels as missing
 * data (normalised convolution, Knutsson & Westin 1993) instead of as white valley.
 *
 * Returns 1 per blank pixel, 0 elsewhere, or null when the option is off
 * (`enhancementBlankSpotRadius` 0) or the print has no blank spot. Pure; cost a few box passes.
 */
export function findBlankSpots(image: GrayImage, foreground: Uint8Array, params: ExtractionParameters): Uint8Array | null {
  const r = params.enhancementBlankSpotRadius;
  if (!(r > 0)) return null;
  const { width, height, data } = image;
  const n = width * height;
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!foreground[i]) continue;
    histogram[data[i]]++;
    count++;
  }
  if (count === 0) return null;
  const rank = params.enhancementBlankSpotQuantile * count;
  let level = 255;
  for (let g = 0, seen = 0; g < 256; g++) {
    seen += histogram[g];
    if (seen >= rank) {
      level = g;
      break;
    }
  }
  // a saturated print (level 255) has no grey above its valleys to tell a blotch by
  if (level >= 255) return null;
  // erosion of the bright set = complement of the dilated dark set; outside the print is dark
  const dark = new Uint8Array(n);
  for (let i = 0; i < n; i++) dark[i] = foreground[i] && data[i] > level ? 0 : 1;
  const nearDark = nearForeground(dark, width, height, r);
  const core = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (!nearDark[i]) {
      core[i] = 1;
      any = true;
    }
  }
  if (!any) return null;
  const spots = nearForeground(core, width, height, r);
  for (let i = 0; i < n; i++) spots[i] = spots[i] && foreground[i] ? 1 : 0;
  return dropOpenSpots(spots, foreground, width, height) ? spots : null;
}

/**
 * Clears every spot (4-connected) that touches the background or the image side: bright grey
 * reaching out of the print is the background the mask took in at its rim, not a blotch within
 * the print. Returns whether a spot is left.
 */
function dropOpenSpots(spots: Uint8Array, foreground: Uint8Array, width: number, height: number): boolean {
  const seen = new Uint8Array(spots.length);
  const stack: number[] = [];
  const members: number[] = [];
  let left = false;
  for (let start = 0; start < spots.length; start++) {
    if (!spots[start] || seen[start]) continue;
    seen[start] = 1;
    stack.push(start);
    members.length = 0;
    let open = false;
    while (stack.length) {
      const i = stack.pop()!;
      members.push(i);
      const x = i % width;
      const y = (i / width) | 0;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) {
        open = true;
        continue;
      }
      for (const j of [i - 1, i + 1, i - width, i + width]) {
        if (!foreground[j]) open = true;
        else if (spots[j] && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    if (open) for (const i of members) spots[i] = 0;
    else left = true;
  }
  return left;
}
