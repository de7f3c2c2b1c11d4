import { describe, expect, it } from 'vitest';
import { Gallery, SUBJECT_FLAGS, readCompactFinger, flattenTemplate, writeCompactFinger, subjectChunkLayout } from '../../src/index/index.js';
import { convertCompactWordBeforeFormat4 } from '../../src/index/encode-compact-finger.js';
import { tenPrint } from './helpers.js';

describe('compact finger form', () => {
  it('keeps positions to a pixel, angles to 0.7° and types', () => {
    const t = tenPrint(1, 0, 0)[0].template;
    const flat = flattenTemplate(t);
    const words = new Uint32Array(1 + flat.count);
    writeCompactFinger(flat, flat.count, words, 0);
    const back = readCompactFinger(words, 0, flat.count, t.quality);
    expect(back.width).toBe(t.width);
    expect(back.minutiae.length).toBe(t.minutiae.length);
    back.minutiae.forEach((m, i) => {
      expect(Math.abs(m.x - flat.x[i])).toBeLessThanOrEqual(1);
      expect(Math.abs(m.y - flat.y[i])).toBeLessThanOrEqual(1);
      const d = Math.abs(m.angle - flat.angle[i]);
      expect(Math.min(d, 2 * Math.PI - d)).toBeLessThanOrEqual(Math.PI / 256 + 1e-6);
      expect(m.type).toBe(flat.type[i] === 2 ? 'bifurcation' : 'ending');
      expect(m.quality).toBe(flat.minutiaQuality[i] >= 50 ? 75 : 25);
    });
  });

  it('keeps ISO/IEC 19794-2 angles (256 steps) exactly', () => {
    const t = tenPrint(1, 0, 0)[0].template;
    const iso = { ...t, minutiae: t.minutiae.map((m, i) => ({ ...m, angle: ((i * 37 + 1) % 256) * ((2 * Math.PI) / 256) })) };
    const flat = flattenTemplate(iso);
    const words = new Uint32Array(1 + flat.count);
    writeCompactFinger(flat, flat.count, words, 0);
    const back = readCompactFinger(words, 0, flat.count, t.quality);
    back.minutiae.forEach((m, i) => expect(Math.round((m.angle / (2 * Math.PI)) * 256)).toBe(Math.round((flat.angle[i] / (2 * Math.PI)) * 256)));
    back.minutiae.forEach((m, i) => expect(Math.abs(m.angle - flat.angle[i])).toBeLessThan(1e-6));
  });

  it('converts a word of the layout before snapshot format 4 to the same minutia', () => {
    for (const [x, y, a7, type, level] of [[0, 0, 0, 0, 0], [2047, 2047, 127, 1, 3], [513, 1025, 64, 0, 2], [17, 900, 1, 1, 1]]) {
      const old = (x | (y << 11) | (a7 << 22) | (type << 29) | (level << 30)) >>> 0;
      const flat = { width: 2048, height: 2048, quality: 50, count: 1, x: [x], y: [y], angle: [(a7 * 2 * Math.PI) / 128], type: [type ? 2 : 1], minutiaQuality: [level * 25 + 12] };
      const words = new Uint32Array(2);
      writeCompactFinger(flat, 1, words, 0);
      expect(convertCompactWordBeforeFormat4(old)).toBe(words[1]);
    }
  });
});

describe('gallery', () => {
  it('adds, replaces, removes and compacts subjects', () => {
    const g = new Gallery();
    for (let s = 0; s < 30; s++) g.put(`s${s}`, tenPrint(2, s, 0), { category: 1, memberState: 'BE' });
    expect(g.size).toBe(30);
    expect(g.stats().fingers).toBe(300);
    // replace with three fingers: finger count drops, size stays
    g.put('s3', tenPrint(2, 3, 1, [1, 2, 6]), { category: 2, memberState: 'FR', flags: SUBJECT_FLAGS.blocked });
    expect(g.size).toBe(30);
    expect(g.stats().fingers).toBe(293);
    expect(g.getMeta('s3')).toEqual({ category: 2, memberState: 'FR', flags: SUBJECT_FLAGS.blocked });
    expect(g.remove('s4')).toBe(true);
    expect(g.remove('s4')).toBe(false);
    expect(g.has('s4')).toBe(false);
    expect(g.size).toBe(29);
    expect(g.stats().fingers).toBe(283);
    expect(g.stats().deadWords).toBeGreaterThan(0);
    const before = g.snapshot();
    g.compact();
    const st = g.stats();
    expect(st.deadWords).toBe(0);
    expect(st.fingers).toBe(283);
    expect(g.size).toBe(29);
    expect(g.getMeta('s3')?.memberState).toBe('FR');
    expect(g.snapshot().memory.slotCount).toBe(29);
    // the old snapshot still names the removed subject's slot: searches in flight stay consistent
    expect(before.ids[4]).toBe('s4');
    expect(st.bytesPerFinger).toBeGreaterThan(100);
    expect(st.bytesPerFinger).toBeLessThan(500);
  });

  it('rejects bad positions and duplicate fingers with a typed error', () => {
    const g = new Gallery();
    const f = tenPrint(2, 0, 0, [1])[0];
    expect(() => g.put('x', [{ ...f, position: 0 }])).toThrow(expect.objectContaining({ code: 'AFIS_VALIDATION' }));
    expect(() => g.put('x', [f, f])).toThrow(expect.objectContaining({ code: 'AFIS_VALIDATION' }));
    expect(() => g.put('', [f])).toThrow(expect.objectContaining({ code: 'AFIS_VALIDATION' }));
    expect(g.size).toBe(0);
  });
});

