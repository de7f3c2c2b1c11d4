import { describe, expect, it } from 'vitest';
import {
  COMPACT_MAP_BOXED, COMPACT_MAP_FLAG, COMPACT_MAX_HEIGHT, compactFingerWords, convertCompactHeaderBeforeFormat5, flattenTemplate, readCompactFinger, storedCompactWords, writeCompactFinger,
} from '../../src/index/encode-compact-finger.js';
import { Gallery } from '../../src/index/index.js';
import type { Template } from '../../src/templates/index.js';
import { loopMap, tenPrint } from './helpers.js';

function roundTrip(t: Template): { words: Uint32Array; back: Template; count: number } {
  const flat = flattenTemplate(t);
  const words = new Uint32Array(compactFingerWords(flat, flat.count) + 3).fill(0xdeadbeef);
  // written at an offset, the words around it untouched
  expect(writeCompactFinger(flat, flat.count, words, 2)).toBe(words.length - 3);
  expect([words[0], words[1], words[words.length - 1]]).toEqual([0xdeadbeef, 0xdeadbeef, 0xdeadbeef]);
  expect(storedCompactWords(words, 2, flat.count)).toBe(words.length - 3);
  return { words, back: readCompactFinger(words, 2, flat.count, t.quality), count: flat.count };
}

