import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { AfisError, type GrayImage } from '../../src/core/index.js';
import { smeared } from '../helpers/smeared.js';
import { detectSlidFinger } from '../../src/quality/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';
import { adviseRecapture } from '../../src/transactions/advise-recapture.js';
import { QUALITY_PARAMETERS } from '../../src/config/parameters.js';
import { prepareFingers, type FingerInput, type RecaptureAdvice } from '../../src/transactions/index.js';
import { personFinger } from '../helpers/persons.js';
import { DESK, buildService, cachedExtract, tenPrint } from './fixture.js';
import { MemorySubjectStore, memoryTransactionStores } from './memory-stores.js';

const png = async (image: GrayImage): Promise<Uint8Array> =>
  new Uint8Array(await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).withMetadata({ density: 500 }).png().toBuffer());
const slidOf = (advice: readonly RecaptureAdvice[]): number[] => advice.filter((a) => a.reasons.includes('finger-slid')).map((a) => a.position);

describe('a finger that slid on the platen', () => {
  it('is read from the image: flagged with the smear’s length and direction, a still finger not', () => {
    const print = renderImpression(syntheticMasterPrint(401, 2, 1), 'optical', createRng(mixSeed(401, 2, 1))).image;
    expect(detectSlidFinger(print).slid).toBe(false);
    // 5 px at 0.35π in image coordinates (y down): 117° counter-clockwise on screen
    const found = detectSlidFinger(smeared(print, 5, 0.35 * Math.PI));
    expect(found.slid).toBe(true);
    expect(Math.abs(found.length - 5)).toBeLessThanOrEqual(1);
    const apart = Math.abs(found.direction - 117) % 180;
    expect(Math.min(apart, 180 - apart)).toBeLessThan(15);
    expect(detectSlidFinger({ width: 100, height: 100, ppi: 500, data: new Uint8Array(10_000).fill(210) })).toEqual({ slid: false, length: 0, direction: 0, correlation: 0, smear: null });
  });

  it('flags a fainter smear the learned gate vouches for, which the correlation alone (above 0.55) missed', () => {
    const print = renderImpression(syntheticMasterPrint(401, 2, 1), 'optical', createRng(mixSeed(401, 2, 1))).image;
    const faint = detectSlidFinger(smeared(print, 5, 0.1 * Math.PI));
    expect(faint.correlation).toBeGreaterThan(0.45);
    expect(faint.correlation).toBeLessThan(0.55);
    expect(faint.slid).toBe(true);
    expect(detectSlidFinger(smeared(print, 5, 0.1 * Math.PI), { ...QUALITY_PARAMETERS, slidGateThreshold: 0, slidMinCorrelation: 0.55 } as unknown as typeof QUALITY_PARAMETERS).slid).toBe(false);
  });

  it('is advised for recapture, with how far it slid', () => {
    const advice = adviseRecapture({ quality: [{ position: 4, score: 80, accepted: true }], minQuality: 40, adviseBelowQuality: 30, minSlapConfidence: 0.5, slid: [{ position: 4, length: 5, direction: 117 }] });
    expect(advice).toEqual([{ target: 'finger', position: 4, required: false, reasons: ['finger-slid'], message: 'finger 4: the finger slid while captured (a smear of about 5 px at 117°): capture it again, holding it still' }]);
  });

  it('the desk asks again for the one finger that slid, none of a still capture, and says so in a refusal', async () => {
    const h = await buildService({ stores: memoryTransactionStores(), subjects: new MemorySubjectStore() });
    const still = await h.service.submitCapture({ category: 1, memberState: 'BE', age: 30, fingers: tenPrint('B', 1) }, DESK);
    expect(slidOf(still.recapture)).toEqual([]);
    const third = smeared(await decodeCapture(personFinger('C', 3, 2)), 5, 0.3);
    const thirdPng = await png(third);
    const fingers: FingerInput[] = tenPrint('C', 2).map((f) => (f.position === 3 ? { position: 3, impression: 'rolled', image: thirdPng } : f));
    const moved = await h.service.submitCapture({ category: 1, memberState: 'BE', age: 30, fingers }, DESK);
    expect(slidOf(moved.recapture)).toEqual([3]);
    await h.service.whenIdle();

    // refused for quality: the slid finger is in the advice of the refusal
    const refused = await prepareFingers(fingers, {
      decodeImage: (b, o) => decodeCapture(b, o.ppi ? { ppi: o.ppi } : {}), extractTemplate: cachedExtract, minQuality: 101,
      detectSlidFinger: (image) => detectSlidFinger(image),
    }).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(AfisError);
    expect((refused as AfisError).code).toBe('AFIS_QUALITY_INSUFFICIENT');
    expect(slidOf((refused as AfisError).details!.advice as RecaptureAdvice[])).toEqual([3]);
  }, 120_000);

  it('hands each finger\'s smear estimate to its extraction, which then does not estimate it again', async () => {
    const third = smeared(await decodeCapture(personFinger('C', 3, 2)), 5, 0.3);
    const thirdPng = await png(third);
    const inputs: FingerInput[] = tenPrint('C', 2).map((f) => (f.position === 3 ? { position: 3, impression: 'rolled', image: thirdPng } : f));
    const read = new Map<GrayImage, unknown>();
    const handed: Array<{ image: GrayImage; smear: unknown; args: number }> = [];
    await prepareFingers(inputs, {
      decodeImage: (b, o) => decodeCapture(b, o.ppi ? { ppi: o.ppi } : {}), minQuality: null,
      detectSlidFinger: (image) => {
        const finding = detectSlidFinger(image);
        read.set(image, finding.smear);
        return finding;
      },
      extractTemplate: (image, ...rest: unknown[]) => {
        handed.push({ image, smear: rest[0], args: rest.length });
        return cachedExtract(image);
      },
    });
    expect(handed).toHaveLength(10);
    for (const h of handed) {
      expect(h.args).toBe(1);
      expect(h.smear).toBe(read.get(h.image));
      expect(h.smear).not.toBeUndefined();
    }
  }, 120_000);
});
