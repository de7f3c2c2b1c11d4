// normalThresholdSpread: the deviation of a normal-skin impression's ridge/valley threshold (bench/RESULTS.md, duty2's section).
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMPRESSION_PARAMETERS } from '../../src/config/parameters.js';
import { createRng, drawSkinCondition, impressionParameters } from '../../src/synthetic/index.js';

const normal = (seed: number, spread?: number) => drawSkinCondition(createRng(seed), 150, 150, 80, 100, 'normal',
  spread === undefined ? SYNTHETIC_IMPRESSION_PARAMETERS : impressionParameters({ normalThresholdSpread: spread }));

describe('normalThresholdSpread', () => {
  it('is 0.12 by default, and spelled out it draws the same condition', () => {
    expect(SYNTHETIC_IMPRESSION_PARAMETERS.normalThresholdSpread).toBe(0.12);
    for (let s = 1; s <= 5; s++) expect(normal(s, 0.12)).toEqual(normal(s));
  });

  it('scales only the threshold of a normal impression: the same draw, the rest unchanged', () => {
    for (let s = 1; s <= 5; s++) {
      const a = normal(s), b = normal(s, 0.36);
      expect(b.threshold).toBeCloseTo(3 * a.threshold, 12);
      expect({ ...b, threshold: a.threshold }).toEqual(a);
    }
    expect(normal(3, 0).threshold).toBe(0);
  });

  it('leaves the other skin conditions alone', () => {
    for (const kind of ['dry', 'wet', 'low-contrast'] as const) {
      const p = impressionParameters({ normalThresholdSpread: 0.5 });
      expect(drawSkinCondition(createRng(9), 150, 150, 80, 100, kind, p)).toEqual(drawSkinCondition(createRng(9), 150, 150, 80, 100, kind));
    }
  });
});
