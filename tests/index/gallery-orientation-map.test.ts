/**
 * The gallery carries each finger's orientation map (snapshot format afis-gallery-5; from -6 maybe
 * as the box of its cells with print), so a 1:N
 * search scores as 1:1 does with the matcher's `orientationAgreementWeight` on. The 1:N search
 * runs on the module's matching parameters: here they are set with the weight at 16 (whatever
 * the shipped default), and 1:1 is given the same parameters explicitly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Gallery, GalleryReader, GallerySearcher, syncGalleryWithStore, upgradeCoarseSubjects, type GalleryFinger, type SubjectRecord } from '../../src/index/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import type { MatchingParameters } from '../../src/config/parameters/matching.js';
import { openEmbeddedStore } from '../../src/store/index.js';
import { encodeTemplate, type Template } from '../../src/templates/index.js';
import { matchShortlist } from '../../src/index/match-shortlist.js';
import { compactFingerWords, flattenTemplate } from '../../src/index/encode-compact-finger.js';
import { loopMap, tenPrint } from './helpers.js';

vi.mock('../../src/config/parameters/matching.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/config/parameters/matching.js')>();
  return { ...real, MATCHING_PARAMETERS: Object.freeze({ ...real.MATCHING_PARAMETERS, orientationAgreementWeight: 16 }) };
});

const STEP = (2 * Math.PI) / 256;

/**
 * A synthetic finger as the compact form states it exactly (integer pixels inside the image,
 * angles in 256 steps, minutia quality 25 or 75 best first, at most 64), with an orientation map
 * in 16-px cells: 1:1 on it and 1:N on its compact form then compare the same templates.
 */
function onCompactGrid(t: Template, withMap: boolean, turn: number, whole = false): Template {
  const minutiae = t.minutiae
    .map((m) => ({
      x: Math.min(t.width - 1, Math.round(m.x)), y: Math.min(t.height - 1, Math.round(m.y)),
      angle: (Math.round(m.angle / STEP) & 255) * STEP, type: m.type === 'bifurcation' ? 'bifurcation' as const : 'ending' as const, quality: m.quality >= 50 ? 75 : 25,
    }))
    .sort((a, b) => b.quality - a.quality)
    .slice(0, 64);
  const map = loopMap(t.width, t.height, 16, turn);
  // print in every cell (the compact form stores the whole grid), or in the loop's ellipse only
  // (mostly stored as the box of its cells with print, afis-gallery-6)
  return { width: t.width, height: t.height, ppi: 500, quality: Math.round(t.quality), minutiae, ...(withMap ? { orientationMap: whole ? { ...map, codes: map.codes.map((c) => c || 1) } : map } : {}) };
}

const SEED = 29;
/** Subject s's impression; its maps stored whole on even positions and boxed on odd ones, or (`allWhole`) all whole. */
function subject(s: number, impression: number, withMap = true, allWhole = false): GalleryFinger[] {
  return tenPrint(SEED, s, impression).map((f) => ({ position: f.position, template: onCompactGrid(f.template, withMap, 0.05 * impression + 0.3 * s, allWhole || f.position % 2 === 0) }));
}

