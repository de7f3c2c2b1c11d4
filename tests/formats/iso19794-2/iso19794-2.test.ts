import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AfisError } from '../../../src/core/index.js';
import { FORMAT_PARAMETERS } from '../../../src/config/parameters.js';
import {
  RECORD_PLACEMENT,
  SAME_PLACEMENT,
  angleFromUnits,
  detectFingerMinutiaeFormat,
  isoToTemplate,
  parseIso19794_2,
  placementOffsetPx,
  recordToInput,
  templateToIso,
  writeIso19794_2,
} from '../../../src/formats/iso19794-2/index.js';
import { incits378ToTemplate, parseIncits378, templateToIncits378, writeIncits378 } from '../../../src/formats/incits378/index.js';
import type { Template } from '../../../src/templates/index.js';
import { FIXTURES, HAS_SHARED_DATA, SHARED_DATA } from '../../helpers/data.js';

/**
 * Conformance files: SourceAFIS templates, truncated records and DB1_B's SecuGen templates are
 * committed (tests/fixtures); the other SecuGen sets are read from the data folder when present.
 */
const DATA = FIXTURES;
const SECUGEN = `${HAS_SHARED_DATA ? SHARED_DATA : FIXTURES}/iso19794-2/fvc2002-secugen/`;

function secugenFiles(): string[] {
  const out: string[] = [];
  for (const db of readdirSync(SECUGEN).sort()) {
    for (const f of readdirSync(`${SECUGEN}${db}`).sort()) if (f.endsWith('.iso')) out.push(`${SECUGEN}${db}/${f}`);
  }
  return out;
}

function expectPlausible(t: Template): void {
  expect(t.minutiae.length).toBeGreaterThan(5);
  // one assertion per template (tens of thousands of minutiae in all)
  const bad = t.minutiae.filter((m) => !(m.x >= 0 && m.x < t.width && m.y >= 0 && m.y < t.height
    && m.angle >= 0 && m.angle < 2 * Math.PI && ['ending', 'bifurcation', 'other'].includes(m.type)));
  expect(bad).toEqual([]);
}

