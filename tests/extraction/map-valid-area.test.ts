import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import type { GrayImage } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { erodeMask, mapValidArea } from '../../src/extraction/map-valid-area.js';
import { distanceToBackground } from '../../src/extraction/segment-foreground.js';
import type { ForegroundMask } from '../../src/extraction/types.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { insideValidArea, validateTemplate } from '../../src/templates/index.js';
import { describeWithData, readShared } from '../helpers/data.js';

/** The shipped extraction parameters with these changed. */
const withParams = (c: Record<string, number>): ExtractionParameters => ({ ...EXTRACTION_PARAMETERS, ...c }) as unknown as ExtractionParameters;

/** A mask of the given pixels (the other fields unread by mapValidArea). */
function maskOf(pixels: Uint8Array, residueArea?: Uint8Array): ForegroundMask {
  return { pixels, ...(residueArea ? { residueArea } : {}) } as unknown as ForegroundMask;
}

describe('mapValidArea', () => {
  it('marks a cell usable when at least half of its pixels are mask and not residue', () => {
    const w = 40, h = 30;
    const pixels = new Uint8Array(w * h);
    // mask: x < 22 (cells 0 and 1 full, cell 2 of columns 20–29 holds 2 of 10 columns), all rows
    for (let y = 0; y < h; y++) for (let x = 0; x < 22; x++) pixels[y * w + x] = 1;
    const a = mapValidArea(maskOf(pixels), w, h, 10);
    expect([a.columns, a.rows]).toEqual([4, 3]);
    for (let cy = 0; cy < 3; cy++) expect([0, 1, 2, 3].map((cx) => insideValidArea(a, cx * 10 + 5, cy * 10 + 5))).toEqual([true, true, false, false]);
    // residue over the top-left cell's left 6 columns: 40 of 100 pixels left, not usable
    const residue = new Uint8Array(w * h);
    for (let y = 0; y < 10; y++) for (let x = 0; x < 6; x++) residue[y * w + x] = 1;
    const b = mapValidArea(maskOf(pixels, residue), w, h, 10);
    expect(insideValidArea(b, 5, 5)).toBe(false);
    expect(insideValidArea(b, 5, 15)).toBe(true);
  });

  it('counts a partial cell at the image side by the pixels it has', () => {
    const w = 25, h = 10;
    const pixels = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 20; x < 23; x++) pixels[y * w + x] = 1; // 3 of the last cell's 5 columns
    const a = mapValidArea(maskOf(pixels), w, h, 10);
    expect(a.columns).toBe(3);
    expect(insideValidArea(a, 22, 5)).toBe(true);
    expect(insideValidArea(a, 12, 5)).toBe(false);
  });

  it('erodes the mask by the border distance (validAreaErosion): a pixel kept iff the minutia filter would keep a minutia there', () => {
    const w = 50, h = 40;
    const pixels = new Uint8Array(w * h);
    // a ragged blob: a disc, a notch of background and the image's left side
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - 18) ** 2 + (y - 20) ** 2 < 20 ** 2 && !(x > 24 && x < 27 && y > 10 && y < 22)) pixels[y * w + x] = 1;
    for (const d of [1, 3.5, 8]) {
      const e = erodeMask(pixels, w, h, d);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        const want = pixels[y * w + x] !== 0 && distanceToBackground(pixels, w, h, x, y, d) >= d ? 1 : 0;
        expect(e[y * w + x]).toBe(want);
      }
    }
  });

  it('with erosion a cell at the mask edge is no longer usable; cells deep inside stay', () => {
    const w = 40, h = 30;
    const pixels = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < 20; x++) pixels[y * w + x] = 1;
    const a = mapValidArea(maskOf(pixels), w, h, 10, 0);
    const b = mapValidArea(maskOf(pixels), w, h, 10, 8);
    expect(a).toEqual(mapValidArea(maskOf(pixels), w, h, 10));
    // cell 1 (x 10–19): its pixels at least 8 from the background at x 20 are x ≤ 12: 3 of 10 columns left
    expect(insideValidArea(a, 15, 15)).toBe(true);
    expect(insideValidArea(b, 15, 15)).toBe(false);
    // cell 0 (x 0–9): the image side takes x < 7, 3 columns left: not usable either
    expect(insideValidArea(b, 5, 15)).toBe(false);
    // every usable eroded cell was usable before
    for (let i = 0; i < b.bits.length; i++) expect(b.bits[i] & ~a.bits[i]).toBe(0);
    // a wide mask keeps its inner cells
    const full = new Uint8Array(w * h).fill(1);
    const c = mapValidArea(maskOf(full), w, h, 10, 8);
    expect(insideValidArea(c, 15, 15)).toBe(true);
    expect(insideValidArea(c, 25, 15)).toBe(true);
    expect(insideValidArea(c, 5, 15)).toBe(false);
  });

  it('an empty image holds no usable cell', () => {
    const a = mapValidArea(maskOf(new Uint8Array(100)), 10, 10, 4);
    expect(Array.from(a.bits).every((b) => b === 0)).toBe(true);
  });
});