describe('1:N with orientation maps', () => {
  it("a search's second-stage scores equal compareTemplates on the original templates with orientationAgreementWeight 16", async () => {
    const real = (await vi.importActual<typeof import('../../src/config/parameters/matching.js')>('../../src/config/parameters/matching.js')).MATCHING_PARAMETERS;
    const on: MatchingParameters = { ...real, orientationAgreementWeight: 16 };
    const off: MatchingParameters = { ...real, orientationAgreementWeight: 0 };
    const N = 8;
    const gallery = new Gallery();
    const enrolled = Array.from({ length: N }, (_, s) => subject(s, 0));
    enrolled.forEach((fingers, s) => gallery.put(`s${s}`, fingers));
    const probe = subject(3, 1);
    const dir = mkdtempSync(join(tmpdir(), 'afis-mapgal-'));
    try {
      const file = join(dir, 'g.snapshot');
      gallery.saveSnapshot(file);
      expect(readFileSync(file).subarray(0, 200).toString('utf8')).toContain('"format":"afis-gallery-6"');
      const loaded = Gallery.loadSnapshot(file);
      expect(loaded.coarseSubjects).toBe(0);
      for (const g of [gallery, loaded]) {
        const result = await new GallerySearcher(g).search(probe, { mode: 'brute-force', maxCandidates: N });
        expect(result.candidates).toHaveLength(N);
        let changed = 0;
        for (const c of result.candidates) {
          const s = Number(c.id.slice(1));
          for (let f = 0; f < 10; f++) {
            const want = compareTemplates(prepareTemplate(probe[f].template, on), prepareTemplate(enrolled[s][f].template, on), on);
            expect(c.fingerScores[f]).toBe(Math.fround(want));
            const without = compareTemplates(prepareTemplate(probe[f].template, off), prepareTemplate(enrolled[s][f].template, off), off);
            if (Math.fround(without) !== c.fingerScores[f]) changed++;
          }
        }
        // the maps took part: nearly every score differs from the one without the field
        expect(changed).toBeGreaterThan(0.9 * N * 10);
      }
      // the second stage given other parameters (a bench's): the weight 0 scores, maps stored or not
      const { slots } = gallery.slotsOf(gallery.ids());
      const given = matchShortlist(new GalleryReader(gallery.snapshot().memory), probe.map((f) => prepareTemplate(f.template, off)), slots, off);
      for (let i = 0; i < slots.length; i++) {
        const s = Number(gallery.snapshot().ids[slots[i]].slice(1));
        for (let f = 0; f < 10; f++) expect(given[i * 10 + f]).toBe(Math.fround(compareTemplates(prepareTemplate(probe[f].template, off), prepareTemplate(enrolled[s][f].template, off), off)));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the second stage given the local fit (orientationAgreementLocal, maplocal) scores as 1:1 does with it, and unlike the rigid fit', async () => {
    const real = (await vi.importActual<typeof import('../../src/config/parameters/matching.js')>('../../src/config/parameters/matching.js')).MATCHING_PARAMETERS;
    const rigid: MatchingParameters = { ...real, orientationAgreementWeight: 16 };
    const local: MatchingParameters = { ...rigid, orientationAgreementLocal: 64 };
    const N = 6;
    const gallery = new Gallery();
    const enrolled = Array.from({ length: N }, (_, s) => subject(s, 0));
    enrolled.forEach((fingers, s) => gallery.put(`s${s}`, fingers));
    const probe = subject(2, 1);
    const { slots } = gallery.slotsOf(gallery.ids());
    const given = matchShortlist(new GalleryReader(gallery.snapshot().memory), probe.map((f) => prepareTemplate(f.template, local)), slots, local);
    let differs = 0;
    for (let i = 0; i < slots.length; i++) {
      const s = Number(gallery.snapshot().ids[slots[i]].slice(1));
      for (let f = 0; f < 10; f++) {
        const want = compareTemplates(prepareTemplate(probe[f].template, local), prepareTemplate(enrolled[s][f].template, local), local);
        expect(given[i * 10 + f]).toBe(Math.fround(want));
        if (want !== compareTemplates(prepareTemplate(probe[f].template, rigid), prepareTemplate(enrolled[s][f].template, rigid), rigid)) differs++;
      }
    }
    expect(differs).toBeGreaterThan(0);
  }, 60_000);

  it('loads a snapshot of format 5 (every map a whole grid) as it is: the same scores and memory, nothing to re-read', async () => {
    const N = 5;
    const gallery = new Gallery();
    const enrolled = Array.from({ length: N }, (_, s) => subject(s, 0, true, true));
    enrolled.forEach((fingers, s) => gallery.put(`s${s}`, fingers));
    // the words format 5 wrote: every finger's map as its whole grid
    for (const fingers of enrolled) for (const f of fingers) {
      const flat = flattenTemplate(f.template);
      expect(compactFingerWords(flat, flat.count)).toBe(1 + flat.count + 1 + Math.ceil(f.template.orientationMap!.codes.length / 8));
    }
    const boxed = new Gallery();
    Array.from({ length: N }, (_, s) => subject(s, 0)).forEach((fingers, s) => boxed.put(`s${s}`, fingers));
    expect(boxed.stats().usedBytes).toBeLessThan(gallery.stats().usedBytes);
    const dir = mkdtempSync(join(tmpdir(), 'afis-mapcost-'));
    try {
      const file = join(dir, 'g5.snapshot');
      gallery.saveSnapshot(file);
      const bytes = readFileSync(file);
      const headLen = Number(bytes.readBigUInt64LE(0));
      const head = bytes.subarray(8, 8 + headLen).toString('utf8');
      expect(head).toContain('"format":"afis-gallery-6"');
      Buffer.from(head.replace('"format":"afis-gallery-6"', '"format":"afis-gallery-5"')).copy(bytes, 8);
      writeFileSync(file, bytes);
      const loaded = Gallery.loadSnapshot(file);
      expect(loaded.coarseSubjects).toBe(0);
      expect(loaded.stats()).toEqual(gallery.stats());
      const probe = subject(1, 1);
      const scores = async (g: Gallery): Promise<(number | null)[][]> =>
        (await new GallerySearcher(g).search(probe, { mode: 'brute-force', maxCandidates: N })).candidates.slice().sort((a, b) => a.id.localeCompare(b.id)).map((c) => [...c.fingerScores]);
      expect(await scores(loaded)).toEqual(await scores(gallery));
      // an unknown format is still refused
      Buffer.from(head.replace('"format":"afis-gallery-6"', '"format":"afis-gallery-7"')).copy(bytes, 8);
      writeFileSync(file, bytes);
      expect(() => Gallery.loadSnapshot(file)).toThrow(/not a gallery snapshot/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads a snapshot of format 4 (fingers without maps) as it was, and the background upgrade gives the fingers their maps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-mapgal-'));
    const store = openEmbeddedStore({ dir: join(dir, 'store') });
    try {
      await store.ready();
      const N = 6;
      const record = (n: number, withMap: boolean): SubjectRecord => ({
        id: `m${n}`, referenceNumber: `BE1MG${String(n).padStart(6, '0')}`, memberState: 'BE', category: 1, capturedAt: 1_700_000_000_000,
        fingers: subject(n, 0, withMap).map((f) => ({ position: f.position, impression: 'rolled' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
      });
      await store.subjects.putMany(Array.from({ length: N }, (_, n) => record(n, true)));
      const fresh = new Gallery();
      await syncGalleryWithStore(store.subjects, fresh);
      // what the gallery before this format held: the same subjects without their maps, under the same digests
      const before = new Gallery();
      for (let n = 0; n < N; n++) before.put(`m${n}`, subject(n, 0, false), { category: 1, memberState: 'BE' }, fresh.digestOf(`m${n}`));
      const file = join(dir, 'g4.snapshot');
      before.saveSnapshot(file);
      const bytes = readFileSync(file);
      const headLen = Number(bytes.readBigUInt64LE(0));
      const head = bytes.subarray(8, 8 + headLen).toString('utf8');
      expect(head).toContain('"format":"afis-gallery-6"');
      Buffer.from(head.replace('"format":"afis-gallery-6"', '"format":"afis-gallery-4"')).copy(bytes, 8);
      writeFileSync(file, bytes);

      const probe = subject(2, 1);
      const scores = async (g: Gallery): Promise<(number | null)[][]> =>
        (await new GallerySearcher(g).search(probe, { mode: 'brute-force', maxCandidates: N })).candidates.slice().sort((a, b) => a.id.localeCompare(b.id)).map((c) => [...c.fingerScores]);
      const old = Gallery.loadSnapshot(file);
      // searchable at once, exactly as the gallery before read: without maps
      expect(await scores(old)).toEqual(await scores(before));
      expect(old.stats()).toEqual(before.stats());
      // digests kept: the start-up sync re-encodes none; every subject marked for the background upgrade
      expect(old.coarseSubjects).toBe(N);
      expect(await syncGalleryWithStore(store.subjects, old)).toEqual({ encoded: 0, unchanged: N, removed: 0 });
      expect(await upgradeCoarseSubjects({ current: old, mutate: (c) => c(old) }, store.subjects)).toMatchObject({ upgraded: N, left: 0, failed: 0 });
      const now = await scores(old);
      expect(now).toEqual(await scores(fresh));
      expect(now).not.toEqual(await scores(before));
      expect(old.stats().usedBytes).toBe(fresh.stats().usedBytes);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
