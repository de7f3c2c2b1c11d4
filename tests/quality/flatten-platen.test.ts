import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { TRANSACTION_PARAMETERS } from '../../src/config/parameters.js';
import { createGrayImage, originalImage, type GrayImage } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { flattenPlaten } from '../../src/quality/index.js';
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
});
