import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gallery, GallerySearcher, createSearchPool, resolveSearchWorkerFile, type SearchPool } from '../../src/index/index.js';
import { SEARCH_PARAMETERS } from '../../src/config/parameters.js';
import { syntheticCalibration, tenPrint } from './helpers.js';

// The workers run the compiled dist/index/search-worker.js: `npm test` builds it first (pretest).
const SEED = 9;
const params = { ...SEARCH_PARAMETERS, parallelScanMinSlots: 1, parallelMatchMinSubjects: 1 };
let pool: SearchPool;
let gallery: Gallery;

beforeAll(() => {
  pool = createSearchPool({ threads: 2 });
  gallery = new Gallery(params);
  for (let s = 0; s < 40; s++) gallery.put(`w${s}`, tenPrint(SEED, s, 0), { category: 1 + (s % 2) });
});
afterAll(async () => {
  await pool?.close();
});

describe('search on worker threads', () => {
  it('finds the compiled worker', () => {
    expect(resolveSearchWorkerFile()).toMatch(/search-worker\.js$/);
    expect(() => resolveSearchWorkerFile('/nonexistent/search-worker.js')).toThrow(expect.objectContaining({ code: 'AFIS_INDEX_NOT_READY' }));
  });

  it('gives exactly the single-thread results, also for concurrent searches', async () => {
    const calibration = syntheticCalibration(SEED, 20);
    const single = new GallerySearcher(gallery, { calibration, params });
    const multi = new GallerySearcher(gallery, { calibration, params, pool });
    const probes = [5, 17, 33].map((s) => tenPrint(SEED, s, 1));
    const expected = await Promise.all(probes.map((p) => single.search(p, { shortlistSize: 10, filter: { categories: [1, 2] } })));
    const got = await Promise.all(probes.map((p) => multi.search(p, { shortlistSize: 10, filter: { categories: [1, 2] } })));
    for (let i = 0; i < probes.length; i++) {
      expect(got[i].candidates).toEqual(expected[i].candidates);
      expect(got[i].eligible).toBe(expected[i].eligible);
    }
    expect(got[0].candidates[0].id).toBe('w5');
    const brute = await multi.search(probes[1], { mode: 'brute-force' });
    const bruteSingle = await single.search(probes[1], { mode: 'brute-force' });
    expect(brute.candidates).toEqual(bruteSingle.candidates);
    expect(brute.shortlisted).toBe(40);
  });
});
