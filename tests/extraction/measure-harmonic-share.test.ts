import { describe, expect, it } from 'vitest';
import { measureSignature } from '../../src/extraction/estimate-ridge-frequency.js';
import { measureHarmonicShare } from '../../src/extraction/measure-harmonic-share.js';

const LEN = 33;
const signature = (f: (k: number) => number): Float32Array => Float32Array.from({ length: LEN }, (_, k) => f(k));
/** measureSignature's period, then the share of the fundamental and its second harmonic. */
const shares = (sig: Float32Array): { fundamental: number; harmonic: number } => {
  const m = measureSignature(sig, LEN, 4.5, 15);
  return { fundamental: m.share, harmonic: measureHarmonicShare(sig, LEN, m.period, 2) };
};

describe('harmonic share of a signature', () => {
  it('reads a sinusoid as its fundamental does', () => {
    const s = shares(signature((k) => Math.cos((2 * Math.PI * k) / 9)));
    expect(Math.abs(s.harmonic - s.fundamental)).toBeLessThan(0.01);
  });

  it('reads thin periodic lines (2 px dark every 9 px) as ridges where the fundamental alone falls short', () => {
    const s = shares(signature((k) => (k % 9 < 2 ? 0 : 1)));
    expect(s.fundamental).toBeLessThan(0.35);
    expect(s.harmonic).toBeGreaterThan(s.fundamental + 0.15);
    expect(s.harmonic).toBeGreaterThan(0.5);
  });

  it('stays low on a single line, a step edge and noise', () => {
    let seed = 1;
    const noise = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
    for (const sig of [signature((k) => (k === 16 || k === 17 ? 0 : 1)), signature((k) => (k < 16 ? 0 : 1)), signature(noise)]) {
      expect(shares(sig).harmonic).toBeLessThan(0.3);
    }
  });

  it('is 0 for a flat signature or no period', () => {
    expect(measureHarmonicShare(signature(() => 7), LEN, 9, 2)).toBe(0);
    expect(measureHarmonicShare(signature((k) => k % 9), LEN, 0, 2)).toBe(0);
  });
});
