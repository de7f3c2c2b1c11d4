/**
 * A capture on a platen that keeps a latent print: once the desk's latent check finds the residue,
 * the capture's images are flattened (src/quality flattenPlaten) and its fingers extracted again;
 * a capture without residue is never touched (bench/RESULTS.md, issue 12, "latentflat").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { loadConfig } from '../../src/config/index.js';
import { TRANSACTION_PARAMETERS } from '../../src/config/parameters.js';
import type { GrayImage } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { flattenPlaten } from '../../src/quality/index.js';
import { buildRuntime } from '../../src/runtime.js';
import { decodeTemplate, encodeTemplate, type Minutia, type Template } from '../../src/templates/index.js';
import { prepareFingers, type DecodeImage, type FingerInput } from '../../src/transactions/index.js';
import { POSITIONS, personFinger } from '../helpers/persons.js';
import { DESK } from './fixture.js';

const template = (minutiae: Minutia[]): Template => ({ width: 300, height: 400, ppi: 500, quality: 80, minutiae });
function grid(n: number, dx = 0, dy = 0, turn = 0): Minutia[] {
  return Array.from({ length: n }, (_, i) => ({
    x: 30 + (i % 6) * 40 + dx, y: 30 + Math.floor(i / 6) * 45 + dy, angle: ((i * 0.7 + turn) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI), type: 'ending' as const, quality: 60,
  }));
}
const png = async (image: GrayImage): Promise<Uint8Array> =>
  new Uint8Array(await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).withMetadata({ density: 500 }).png().toBuffer());

describe('a flagged capture flattened and extracted again', () => {
  // ten images told apart by a grey level (pixel 0); a flattened image has pixel 1 set to 1
  const own = (p: number): Minutia[] => grid(25, (p * 7) % 19, (p * 11) % 23, p * 0.9);
  const extract = (image: GrayImage): Template => {
    const p = image.data[0]! / 10;
    const flattened = image.data[1] === 1;
    // finger 4 holds eight of finger 3's minutiae in place, unless the residue was divided out
    return template(p === 4 && !flattened ? [...own(4), ...own(3).slice(0, 8)] : own(p));
  };
  const decodeImage: DecodeImage = async (bytes, o) => decodeCapture(bytes, o.ppi ? { ppi: o.ppi } : {});
  const fingers = async (): Promise<FingerInput[]> => Promise.all(POSITIONS.map(async (p) => ({
    position: p, impression: 'rolled' as const, ppi: 500,
    image: new Uint8Array(await sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 10 * p, g: 10 * p, b: 10 * p } } }).png().toBuffer()),
  })));

  it('extracts the fingers from the flattened images, keeps the advice as captured, and leaves a capture without residue alone', async () => {
    const calls: number[] = [];
    const flattenPlaten = (images: readonly GrayImage[]): GrayImage[] => {
      calls.push(images.length);
      return images.map((im) => {
        const data = Uint8Array.from(im.data);
        data[1] = 1;
        return { ...im, data };
      });
    };
    const prepared = await prepareFingers(await fingers(), { decodeImage, extractTemplate: extract, minQuality: null, dropLatentRepeats: false, flattenPlaten });
    expect(calls).toEqual([10]);
    // the residue is what was captured: the desk still asks for a wiped platen
    expect(prepared.latent?.map((l) => l.position)).toEqual([4]);
    // but finger 4 is searched and kept as its flattened image reads
    expect(prepared.fingers.map((f) => f.template.minutiae.length)).toEqual(POSITIONS.map(() => 25));

    // no residue: not flattened
    const clean = (image: GrayImage): Template => template(own(image.data[0]! / 10));
    await prepareFingers(await fingers(), { decodeImage, extractTemplate: clean, minQuality: null, flattenPlaten });
    expect(calls).toEqual([10]);
  });

  it('with flattenEvery, flattens a capture without residue too and extracts its fingers again, with no advice', async () => {
    const calls: number[] = [];
    const flattenPlaten = (images: readonly GrayImage[]): GrayImage[] => {
      calls.push(images.length);
      return images.map((im) => ({ ...im, data: Uint8Array.from(im.data, (v, i) => (i === 1 ? 1 : v)) }));
    };
    // a flattened image reads with quality 81, one as captured with 80
    const clean = (image: GrayImage): Template => ({ ...template(own(image.data[0]! / 10)), quality: image.data[1] === 1 ? 81 : 80 });
    const prepared = await prepareFingers(await fingers(), { decodeImage, extractTemplate: clean, minQuality: null, flattenPlaten, flattenEvery: true });
    expect(calls).toEqual([10]);
    expect(prepared.latent).toBeUndefined();
    expect(prepared.fingers.map((f) => f.template.quality)).toEqual(POSITIONS.map(() => 81));
    await prepareFingers(await fingers(), { decodeImage, extractTemplate: clean, minQuality: null, flattenPlaten, flattenEvery: false });
    expect(calls).toEqual([10]);
  });
});

describe('the service flattens a capture with a latent print on the platen (runtime, extraction workers)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-flatten-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const roundTrip = (t: Template): Template => decodeTemplate(encodeTemplate(t));

  it('stores a flagged capture\'s fingers as their flattened images read, and a clean capture\'s as captured', async () => {
    expect(TRANSACTION_PARAMETERS.latentFlattenRadius).toBeGreaterThan(0);
    const runtime = await buildRuntime(loadConfig({ AFIS_DATA_DIR: dir }), { searchThreads: 1 });
    try {
      const capture = async (images: GrayImage[]) => {
        const fingers: FingerInput[] = await Promise.all(images.map(async (image, i) => ({ position: i + 1, impression: 'rolled' as const, image: await png(image) })));
        const accepted = await runtime.service.submitCapture({ category: 1, memberState: 'BE', age: 30, fingers }, DESK);
        await runtime.service.whenIdle();
        const stored = await runtime.store.subjects.getByReference(accepted.referenceNumber);
        return stored!.fingers.map((f) => decodeTemplate(f.template));
      };
      // a synthetic person's ten fingers with one latent print on the platen
      const clean = await Promise.all(POSITIONS.map((p) => decodeCapture(personFinger('D', p, 2))));
      const ghost = clean.map((image, i) => perturbImage(image, 'ghost', 60 + i).image);
      const stored = await capture(ghost);
      const flat = flattenPlaten(ghost, TRANSACTION_PARAMETERS).map((im) => roundTrip(extractTemplate(im)));
      const raw = ghost.map((im) => roundTrip(extractTemplate(im)));
      // each finger as its flattened image reads (the drops take nothing more from them here)
      expect(stored).toEqual(flat);
      expect(stored).not.toEqual(raw);
      // a clean capture (another person) is stored as captured
      const other = await Promise.all(POSITIONS.map((p) => decodeCapture(personFinger('A', p, 3))));
      expect(await capture(other)).toEqual(other.map((im) => roundTrip(extractTemplate(im))));
    } finally {
      await runtime.close();
    }
  }, 120_000);
});
