/**
 * `afis bench search --images` (issue 11): the gallery and the probes come from synthetic images
 * through our extractor, not from the template generator. A tiny run checks the wiring; the
 * figures themselves are benchmarks (bench/RESULTS.md).
 */
import { describe, expect, it } from 'vitest';
import { benchmarkSearch } from '../../src/cli/commands/bench-search.js';
import { SCORE_CALIBRATION } from '../../src/matching/index.js';

describe('afis bench search --images', () => {
  it('builds the gallery from extracted synthetic images and searches with extracted probes', { timeout: 300_000 }, async () => {
    const r = await benchmarkSearch({ subjects: 2, mated: 1, nonMated: 1, threads: 1, concurrency: 1, images: true, seed: 77 });
    expect(r.templates).toBe('images');
    expect(r.fingers).toBe(20);
    expect(r.calibration).toEqual(SCORE_CALIBRATION);
    expect(r.matedSearches).toBe(1);
    expect(r.fnir).toBeGreaterThanOrEqual(0);
    expect(r.fnir).toBeLessThanOrEqual(1);
  });
});