describe('compact finger form with an orientation map', () => {
  const t = tenPrint(3, 1, 0)[2].template;

  it('reads a finger without a map back as before: same words, no map', () => {
    const { words, back, count } = roundTrip(t);
    expect(words.length - 3).toBe(1 + count);
    expect(words[2] & COMPACT_MAP_FLAG).toBe(0);
    expect(words[2]).toBe((t.width | (t.height << 16)) >>> 0);
    expect(back.orientationMap).toBeUndefined();
    expect('orientationMap' in back).toBe(false);
  });

  it('reads the map back bit-identical, the minutiae as without it', () => {
    for (const [cell, turn] of [[16, 0], [8, 1], [7, 2], [255, 0], [1, 0.5]] as const) {
      const map = loopMap(t.width, t.height, cell, turn);
      if (cell <= 16) expect(new Set(map.codes).size).toBe(16);
      const { words, back, count } = roundTrip({ ...t, orientationMap: map });
      expect(words[2] & COMPACT_MAP_FLAG).not.toBe(0);
      // the whole grid, or the box of the cells with print when that is fewer words (afis-gallery-6)
      const first = words[2 + 1 + count], size = words[2 + 3 + count];
      const mapWords = first & COMPACT_MAP_BOXED ? 3 + Math.ceil(((size & 0xffff) * (size >>> 16)) / 8) : 1 + Math.ceil((map.columns * map.rows) / 8);
      expect(mapWords).toBeLessThanOrEqual(1 + Math.ceil((map.columns * map.rows) / 8));
      expect(words.length - 3).toBe(1 + count + mapWords);
      expect(back.orientationMap).toEqual(map);
      expect(back.orientationMap!.codes).toBeInstanceOf(Uint8Array);
      const { back: plain } = roundTrip(t);
      expect({ ...back, orientationMap: undefined }).toEqual({ ...plain, orientationMap: undefined });
      expect([back.width, back.height]).toEqual([t.width, t.height]);
    }
  });

  it('stores only the box of the cells with print when that takes fewer words (afis-gallery-6), and reads back the same map', () => {
    const loop = loopMap(t.width, t.height, 16, 0.7);
    const full = { ...loop, codes: loop.codes.map((c) => c || 3) };
    // print in a smaller ellipse: a box of part of the grid
    const inner = { ...full, codes: full.codes.map((c, i) => ((i % full.columns) - 0.45 * full.columns) ** 2 / (0.3 * full.columns) ** 2 + (Math.floor(i / full.columns) - 0.6 * full.rows) ** 2 / (0.3 * full.rows) ** 2 <= 1 ? c : 0) };
    let u0 = Infinity, u1 = -1, v0 = Infinity, v1 = -1;
    inner.codes.forEach((c, i) => { if (c) { const u = i % full.columns, v = Math.floor(i / full.columns); u0 = Math.min(u0, u); u1 = Math.max(u1, u); v0 = Math.min(v0, v); v1 = Math.max(v1, v); } });
    const box = (u1 - u0 + 1) * (v1 - v0 + 1);
    expect(box).toBeLessThan(0.5 * full.codes.length);
    // the whole grid, none empty: stored as before (format 5's words)
    const whole = roundTrip({ ...t, orientationMap: full });
    expect(whole.words[2 + 1 + whole.count] & COMPACT_MAP_BOXED).toBe(0);
    expect(whole.words.length - 3).toBe(1 + whole.count + 1 + Math.ceil(full.codes.length / 8));
    const { words, back, count } = roundTrip({ ...t, orientationMap: inner });
    const base = 2 + 1 + count;
    expect(words[base]).toBe(16 | COMPACT_MAP_BOXED);
    expect([words[base + 1], words[base + 2]]).toEqual([(u0 | (v0 << 16)) >>> 0, ((u1 - u0 + 1) | ((v1 - v0 + 1) << 16)) >>> 0]);
    expect(words.length - 3).toBe(1 + count + 3 + Math.ceil(box / 8));
    expect(back.orientationMap).toEqual(inner);
    expect({ ...back, orientationMap: undefined }).toEqual({ ...whole.back, orientationMap: undefined });
    // a map without print: an empty box
    const none = roundTrip({ ...t, orientationMap: { ...full, codes: new Uint8Array(full.codes.length) } });
    expect(none.words.length - 3).toBe(1 + none.count + 3);
    expect(none.back.orientationMap!.codes.every((c) => c === 0)).toBe(true);
    // a box outside its grid is refused
    const bad = Uint32Array.from(words);
    bad[base + 1] = ((full.columns - 1) | (v0 << 16)) >>> 0;
    expect(() => readCompactFinger(bad, 2, count, t.quality)).toThrow(/outside/);
    // the gallery stores the fewer words, and compacts them
    const g = new Gallery(), plain = new Gallery();
    g.put('a', [{ position: 1, template: { ...t, orientationMap: inner } }]);
    plain.put('a', [{ position: 1, template: t }]);
    expect(g.stats().usedBytes - plain.stats().usedBytes).toBe(4 * (3 + Math.ceil(box / 8)));
    g.put('a', [{ position: 1, template: t }]);
    expect(g.stats().deadWords).toBe(1 + count + 3 + Math.ceil(box / 8));
    g.compact();
    expect(g.stats()).toEqual(plain.stats());
  });

  it('leaves the map out of a template not at 500 ppi (its cells are the template pixels)', () => {
    const at569 = { ...t, ppi: 569, orientationMap: loopMap(t.width, t.height, 16) };
    expect(flattenTemplate(at569).orientationMap).toBeUndefined();
    expect(flattenTemplate({ ...at569, ppi: 500 }).orientationMap).toBe(at569.orientationMap);
  });

  it('refuses what it cannot hold: a taller image than 15 bits, a map not covering the image', () => {
    const tall = flattenTemplate({ ...t, height: COMPACT_MAX_HEIGHT + 1, minutiae: [] });
    expect(() => compactFingerWords(tall, 0)).toThrow(/too large for the gallery/);
    expect(compactFingerWords({ ...tall, height: COMPACT_MAX_HEIGHT }, 0)).toBe(1);
    const wrong = { ...flattenTemplate(t), orientationMap: loopMap(t.width + 16, t.height, 16) };
    expect(() => compactFingerWords(wrong, 0)).toThrow(/does not cover/);
  });

  it('converts a header of a snapshot before format 5: a finger over 32,767 px tall reads back without a map', () => {
    const ordinary = (388 | (374 << 16)) >>> 0;
    expect(convertCompactHeaderBeforeFormat5(ordinary)).toBe(ordinary);
    const tall = (388 | (40000 << 16)) >>> 0;
    const words = Uint32Array.of(convertCompactHeaderBeforeFormat5(tall));
    expect(storedCompactWords(words, 0, 0)).toBe(1);
    expect(readCompactFinger(words, 0, 0, 50)).toEqual({ width: 388, height: COMPACT_MAX_HEIGHT, ppi: 500, quality: 50, minutiae: [] });
  });

  it('memory per finger: 304 bytes more with a map at 16-px cells on a 388 × 374 print, print in every cell', () => {
    const print: Template = { ...t, width: 388, height: 374, minutiae: t.minutiae.filter((m) => m.x < 388 && m.y < 374) };
    const loop = loopMap(388, 374, 16);
    const withMap: Template = { ...print, orientationMap: { ...loop, codes: loop.codes.map((c) => c || 1) } };
    expect(withMap.orientationMap!.codes.length).toBe(25 * 24);
    const n = flattenTemplate(print).count;
    expect(compactFingerWords(flattenTemplate(print), n)).toBe(1 + n);
    expect(compactFingerWords(flattenTemplate(withMap), n) * 4 - (1 + n) * 4).toBe(304);
    // the gallery's own account: the same subject with and without maps
    const plain = new Gallery(), mapped = new Gallery();
    plain.put('a', [{ position: 1, template: print }]);
    mapped.put('a', [{ position: 1, template: withMap }]);
    expect(mapped.stats().usedBytes - plain.stats().usedBytes).toBe(304);
    // replacing and removing account for the map's words too
    mapped.put('a', [{ position: 1, template: print }]);
    expect(mapped.stats().deadWords).toBe(1 + n + 76);
    mapped.compact();
    expect(mapped.stats()).toEqual(plain.stats());
  });
});
