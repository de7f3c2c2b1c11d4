/**
 * `afis bench search` builds galleries whose fingers carry orientation maps, as the templates we
 * extract do (default), or none (`--no-maps`, the galleries measured before). A tiny run checks
 * the wiring: the maps reach the gallery (more bytes a finger, read back by the second stage),
 * the probes carry them, and the two kinds are cached apart. The figures are benchmarks
 * (bench/RESULTS.md, searchmap).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchmarkSearch, syntheticTemplates } from '../../src/cli/commands/bench-search.js';
import { encodeSyntheticBatch, syntheticFingers } from '../../src/cli/commands/bench-search-worker.js';
import { Gallery, GalleryReader, readCompactFinger } from '../../src/index/index.js';
import { NO_FINGER, POOL_CHUNK_BITS, POOL_CHUNK_WORDS, fingerEntry, fingerInfoCount, fingerInfoQuality } from '../../src/index/gallery-layout.js';
import { drawSyntheticOrientationMap, syntheticMapTurn } from '../../src/synthetic/index.js';

const dir = mkdtempSync(join(tmpdir(), 'afis-bench-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('afis bench search with orientation maps', () => {
  it('gives the generator\'s fingers a synthetic map by default, the same as the probes\', none with maps false', () => {
    const withMaps = syntheticFingers(5, 3, 0, false);
    const without = syntheticFingers(5, 3, 0, false, false);
    withMaps.forEach((f, k) => {
      expect(f.orientationMap).toEqual(drawSyntheticOrientationMap(f.width, f.height, syntheticMapTurn(3, k)));
      expect(without[k].orientationMap).toBeUndefined();
    });
    // a probe (impression 1) of the same finger carries the same turn
    const probe = syntheticTemplates(5, 3, 1, true);
    probe.forEach((t, k) => expect(t.orientationMap).toEqual(drawSyntheticOrientationMap(t.width, t.height, syntheticMapTurn(3, k))));
    expect(syntheticTemplates(5, 3, 1, false).every((t) => t.orientationMap === undefined)).toBe(true);
  });

  it('encodes the maps into the gallery words, which read back with them', () => {
    const a = encodeSyntheticBatch({ seed: 5, from: 0, to: 2, impression: 0 });
    const b = encodeSyntheticBatch({ seed: 5, from: 0, to: 2, impression: 0, maps: false });
    expect(a.words.length).toBeGreaterThan(b.words.length);
    expect(a.codes).toEqual(b.codes);
    const g = new Gallery();
    for (let i = 0; i < 2; i++) {
      g.putEncoded(`S${i}`, Array.from({ length: 10 }, (_, f) => {
        const k = i * 10 + f;
        return { words: a.words.subarray(a.offsets[k], a.offsets[k + 1]), count: a.counts[k], quality: a.quality[k], code: a.codes.subarray(k * g.codeWords, (k + 1) * g.codeWords), popcount: a.popcounts[k] };
      }));
    }
    const reader = new GalleryReader(g.snapshot().memory);
    const fingers = syntheticFingers(5, 1, 0, false);
    const v = reader.subjects[0];
    for (let f = 0; f < 10; f++) {
      const e = fingerEntry(1, f);
      const at = v.addr[e];
      expect(at).not.toBe(NO_FINGER);
      const t = readCompactFinger(reader.pool[at >>> POOL_CHUNK_BITS], at & (POOL_CHUNK_WORDS - 1), fingerInfoCount(v.info[e]), fingerInfoQuality(v.info[e]));
      expect(t.orientationMap).toEqual(fingers[f].orientationMap);
    }
  });

  it('searches a gallery with maps and one without, cached apart', { timeout: 300_000 }, async () => {
    const common = { subjects: 40, mated: 2, nonMated: 2, threads: 1, concurrency: 1, seed: 91, cacheDir: dir } as const;
    const maps = await benchmarkSearch(common);
    const plain = await benchmarkSearch({ ...common, maps: false });
    expect(maps.orientationMaps).toBe(true);
    expect(plain.orientationMaps).toBe(false);
    // a synthetic map is ≈ 186 B a finger (bench/RESULTS.md, mapcost)
    expect(maps.bytesPerFinger - plain.bytesPerFinger).toBeGreaterThan(150);
    expect(maps.cpuMeanMs).toBeGreaterThan(0);
    expect(maps.matedP50Ms).toBeGreaterThan(0);
    expect(maps.nonMatedP95Ms).toBeGreaterThan(0);
    expect(readdirSync(dir).sort()).toEqual(['gallery-40-91-maps.bin', 'gallery-40-91.bin']);
    // loaded from the cache: the same gallery of each kind
    const again = await benchmarkSearch({ ...common, subjects: 30 });
    expect(again.loadedFromCache).toBe(true);
    expect(again.orientationMaps).toBe(true);
    expect(again.bytesPerFinger).toBeGreaterThan(plain.bytesPerFinger + 150);
  });
});
