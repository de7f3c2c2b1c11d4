import { describe, expect, it } from 'vitest';
import { extractTemplate } from '../../src/extraction/index.js';
import { detectAlteration } from '../../src/quality/index.js';
import { synthesizeSubject } from '../../src/synthetic/index.js';

// A guard for the alteration detector (bench/RESULTS.md "Orientation cuts around the print's own singular
// points…", altsing, densoff): the generator's rolled fingers, half of them altered (obliteration, Z-cut,
// transplant, central rotation). Before the cuts around a print's own cores and deltas were left out, the
// generator's unaltered fingers were flagged 17.5–18.2 % of the time (100 persons, seeds 1313 and 1321);
// with them left out 1.1 % (seed 1313), and on fresh fingers 3.2 % against 47 % of the altered ones
// (seed 1323, 404 and 196 fingers). Generous ceilings on 60 fingers of a seed of their own.
describe('alteration detection on the generator\'s fingers (accuracy guard)', () => {
  it('flags few unaltered fingers and many altered ones', () => {
    const flagged = { unaltered: 0, altered: 0 }, count = { unaltered: 0, altered: 0 };
    for (let subject = 1; subject <= 60; subject++) {
      const s = synthesizeSubject(4343, subject, { impressions: 1, style: 'rolled', tenPrint: false, altered: 0.5 });
      const { image, truth } = s.impressions[0]!;
      const kind = truth.alteration ? 'altered' : 'unaltered';
      let template;
      try { template = extractTemplate(image.image); } catch { template = undefined; }
      count[kind]++;
      if (detectAlteration(image.image, template).altered) flagged[kind]++;
    }
    // seed 4343, 60 fingers (31 unaltered, 29 altered): 0 and 16 flagged before the ridge-flow sign, 0 and
    // 18 with it (bench/RESULTS.md, "altflow2"); this morning's detector (every cut counted at level
    // 0.065, the density sign on) 5 and 14
    expect(count.unaltered).toBeGreaterThan(20);
    expect(count.altered).toBeGreaterThan(20);
    expect(flagged.unaltered / count.unaltered).toBeLessThanOrEqual(0.1);
    expect(flagged.altered / count.altered).toBeGreaterThanOrEqual(0.35);
  }, 180_000);
});
