import { describe, expect, it } from 'vitest';
import {
  COMPACT_MAP_FLAG, COMPACT_MAX_HEIGHT, compactFingerWords, convertCompactHeaderBeforeFormat5, flattenTemplate, readCompactFinger, storedCompactWords, writeCompactFinger,
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
      expect(words.length - 3).toBe(1 + count + 1 + Math.ceil((map.columns * map.rows) / 8));
      expect(back.orientationMap).toEqual(map);
      expect(back.orientationMap!.codes).toBeInstanceOf(Uint8Array);
      const { back: plain } = roundTrip(t);
      expect({ ...back, orientationMap: undefined }).toEqual({ ...plain, orientationMap: undefined });
      expect([back.width, back.height]).toEqual([t.width, t.height]);
    }
  });

  it("reads the map's codes into a caller's scratch when it is large enough (codesInto), else into a new array: the same template", () => {
    const map = loopMap(t.width, t.height, 16, 1);
    const cells = map.columns * map.rows;
    const { words, back, count } = roundTrip({ ...t, orientationMap: map });
    const scratch = new Uint8Array(cells + 40).fill(99);
    const into = readCompactFinger(words, 2, count, t.quality, true, scratch);
    expect(into).toEqual(back);
    expect(into.orientationMap!.codes.buffer).toBe(scratch.buffer);
    expect(into.orientationMap!.codes.length).toBe(cells);
    expect(Array.from(scratch.subarray(cells))).toEqual(new Array(40).fill(99));
    // too small: a new array, the scratch untouched
    const small = new Uint8Array(cells - 1).fill(7);
    const fresh = readCompactFinger(words, 2, count, t.quality, true, small);
    expect(fresh).toEqual(back);
    expect(fresh.orientationMap!.codes.buffer).not.toBe(small.buffer);
    expect(small.every((v) => v === 7)).toBe(true);
    // a finger without a map leaves the scratch alone
    const { words: plainWords, back: plain } = roundTrip(t);
    expect(readCompactFinger(plainWords, 2, count, t.quality, true, scratch)).toEqual(plain);
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

  it('memory per finger: 304 bytes more with a map at 16-px cells on a 388 × 374 print', () => {
    const print: Template = { ...t, width: 388, height: 374, minutiae: t.minutiae.filter((m) => m.x < 388 && m.y < 374) };
    const withMap: Template = { ...print, orientationMap: loopMap(388, 374, 16) };
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
