/**
 * The desk's advice to wipe the platen when a residue shows under every image of a capture (src/quality
 * platenResidueShare, TRANSACTION_PARAMETERS latentResidueAdviseShare), though no finger need repeat
 * the one before it (bench/RESULTS.md, issue 12, "latentwipe"). Advice only: the templates stay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { loadConfig } from '../../src/config/index.js';
import { TRANSACTION_PARAMETERS } from '../../src/config/parameters.js';
import { DomainError, type GrayImage } from '../../src/core/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { platenResidueShare } from '../../src/quality/index.js';
import { buildRuntime } from '../../src/runtime.js';
import type { Minutia, Template } from '../../src/templates/index.js';
import { prepareFingers, type DecodeImage, type FingerInput } from '../../src/transactions/index.js';
import { POSITIONS, personFinger } from '../helpers/persons.js';
import { DESK, POLICE, buildService, tenPrint } from './fixture.js';
import { MemorySubjectStore, memoryTransactionStores } from './memory-stores.js';

const template = (minutiae: Minutia[]): Template => ({ width: 300, height: 400, ppi: 500, quality: 80, minutiae });
// each finger its own minutiae, none in place on another's: the latent check finds nothing
const own = (p: number): Minutia[] => Array.from({ length: 25 }, (_, i) => ({
  x: 30 + (i % 6) * 40 + (p * 7) % 19, y: 30 + Math.floor(i / 6) * 45 + (p * 11) % 23, angle: (i * 0.7 + p * 0.9) % (2 * Math.PI), type: 'ending' as const, quality: 60,
}));
const decodeImage: DecodeImage = async (bytes, o) => decodeCapture(bytes, o.ppi ? { ppi: o.ppi } : {});
// ten images told apart by their grey level (10 × position); a plain thumb (11) beside them
const extract = (image: GrayImage): Template => template(own(Math.round(image.data[0]! / 10)));
const fingers = async (): Promise<FingerInput[]> => Promise.all([...POSITIONS, 11].map(async (p) => ({
  position: p, ...(p <= 10 ? { impression: 'rolled' as const } : {}), ppi: 500,
  image: new Uint8Array(await sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 10 * p, g: 10 * p, b: 10 * p } } }).png().toBuffer()),
})));

describe('the platen advised for a wipe when a residue shows under every image', () => {
  it('reads the ten search images once and reports the share at or above the advice\'s, rounded', async () => {
    const read: number[][] = [];
    const reader = (share: number) => (images: readonly GrayImage[]): number => {
      read.push(images.map((im) => im.data[0]! / 10));
      return share;
    };
    const found = await prepareFingers(await fingers(), { decodeImage, extractTemplate: extract, minQuality: null, readPlatenResidue: reader(0.3412), residueAdviseShare: 0.18 });
    // the search fingers only, in position order (not the plain thumb)
    expect(read).toEqual([POSITIONS]);
    expect(found.platen).toEqual({ share: 0.34 });
    expect(found.latent).toBeUndefined();
    // the templates are the ones extracted, untouched
    expect(found.fingers.map((f) => f.template.minutiae)).toEqual(POSITIONS.map(own));

    expect((await prepareFingers(await fingers(), { decodeImage, extractTemplate: extract, minQuality: null, readPlatenResidue: reader(0.1), residueAdviseShare: 0.18 })).platen).toBeUndefined();
    // 0: not read at all
    await prepareFingers(await fingers(), { decodeImage, extractTemplate: extract, minQuality: null, readPlatenResidue: reader(0.9), residueAdviseShare: 0 });
    expect(read).toHaveLength(2);
  });

  it('puts the wipe in a refusal\'s advice too, first', async () => {
    const refused = await prepareFingers(await fingers(), {
      decodeImage, extractTemplate: extract, minQuality: 40, assessQuality: (image) => (image.data[0] === 30 ? 10 : 80),
      readPlatenResidue: () => 0.25, residueAdviseShare: 0.18,
    }).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('AFIS_QUALITY_INSUFFICIENT');
    const advice = (refused as DomainError).details?.advice as { target: string; position: number; reasons: string[] }[];
    expect(advice.map((a) => [a.target, a.position, a.reasons])).toEqual([['platen', 0, ['latent-residue']], ['finger', 3, ['quality-below-minimum']]]);
  });

  it('withholds an alteration flag on a capture whose residue the desk found, and only there', async () => {
    // every finger scores 80 (flagged from 50)
    const detectAlteration = () => ({ score: 80, altered: true, signs: ['scar'] });
    const read = async (share: number, extractor = extract) => (await prepareFingers(await fingers(), {
      decodeImage, extractTemplate: extractor, minQuality: null, detectAlteration, readPlatenResidue: () => share, residueAdviseShare: 0.18,
    })).alteration!;
    // no residue: flagged as read
    expect((await read(0.05)).map((a) => [a.altered, a.withheld])).toEqual(POSITIONS.map(() => [true, undefined]));
    // residue under every image (the platen advice): withheld, the score and signs kept
    expect((await read(0.3)).map((a) => [a.position, a.score, a.altered, a.signs, a.withheld]))
      .toEqual(POSITIONS.map((p) => [p, 80, false, ['scar'], 'platen-residue']));
    // a finger repeating the one before it (finger 4 holds 8 of finger 3's minutiae in place)
    const latent = (image: GrayImage): Template => {
      const p = Math.round(image.data[0]! / 10);
      return template(p === 4 ? [...own(4), ...own(3).slice(0, 8)] : own(p));
    };
    expect((await read(0.05, latent)).every((a) => !a.altered && a.withheld === 'platen-residue')).toBe(true);
  });

  it('fails the capture with the reader\'s own error, also when a refusal comes first', async () => {
    const broken = (): number => { throw new Error('reader broke'); };
    await expect(prepareFingers(await fingers(), { decodeImage, extractTemplate: extract, minQuality: null, readPlatenResidue: broken, residueAdviseShare: 0.18 })).rejects.toThrow('reader broke');
    await expect(prepareFingers(await fingers(), {
      decodeImage, extractTemplate: extract, minQuality: 40, assessQuality: () => 10, readPlatenResidue: broken, residueAdviseShare: 0.18,
    })).rejects.toThrow('reader broke');
  });
});

describe('only a desk\'s capture is read for residue under every image (the advice is its only use)', () => {
  it('reads a desk\'s capture and advises the wipe, and not a police search of the same fingers', async () => {
    let reads = 0;
    const h = await buildService({
      stores: memoryTransactionStores(), subjects: new MemorySubjectStore(),
      extra: { readPlatenResidue: (images) => { reads += images.length; return 0.4; } },
    });
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', age: 30, fingers: tenPrint('B', 2) }, DESK);
    expect(reads).toBe(10);
    expect(accepted.recapture[0]).toMatchObject({ target: 'platen', position: 0, reasons: ['latent-residue'] });
    await h.service.identifyForPolice({ purpose: 'identity check at interception', caseNumber: 'BXL-2026-0043', fingers: tenPrint('B', 3) }, POLICE);
    expect(reads).toBe(10);
  });
});

describe('the service advises a wipe for a capture taken on a platen with a latent print (runtime, extraction workers)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-platen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const png = async (image: GrayImage): Promise<Uint8Array> =>
    new Uint8Array(await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).withMetadata({ density: 500 }).png().toBuffer());

  it('answers the platen first in the 202\'s advice with the share it read, and nothing of the kind for a clean capture', async () => {
    expect(TRANSACTION_PARAMETERS.latentResidueAdviseShare).toBeGreaterThan(0);
    const runtime = await buildRuntime(loadConfig({ AFIS_DATA_DIR: dir }), { searchThreads: 1 });
    try {
      const capture = async (images: GrayImage[]) => {
        const list: FingerInput[] = await Promise.all(images.map(async (image, i) => ({ position: i + 1, impression: 'rolled' as const, image: await png(image) })));
        return runtime.service.submitCapture({ category: 1, memberState: 'BE', age: 30, fingers: list }, DESK);
      };
      // a synthetic person's ten fingers with one latent print on the platen
      const clean = await Promise.all(POSITIONS.map((p) => decodeCapture(personFinger('D', p, 2))));
      const ghost = clean.map((image, i) => perturbImage(image, 'ghost', 60 + i).image);
      const share = platenResidueShare(ghost, TRANSACTION_PARAMETERS);
      expect(share).toBeGreaterThanOrEqual(TRANSACTION_PARAMETERS.latentResidueAdviseShare);
      const accepted = await capture(ghost);
      expect(accepted.recapture[0]).toMatchObject({ target: 'platen', position: 0, required: false, reasons: ['latent-residue'] });
      expect(accepted.recapture[0]!.message).toContain(`(${Math.round(share * 100)} % of the capture's area)`);
      // a clean capture (another person): no residue under its images
      const other = await Promise.all(POSITIONS.map((p) => decodeCapture(personFinger('A', p, 3))));
      expect(platenResidueShare(other, TRANSACTION_PARAMETERS)).toBeLessThan(TRANSACTION_PARAMETERS.latentResidueAdviseShare);
      expect((await capture(other)).recapture.filter((a) => a.target === 'platen')).toEqual([]);
      await runtime.service.whenIdle();
    } finally {
      await runtime.close();
    }
  }, 120_000);
});