describe('ISO/IEC 19794-2:2005 records', () => {
  const files = secugenFiles();

  it('finds the SecuGen records (320 with the data folder, DB1_B\'s 80 and one of DB2_B committed)', () => {
    expect(files.length).toBe(HAS_SHARED_DATA ? 320 : 81);
  });

  it('parses every SecuGen record: one view, 300 × 400 at 197 px/cm, plausible minutiae', () => {
    let endings = 0;
    let bifurcations = 0;
    const angles = new Set<number>();
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(detectFingerMinutiaeFormat(bytes)).toBe('iso19794-2:2005');
      const r = parseIso19794_2(bytes);
      expect(r.format).toBe('iso19794-2:2005');
      expect([r.width, r.height, r.xResolution, r.yResolution]).toEqual([300, 400, 197, 197]);
      expect(r.views.length).toBe(1);
      const t = r.views[0].template;
      expect(t.ppi).toBeCloseTo(500.38, 2);
      expectPlausible(t);
      for (const m of t.minutiae) {
        if (m.type === 'ending') endings++;
        if (m.type === 'bifurcation') bifurcations++;
      }
      for (const m of r.views[0].minutiae) angles.add(m.angleUnits);
    }
    // a real extractor reports both kinds and uses the whole angle range
    expect(endings).toBeGreaterThan(1000);
    expect(bifurcations).toBeGreaterThan(500);
    // SecuGen quantises to 2° internally: 180 of the 256 ISO steps occur
    expect(angles.size).toBeGreaterThanOrEqual(180);
  });

  it('decodes the first SecuGen minutia of DB1 101_1 from its bytes', () => {
    // bytes 28..33: 80 a5 00 30 6b 00 → type 10 (bifurcation), x 0xa5, y 0x30, angle 0x6b units
    const r = parseIso19794_2(readFileSync(`${SECUGEN}DB1_B/101_1.iso`), SAME_PLACEMENT);
    const m = r.views[0].template.minutiae[0];
    expect(r.views[0].minutiae.length).toBe(25);
    expect(r.views[0].minutiae[0]).toEqual({ typeCode: 2, x: 165, y: 48, angleUnits: 0x6b, quality: 0 });
    expect({ ...m, angle: 0 }).toEqual({ x: 165, y: 48, angle: 0, type: 'bifurcation', quality: 0 });
    expect(m.angle).toBeCloseTo((0x6b * 2 * Math.PI) / 256, 12);
  });

  it('parses the three SourceAFIS ISO templates', () => {
    for (const name of ['iso-probe.dat', 'iso-matching.dat', 'iso-nonmatching.dat']) {
      const r = parseIso19794_2(readFileSync(`${DATA}sourceafis-fixtures/${name}`));
      expect(r.views.length).toBe(1);
      expect(r.xResolution).toBeGreaterThan(0);
      expectPlausible(r.views[0].template);
    }
  });

  it('writes SecuGen records back byte for byte', () => {
    for (const f of files.slice(0, 40)) {
      const bytes = new Uint8Array(readFileSync(f));
      expect(writeIso19794_2(recordToInput(parseIso19794_2(bytes)))).toEqual(bytes);
    }
    for (const name of ['iso-probe.dat', 'iso-matching.dat', 'iso-nonmatching.dat']) {
      // SourceAFIS pads its files with zeros after the declared record length
      const bytes = new Uint8Array(readFileSync(`${DATA}sourceafis-fixtures/${name}`));
      const declared = new DataView(bytes.buffer).getUint32(8);
      expect(bytes.length).toBeGreaterThan(declared);
      expect(writeIso19794_2(recordToInput(parseIso19794_2(bytes)))).toEqual(bytes.subarray(0, declared));
    }
  });

  it('ISO → INCITS 378 → ISO keeps every minutia (±1 px, angle within one ISO unit)', () => {
    for (const f of files) {
      const iso = parseIso19794_2(readFileSync(f));
      const incitsBytes = writeIncits378(recordToInput(iso));
      expect(detectFingerMinutiaeFormat(incitsBytes)).toBe('incits378-2004');
      const incits = parseIncits378(incitsBytes);
      const back = parseIso19794_2(writeIso19794_2(recordToInput(incits)));
      expect(back.views.length).toBe(iso.views.length);
      const a = iso.views[0].minutiae;
      const b = back.views[0].minutiae;
      expect(b.length).toBe(a.length);
      for (let i = 0; i < a.length; i++) {
        expect(Math.abs(a[i].x - b[i].x)).toBeLessThanOrEqual(1);
        expect(Math.abs(a[i].y - b[i].y)).toBeLessThanOrEqual(1);
        const du = Math.abs(a[i].angleUnits - b[i].angleUnits);
        expect(Math.min(du, 256 - du)).toBeLessThanOrEqual(1);
        expect(b[i].typeCode).toBe(a[i].typeCode);
        expect(b[i].quality).toBe(a[i].quality);
      }
    }
  });

  it('round-trips a Template through templateToIso / isoToTemplate (placement kept: rounding and clamping only)', () => {
    const t: Template = {
      width: 400, height: 500, ppi: 500, quality: 77,
      minutiae: [
        { x: 10, y: 20, angle: 0, type: 'ending', quality: 90 },
        { x: 399, y: 499, angle: Math.PI, type: 'bifurcation', quality: 40 },
        { x: 200.4, y: 100.6, angle: 6.2, type: 'other', quality: 0 },
      ],
    };
    const back = isoToTemplate(templateToIso(t, { fingerPosition: 2, impressionType: 1 }, SAME_PLACEMENT), 0, SAME_PLACEMENT);
    expect([back.width, back.height, back.quality]).toEqual([400, 500, 77]);
    expect(back.ppi).toBeCloseTo(197 * 2.54, 6);
    expect(back.minutiae.map((m) => [m.x, m.y, m.type, m.quality])).toEqual([
      [10, 20, 'ending', 90], [399, 499, 'bifurcation', 40], [200, 101, 'other', 0],
    ]);
    t.minutiae.forEach((m, i) => {
      const d = Math.abs(back.minutiae[i].angle - m.angle);
      expect(Math.min(d, 2 * Math.PI - d)).toBeLessThanOrEqual(Math.PI / 256 + 1e-9);
    });
  });

  it('keeps several views and their extended data', () => {
    const t: Template = { width: 300, height: 300, ppi: 500, quality: 50, minutiae: [{ x: 1, y: 2, angle: 1, type: 'ending', quality: 5 }] };
    const ext = new Uint8Array([0x00, 0x01, 0x00, 0x07, 9, 8, 7, 0x01, 0x00, 0x00, 0x05, 0xaa]);
    const bytes = writeIso19794_2({
      width: 300, height: 300, xResolution: 197, yResolution: 197,
      views: [{ fingerPosition: 1, viewNumber: 0, template: t, extendedData: ext }, { fingerPosition: 1, viewNumber: 1, template: t }],
    });
    const r = parseIso19794_2(bytes);
    expect(r.views.map((v) => [v.fingerPosition, v.viewNumber])).toEqual([[1, 0], [1, 1]]);
    expect(r.views[0].extendedData).toEqual(ext);
    expect(r.views[0].extendedAreas?.map((a) => [a.typeCode, Array.from(a.data)])).toEqual([[1, [9, 8, 7]], [0x100, [0xaa]]]);
    expect(r.views[1].extendedData.length).toBe(0);
    expect(writeIso19794_2(recordToInput(r))).toEqual(bytes);
  });

  it('rejects the truncated records with AFIS_FORMAT_TRUNCATED and a clear message', () => {
    for (const n of ['1_byte', '2_bytes', '3_bytes']) {
      const bytes = readFileSync(`${DATA}iso19794-2/invalid/101_1_truncate_${n}.iso`);
      let err: unknown;
      try {
        parseIso19794_2(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AfisError);
      expect((err as AfisError).code).toBe('AFIS_FORMAT_TRUNCATED');
      expect((err as AfisError).message).toMatch(/ISO\/IEC 19794-2:2005 record is truncated: declared length 30 bytes, only 2[789] present/);
    }
  });

  it('rejects a minutia outside the image with AFIS_TEMPLATE_INVALID', () => {
    const bytes = new Uint8Array(readFileSync(`${SECUGEN}DB1_B/101_1.iso`));
    bytes[28] = 0x41; // x = 0x1a5 = 421 > width 300
    expect(() => parseIso19794_2(bytes)).toThrow(expect.objectContaining({ code: 'AFIS_TEMPLATE_INVALID' }));
  });

  it('rejects a wrong identifier with AFIS_FORMAT_INVALID', () => {
    const bytes = new Uint8Array(readFileSync(`${SECUGEN}DB1_B/101_1.iso`));
    bytes[0] = 0x58;
    expect(() => parseIso19794_2(bytes)).toThrow(expect.objectContaining({ code: 'AFIS_FORMAT_INVALID' }));
  });
});

