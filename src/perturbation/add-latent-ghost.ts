import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import { createRng, generateMasterPrint, type MasterPrint, type Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';
import { mapPixels } from './warp-image.js';

/** The previous finger's master prints, by seed (each ≈ 0.2 s to grow, then reused). */
const ghosts = new Map<number, MasterPrint>();

function ghostOf(seed: number): MasterPrint {
  let g = ghosts.get(seed);
  if (!g) {
    // a right index finger (position 2) of the seed's own stream
    g = generateMasterPrint(createRng(seed), 2);
    ghosts.set(seed, g);
  }
  return g;
}

/**
 * A latent print left on the platen (not in the suite; issue 12, ghost): the previous person's
 * finger, its ridges a faint darkening of the capture. The ghost is the same in every capture
 * (one finger, `ghostSeed`, grown by the synthetic generator so no real person's print is used),
 * at the same place relative to the image (its centre `ghostOffset` of the image's width and
 * height from the image's centre), as residue stays on a desk scanner between applicants; only
 * its depth varies, drawn in `ghostDepth` grey levels per capture. Where the platen is light (the
 * valleys and the surround) the residue shows at full depth, where the finger's ridges are dark
 * it barely adds: the darkening is scaled by the pixel's lightness. Ridges keep their place, so
 * every point stays where it was. Pure given the rng state; O(W·H) once the ghost is grown.
 */
export function addLatentGhost(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const g = ghostOf(p.ghostSeed);
  const [d0, d1] = p.ghostDepth as readonly [number, number];
  const depth = d0 + rng.next() * (d1 - d0);
  const [ox, oy] = p.ghostOffset as readonly [number, number];
  const { width: w, height: h } = image;
  // the ghost's finger centre on the image
  const cx = w / 2 + ox * w - g.pattern.centerX, cy = h / 2 + oy * h - g.pattern.centerY;
  const out = mapPixels(image, (v, x, y) => {
    const gx = Math.round(x - cx), gy = Math.round(y - cy);
    if (gx < 0 || gy < 0 || gx >= g.width || gy >= g.height) return v;
    const i = gy * g.width + gx;
    if (!g.mask[i]) return v;
    const ridge = Math.max(0, g.ridges[i]!);
    return v - depth * ridge * (v / 255);
  });
  return { image: out, mapPoint: identityMap, unmapPoint: identityMap };
}
