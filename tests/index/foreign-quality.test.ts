import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import { encodeTemplate, type Template } from '../../src/templates/index.js';
import { compareTemplates, prepareTemplate, type PreparedTemplate } from '../../src/matching/index.js';
import { Gallery, GalleryReader, readCompactFinger, syncGalleryWithStore, upgradeCoarseSubjects, type SubjectRecord } from '../../src/index/index.js';
import { matchShortlist } from '../../src/index/match-shortlist.js';
import {
  FINGERS, NO_FINGER, POOL_CHUNK_BITS, POOL_CHUNK_WORDS, SUBJECTS_PER_CHUNK, fingerEntry, fingerInfoCount, fingerInfoQuality,
  fingerInfoReportsQuality, subjectChunkLayout,
} from '../../src/index/gallery-layout.js';
import { openEmbeddedStore } from '../../src/store/index.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters.js';
import { FIXTURES } from '../helpers/data.js';
import { tenPrint } from './helpers.js';

/**
 * Foreign templates whose minutiae all carry quality 0 ("not reported", as SecuGen's ISO
 * 19794-2 records write it) in the 1:N gallery. 1:1 reads them as reporting no quality
 * (compare-templates.ts, reportsQuality: the overlap share of counts); the gallery's compact
 * form keeps quality in 4 levels and read level 0 back as 12, so such a candidate was weighted
 * (12/100)^2 per minutia against a reporting probe. The finger's entry now says "not reported"
 * (gallery-layout.ts, FINGER_INFO_QUALITY_NOT_REPORTED). bench/RESULTS.md, "Foreign templates in
 * the 1:N gallery".
 */
const GEOMETRY_ONLY = { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 };
const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const FINGER_IDS = ['101', '102', '103', '104', '105'];
const templates = FINGER_IDS.flatMap((f) => [1, 2, 3, 4].map((i) => ({ f, t: iso(`${f}_${i}`) })));
const withQuality = (t: Template, q: (i: number) => number): Template => ({ ...t, minutiae: t.minutiae.map((m, i) => ({ ...m, quality: q(i) })) });
const reporting = (t: Template): Template => withQuality(t, (i) => 20 + ((i * 37) % 76));
/** The template on the compact form's grid (500 ppi, whole pixels, angles in 256 steps, the best 64): what the gallery keeps of it, exactly. */
function onGrid(t: Template): Template {
  const s = 500 / t.ppi;
  const width = Math.max(1, Math.round(t.width * s)), height = Math.max(1, Math.round(t.height * s));
  const minutiae = t.minutiae.slice(0, 64).map((m) => ({
    ...m,
    x: Math.min(width - 1, Math.round(m.x * s)),
    y: Math.min(height - 1, Math.round(m.y * s)),
    angle: ((Math.round((m.angle / (2 * Math.PI)) * 256) & 255) * 2 * Math.PI) / 256,
  }));
  return { ...t, width, height, ppi: 500, minutiae };
}

/** Second-stage scores of `probe` (position 1) against every subject of `gallery`, by id. */
function secondStage(gallery: Gallery, probe: PreparedTemplate): Map<string, number> {
  const ids = gallery.ids();
  const { slots } = gallery.slotsOf(ids);
  const scores = matchShortlist(new GalleryReader(gallery.snapshot().memory), [probe, ...new Array(FINGERS - 1).fill(null)], slots);
  return new Map(ids.map((id, i) => [id, scores[i * FINGERS]]));
}

/** The gallery's finger at position 1 of `id`, read back as the second stage reads it. */
function storedFinger(gallery: Gallery, id: string): Template {
  const reader = new GalleryReader(gallery.snapshot().memory);
  const slot = gallery.slotsOf([id]).slots[0];
  const v = reader.subjects[slot >>> 14];
  const e = fingerEntry(slot & (SUBJECTS_PER_CHUNK - 1), 0);
  const at = v.addr[e];
  expect(at).not.toBe(NO_FINGER);
  const info = v.info[e];
  return readCompactFinger(reader.pool[at >>> POOL_CHUNK_BITS], at & (POOL_CHUNK_WORDS - 1), fingerInfoCount(info), fingerInfoQuality(info), fingerInfoReportsQuality(info));
}

