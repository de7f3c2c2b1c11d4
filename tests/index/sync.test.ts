import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../src/store/index.js';
import type { AfisStore } from '../../src/store/index.js';
import { encodeTemplate } from '../../src/templates/index.js';
import { Gallery, GallerySearcher, loadGalleryFromStore, recordDigest, syncGalleryWithStore, type SubjectRecord } from '../../src/index/index.js';
import { syntheticCalibration, tenPrint } from './helpers.js';

const SEED = 21;
let dir: string;
let store: AfisStore;

function record(s: number, impression = 0, extra: Partial<SubjectRecord> = {}): SubjectRecord {
  return {
    id: `r${s}`,
    referenceNumber: `NL2${String(s).padStart(6, '0')}`,
    memberState: 'NL',
    category: 2,
    capturedAt: 1_700_000_000_000,
    fingers: tenPrint(SEED, s, impression).map((f) => ({ position: f.position, impression: 'rolled' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
    ...extra,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'afis-sync-'));
  store = openEmbeddedStore({ dir });
  await store.ready();
  await store.subjects.putMany(Array.from({ length: 12 }, (_, s) => record(s)));
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('start-up from a snapshot synchronised with the store', () => {
  it('re-encodes only what changed and ends equal to a fresh load', async () => {
    const g = new Gallery();
    expect(await loadGalleryFromStore(store.subjects, g)).toBe(12);
    const file = join(dir, 'gallery.snapshot');
    g.saveSnapshot(file);
    // the store moves on while the process is down
    await store.subjects.remove('r3');
    await store.subjects.put(record(4, 1)); // other fingers for r4
    await store.subjects.put(record(7, 0, { blockedAt: 1_700_000_000_999 })); // metadata only
    await store.subjects.put(record(12));
    const restored = Gallery.loadSnapshot(file);
    const sync = await syncGalleryWithStore(store.subjects, restored);
    expect(sync).toEqual({ encoded: 3, unchanged: 9, removed: 1 });
    expect(restored.has('r3')).toBe(false);
    expect(restored.getMeta('r7')?.flags).toBe(1);
    const fresh = new Gallery();
    await loadGalleryFromStore(store.subjects, fresh);
    expect(restored.size).toBe(fresh.size);
    const calibration = syntheticCalibration(SEED, 10);
    for (const s of [4, 12]) {
      const probe = tenPrint(SEED, s, 2);
      const a = await new GallerySearcher(restored, { calibration }).search(probe, { mode: 'brute-force', maxCandidates: 4 });
      const b = await new GallerySearcher(fresh, { calibration }).search(probe, { mode: 'brute-force', maxCandidates: 4 });
      expect(a.candidates).toEqual(b.candidates);
      expect(a.candidates[0].id).toBe(`r${s}`);
    }
    // a second sync has nothing to do
    expect(await syncGalleryWithStore(store.subjects, restored)).toEqual({ encoded: 0, unchanged: 12, removed: 0 });
  });

  it('digests change with templates and metadata, not with unrelated fields', () => {
    const a = record(1);
    expect(recordDigest(a)).toBe(recordDigest({ ...a, operatorId: 'someone else' }));
    expect(recordDigest(a)).not.toBe(recordDigest(record(1, 1)));
    expect(recordDigest(a)).not.toBe(recordDigest({ ...a, category: 1 }));
  });
});
