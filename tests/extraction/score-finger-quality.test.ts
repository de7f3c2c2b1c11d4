import { describe, expect, it } from 'vitest';
import type { FingerprintAnalysis } from '../../src/extraction/analyze-fingerprint.js';
import { measureQualityFeatures } from '../../src/extraction/score-finger-quality.js';
import type { RawMinutia } from '../../src/extraction/types.js';

describe('measureQualityFeatures: area and central minutiae', () => {
  it('counts the foreground pixels and the minutiae within 100 px of their centroid', () => {
    let s = 31;
    const random = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    for (const [width, height] of [[301, 257], [160, 400], [97, 97]] as const) {
      // an off-centre ellipse of foreground with holes
      const pixels = new Uint8Array(width * height);
      let count = 0;
      let sx = 0;
      let sy = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const inside = ((x - 0.6 * width) / (0.35 * width)) ** 2 + ((y - 0.45 * height) / (0.4 * height)) ** 2 < 1;
          if (!inside || random() < 0.1) continue;
          pixels[y * width + x] = 1;
          count++;
          sx += x;
          sy += y;
        }
      }
      const cx = sx / count;
      const cy = sy / count;
      // minutiae just inside and just outside the 100 px circle around the centroid
      const minutiae: RawMinutia[] = [];
      let want = 0;
      for (let k = 0; k < 40; k++) {
        const a = random() * 2 * Math.PI;
        const d = k % 2 ? 99.99 : 100.01;
        if (k % 2) want++;
        minutiae.push({ x: cx + d * Math.cos(a), y: cy + d * Math.sin(a), direction: 0, type: 'ending', ridgeLength: 10, quality: 50 });
      }
      const blocks = new Uint8Array(4);
      const analysis = {
        width,
        height,
        mask: { pixels, blocks, contrast: new Float32Array(4), ridgeShare: new Float32Array(4), grid: { blockSize: 8, cols: 2, rows: 2 } },
        orientation: { coherence: new Float32Array(4) },
        frequency: { sampled: new Uint8Array(4), measured: new Uint8Array(4), period: new Float32Array(4), share: new Float32Array(4) },
      } as unknown as FingerprintAnalysis;
      const f = measureQualityFeatures(analysis, minutiae);
      expect(f.foregroundPixels).toBe(count);
      expect(f.centralMinutiae, `${width}×${height}`).toBe(want);
    }
  });
});
