import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { createGrayImage } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { assessQuality, scoreFingerQuality } from '../../src/quality/index.js';
import { readFileSync } from 'node:fs';
import { SFINGE_IMAGES, itWithData, readShared } from '../helpers/data.js';

/** Deterministic pseudo-random bytes (xorshift), so the noise test never changes. */
function noise(width: number, height: number): Uint8Array {
  let s = 0x2545f491;
  const d = new Uint8Array(width * height);
  for (let i = 0; i < d.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    d[i] = s & 0xff;
  }
  return d;
}

describe('assessQuality', () => {
  it('a blank image scores 0 and is refused as blank', () => {
    const q = assessQuality(createGrayImage(300, 300, new Uint8Array(300 * 300).fill(250)));
    expect(q.score).toBe(0);
    expect(q.acceptable).toBe(false);
    expect(q.issues).toEqual(['blank']);
  });

  it('white noise scores low and is refused', () => {
    const q = assessQuality(createGrayImage(300, 300, noise(300, 300)));
    expect(q.score).toBeLessThan(30);
    expect(q.acceptable).toBe(false);
  });

  it('a tiny image is refused as too small', () => {
    const q = assessQuality(createGrayImage(30, 30, noise(30, 30)));
    expect(q.acceptable).toBe(false);
    expect(q.issues).toContain('too-small');
  });

  it('good synthetic prints score high and are accepted', async () => {
    for (const path of SFINGE_IMAGES) {
      const img = await decodeCapture(readFileSync(path));
      const t = extractTemplate(img);
      const q = assessQuality(img, t);
      expect(q.score, path).toBeGreaterThanOrEqual(70);
      expect(q.acceptable, `${path} ${q.issues.join(',')}`).toBe(true);
      expect(t.quality).toBe(q.score);
    }
  });

  itWithData('good FVC prints score high and are accepted', async () => {
    for (const [set, name] of [['DB1_B', '101_1.tif'], ['DB2_B', '104_2.tif'], ['DB4_B', '101_1.tif']] as const) {
      const img = await decodeCapture(readShared('fvc2002', set, name), set === 'DB2_B' ? { ppi: 569 } : {});
      const t = extractTemplate(img);
      const q = assessQuality(img, t);
      expect(q.score, `${set}/${name}`).toBeGreaterThanOrEqual(70);
      expect(q.acceptable, `${set}/${name} ${q.issues.join(',')}`).toBe(true);
      // the template carries the same finger quality
      expect(t.quality).toBe(q.score);
    }
  });

  it('a print cut to a small corner is flagged for small area', async () => {
    const img = await decodeCapture(readFileSync(SFINGE_IMAGES[0]!));
    // keep a 120 × 120 window of the print, the rest white
    const d = new Uint8Array(img.data.length).fill(255);
    for (let y = 130; y < 250; y++) for (let x = 130; x < 250; x++) d[y * img.width + x] = img.data[y * img.width + x];
    const q = assessQuality(createGrayImage(img.width, img.height, d));
    expect(q.acceptable).toBe(false);
    expect(q.issues).toContain('small-area');
  });
});

describe('scoreFingerQuality', () => {
  const good = { foregroundPixels: 90_000, orientationCertainty: 0.7, clarity: 0.95, frequencyConsistency: 0.9, centralMinutiae: 30, ridgeContrast: 30 };
  it('is 100 for features a good plain impression reaches', () => expect(scoreFingerQuality(good)).toBe(100));
  it('drops to 0 when one essential feature is missing', () => {
    expect(scoreFingerQuality({ ...good, foregroundPixels: 1000 })).toBe(0);
    expect(scoreFingerQuality({ ...good, orientationCertainty: 0.1 })).toBe(0);
    expect(scoreFingerQuality({ ...good, centralMinutiae: 0 })).toBe(0);
  });
  it('with the ridge contrast term on, sees the absolute ridge contrast only below the ramp a good capture passes', () => {
    const on = { ridgeContrastLow: 2, ridgeContrastHigh: 8 };
    // ridges washed out or blurred to a grey level or two, however clean they look once normalised
    expect(scoreFingerQuality({ ...good, ridgeContrast: 1.5 }, on)).toBe(0);
    expect(scoreFingerQuality({ ...good, ridgeContrast: 8 }, on)).toBe(100);
    expect(scoreFingerQuality({ ...good, ridgeContrast: 4 }, on)).toBeLessThan(90);
    expect(scoreFingerQuality({ ...good, ridgeContrast: 3 }, on)).toBeLessThan(scoreFingerQuality({ ...good, ridgeContrast: 4 }, on));
    // features measured without the contrast (older callers) keep the four-term score
    const { ridgeContrast: _, ...withoutContrast } = good;
    expect(scoreFingerQuality(withoutContrast, on)).toBe(100);
    // off (shipped): the term is left out
    expect(scoreFingerQuality({ ...good, ridgeContrast: 1.5 }, { ridgeContrastLow: 2, ridgeContrastHigh: 0 })).toBe(100);
  });
  it('is monotonic in each feature', () => {
    expect(scoreFingerQuality({ ...good, clarity: 0.5 })).toBeLessThan(scoreFingerQuality(good));
    expect(scoreFingerQuality({ ...good, frequencyConsistency: 0.6 })).toBeLessThan(scoreFingerQuality(good));
  });
});
