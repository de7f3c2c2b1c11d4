/**
 * Start-up from a gallery snapshot: a graceful stop writes it, the next start loads it and
 * re-encodes only what the store changed meanwhile; a damaged snapshot falls back to the store.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { buildRuntime, gallerySnapshotFile } from '../src/runtime.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../src/synthetic/index.js';
import { encodeTemplate } from '../src/templates/index.js';
import type { SubjectRecord } from '../src/index/index.js';

function subject(n: number): SubjectRecord {
  const fingers = generateSyntheticTenPrint(99, n, 0).map((imp, i) => {
    const t = impressionToTemplate(imp);
    return { position: i + 1, impression: 'rolled' as const, quality: Math.round(t.quality), template: encodeTemplate(t) };
  });
  return { id: `s-${n}`, referenceNumber: `FR1SNAP${n}`, memberState: 'FR', category: 1, capturedAt: Date.now() - 864e5, fingers };
}

describe('runtime start-up from a gallery snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-runtime-'));
  const config = loadConfig({ AFIS_DATA_DIR: dir });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the snapshot on close and syncs only the changes at the next start', async () => {
    const loads: Array<{ fromSnapshot: boolean; encoded: number; unchanged: number; removed: number }> = [];
    const open = () => buildRuntime(config, { searchThreads: 'none', onGalleryLoaded: (i) => loads.push(i) });
    let rt = await open();
    await rt.store.subjects.putMany([0, 1, 2, 3, 4].map(subject));
    await rt.close();
    expect(loads[0]).toMatchObject({ fromSnapshot: false, encoded: 0 });
    expect(existsSync(gallerySnapshotFile(config))).toBe(true);

    // the store holds 5 subjects the snapshot lacks (they were written behind the gallery's back)
    rt = await open();
    expect(loads[1]).toMatchObject({ fromSnapshot: true, encoded: 5, unchanged: 0 });
    expect(rt.gallery!.stats().subjects).toBe(5);
    await rt.close();

    // unchanged subjects are not re-encoded; a removed one leaves, a new one comes
    rt = await open();
    expect(loads[2]).toMatchObject({ fromSnapshot: true, encoded: 0, unchanged: 5, removed: 0 });
    await rt.store.subjects.remove('s-2');
    await rt.store.subjects.put(subject(7));
    await rt.close();
    rt = await open();
    expect(loads[3]).toMatchObject({ fromSnapshot: true, encoded: 1, unchanged: 4 });
    expect(rt.gallery!.has('s-2')).toBe(false);
    expect(rt.gallery!.has('s-7')).toBe(true);
    await rt.close();
  });

  it('ignores a damaged snapshot and loads from the store', async () => {
    writeFileSync(gallerySnapshotFile(config), 'not a snapshot at all');
    const loads: Array<{ fromSnapshot: boolean; encoded: number }> = [];
    const rt = await buildRuntime(config, { searchThreads: 'none', onGalleryLoaded: (i) => loads.push(i) });
    expect(loads[0]).toMatchObject({ fromSnapshot: false, encoded: 5 });
    expect(rt.gallery!.stats().subjects).toBe(5);
    await rt.close();
  });
});
