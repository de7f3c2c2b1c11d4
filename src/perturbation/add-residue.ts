import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';
import { mapPixels } from './warp-image.js';

/**
 * Residue on the sensor: a few dark, flat, nearly saturated smudges (soft-edged ellipses with a
 * little grain) anywhere on the image, over print or background. What they cover is lost.
 */
export function addResidue(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width, height } = image;
  const [nMin, nMax] = p.residueBlobs;
  const [rMin, rMax] = p.residueRadius;
  const count = nMin + rng.int(nMax - nMin + 1);
  const blobs = Array.from({ length: count }, () => ({
    x: rng.next() * width, y: rng.next() * height,
    a: rMin + rng.next() * (rMax - rMin), b: rMin + rng.next() * (rMax - rMin), phi: rng.next() * Math.PI,
  }));
  // weight 0–1 of the smudge at a point (1 inside, soft over the outer fifth)
  const weightAt = (x: number, y: number): number => {
    let w = 0;
    for (const s of blobs) {
      const dx = x - s.x, dy = y - s.y;
      const c = Math.cos(s.phi), n = Math.sin(s.phi);
      const u = (dx * c + dy * n) / s.a, v = (-dx * n + dy * c) / s.b;
      const d = Math.sqrt(u * u + v * v);
      if (d < 1) w = Math.max(w, d < 0.8 ? 1 : (1 - d) / 0.2);
    }
    return w;
  };
  const out = mapPixels(image, (v, x, y) => {
    const w = weightAt(x, y);
    if (w === 0) return v;
    const grain = ((x * 7 + y * 13) % 5) - 2;
    return v + w * (p.residueGrey + grain - v);
  });
  return { image: out, mapPoint: (x, y) => (weightAt(x, y) > 0 ? null : [x, y]), unmapPoint: identityMap };
}