describe('gallery snapshot', () => {
  it('restores the same subjects, metadata and memory', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'afis-gallery-'));
    try {
      const g = new Gallery();
      for (let s = 0; s < 12; s++) g.put(`s${s}`, tenPrint(4, s, 0, s === 3 ? [1, 2] : undefined), { category: s % 4, memberState: 'PL', flags: s === 5 ? SUBJECT_FLAGS.blocked : 0 });
      g.remove('s7');
      const file = join(dir, 'g.bin');
      g.saveSnapshot(file);
      const h = Gallery.loadSnapshot(file);
      expect(h.size).toBe(11);
      expect(h.has('s7')).toBe(false);
      expect(h.stats()).toEqual(g.stats());
      expect(h.getMeta('s5')).toEqual(g.getMeta('s5'));
      const a = g.snapshot().memory;
      const b = h.snapshot().memory;
      const data = (m: typeof a): Buffer => Buffer.from(new Uint8Array(m.subjectChunks[0].buffer, 0, subjectChunkLayout(m.codeStride).dataBytes));
      expect(data(b).equals(data(a))).toBe(true);
      writeFileSync(join(dir, 'bad.bin'), 'not a snapshot');
      expect(() => Gallery.loadSnapshot(join(dir, 'bad.bin'))).toThrow(expect.objectContaining({ code: 'AFIS_STORE_CORRUPT' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the stop-bit generation: masks, the generation and the size they came from', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'afis-gallery-'));
    try {
      const g = new Gallery();
      for (let s = 0; s < 12; s++) g.put(`s${s}`, tenPrint(5, s, 0));
      expect(g.stopBitsGeneration).toEqual({ generation: 0, subjects: 0 });
      g.applyStopMasks(g.computeStopMasks(0.25), { generation: 3, subjects: 4000 });
      // the same masks again only update the generation record; other masks are refused
      g.applyStopMasks(g.stopMasks, { generation: 4, subjects: 16000 });
      expect(g.stopBitsGeneration).toEqual({ generation: 4, subjects: 16000 });
      const other = Uint32Array.from(g.stopMasks);
      other[0] ^= 1;
      expect(() => g.applyStopMasks(other, { generation: 5, subjects: 64000 })).toThrow(expect.objectContaining({ code: 'AFIS_VALIDATION' }));
      expect(() => g.applyStopMasks(g.stopMasks, { generation: 0, subjects: 1 })).toThrow(expect.objectContaining({ code: 'AFIS_VALIDATION' }));
      const file = join(dir, 'g.bin');
      g.saveSnapshot(file);
      const h = Gallery.loadSnapshot(file);
      expect(h.stopBitsGeneration).toEqual({ generation: 4, subjects: 16000 });
      expect(Array.from(h.stopMasks)).toEqual(Array.from(g.stopMasks));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('computes and applies stop masks in steps exactly as in one go (a gallery larger than one step)', async () => {
    let x = 12345;
    const u = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    const build = (): Gallery => {
      x = 12345;
      const g = new Gallery();
      for (let s = 0; s < 2500; s++) {
        g.putEncoded(`r${s}`, Array.from({ length: 10 }, (_, f) => (s % 7 === 3 && f === 4 ? null : {
          words: new Uint32Array([0]), count: 0, quality: 50, code: Uint32Array.from({ length: 64 }, () => (u() & u() & (u() | u())) >>> 0), popcount: 0,
        })));
      }
      g.remove('r17');
      return g;
    };
    const a = build();
    const b = build();
    let pauses = 0;
    const pause = async (): Promise<void> => {
      pauses++;
    };
    const masks = a.computeStopMasks();
    expect(Array.from(await b.computeStopMasksInSteps(pause))).toEqual(Array.from(masks));
    expect(pauses).toBe(3);
    a.applyStopMasks(masks, { generation: 2, subjects: 2500 });
    await b.applyStopMasksInSteps(masks, { generation: 2, subjects: 2500 }, pause);
    expect(pauses).toBe(6);
    expect(b.stopBitsGeneration).toEqual(a.stopBitsGeneration);
    expect(b.codePacking.stride).toBe(a.codePacking.stride);
    const data = (g: Gallery): Buffer => Buffer.from(new Uint8Array(g.snapshot().memory.subjectChunks[0].buffer, 0, subjectChunkLayout(g.codePacking.stride).dataBytes));
    expect(data(b).equals(data(a))).toBe(true);
  });
});
