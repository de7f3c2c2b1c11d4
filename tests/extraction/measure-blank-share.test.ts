import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { createGrayImage, type GrayImage } from '../../src/core/index.js';
import { prepareAnalysis } from '../../src/extraction/index.js';
import { measureBlankShare } from '../../src/extraction/measure-blank-share.js';
import { sinusoidImage } from './synthetic.js';

const P = EXTRACTION_PARAMETERS;

/** The image with white discs (grey 218, the sinusoid's valley crest) at the given centres and radius. */
function withDiscs(image: GrayImage, centres: readonly (readonly [number, number])[], radius: number): GrayImage {
  const data = Uint8Array.from(image.data);
  for (const [cx, cy] of centres) {
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) if (Math.hypot(x - cx, y - cy) <= radius) data[y * image.width + x] = 218;
    }
  }
  return createGrayImage(image.width, image.height, data);
}

const share = (image: GrayImage, radius: number = P.ridgeNetBlankRadius, level: number = P.ridgeNetBlankLevel): number => {
  const a = prepareAnalysis(image, P);
  return measureBlankShare(a.normalized, a.mask, radius, level);
};

describe('measureBlankShare', () => {
  const ridges = sinusoidImage(200, 200, 9, 0.4);

  it('reads clean parallel ridges as unblotched: a valley crest is narrower than the square', () => {
    expect(share(ridges)).toBe(0);
  });

  it('reads pore-sized white dots on the ridges as unblotched, and dry blotches wider than a valley as blotched', () => {
    // pores: radius 1.5 dots spread over the print
    const pores: [number, number][] = [];
    for (let y = 60; y <= 140; y += 10) for (let x = 60; x <= 140; x += 11) pores.push([x, y]);
    expect(share(withDiscs(ridges, pores, 1.5))).toBe(0);
    // blotches: three discs of radius 7 inside the print (a whole flat block would be background)
    const blotched = share(withDiscs(ridges, [[80, 90], [120, 110], [100, 140]], 7));
    expect(blotched).toBeGreaterThan(0.005);
    expect(blotched).toBeLessThan(0.2);
  });

  it('leaves the print rim out, and grows with the bright level lowered and the square narrowed', () => {
    // a blotch on the image side is not counted: its blocks are not interior
    expect(share(withDiscs(ridges, [[4, 100]], 10))).toBe(0);
    const blotch = withDiscs(ridges, [[100, 100]], 7);
    expect(share(blotch, 2)).toBeGreaterThanOrEqual(share(blotch, 4));
    expect(share(blotch, 4, 0)).toBeGreaterThanOrEqual(share(blotch, 4, 0.5));
  });
});