describeWithData('extractTemplate with validAreaCell', () => {
  const fvc = (name: string): Promise<GrayImage> => decodeCapture(readShared('fvc2002', 'DB1_B', name));

  it('adds the valid area and leaves the minutiae as they were; off, no valid area', async () => {
    const image = await fvc('101_1.tif');
    const off = extractTemplate(image);
    expect(off.validArea).toBeUndefined();
    const on = extractTemplate(image, { parameters: withParams({ validAreaCell: 12 }) });
    expect(on.minutiae).toEqual(off.minutiae);
    expect(on.quality).toBe(off.quality);
    validateTemplate(on);
    const a = on.validArea!;
    expect(a.cell).toBe(12);
    // every minutia lies in usable print (the border distance keeps them inside the mask)
    const inside = on.minutiae.filter((m) => insideValidArea(a, m.x, m.y)).length;
    expect(inside).toBeGreaterThanOrEqual(0.95 * on.minutiae.length);
  });

  it('validAreaErosion only takes cells away and leaves the minutiae as they were', async () => {
    const image = await fvc('101_1.tif');
    const plain = extractTemplate(image, { parameters: withParams({ validAreaCell: 12 }) });
    const eroded = extractTemplate(image, { parameters: withParams({ validAreaCell: 12, validAreaErosion: 8 }) });
    expect(eroded.minutiae).toEqual(plain.minutiae);
    const a = plain.validArea!, b = eroded.validArea!;
    const count = (bits: Uint8Array): number => bits.reduce((s, x) => s + popcount(x), 0);
    for (let i = 0; i < a.bits.length; i++) expect(b.bits[i] & ~a.bits[i]).toBe(0);
    expect(count(b.bits)).toBeLessThan(count(a.bits));
    expect(count(b.bits)).toBeGreaterThan(0.6 * count(a.bits));
  });

  it('leaves a smudge out of the valid area (residue perturbation)', async () => {
    const image = await fvc('102_3.tif');
    const { image: smudged } = perturbImage(image, 'residue', 7);
    const withResidue = extractTemplate(smudged, { parameters: withParams({ validAreaCell: 12 }) }).validArea!;
    const maskOnly = extractTemplate(smudged, { parameters: withParams({ validAreaCell: 12, validAreaResidueMargin: 0 }) }).validArea!;
    const count = (bits: Uint8Array): number => bits.reduce((s, b) => s + popcount(b), 0);
    // the residue only takes cells away
    for (let i = 0; i < withResidue.bits.length; i++) expect(withResidue.bits[i] & ~maskOnly.bits[i]).toBe(0);
    expect(count(withResidue.bits)).toBeLessThan(count(maskOnly.bits));
  });
});

function popcount(b: number): number {
  let n = 0;
  for (; b; b &= b - 1) n++;
  return n;
}
