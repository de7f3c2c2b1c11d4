/**
 * Synthetic fingerprint images (issue 11): determinism by seed, the master's truth minutiae on
 * the rendered ridge pattern, and the impression truth kept aligned through the distortion. The
 * rendered images are checked with our own extractor as an outside observer: truth minutiae
 * must coincide with minutiae it finds far more often than chance or a wrong geometry allows.
 */
import { describe, expect, it } from 'vitest';
import { createGrayImage } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import {
  createRng, generateMasterPrint, mixSeed, pairTruthMinutiae, renderImpression, synthesizeSubject, syntheticMasterPrint,
  type MasterPrint, type PointedMinutia,
} from '../../src/synthetic/index.js';

/** The master drawn as a clean print: ridges black, valleys and background white. */
function masterImage(m: MasterPrint) {
  const data = new Uint8Array(m.width * m.height).fill(255);
  for (let i = 0; i < data.length; i++) if (m.mask[i]) data[i] = Math.round(255 * (1 - (m.ridges[i]! + 1) / 2));
  return createGrayImage(m.width, m.height, data);
}

function masterTruth(m: MasterPrint): PointedMinutia[] {
  const out: PointedMinutia[] = [];
  for (let k = 0; k < m.minutiae.count; k++) out.push({ x: m.minutiae.x[k]!, y: m.minutiae.y[k]!, angle: m.minutiae.angle[k]! });
  return out;
}

describe('synthetic images', () => {
  it('is deterministic for a seed and differs between seeds and persons', () => {
    const a = synthesizeSubject(11, 3, { impressions: 2, style: 'mixed', tenPrint: false });
    const b = synthesizeSubject(11, 3, { impressions: 2, style: 'mixed', tenPrint: false });
    const c = synthesizeSubject(12, 3, { impressions: 2, style: 'mixed', tenPrint: false });
    expect(a.impressions.map((i) => i.image.image.data)).toEqual(b.impressions.map((i) => i.image.image.data));
    expect(JSON.stringify(a.impressions.map((i) => i.truth))).toBe(JSON.stringify(b.impressions.map((i) => i.truth)));
    expect(Buffer.from(c.impressions[0]!.image.image.data).equals(Buffer.from(a.impressions[0]!.image.image.data))).toBe(false);
    const m1 = syntheticMasterPrint(11, 3, 2);
    const m2 = syntheticMasterPrint(11, 4, 2);
    expect(Buffer.from(m1.ridges.buffer).equals(Buffer.from(m2.ridges.buffer))).toBe(false);
  });

  it('master truth minutiae land on the ridge endings and bifurcations of the rendered master', () => {
    let truthTotal = 0, paired = 0, pairedShifted = 0, greyShares = 0;
    for (const [seed, position] of [[1, 2], [2, 7], [3, 1]] as const) {
      const m = generateMasterPrint(createRng(mixSeed(seed, position)), position);
      expect(m.minutiae.count).toBeGreaterThan(20);
      // the grown pattern covers the finger: few 8 × 8 blocks are left undecided (grey)
      let grey = 0, inside = 0;
      for (let by = 0; by + 8 <= m.height; by += 8) {
        for (let bx = 0; bx + 8 <= m.width; bx += 8) {
          if (!m.mask[(by + 4) * m.width + bx + 4]) continue;
          let s = 0;
          for (let y = by; y < by + 8; y++) for (let x = bx; x < bx + 8; x++) s += Math.abs(m.ridges[y * m.width + x]!);
          inside++;
          if (s / 64 < 0.35) grey++;
        }
      }
      // per master below 8 %, and below 5 % on average over the three: with the R96 defaults
      // (sense3) 40 masters leave 1.9 % grey at the median (0.9 % before), 8.5 % at most (7.3 %
      // before), one in 40 above 5 % either way; seed 1's right loop here has 5.9 % (1.4 % before)
      expect(grey / inside).toBeLessThan(0.08);
      greyShares += grey / inside;
      const truth = masterTruth(m);
      const found = extractTemplate(masterImage(m)).minutiae;
      truthTotal += truth.length;
      paired += pairTruthMinutiae(truth, found, 8, Math.PI / 6).pairs.length;
      // control: the same truth moved by half a ridge period must pair far less often
      pairedShifted += pairTruthMinutiae(truth.map((t) => ({ ...t, x: t.x + 12, y: t.y + 7 })), found, 8, Math.PI / 6).pairs.length;
    }
    expect(greyShares / 3).toBeLessThan(0.05);
    expect(paired / truthTotal).toBeGreaterThan(0.6);
    expect(pairedShifted / truthTotal).toBeLessThan(0.5 * (paired / truthTotal));
  });

  it('keeps the truth aligned through rotation, translation and elastic distortion', () => {
    const m = syntheticMasterPrint(5, 9, 3);
    let truthTotal = 0, paired = 0, pairedRigid = 0;
    for (let k = 0; k < 4; k++) {
      const imp = renderImpression(m, 'optical', createRng(mixSeed(5, 9, k)), { condition: 'normal' });
      const truth = imp.minutiae.filter((t) => !t.destroyed);
      const found = extractTemplate(imp.image).minutiae;
      truthTotal += truth.length;
      paired += pairTruthMinutiae(truth, found, 10).pairs.length;
      // control: the same truth turned by 7° about the image centre must pair far less often
      const rotated = truth.map((t) => {
        const c = Math.cos(0.12), s = Math.sin(0.12), cx = imp.image.width / 2, cy = imp.image.height / 2;
        return { x: cx + c * (t.x - cx) + s * (t.y - cy), y: cy - s * (t.x - cx) + c * (t.y - cy), angle: (t.angle + 0.12) % (2 * Math.PI) };
      });
      pairedRigid += pairTruthMinutiae(rotated, found, 10).pairs.length;
    }
    expect(truthTotal).toBeGreaterThan(30);
    expect(paired / truthTotal).toBeGreaterThan(0.45);
    expect(pairedRigid / truthTotal).toBeLessThan(0.6 * (paired / truthTotal));
  });
});
