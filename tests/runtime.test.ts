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
import { openEmbeddedStore } from '../src/store/index.js';
import { SEARCH_PARAMETERS } from '../src/config/parameters.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../src/synthetic/index.js';
import { decodeTemplate, encodeTemplate } from '../src/templates/index.js';
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

describe('runtime: stop bits of a running gallery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-runtime-stop-bits-'));
  const config = loadConfig({ AFIS_DATA_DIR: dir });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the first masks once the gallery crosses stopBitsMinSubjects, without a restart, and keeps them in the snapshot', async () => {
    const min = SEARCH_PARAMETERS.stopBitsMinSubjects;
    const store = openEmbeddedStore({ dir });
    await store.ready();
    for (let s = 0; s < min - 1; s += 111) await store.subjects.putMany(Array.from({ length: Math.min(111, min - 1 - s) }, (_, i) => subject(s + i)));
    await store.close();
    const renewed: unknown[] = [];
    let rt = await buildRuntime(config, { searchThreads: 'none', onStopBitsRenewed: (r) => renewed.push(r) });
    expect(rt.gallery!.size).toBe(min - 1);
    expect(rt.gallery!.hasStopBits).toBe(false);
    expect((await rt.renewStopBits!()).outcome).toBe('kept');
    const before = rt.gallery!;
    // one more enrolment (the store first, then the gallery, as the workflow does)
    const last = subject(min - 1);
    await rt.store.subjects.put(last);
    rt.gallery!.put(last.id, last.fingers.map((f) => ({ position: f.position, template: decodeTemplate(f.template) })), { category: 1, memberState: 'FR' });
    const r = await rt.renewStopBits!();
    expect(r.outcome).toBe('renewed');
    expect(r.generation).toEqual({ generation: 1, subjects: min });
    expect(renewed).toHaveLength(1);
    expect(rt.gallery).not.toBe(before);
    expect(rt.gallery!.hasStopBits).toBe(true);
    expect(rt.gallery!.size).toBe(min);
    expect(await rt.metrics.scrape()).toContain('afis_gallery_stop_bits_generation{shard="all"} 1');
    await rt.close();
    // the next start takes the snapshot with its masks and generation
    const loads: Array<{ fromSnapshot: boolean }> = [];
    rt = await buildRuntime(config, { searchThreads: 'none', onGalleryLoaded: (i) => loads.push(i) });
    expect(loads[0].fromSnapshot).toBe(true);
    expect(rt.gallery!.stopBitsGeneration).toEqual({ generation: 1, subjects: min });
    expect((await rt.renewStopBits!()).outcome).toBe('kept');
    await rt.close();
  }, 300_000);
});
