import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../src/core/index.js';
import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import { computeBlockGradients } from '../../src/extraction/index.js';
import { prepareAnalysis, prepareFields } from '../../src/extraction/analyze-fingerprint.js';
import { findFrameLines, reachLines } from '../../src/extraction/find-frame-lines.js';
import { blockGridOf } from '../../src/extraction/types.js';

/** The shipped parameters with some values changed (the frozen table types each value as a literal). */
const withParams = (changes: Partial<Record<keyof typeof P, number>>): typeof P => ({ ...P, ...changes }) as unknown as typeof P;

const W = 300;
const H = 340;

/** Noise of a sensor, ±amplitude/2, seeded. */
function noiseSource(seed: number): (amplitude: number) => number {
  let s = seed;
  return (amplitude) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return ((s >>> 8) / 0xffffff - 0.5) * amplitude;
  };
}

/** Ridges of period 9 curving around (150, 60) over the whole image, with sensor noise. */
function print(seed = 3): Float32Array {
  const noise = noiseSource(seed);
  const grey = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) grey[y * W + x] = 140 + 70 * Math.cos((2 * Math.PI * Math.hypot(x - 150, y - 60)) / 9) + noise(10);
  }
  return grey;
}

/**
 * The print seen through a slanted trapezoid frame: a `bar`-pixel line of grey `lineGrey`, and
 * outside it a surround of grey `outsideGrey` with noise of `outsideNoise` (a real sensor's
 * surround is not perfectly flat). Returns the image and the frame's inner edge at row y.
 */
function framed(lineGrey: number, outsideGrey: number, outsideNoise: number): { grey: Float32Array; inner: (y: number) => [number, number] } {
  const grey = print();
  const noise = noiseSource(11);
  const inner = (y: number): [number, number] => {
    const inset = 16 + (20 * y) / H;
    return [inset + 5, W - 1 - inset - 5];
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [l, r] = inner(y);
      const d = Math.min(x - l, r - x, y - 18, H - 19 - y);
      if (d < -5) grey[y * W + x] = outsideGrey + noise(outsideNoise);
      else if (d < 0) grey[y * W + x] = lineGrey;
    }
  }
  return { grey, inner };
}

function lines(grey: Float32Array) {
  return findFrameLines(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), P.segmentationLineMinLength, P.segmentationLineMargin, P.segmentationLineVoteWindow);
}

/**
 * Mask pixels on a frame's side lines and the 2 px beyond them towards the print (the
 * accumulator's distance bin), over the rows clear of the corners.
 */
function maskOnLine(image: GrayImage, inner: (y: number) => [number, number], params: typeof P): number {
  const { mask } = prepareAnalysis(image, params);
  let n = 0;
  for (let y = 60; y < H - 60; y++) {
    const [l, r] = inner(y);
    for (let x = Math.floor(l) - 5; x < l - 2; x++) n += mask.pixels[y * W + x];
    for (let x = Math.ceil(r) + 3; x < r + 5; x++) n += mask.pixels[y * W + x];
  }
  return n;
}

