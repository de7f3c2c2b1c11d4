import { describe, expect, it } from 'vitest';
import { extractTemplate } from '../../src/extraction/index.js';
import { segmentSlap, type SlapKind } from '../../src/segmentation/index.js';
import { synthesizeSubject } from '../../src/synthetic/index.js';
import { pairTruthMinutiae } from '../../src/synthetic/pair-truth-minutiae.js';

// A guard for the slap cut (bench/RESULTS.md "Fingertips cut from slaps"): fingertips cut from the
// generator's slaps, their minutiae scored against its truth. With the cut one block around a finger's
// region (before tipMarginBlocks 4), 7–8 % of a fingertip's minutiae lay within 16 px of the white fill and
// 94 % of those were false; precision 80.8–80.9 % (bench/synthetic/fingertip-minutiae.mjs, 200–400
// fingertips); with 4 blocks 0.05–0.24 % and 83.7–84.8 %. Generous ceilings, on 3 persons (30 fingertips).
const KIND: Record<number, SlapKind> = { 13: 'right-four', 14: 'left-four', 15: 'thumbs' };

describe('fingertips cut from slaps (accuracy guard)', () => {
  it('keep the cut\'s white fill away from their minutiae, and most minutiae true', () => {
    let extracted = 0, correct = 0, nearFill = 0;
    for (let subject = 1; subject <= 3; subject++) {
      const s = synthesizeSubject(4242, subject, { impressions: 0, style: 'rolled', tenPrint: false, slaps: true, altered: 0 });
      for (const slap of s.slaps) {
        const result = segmentSlap(slap.image, KIND[slap.position]!);
        for (const f of result.fingers) {
          const truth = slap.fingers.find((q) => q.position === f.position);
          if (!truth) continue;
          const { width: W, height: H } = f.image;
          const template = extractTemplate(f.image);
          const moved = truth.minutiae.map((m) => ({ ...m, x: m.x - f.box.x, y: m.y - f.box.y })).filter((m) => m.x >= 0 && m.y >= 0 && m.x < W && m.y < H);
          const pairs = new Set(pairTruthMinutiae(moved, template.minutiae, 15, Math.PI / 6).pairs.map(([, e]) => e));
          template.minutiae.forEach((m, i) => {
            extracted++;
            if (pairs.has(i)) correct++;
            // white in the fingertip where the slap is not: the cut's fill, within 16 px
            let near = false;
            for (let y = Math.max(0, Math.floor(m.y - 16)); y <= Math.min(H - 1, Math.ceil(m.y + 16)) && !near; y++) {
              for (let x = Math.max(0, Math.floor(m.x - 16)); x <= Math.min(W - 1, Math.ceil(m.x + 16)); x++) {
                if (f.image.data[y * W + x] === 255 && slap.image.data[(f.box.y + y) * slap.image.width + f.box.x + x] !== 255 && Math.hypot(x - m.x, y - m.y) < 16) { near = true; break; }
              }
            }
            if (near) nearFill++;
          });
        }
      }
    }
    expect(extracted).toBeGreaterThan(500);
    expect(nearFill / extracted).toBeLessThan(0.02);
    expect(correct / extracted).toBeGreaterThan(0.78);
  }, 120_000);
});
