import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { TRANSACTION_PARAMETERS } from '../../src/config/parameters.js';
import { createGrayImage, originalImage, type GrayImage } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { flattenPlaten, platenResidueShare } from '../../src/quality/index.js';
import { localMaximum } from '../../src/quality/flatten-platen.js';
import { createRng } from '../../src/synthetic/index.js';
import { countRepeats } from '../../src/transactions/find-latent-repeats.js';
import { POSITIONS, personFinger } from '../helpers/persons.js';

const on = { ...TRANSACTION_PARAMETERS, latentFlattenRadius: 4 };

describe('the platen flattened by its capture (a latent print on the platen)', () => {
  it('takes the residue out of a capture: its minutiae no longer repeat, the fingers match their next impression again', async () => {
    // a synthetic person's ten fingers, each with the same latent print on the platen (its depth drawn per capture)
    const finger = (p: number, impression: number) => decodeCapture(personFinger('C', p, impression));
    const clean = await Promise.all(POSITIONS.map((p) => finger(p, 2)));
    const ghost = clean.map((image, i) => perturbImage(image, 'ghost', 40 + i).image);
    const flat = flattenPlaten(ghost, on);
    expect(flat).toHaveLength(10);
    flat.forEach((f, i) => {
      expect([f.width, f.height, f.ppi]).toEqual([ghost[i]!.width, ghost[i]!.height, ghost[i]!.ppi]);
      expect(originalImage(f)).toBe(originalImage(ghost[i]!));
    });
    const repeats = (images: GrayImage[]): number => {
      const t = images.map((im) => extractTemplate(im));
      return t.slice(1).reduce((s, cur, i) => s + countRepeats(t[i]!, cur), 0);
    };
    // measured: 37 repeated minutiae with the residue, 1 flattened
    expect(repeats(ghost)).toBeGreaterThan(20);
    expect(repeats(flat)).toBeLessThan(5);
    // each finger against its third impression (clean): measured mean 119 with the residue, 174 flattened, 189 clean
    const next = await Promise.all(POSITIONS.map(async (p) => prepareTemplate(extractTemplate(await finger(p, 3)))));
    const meanScore = (images: GrayImage[]): number => images.reduce((s, im, i) => s + compareTemplates(prepareTemplate(extractTemplate(im)), next[i]!), 0) / images.length;
    expect(meanScore(flat)).toBeGreaterThan(meanScore(ghost) + 30);
  }, 60_000);

  it('only lightens, and gives back as they are the images of another size, a capture of fewer than three, and everything while off', async () => {
    const images = await Promise.all([1, 2, 3, 4].map((p) => decodeCapture(personFinger('C', p, 2))));
    const other = createGrayImage(100, 120, new Uint8Array(100 * 120).fill(128));
    const flat = flattenPlaten([...images, other], on);
    expect(flat[4]).toBe(other);
    flat.slice(0, 4).forEach((f, i) => f.data.forEach((v, j) => expect(v).toBeGreaterThanOrEqual(images[i]!.data[j]!)));
    expect(flattenPlaten(images.slice(0, 2), on)).toEqual(images.slice(0, 2));
    const off = flattenPlaten(images, { ...on, latentFlattenRadius: 0 });
    off.forEach((f, i) => expect(f).toBe(images[i]));
  });

  it("with latentFlattenAgree 2, divides out a dip every image shares and leaves the lightest print's own ridges", () => {
    // left half: print A's own ridges (columns of 150 on 220) where the other prints are darker still (100);
    // right half: residue rows darkening every image alike (220 × 0.8)
    const w = 40, h = 40;
    const image = (own: boolean): GrayImage => {
      const data = new Uint8Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          data[y * w + x] = x < 20 ? (own ? (x % 6 < 2 ? 150 : 220) : 100) : y % 6 < 2 ? 176 : 220;
        }
      }
      return createGrayImage(w, h, data);
    };
    const capture = [image(true), image(false), image(false), image(false)];
    const at = (im: GrayImage, x: number, y: number): number => im.data[y * w + x]!;
    const one = flattenPlaten(capture, on);
    const two = flattenPlaten(capture, { ...on, latentFlattenAgree: 2 });
    for (const flat of [one, two]) {
      // the residue's rows lifted back to the platen's white in every image
      for (const f of flat) expect(at(f, 30, 12)).toBe(220);
    }
    // the envelope alone reads print A's ridges as residue and lightens the other prints under them
    expect(at(one[1]!, 6, 10)).toBeGreaterThan(140);
    // two envelopes must agree: the second lightest is flat there, so nothing is lightened
    for (let x = 2; x <= 12; x++) expect(at(two[1]!, x, 10)).toBe(100);
    for (let x = 2; x <= 12; x++) expect(at(two[0]!, x, 10)).toBe(at(capture[0]!, x, 10));
    // 0 asks every image read
    expect(flattenPlaten(capture, { ...on, latentFlattenAgree: 0 })).toEqual(flattenPlaten(capture, { ...on, latentFlattenAgree: 4 }));
  });

  it("reads the local maximum by running maxima exactly as the square's maximum, edges clamped", () => {
    const random = createRng(7);
    for (const [w, h, r] of [[37, 23, 4], [5, 9, 6], [16, 16, 1], [1, 12, 3], [40, 3, 0]] as const) {
      const v = new Float32Array(w * h).map(() => Math.round(255 * random.next()));
      const got = localMaximum(v, w, h, r);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let m = 0;
          for (let dy = -r; dy <= r; dy++) {
            for (let dx = -r; dx <= r; dx++) m = Math.max(m, v[Math.min(h - 1, Math.max(0, y + dy)) * w + Math.min(w - 1, Math.max(0, x + dx))]!);
          }
          expect(got[y * w + x]).toBe(m);
        }
      }
    }
  });

  it('finds a residue evident where every image dips alike in ridges, not where one print is the lightest', () => {
    // 64 × 64: ridges of period 8 px; residue: rows darkened by 30 % in every image; mosaic: one print's
    // ridges where the others are uniformly darker
    const w = 64, h = 64;
    const capture = (kind: 'residue' | 'mosaic' | 'plain'): GrayImage[] => Array.from({ length: 4 }, (_, j) => {
      const data = new Uint8Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const ridge = (y + x) % 8 < 3;
          data[y * w + x] = kind === 'residue' ? (ridge ? 150 : 215) : kind === 'mosaic' ? (j === 0 ? (ridge ? 150 : 215) : 120) : 215;
        }
      }
      return createGrayImage(w, h, data);
    });
    const shareOf = (kind: 'residue' | 'mosaic' | 'plain'): number => platenResidueShare(capture(kind), on);
    expect(shareOf('residue')).toBeGreaterThan(0.8);
    expect(shareOf('mosaic')).toBe(0);
    expect(shareOf('plain')).toBe(0);
    // an image of another size (another scanner) is not read; fewer than three of one size read nothing
    const odd = createGrayImage(32, 48, new Uint8Array(32 * 48).fill(215));
    expect(platenResidueShare([...capture('residue'), odd], on)).toBe(shareOf('residue'));
    expect(platenResidueShare([...capture('residue').slice(0, 2), odd], on)).toBe(0);
  });
});
