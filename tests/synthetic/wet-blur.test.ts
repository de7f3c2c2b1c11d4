// wetBlurScale: the wet skin's blur, and synthesizeSubject's impression settings (bench/RESULTS.md, duty's section).
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMPRESSION_PARAMETERS } from '../../src/config/parameters.js';
import { createRng, drawSkinCondition, impressionParameters, renderImpression, syntheticMasterPrint, synthesizeSubject } from '../../src/synthetic/index.js';

const wet = (scale?: number) => drawSkinCondition(createRng(5), 150, 150, 80, 100, 'wet',
  scale === undefined ? SYNTHETIC_IMPRESSION_PARAMETERS : impressionParameters({ wetBlurScale: scale }));

describe('wetBlurScale', () => {
  it('is 1 by default: the blur as drawn (1 + round(severity))', () => {
    expect(SYNTHETIC_IMPRESSION_PARAMETERS.wetBlurScale).toBe(1);
    expect(wet().blur).toBe(2);
    expect(wet(1)).toEqual(wet());
  });

  it('scales only the blur: 0 none, ½ one pixel; the threshold and the rest unchanged', () => {
    expect(wet(0).blur).toBe(0);
    expect(wet(0.5).blur).toBe(1);
    expect({ ...wet(0), blur: 2 }).toEqual(wet());
  });

  it('without the blur a wet impression keeps darker ridges and lighter valleys (wider spread of ink)', () => {
    const m = syntheticMasterPrint(7, 1, 2);
    const a = renderImpression(m, 'optical', createRng(3), { condition: 'wet' });
    const b = renderImpression(m, 'optical', createRng(3), { condition: 'wet' }, impressionParameters({ wetBlurScale: 0 }));
    const spread = (img: Uint8Array, mask: Uint8Array) => {
      const v: number[] = [];
      img.forEach((x, i) => { if (mask[i]) v.push(x); });
      v.sort((p, q) => p - q);
      return v[Math.floor(0.9 * v.length)]! - v[Math.floor(0.1 * v.length)]!;
    };
    expect(b.mask).toEqual(a.mask);
    expect(spread(b.image.data, b.mask)).toBeGreaterThan(spread(a.image.data, a.mask));
  });
});

describe('synthesizeSubject impression settings', () => {
  it('omitted, empty or spelled as the defaults give the same pixels and truth', () => {
    const base = synthesizeSubject(31, 3, { impressions: 4, style: 'mixed', tenPrint: false });
    const settings: Array<Record<string, number>> = [{}, { wetBlurScale: 1 }];
    for (const impression of settings) {
      const same = synthesizeSubject(31, 3, { impressions: 4, style: 'mixed', tenPrint: false, impression });
      for (let k = 0; k < 4; k++) {
        expect(same.impressions[k]!.image.image.data).toEqual(base.impressions[k]!.image.image.data);
        expect(same.impressions[k]!.truth).toEqual(base.impressions[k]!.truth);
      }
    }
  });

  it('rejects a name it does not have or a value that is not finite', () => {
    expect(() => impressionParameters({ wetBlur: 0 })).toThrow(RangeError);
    expect(() => impressionParameters({ wetBlurScale: Number.NaN })).toThrow(RangeError);
    expect(impressionParameters({ wetBlurScale: 0 }).wetBlurScale).toBe(0);
    expect(impressionParameters()).toBe(SYNTHETIC_IMPRESSION_PARAMETERS);
  });
});
