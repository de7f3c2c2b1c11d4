import { type GrayImage, createGrayImage } from '../core/index.js';
import { SYNTHETIC_IMPRESSION_PARAMETERS, type SyntheticImpressionParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';
import type { MasterPrint } from './image-types.js';
import { renderContact, type TruthMinutia } from './render-impression.js';
import { applySensorModel } from './apply-sensor-model.js';

/** ANSI/NIST slap positions: 13 right four fingers, 14 left four fingers, 15 both thumbs. */
export type SlapPosition = 13 | 14 | 15;
export const SLAP_POSITIONS: readonly SlapPosition[] = [13, 14, 15];

/** Size of a slap image, pixels at 500 ppi (3.2 × 3.0 in, the ten-print card's slap box). */
export const SLAP_SIZE: readonly [number, number] = [1600, 1500];

/** Where each finger of a slap lies: positions left to right as the image shows them, centres, tilts. */
const LAYOUT: Readonly<Record<SlapPosition, ReadonlyArray<readonly [number, number, number, number]>>> = {
  // [position, centre x, centre y, tilt in degrees counter-clockwise]: the middle finger reaches highest, the little finger lowest
  13: [[2, 270, 620, 9], [3, 640, 500, 3], [4, 990, 580, -4], [5, 1320, 780, -11]],
  14: [[10, 280, 780, 11], [9, 610, 580, 4], [8, 960, 500, -3], [7, 1330, 620, -9]],
  15: [[6, 480, 760, -8], [1, 1120, 760, 8]],
};

/** One finger in a slap: its box (x0, y0, x1, y1 inclusive, image pixels) and its truth. */
export interface SlapFinger {
  readonly position: number;
  readonly patternClass: string;
  readonly box: readonly [number, number, number, number];
  readonly minutiae: readonly TruthMinutia[];
  readonly cores: ReadonlyArray<readonly [number, number]>;
  readonly deltas: ReadonlyArray<readonly [number, number]>;
}

export interface SyntheticSlap {
  readonly position: SlapPosition;
  readonly image: GrayImage;
  readonly fingers: readonly SlapFinger[];
}

/**
 * Composes a slap (simultaneous plain impressions) from the masters of the fingers it holds:
 * each finger is pressed as a plain impression (its own contact, distortion and skin condition)
 * with the hand's tilt, placed in the finger's slot, and the whole platen goes through one
 * optical sensor model. Each finger's box is the bounding box of its visible contact; its truth
 * minutiae are those of its plain impression, moved into the slap. `masters` is indexed by
 * position (1–10). Pure given the rng state; ≈ 4 plain impressions plus a 1600 × 1500 sensor pass.
 */
export function composeSlap(
  masters: ReadonlyMap<number, MasterPrint>, position: SlapPosition, rng: Rng, params: SyntheticImpressionParameters = SYNTHETIC_IMPRESSION_PARAMETERS,
): SyntheticSlap {
  const [W, H] = SLAP_SIZE;
  const ink = new Float32Array(W * H);
  const owner = new Int8Array(W * H).fill(-1);
  const hand = 0.1 * rng.normal();
  const fingers: SlapFinger[] = [];
  const placed: Array<{ ox: number; oy: number; minutiae: readonly TruthMinutia[]; cores: ReadonlyArray<readonly [number, number]>; deltas: ReadonlyArray<readonly [number, number]> }> = [];
  const layout = LAYOUT[position];
  for (const [k, [fp, sx, sy, tilt]] of layout.entries()) {
    const master = masters.get(fp);
    if (!master) throw new RangeError(`slap ${position} needs the master of finger ${fp}`);
    const c = renderContact(master, 'optical', rng, { kind: 'plain', canvas: [440, 560], partial: false, contact: params.slapContact as readonly [number, number], extraRotation: (tilt * Math.PI) / 180 + hand }, params);
    const ox = Math.round(sx + 12 * rng.normal() - c.width / 2);
    const oy = Math.round(sy + 12 * rng.normal() - c.height / 2);
    let x0 = W, y0 = H, x1 = -1, y1 = -1;
    for (let y = 0; y < c.height; y++) {
      const Y = y + oy;
      if (Y < 0 || Y >= H) continue;
      for (let x = 0; x < c.width; x++) {
        const X = x + ox;
        if (X < 0 || X >= W || !c.mask[y * c.width + x]) continue;
        const i = Y * W + X;
        // where two fingers touch, the later one is on top
        ink[i] = c.ink[y * c.width + x]!;
        owner[i] = k;
        if (X < x0) x0 = X;
        if (X > x1) x1 = X;
        if (Y < y0) y0 = Y;
        if (Y > y1) y1 = Y;
      }
    }
    placed.push({ ox, oy, minutiae: c.minutiae, cores: c.cores, deltas: c.deltas });
    fingers.push({ position: fp, patternClass: master.pattern.patternClass, box: [x0, y0, x1, y1], minutiae: [], cores: [], deltas: [] });
  }
  // truth in slap coordinates, without what a neighbour covers
  const shift = (k: number, pts: ReadonlyArray<readonly [number, number]>, ox: number, oy: number): Array<readonly [number, number]> =>
    pts.map(([x, y]) => [x + ox, y + oy] as const).filter(([x, y]) => x >= 0 && y >= 0 && x < W && y < H && owner[Math.round(y) * W + Math.round(x)] === k);
  const out = fingers.map((f, k) => {
    const { ox, oy, minutiae, cores, deltas } = placed[k]!;
    const moved = minutiae.map((m) => ({ ...m, x: Math.round((m.x + ox) * 10) / 10, y: Math.round((m.y + oy) * 10) / 10 }))
      .filter((m) => m.x >= 0 && m.y >= 0 && m.x < W && m.y < H && owner[Math.round(m.y) * W + Math.round(m.x)] === k);
    return { ...f, minutiae: moved, cores: shift(k, cores, ox, oy), deltas: shift(k, deltas, ox, oy) };
  });
  const contact = new Uint8Array(W * H);
  for (let i = 0; i < contact.length; i++) contact[i] = owner[i]! >= 0 ? 1 : 0;
  const sensor = applySensorModel(ink, W, H, 'rolled', 0.9, rng, params, contact); // a live-scan platen without a frame
  return { position, image: createGrayImage(W, H, sensor.data), fingers: out };
}
