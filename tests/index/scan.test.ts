import { describe, expect, it } from 'vitest';
import { Gallery, GalleryReader, compileSearchFilter, popcount32, scanGalleryCodes } from '../../src/index/index.js';
import { createRng as createRngForTest } from '../../src/synthetic/index.js';

describe('first-stage scan', () => {
  it('scores every subject exactly as the plain per-word formula and keeps the best', () => {
    const rng = createRngForTest(77);
    const g = new Gallery();
    const W = g.codeWords;
    const word = (): number => (rng.int(0x10000) | (rng.int(0x10000) << 16)) & (rng.int(0x10000) | (rng.int(0x10000) << 16)) >>> 0;
    const codes: Uint32Array[][] = [];
    for (let s = 0; s < 50; s++) {
      const fingers = [];
      codes.push([]);
      for (let f = 0; f < 10; f++) {
        const code = Uint32Array.from({ length: W }, word);
        codes[s].push(code);
        let pc = 0;
        for (const x of code) pc += popcount32(x);
        // subject 7 has no finger 3
        fingers.push(s === 7 && f === 2 ? null : { words: new Uint32Array([200 | (300 << 16)]), count: 0, quality: 50, code, popcount: pc });
      }
      g.putEncoded(`c${s}`, fingers);
    }
    const probe = { codes: Uint32Array.from({ length: 10 * W }, word), popcounts: new Uint32Array(10) };
    probe.popcounts[4] = 0; // finger 5 absent from the probe
    for (let f = 0; f < 10; f++) if (f !== 4) for (let w = 0; w < W; w++) probe.popcounts[f] += popcount32(probe.codes[f * W + w]);
    for (let f = 0; f < W; f++) probe.codes[4 * W + f] = 0;
    const expected = codes.map((fs, s) => {
      let t = 0;
      fs.forEach((code, f) => {
        if (f === 4 || (s === 7 && f === 2)) return;
        let shared = 0;
        let gb = 0;
        for (let w = 0; w < W; w++) {
          shared += popcount32(code[w] & probe.codes[f * W + w]);
          gb += popcount32(code[w]);
        }
        const e = (probe.popcounts[f] * gb) / (W * 32);
        t += (shared - e) / Math.sqrt(e + 1);
      });
      return t;
    });
    const r = scanGalleryCodes(new GalleryReader(g.snapshot().memory), probe, compileSearchFilter({}), 0, 50, 10);
    const best = expected.map((v, s) => ({ v, s })).sort((a, b) => b.v - a.v || a.s - b.s).slice(0, 10);
    expect(Array.from(r.slots)).toEqual(best.map((b) => b.s));
    r.scores.forEach((v, i) => expect(v).toBeCloseTo(best[i].v, 9));
    expect(r.eligible).toBe(50);
  });
});
