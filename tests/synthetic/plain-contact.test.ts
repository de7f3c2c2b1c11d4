// synthesizeSubject's plainContact: the series' plain contact size (bench/RESULTS.md, sense2's section).
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMPRESSION_PARAMETERS } from '../../src/config/parameters.js';
import { synthesizeSubject } from '../../src/synthetic/index.js';

const area = (mask: Uint8Array): number => mask.reduce((s, v) => s + (v ? 1 : 0), 0);

describe('synthesizeSubject plainContact', () => {
  const base = synthesizeSubject(21, 2, { impressions: 3, style: 'optical', tenPrint: false });

  it('omitted or spelled as the default gives the same pixels', () => {
    const [w, h] = SYNTHETIC_IMPRESSION_PARAMETERS.plainContact;
    const same = synthesizeSubject(21, 2, { impressions: 3, style: 'optical', tenPrint: false, plainContact: [w!, h!] });
    for (let k = 0; k < 3; k++) {
      expect(same.impressions[k]!.image.image.data).toEqual(base.impressions[k]!.image.image.data);
      expect(same.impressions[k]!.truth).toEqual(base.impressions[k]!.truth);
    }
  });

  it('a larger contact covers more of the finger, with the same placement draws', () => {
    const small = synthesizeSubject(21, 2, { impressions: 3, style: 'optical', tenPrint: false, plainContact: [0.8, 0.78] });
    const big = synthesizeSubject(21, 2, { impressions: 3, style: 'optical', tenPrint: false, plainContact: [0.95, 0.92] });
    for (let k = 0; k < 3; k++) {
      const a = area(small.impressions[k]!.image.mask);
      const b = area(big.impressions[k]!.image.mask);
      expect(b).toBeGreaterThan(a * 1.1);
      expect(big.impressions[k]!.image.geometry.rotation).toBe(small.impressions[k]!.image.geometry.rotation);
    }
  });

  it('the default is the realistic contact (0.95 × 0.92, sense3)', () => {
    expect(SYNTHETIC_IMPRESSION_PARAMETERS.plainContact).toEqual([0.95, 0.92]);
  });

  it('leaves rolled impressions alone', () => {
    const a = synthesizeSubject(21, 2, { impressions: 2, style: 'rolled', tenPrint: false });
    const b = synthesizeSubject(21, 2, { impressions: 2, style: 'rolled', tenPrint: false, plainContact: [0.95, 0.92] });
    expect(b.impressions[0]!.image.image.data).toEqual(a.impressions[0]!.image.image.data);
  });

  it('rejects values that are not fractions', () => {
    expect(() => synthesizeSubject(21, 2, { impressions: 1, style: 'optical', tenPrint: false, plainContact: [0, 0.9] })).toThrow(RangeError);
    expect(() => synthesizeSubject(21, 2, { impressions: 1, style: 'optical', tenPrint: false, plainContact: [0.9, Number.NaN] })).toThrow(RangeError);
  });
});
