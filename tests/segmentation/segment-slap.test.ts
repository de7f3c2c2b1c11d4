import { describe, expect, it } from 'vitest';
import { CaptureError, CollectingDebugSink, createGrayImage } from '../../src/core/index.js';
import { segmentSlap, slapKindOf, SLAP_FINGERS, type SlapKind } from '../../src/segmentation/index.js';
import { boxIou, composeSlap, ridgeFinger, seededRandom } from '../../bench/segmentation/compose-slap.mjs';

function slap(kind: SlapKind, options: { handAngle?: number; spacing?: number; missing?: number[]; seed?: number; fingerJitter?: number; offsetY?: number } = {}) {
  const slots = SLAP_FINGERS[kind];
  const fingers = slots.map((p, k) => (options.missing?.includes(p) ? null : { image: ridgeFinger(kind === 'thumbs' ? 320 : 270, 380, (options.seed ?? 1) * 10 + k) }));
  return composeSlap(fingers, {
    kind, rnd: seededRandom(options.seed ?? 1), handAngle: options.handAngle ?? 0, spacing: options.spacing ?? (kind === 'thumbs' ? 600 : 290),
    fingerJitter: options.fingerJitter ?? 0, offsetY: options.offsetY ?? 0,
  });
}

function expectMatchesTruth(kind: SlapKind, composed: ReturnType<typeof slap>, declaredMissing: number[] = []) {
  const result = segmentSlap(composed.image, kind, { declaredMissing });
  expect(result.fingers.map((f) => f.position)).toEqual(composed.truth.map((t) => t.position).sort((a, b) => a - b));
  for (const t of composed.truth) {
    const f = result.fingers.find((x) => x.position === t.position)!;
    expect(boxIou(f.box, t.box), `position ${t.position}`).toBeGreaterThanOrEqual(0.8);
    expect(f.image.width).toBe(f.box.width);
    expect(f.image.height).toBe(f.box.height);
  }
  return result;
}

describe('segmentSlap', () => {
  it('finds the four fingers of a right slap in order: index, middle, ring, little from the left', () => {
    const composed = slap('right-four');
    const result = expectMatchesTruth('right-four', composed);
    expect(result.missing).toEqual([]);
    expect(result.confidence).toBeGreaterThan(0.5);
    const byPos = new Map(result.fingers.map((f) => [f.position, f.box.x]));
    expect(byPos.get(2)!).toBeLessThan(byPos.get(3)!);
    expect(byPos.get(4)!).toBeLessThan(byPos.get(5)!);
  });

  it('orders a left slap little … index from the left, and both thumbs left then right', () => {
    const left = expectMatchesTruth('left-four', slap('left-four', { seed: 2 }));
    const x = new Map(left.fingers.map((f) => [f.position, f.box.x]));
    expect(x.get(10)!).toBeLessThan(x.get(7)!);
    const thumbs = expectMatchesTruth('thumbs', slap('thumbs', { seed: 3 }));
    const t = new Map(thumbs.fingers.map((f) => [f.position, f.box.x]));
    expect(t.get(6)!).toBeLessThan(t.get(1)!);
  });

  it('follows a tilted hand and reports the finger angle', () => {
    for (const angle of [-0.4, 0.35]) {
      const result = expectMatchesTruth('right-four', slap('right-four', { handAngle: angle, seed: 4, spacing: 300, offsetY: -150, fingerJitter: 0.1 }));
      for (const f of result.fingers) expect(Math.abs(f.angle - angle)).toBeLessThan(0.25);
    }
  });

  it('splits fingers that touch', () => {
    expectMatchesTruth('left-four', slap('left-four', { spacing: 205, seed: 5 }));
  });

  it('tells which finger is missing from the geometry, or from the desk', () => {
    for (const missing of [[5], [2], [3]]) {
      const result = expectMatchesTruth('right-four', slap('right-four', { missing, seed: 6 }));
      expect(result.missing).toEqual(missing);
    }
    const declared = expectMatchesTruth('left-four', slap('left-four', { missing: [8, 9], seed: 7 }), [8, 9]);
    expect(declared.missing).toEqual([9, 8]);
    const oneThumb = expectMatchesTruth('thumbs', slap('thumbs', { missing: [1], seed: 8 }));
    expect(oneThumb.missing).toEqual([1]);
  });

  it('cuts each fingertip with the other fingers whitened out', () => {
    const result = segmentSlap(slap('right-four', { spacing: 230, seed: 9 }).image, 'right-four');
    for (const f of result.fingers) {
      // Corners of the box are outside the fingertip's ellipse: white.
      expect(f.image.data[0]).toBeGreaterThan(240);
    }
  });

  it('refuses an empty platen and a slap with more fingers than a hand has', () => {
    const blank = createGrayImage(800, 700, new Uint8Array(800 * 700).fill(250));
    expect(() => segmentSlap(blank, 'thumbs')).toThrow(CaptureError);
    try { segmentSlap(blank, 'thumbs'); } catch (e) { expect((e as CaptureError).code).toBe('AFIS_SEGMENTATION_FAILED'); }
    const crowded = composeSlap([0, 1, 2, 3].map((k) => ({ image: ridgeFinger(200, 300, k) })), { kind: 'right-four', spacing: 260, width: 1600 });
    expect(() => segmentSlap(crowded.image, 'thumbs')).toThrow(/finger-sized regions/);
  });

  it('emits its stages to the debug sink', () => {
    const sink = new CollectingDebugSink();
    segmentSlap(slap('thumbs').image, 'thumbs', { debug: sink });
    expect(sink.artifacts.map((a) => a.key)).toEqual(['segmentation.mask', 'segmentation.regions', 'segmentation.fingers']);
  });

  it('maps ANSI/NIST positions 13–15 to slap kinds', () => {
    expect([13, 14, 15, 12].map(slapKindOf)).toEqual(['right-four', 'left-four', 'thumbs', undefined]);
  });
});