describe('sensor frame lines', () => {
  it('finds the four sides of a dark frame, the quiet side outwards', () => {
    const { grey } = framed(40, 115, 0);
    const found = lines(grey);
    // each side: one of its edges at least; the normal points away from the print's centre
    for (const [nx, ny] of [[-1, 0], [1, 0], [0, -1], [0, 1]]) {
      expect(found.some((l) => l.nx * nx + l.ny * ny > 0.98)).toBe(true);
    }
    for (const l of found) expect(l.nx * 150 + l.ny * 170 - l.rho).toBeLessThan(-100);
  });

  it('finds a bright frame with a noisy surround as well', () => {
    const found = lines(framed(230, 60, 3).grey);
    expect(found.length).toBeGreaterThanOrEqual(4);
  });

  it('finds no line in a print without a frame, nor along a straight print flank on a flat platen', () => {
    expect(lines(print())).toHaveLength(0);
    // the print's ridges run nearly straight along its left flank (x ≈ 60, bowing by 6 px over
    // the image's height), flat platen beyond; the outermost ridge is broken every 30 rows, as a
    // real one is by pores and gaps
    const grey = new Float32Array(W * H);
    const noise = noiseSource(5);
    for (let y = 0; y < H; y++) {
      const bow = 6 * ((y - H / 2) / (H / 2)) ** 2;
      const flank = 60 + bow + (y % 30 < 8 ? 9 : 0);
      for (let x = 0; x < W; x++) grey[y * W + x] = x < flank ? 250 : 140 + 70 * Math.cos((2 * Math.PI * (x - 60 - bow)) / 9) + noise(10);
    }
    expect(lines(grey)).toHaveLength(0);
  });

  it('with segmentationLineVoteWindow, finds slanted sides whose votes drift across distance bins, and still no line without a frame', () => {
    // a dark frame whose sides slant by 26 px over the image's height (4.4°, between two of the
    // accumulator's 2° angle bins), on a noisy sensor (noise of ±15 grey levels everywhere)
    const slanted = (seed: number): Float32Array => {
      const noise = noiseSource(seed);
      const grey = new Float32Array(W * H);
      for (let y = 0; y < H; y++) {
        const inset = 16 + (26 * y) / H;
        for (let x = 0; x < W; x++) {
          const d = Math.min(x - inset - 5, W - 1 - inset - 5 - x, y - 18, H - 19 - y);
          const v = d < -5 ? 115 : d < 0 ? 40 : 140 + 70 * Math.cos((2 * Math.PI * Math.hypot(x - 150, y - 60)) / 9);
          grey[y * W + x] = v + noise(30);
        }
      }
      return grey;
    };
    const sidesFound = (window: number): number => {
      let n = 0;
      for (let seed = 1; seed <= 5; seed++) {
        const grey = slanted(seed);
        const found = findFrameLines(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), P.segmentationLineMinLength, P.segmentationLineMargin, window);
        n += Number(found.some((l) => l.nx < -0.9)) + Number(found.some((l) => l.nx > 0.9));
      }
      return n;
    };
    // one bin's votes miss some of the ten sides; summed over its neighbours, none
    expect(sidesFound(0)).toBeLessThan(8);
    expect(sidesFound(1)).toBe(10);
    // the summed peak asks for more votes, so a print without a frame still has no line
    const plain = print();
    expect(findFrameLines(plain, W, H, computeBlockGradients(plain, W, H, blockGridOf(W, H, P.blockSize)), P.segmentationLineMinLength, P.segmentationLineMargin, 1)).toHaveLength(0);
  });

  it('keeps the frame out of the mask, so the ridges it cuts give no minutiae', () => {
    const { grey, inner } = framed(40, 115, 0);
    const image = { width: W, height: H, ppi: 500, data: Uint8Array.from(grey, (v) => Math.max(0, Math.min(255, Math.round(v)))) };
    expect(maskOnLine(image, inner, withParams({ segmentationLineMinLength: 0 }))).toBeGreaterThan(500);
    expect(maskOnLine(image, inner, P)).toBe(0);
  });

  it('carries the mask out to a frame line with segmentationLineReach, and changes nothing without a frame', () => {
    const { grey, inner } = framed(40, 115, 0);
    const toImage = (g: Float32Array) => ({ width: W, height: H, ppi: 500, data: Uint8Array.from(g, (v) => Math.max(0, Math.min(255, Math.round(v)))) });
    const image = toImage(grey);
    // share of the pixels 0–8 px inside the line's inner edge (rows clear of the corners) in the mask
    const nearShare = (params: typeof P): number => {
      const { mask } = prepareAnalysis(image, params);
      let n = 0, all = 0;
      for (let y = 60; y < H - 60; y++) {
        const [l, r] = inner(y);
        for (let x = Math.ceil(l) + 1; x <= l + 8; x++, all++) n += mask.pixels[y * W + x];
        for (let x = Math.floor(r) - 1; x >= r - 8; x--, all++) n += mask.pixels[y * W + x];
      }
      return n / all;
    };
    // here the faint-print growth takes the blocks beside the line back in (their ridges are as
    // strong as the print's); without it the mask ends short of the line, as on real prints
    const noGrowth = { segmentationFaintGrowRidgeShare: 0 };
    const off = nearShare(withParams({ ...noGrowth, segmentationLineReach: 0 })), on = nearShare(withParams({ ...noGrowth, segmentationLineReach: 16 }));
    expect(off).toBeLessThan(0.7);
    expect(on).toBeGreaterThan(0.95);
    expect(maskOnLine(image, inner, withParams({ segmentationLineReach: 16 }))).toBe(0);
    // no frame, no line: the same mask bit for bit
    const plain = toImage(print());
    expect(Buffer.from(prepareAnalysis(plain, withParams({ segmentationLineReach: 16 })).mask.pixels).equals(Buffer.from(prepareAnalysis(plain, withParams({ segmentationLineReach: 0 })).mask.pixels))).toBe(true);
  });

  it('with segmentationLineCutInScale, keeps a faint part that a frame over bare platen would push below the contrast scale; nothing changes without a frame', () => {
    // a print (an ellipse on bare white platen) strong above row 100 and faint below, with and
    // without a frame whose cut covers mostly platen; the faint-print growth off, so the
    // contrast threshold alone decides
    const image = (frame: boolean): GrayImage => {
      const noise = noiseSource(3);
      const data = new Uint8Array(W * H);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const inPrint = ((x - 150) / 105) ** 2 + ((y - 170) / 150) ** 2 < 1;
          const amp = !inPrint ? 0 : y < 100 ? 40 : 12;
          let v = 200 - amp + amp * Math.cos((2 * Math.PI * Math.hypot(x - 150, y - 60)) / 9) + noise(4);
          if (frame) {
            const inset = 30 + (30 * y) / H;
            const d = Math.min(x - inset - 5, W - 1 - inset - 5 - x, y - 24, H - 25 - y);
            if (d < -5) v = 115;
            else if (d < 0) v = 40;
          }
          data[y * W + x] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
      return { width: W, height: H, ppi: 500, data };
    };
    // share of the faint part's centre (rows 200–299, columns 100–199) in the mask; the frame
    // found on three of its sides as one distance bin's votes find it (segmentationLineVoteWindow
    // 0): read over neighbouring bins the left side is found too, and the faint part is kept
    // either way (0.99 and 1.00 of it)
    const faintShare = (img: GrayImage, on: number): number => {
      const { mask } = prepareAnalysis(img, withParams({ segmentationFaintGrowRidgeShare: 0, segmentationLineVoteWindow: 0, segmentationLineCutInScale: on }));
      let n = 0;
      for (let y = 200; y < 300; y++) for (let x = 100; x < 200; x++) n += mask.pixels[y * W + x];
      return n / 10000;
    };
    const framedImage = image(true), plain = image(false);
    // unframed, the platen keeps the scale down and the faint part is print
    expect(faintShare(plain, 0)).toBe(1);
    // framed, the platen's blocks leave the percentile, the scale rises and the faint part is lost …
    expect(faintShare(framedImage, 0)).toBe(0);
    // … unless the cut's blocks count as blocks without contrast
    expect(faintShare(framedImage, 1)).toBeGreaterThan(0.95);
    // no frame: the same mask bit for bit
    const mask = (on: number) => Buffer.from(prepareAnalysis(plain, withParams({ segmentationLineCutInScale: on })).mask.pixels);
    expect(mask(1).equals(mask(0))).toBe(true);
  });

  it('with segmentationLineFillMargin, paints over the dark pixels a slanted line leaves on the print side; nothing changes without a frame', () => {
    const { grey, inner } = framed(40, 115, 0);
    const toImage = (g: Float32Array): GrayImage => ({ width: W, height: H, ppi: 500, data: Uint8Array.from(g, (v) => Math.max(0, Math.min(255, Math.round(v)))) });
    // pixels of the bar's grey left in the painted image 0–3 px inside the slanted sides' inner edge (rows clear of the corners)
    const left = (fill: number): number => {
      const painted = prepareFields(toImage(grey), withParams({ segmentationLineFillMargin: fill })).grey;
      let n = 0;
      for (let y = 60; y < H - 60; y++) {
        const [l, r] = inner(y);
        for (let x = Math.ceil(l) - 1; x <= l + 3; x++) if (painted[y * W + x]! < 45) n++;
        for (let x = Math.floor(r) + 1; x >= r - 3; x--) if (painted[y * W + x]! < 45) n++;
      }
      return n;
    };
    expect(left(0)).toBeGreaterThan(20);
    expect(left(2)).toBe(0);
    const plain = toImage(print());
    const mask = (fill: number) => Buffer.from(prepareAnalysis(plain, withParams({ segmentationLineFillMargin: fill })).mask.pixels);
    expect(mask(2).equals(mask(0))).toBe(true);
  });

  it('reachLines sets the band inside a line from the mask just beyond the reach, along the line\'s extent only', () => {
    const w = 40, h = 40;
    const pixels = new Uint8Array(w * h);
    // print from x = 20 on (12 px inside the line x = 8), except rows 30–39, where it starts at x = 30
    for (let y = 0; y < h; y++) for (let x = y < 30 ? 20 : 30; x < w; x++) pixels[y * w + x] = 1;
    // the line x = 8, quiet side to the left: n = (−1, 0), rho = −8; t = d·p = −y, extent rows 5–34
    reachLines(pixels, w, h, [{ nx: -1, ny: 0, rho: -8, t0: -34, t1: -5 }], 16);
    const row = (y: number) => Array.from(pixels.subarray(y * w, y * w + 31)).join('');
    // rows 5–29: x 9–19 join the print (the pixel 17 px in, x = 25, is print); the line itself does not
    expect(row(10)).toBe('0'.repeat(9) + '1'.repeat(22));
    expect(row(29)).toBe('0'.repeat(9) + '1'.repeat(22));
    // beyond the extent: unchanged
    expect(row(2)).toBe('0'.repeat(20) + '1'.repeat(11));
    // rows where the pixel 17 px in is background: unchanged
    expect(row(32)).toBe('0'.repeat(30) + '1');
  });
});
