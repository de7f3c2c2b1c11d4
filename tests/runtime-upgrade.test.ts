/**
 * The first start after a gallery format upgrade: the service loads the converted snapshot in
 * seconds (no subject re-encoded at start-up), serves it, encodes the subjects again in the
 * background and then saves a current snapshot, so the next start has nothing left to do.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { Gallery, RenewingGallery, syncGalleryWithStore, type SubjectRecord, type UpgradeReport } from '../src/index/index.js';
import { buildRuntime, gallerySnapshotFile, upgradeGalleryInBackground } from '../src/runtime.js';
import { openEmbeddedStore } from '../src/store/index.js';
import { encodeTemplate } from '../src/templates/index.js';
import { tenPrint } from './index/helpers.js';
import { waitUntil } from './helpers/eventually.js';
import { asGalleryFormat3 } from './helpers/snapshot-format.js';

function subject(n: number): SubjectRecord {
  return {
    id: `v${n}`, referenceNumber: `FR1UPG${n}`, memberState: 'FR', category: 1, capturedAt: Date.now() - 864e5,
    fingers: tenPrint(43, n, 0).map((f) => ({ position: f.position, impression: 'rolled' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
  };
}

describe('runtime start-up from a snapshot of an earlier format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-runtime-upgrade-'));
  const config = loadConfig({ AFIS_DATA_DIR: dir });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves at once, upgrades in the background, saves a current snapshot', async () => {
    const loads: Array<{ fromSnapshot: boolean; encoded: number; unchanged: number; coarse: number }> = [];
    const upgrades: UpgradeReport[] = [];
    const open = () => buildRuntime(config, { searchThreads: 'none', onGalleryLoaded: (i) => loads.push(i), onGalleryUpgraded: (r) => upgrades.push(r) });
    let rt = await open();
    await rt.store.subjects.putMany([0, 1, 2, 3, 4, 5].map(subject));
    await rt.close();
    rt = await open();
    expect(loads[1]).toMatchObject({ fromSnapshot: true, encoded: 6, coarse: 0 });
    await rt.close();
    const file = gallerySnapshotFile(config);
    const current = Gallery.loadSnapshot(file);
    asGalleryFormat3(file);

    rt = await open();
    // nothing re-encoded at start-up: the converted gallery is searched while the upgrade runs
    expect(loads[2]).toMatchObject({ fromSnapshot: true, encoded: 0, unchanged: 6, coarse: 6 });
    expect(rt.gallery!.size).toBe(6);
    await waitUntil(() => upgrades.length > 0, 30_000);
    expect(upgrades[0]).toMatchObject({ upgraded: 6, left: 0, failed: 0 });
    expect(rt.gallery!.coarseSubjects).toBe(0);
    expect(await rt.metrics.scrape()).toContain('afis_gallery_upgrade_pending{shard="all"} 0');
    for (let n = 0; n < 6; n++) expect(rt.gallery!.digestOf(`v${n}`)).toBe(current.digestOf(`v${n}`));
    // saved once done: a crash from here on does not repeat the upgrade
    expect(readFileSync(file).subarray(0, 200).toString('utf8')).toContain('"format":"afis-gallery-6"');
    expect(Gallery.loadSnapshot(file).coarseSubjects).toBe(0);
    await rt.close();

    rt = await open();
    expect(loads[3]).toMatchObject({ fromSnapshot: true, encoded: 0, unchanged: 6, coarse: 0 });
    await rt.close();
    expect(upgrades).toHaveLength(1);
  }, 120_000);

  it('a stop at any point of the upgrade leaves a snapshot the next start loads and finishes', async () => {
    const file = gallerySnapshotFile(config);
    asGalleryFormat3(file);
    const loads: Array<{ coarse: number; encoded: number }> = [];
    const upgrades: UpgradeReport[] = [];
    const open = () => buildRuntime(config, { searchThreads: 'none', onGalleryLoaded: (i) => loads.push(i), onGalleryUpgraded: (r) => upgrades.push(r) });
    let rt = await open();
    expect(loads[0]).toMatchObject({ coarse: 6, encoded: 0 });
    // closed at once: whatever the upgrade had not done yet stays marked in the snapshot
    // (a partial stop is shown step by step in tests/index/upgrade-coarse-subjects.test.ts)
    await rt.close();
    const kept = Gallery.loadSnapshot(file).coarseSubjects;
    expect(kept + (upgrades[0]?.upgraded ?? 0)).toBeGreaterThanOrEqual(6);
    rt = await open();
    expect(loads[1]).toMatchObject({ coarse: kept, encoded: 0, unchanged: 6 });
    await waitUntil(() => rt.gallery!.coarseSubjects === 0, 30_000);
    await rt.close();
    expect(Gallery.loadSnapshot(file).coarseSubjects).toBe(0);
  }, 120_000);
});

describe('upgradeGalleryInBackground', () => {
  it('saves the snapshot every saveEvery subjects and when done, so a kill goes on from the last save', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-upgrade-save-'));
    const store = openEmbeddedStore({ dir });
    try {
      await store.ready();
      await store.subjects.putMany(Array.from({ length: 12 }, (_, n) => subject(n)));
      const g = new Gallery();
      await syncGalleryWithStore(store.subjects, g);
      const file = join(dir, 'g.snapshot');
      g.saveSnapshot(file);
      asGalleryFormat3(file);
      const galleries = new RenewingGallery(Gallery.loadSnapshot(file), { store: store.subjects });
      const saved: number[] = [];
      const save = (): void => {
        saved.push(galleries.current.coarseSubjects);
        galleries.current.saveSnapshot(file);
      };
      const done: UpgradeReport[] = [];
      const upgrade = upgradeGalleryInBackground(galleries, store.subjects, undefined, save, { onDone: (r) => done.push(r) }, { saveEvery: 5, batchSize: 4 });
      await upgrade.running;
      // batches of 4: a save after 8 (the first past 5), none at 12 (the next is due at 13), then the final one
      expect(saved).toEqual([4, 0]);
      expect(done).toMatchObject([{ upgraded: 12, left: 0 }]);
      expect(Gallery.loadSnapshot(file).coarseSubjects).toBe(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