describe('minutia placement at the record border (standards: fork; ours: ahead of it)', () => {
  // interior minutiae at many angles, so no move is clamped at the image's edge
  const template = (ppi: number, scale: number): Template => ({
    width: 400 * scale, height: 500 * scale, ppi, quality: 60,
    minutiae: Array.from({ length: 24 }, (_, i) => ({
      x: (100 + 9.3 * i) * scale, y: (150 + 7.1 * i) * scale, angle: (i * 2 * Math.PI) / 24 + 0.01,
      type: i % 3 === 0 ? 'bifurcation' as const : i % 3 === 1 ? 'ending' as const : 'other' as const, quality: 50,
    })),
  });
  /** Stored − written, along the stored direction (negative: behind), pixels. */
  const along = (m: { x: number; y: number }, s: { x: number; y: number; angleUnits: number }, unitsPerTurn: number) => {
    const a = (s.angleUnits * 2 * Math.PI) / unitsPerTurn;
    return (s.x - m.x) * Math.cos(a) - (s.y - m.y) * Math.sin(a);
  };

  it('offsets are millimetres from the parameters, so they scale with the resolution', () => {
    expect(RECORD_PLACEMENT).toEqual({ bifurcationOffsetMm: FORMAT_PARAMETERS.recordBifurcationOffsetMm, endingOffsetMm: FORMAT_PARAMETERS.recordEndingOffsetMm });
    expect(RECORD_PLACEMENT.bifurcationOffsetMm).toBeGreaterThan(0);
    expect(placementOffsetPx('bifurcation', 500, RECORD_PLACEMENT)).toBeCloseTo((RECORD_PLACEMENT.bifurcationOffsetMm * 500) / 25.4, 12);
    expect(placementOffsetPx('bifurcation', 1000, RECORD_PLACEMENT)).toBeCloseTo(2 * placementOffsetPx('bifurcation', 500, RECORD_PLACEMENT), 12);
    expect(placementOffsetPx('ending', 500, RECORD_PLACEMENT)).toBeCloseTo((RECORD_PLACEMENT.endingOffsetMm * 500) / 25.4, 12);
    expect(placementOffsetPx('other', 500, RECORD_PLACEMENT)).toBe(0);
    expect(placementOffsetPx('bifurcation', 500, SAME_PLACEMENT)).toBe(0);
  });

  for (const [ppi, scale, ppcm] of [[500, 1, 197], [1000, 2, 394]] as const) {
    it(`writing moves bifurcations and endings back, reading moves them forward; the round trip returns the template within rounding (${ppi} ppi)`, () => {
      const t = template(ppi, scale);
      const bytes = templateToIso(t);
      const record = parseIso19794_2(bytes);
      expect(record.xResolution).toBe(ppcm);
      const stored = record.views[0].minutiae;
      const recordPpi = ppcm * 2.54;
      t.minutiae.forEach((m, i) => {
        const d = placementOffsetPx(m.type, recordPpi, RECORD_PLACEMENT);
        // the stored point lies d px behind along the stored direction (± rounding to whole pixels)
        expect(Math.abs(along(m, stored[i], 256) + d)).toBeLessThanOrEqual(0.71);
        if (m.type === 'other') expect([stored[i].x, stored[i].y]).toEqual([Math.round(m.x), Math.round(m.y)]);
      });
      // bifurcations really move (≈ 5.5 px at 500 ppi, twice that at 1000)
      expect(placementOffsetPx('bifurcation', recordPpi, RECORD_PLACEMENT)).toBeGreaterThan(4 * scale);
      // the record's raw minutiae are as stored; the Template view is moved forward
      const raw = isoToTemplate(bytes, 0, SAME_PLACEMENT);
      expect(raw.minutiae.map((m) => [m.x, m.y])).toEqual(stored.map((m) => [m.x, m.y]));
      const back = isoToTemplate(bytes);
      expect(back.minutiae).toHaveLength(t.minutiae.length);
      t.minutiae.forEach((m, i) => {
        const b = back.minutiae[i];
        expect(b.type).toBe(m.type);
        expect(Math.abs(b.x - m.x)).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(Math.abs(b.y - m.y)).toBeLessThanOrEqual(0.5 + 1e-9);
        const s = stored[i];
        const d = placementOffsetPx(m.type, recordPpi, RECORD_PLACEMENT);
        const a = angleFromUnits(s.angleUnits, 'iso19794-2:2005');
        expect(b.x).toBeCloseTo(s.x + d * Math.cos(a), 9);
        expect(b.y).toBeCloseTo(s.y - d * Math.sin(a), 9);
      });
      // INCITS 378 (2° angles) does the same
      const incits = incits378ToTemplate(templateToIncits378(t));
      t.minutiae.forEach((m, i) => {
        expect(Math.abs(incits.minutiae[i].x - m.x)).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(Math.abs(incits.minutiae[i].y - m.y)).toBeLessThanOrEqual(0.5 + 1e-9);
      });
    });
  }

  it('reading a third-party record moves only the Template view: bifurcations and endings forward by their offsets, others not', () => {
    const bytes = readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/101_1.iso`);
    const moved = parseIso19794_2(bytes);
    const asStored = parseIso19794_2(bytes, SAME_PLACEMENT);
    expect(moved.views[0].minutiae).toEqual(asStored.views[0].minutiae);
    const ppi = moved.views[0].template.ppi;
    let shifted = 0;
    moved.views[0].template.minutiae.forEach((m, i) => {
      const s = asStored.views[0].template.minutiae[i];
      const d = Math.hypot(m.x - s.x, m.y - s.y);
      const clamped = m.x === 0 || m.y === 0 || m.x === moved.width - 1 || m.y === moved.height - 1;
      if (!clamped) {
        expect(d).toBeCloseTo(placementOffsetPx(m.type, ppi, RECORD_PLACEMENT), 9);
        if (d > 0) {
          expect((m.x - s.x) * Math.cos(s.angle) - (m.y - s.y) * Math.sin(s.angle)).toBeCloseTo(d, 9);
          shifted++;
        }
      }
      expect([m.angle, m.type, m.quality]).toEqual([s.angle, s.type, s.quality]);
    });
    expect(shifted).toBeGreaterThan(10);
    // written back from the parsed record: the same bytes (stored minutiae, not moved twice)
    const out = writeIso19794_2(recordToInput(moved));
    expect(out.length).toBe(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8));
    expect(Buffer.from(out).equals(bytes.subarray(0, out.length))).toBe(true);
  });

  it('a minutia whose standard placement would leave the image is clamped at the edge', () => {
    const t: Template = { width: 300, height: 300, ppi: 500, quality: 50, minutiae: [{ x: 2, y: 150, angle: 0, type: 'bifurcation', quality: 5 }] };
    const stored = parseIso19794_2(templateToIso(t)).views[0].minutiae[0];
    expect([stored.x, stored.y]).toEqual([0, 150]);
  });
});

describe('ISO/IEC 19794-2 versions', () => {
  it('refuses a 2011 record (version "030") with AFIS_FORMAT_UNSUPPORTED', () => {
    const bytes = new Uint8Array(readFileSync(`${SECUGEN}DB1_B/101_1.iso`));
    bytes.set([0x30, 0x33, 0x30, 0x00], 4);
    expect(() => parseIso19794_2(bytes)).toThrow(expect.objectContaining({ code: 'AFIS_FORMAT_UNSUPPORTED' }));
  });
});

describe('INCITS 378-2004 records', () => {
  it('uses the 6-byte long length form above 65535 bytes and reads it back', () => {
    const minutiae = Array.from({ length: 255 }, (_, i) => ({ x: i, y: 2 * i, angle: (i * Math.PI) / 128, type: 'ending' as const, quality: i % 101 }));
    const t: Template = { width: 600, height: 600, ppi: 500, quality: 90, minutiae };
    const views = Array.from({ length: 50 }, (_, v) => ({ fingerPosition: (v % 10) + 1, viewNumber: v % 16, impressionType: 1, template: t }));
    const bytes = writeIncits378({ width: 600, height: 600, xResolution: 197, yResolution: 197, productOwner: 0x1234, productType: 7, views });
    expect(bytes.length).toBeGreaterThan(65535);
    expect([bytes[8], bytes[9]]).toEqual([0, 0]);
    expect(detectFingerMinutiaeFormat(bytes)).toBe('incits378-2004');
    const r = parseIncits378(bytes);
    expect([r.productOwner, r.productType, r.views.length]).toEqual([0x1234, 7, 50]);
    expect(r.views[49].minutiae.length).toBe(255);
    // INCITS keeps 2° steps: i·π/128 rad = i·1.40625° rounds to the nearest even degree
    r.views[0].template.minutiae.forEach((m, i) => {
      const d = Math.abs(m.angle - minutiae[i].angle);
      expect(Math.min(d, 2 * Math.PI - d)).toBeLessThanOrEqual(Math.PI / 180 + 1e-9);
    });
    expect(writeIncits378(recordToInput(r))).toEqual(bytes);
  });

  it('rejects a truncated INCITS record with AFIS_FORMAT_TRUNCATED', () => {
    const iso = parseIso19794_2(readFileSync(`${SECUGEN}DB2_B/105_3.iso`));
    const bytes = writeIncits378(recordToInput(iso));
    expect(() => parseIncits378(bytes.subarray(0, bytes.length - 1))).toThrow(expect.objectContaining({
      code: 'AFIS_FORMAT_TRUNCATED', message: expect.stringMatching(/^ANSI INCITS 378-2004 record is truncated/),
    }));
  });
});