describe('a foreign template that reports no minutia quality, in the 1:N gallery', () => {
  it('reads back with quality 0 on every minutia, and a partly reporting one keeps its levels', () => {
    for (const { t } of templates) expect(t.minutiae.every((m) => m.quality === 0)).toBe(true);
    const g = new Gallery();
    g.put('none', [{ position: 1, template: templates[0].t }]);
    g.put('one', [{ position: 1, template: withQuality(templates[0].t, (i) => (i === 5 ? 60 : 0)) }]);
    g.put('ours', [{ position: 1, template: reporting(templates[0].t) }]);
    expect(storedFinger(g, 'none').minutiae.every((m) => m.quality === 0)).toBe(true);
    // one minutia reports: the finger reports (the matcher weighs it), the lower level reads as 25
    expect(storedFinger(g, 'one').minutiae.map((m) => m.quality).sort((a, b) => b - a).slice(0, 2)).toEqual([75, 25]);
    expect(storedFinger(g, 'ours').minutiae.every((m) => m.quality >= 25)).toBe(true);
    // the finger quality beside the flag reads unchanged
    expect(storedFinger(g, 'none').quality).toBe(templates[0].t.quality);
  });

  it('scores as 1:1 compareTemplates does, to the last bit, once the template is on the compact form\'s grid', () => {
    const gallery = new Gallery();
    const cands = templates.map(({ t }) => onGrid(t));
    cands.forEach((t, i) => gallery.put(`c${i}`, [{ position: 1, template: t }]));
    let compared = 0, inBand = 0, levelDiffers = 0;
    for (let a = 0; a < templates.length; a++) {
      // a probe that reports quality (as ours does) and one that does not (SecuGen's own)
      for (const probeT of [reporting(templates[a].t), templates[a].t]) {
        const probe = prepareTemplate(probeT);
        const got = secondStage(gallery, probe);
        for (let b = 0; b < templates.length; b++) {
          const want = compareTemplates(probe, prepareTemplate(cands[b]));
          expect(got.get(`c${b}`)).toBe(Math.fround(want));
          compared++;
          if (a === b || templates[a].f !== templates[b].f || probeT === templates[a].t) continue;
          // the band is on the geometry's own scale, before a map-less pair's score is equated to the
          // calibration table's (which moves whenever the table is refitted)
          const geometry = compareTemplates(probe, prepareTemplate(cands[b]), GEOMETRY_ONLY);
          if (geometry >= 20 && geometry <= 100) inBand++;
          // what the gallery gave before: the candidate's minutiae at level 0, read back as 12
          if (compareTemplates(probe, prepareTemplate(withQuality(cands[b], () => 12))) !== want) levelDiffers++;
        }
      }
    }
    expect(compared).toBe(2 * templates.length ** 2);
    // tested where the overlap share acts (genuine pairs in its band), and there the old reading scores otherwise
    expect(inBand, `${inBand} in band`).toBeGreaterThan(5);
    expect(levelDiffers).toBeGreaterThan(5);
  });

  it('keeps the flag through compaction and the snapshot, and re-reads a snapshot written before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-foreignq-'));
    const store = openEmbeddedStore({ dir });
    try {
      await store.ready();
      const record = (id: string, fingers: Template[]): SubjectRecord => ({
        id, referenceNumber: `NL2${id.padStart(6, '0')}`, memberState: 'NL', category: 2, capturedAt: 1_700_000_000_000,
        fingers: fingers.map((t, k) => ({ position: k + 1, impression: 'rolled' as const, quality: t.quality, template: encodeTemplate(t) })),
      });
      const foreign = Array.from({ length: 4 }, (_, s) => record(`${900 + s}`, [templates[s * 4].t, templates[s * 4 + 1].t]));
      const ours = Array.from({ length: 4 }, (_, s) => record(`${s}`, tenPrint(31, s, 0).map((f) => f.template)));
      await store.subjects.putMany([...foreign, ...ours, record('999', [templates[19].t])]);
      const g = new Gallery();
      expect((await syncGalleryWithStore(store.subjects, g)).encoded).toBe(9);
      await store.subjects.remove('999');
      await syncGalleryWithStore(store.subjects, g);
      g.compact();
      const probe = prepareTemplate(reporting(templates[2].t));
      const fresh = secondStage(g, probe);
      expect(storedFinger(g, '900').minutiae.every((m) => m.quality === 0)).toBe(true);
      const file = join(dir, 'g.snapshot');
      g.saveSnapshot(file);
      const h = Gallery.loadSnapshot(file);
      expect(storedFinger(h, '900').minutiae.every((m) => m.quality === 0)).toBe(true);
      expect(secondStage(h, probe)).toEqual(fresh);
      expect(await syncGalleryWithStore(store.subjects, h)).toEqual({ encoded: 0, unchanged: 8, removed: 0 });

      // the same gallery as formats afis-gallery-3 and -2 wrote it: minutia words of angles in 128
      // steps and quality in 4 levels (bits 22–28, 29 type, 30–31 level), and for format 2 no flag
      const bytes = readFileSync(file);
      const headLen = Number(bytes.readBigUInt64LE(0));
      const head = bytes.subarray(8, 8 + headLen).toString('utf8');
      expect(head).toContain('"format":"afis-gallery-6"');
      const header = JSON.parse(head) as { codeStride: number; subjectChunks: number; poolChunks: number };
      expect([header.subjectChunks, header.poolChunks]).toEqual([1, 1]);
      const layout = subjectChunkLayout(header.codeStride);
      const chunk = 8 + headLen;
      const poolStart = chunk + layout.dataBytes;
      const oldWords = new Map<string, number[]>();
      for (let k = 0; k < SUBJECTS_PER_CHUNK * FINGERS; k++) {
        const at = bytes.readUInt32LE(chunk + layout.addr + 4 * k);
        if (at === NO_FINGER) continue;
        const count = bytes.readUInt32LE(chunk + layout.info + 4 * k) & 0xff;
        for (let i = 0; i < count; i++) {
          const o = poolStart + 4 * (at + 1 + i);
          const w = bytes.readUInt32LE(o);
          // as the earlier layout stored it: the angle a step coarser, level 2 for the set bit
          const old = ((w & 0x3fffff) | (((w >>> 23) & 0x7f) << 22) | (((w >>> 30) & 1) << 29) | ((w >>> 31) << 31)) >>> 0;
          bytes.writeUInt32LE(old, o);
        }
      }
      const asFormat = (format: string, clearFlag: boolean): string => {
        const b = Buffer.from(bytes);
        Buffer.from(head.replace('"format":"afis-gallery-6"', `"format":"${format}"`)).copy(b, 8);
        let flagged = 0;
        for (let k = 0; clearFlag && k < SUBJECTS_PER_CHUNK * FINGERS; k++) {
          const w = b.readUInt32LE(chunk + layout.info + 4 * k);
          if (w & 0x8000) flagged++;
          b.writeUInt32LE(w & ~0x8000 >>> 0, chunk + layout.info + 4 * k);
        }
        if (clearFlag) expect(flagged).toBe(8);
        const f = join(dir, `${format}.snapshot`);
        writeFileSync(f, b);
        return f;
      };
      for (const [format, clearFlag] of [['afis-gallery-3', false], ['afis-gallery-2', true]] as const) {
        const o = Gallery.loadSnapshot(asFormat(format, clearFlag));
        // searchable at once, as the earlier layout read: angles in 128 steps (even steps of 256)
        const before = storedFinger(o, '0');
        const now = storedFinger(g, '0');
        expect(before.minutiae.map((m) => [m.x, m.y, m.type])).toEqual(now.minutiae.map((m) => [m.x, m.y, m.type]));
        before.minutiae.forEach((m, i) => {
          expect(Math.round((m.angle / (2 * Math.PI)) * 256) % 2).toBe(0);
          const d = Math.abs(m.angle - now.minutiae[i].angle);
          expect(Math.min(d, 2 * Math.PI - d)).toBeLessThan((2 * Math.PI) / 256 + 1e-9);
          expect(m.quality).toBe(now.minutiae[i].quality);
        });
        // format 2 had no flag: the foreign fingers read as reporting the lower level until re-read
        expect(storedFinger(o, '900').minutiae.every((m) => m.quality === (clearFlag ? 25 : 0))).toBe(true);
        // digests kept and every subject marked coarse: the start-up sync re-encodes none (the
        // service starts in seconds), the background upgrade every one from the store
        expect([...foreign, ...ours].every((r) => o.digestOf(r.id) === g.digestOf(r.id) && o.isCoarse(r.id))).toBe(true);
        expect(await syncGalleryWithStore(store.subjects, o)).toEqual({ encoded: 0, unchanged: 8, removed: 0 });
        expect(await upgradeCoarseSubjects({ current: o, mutate: (c) => c(o) }, store.subjects)).toMatchObject({ upgraded: 8, left: 0 });
        expect(storedFinger(o, '900').minutiae.every((m) => m.quality === 0)).toBe(true);
        expect(storedFinger(o, '0')).toEqual(now);
        expect(secondStage(o, probe)).toEqual(fresh);
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
