import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AnsiNistTransaction, parseAnsiNist, writeAnsiNist } from '../../../src/formats/ansi-nist/index.js';
import { HAS_SHARED_DATA, fixturePath, sharedPath } from '../../helpers/data.js';
import { readAn2kDump, type DumpLine } from '../../helpers/an2k-dump.js';

/**
 * The NBIS transactions: the small ones are committed (tests/fixtures/ansi-nist); the large
 * ones (type_3/5/6_wvu, valid1.2/9/10/11/16) are read from the data folder when it is present.
 */
const COMMITTED = fixturePath('ansi-nist');
const EXTRA = HAS_SHARED_DATA ? sharedPath('ansi-nist') : undefined;
const SOURCES = new Map<string, string>();
for (const dir of [EXTRA, COMMITTED]) {
  if (dir === undefined || !existsSync(dir)) continue;
  for (const f of readdirSync(dir)) SOURCES.set(f, join(dir, f));
}
const FILES = [...SOURCES.keys()].filter((f) => f.endsWith('.an2')).sort();
const DIR = `${COMMITTED}/`;

const readDump = readAn2kDump;

/** Byte equality without vitest's element-by-element diff (slow on megabyte images). */
function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function valueAt(tx: AnsiNistTransaction, d: DumpLine): { type: number; tag: number; value: string | undefined } {
  const r = tx.records[d.record - 1];
  const f = r?.fields[d.field - 1];
  return { type: r?.type ?? -1, tag: f?.tag ?? -1, value: f?.subfields[d.subfield - 1]?.[d.item - 1] };
}

describe('ANSI/NIST-ITL traditional encoding', () => {
  it('has the NBIS test transactions', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(HAS_SHARED_DATA ? 20 : 10);
  });

  for (const name of FILES) {
    const dumpName = name.replace(/\.an2$/, '.an2k2txt.txt');
    const hasDump = SOURCES.has(dumpName);
    it(`reads ${name}${hasDump ? ' as its an2k2txt dump says' : ''}`, () => {
      const tx = parseAnsiNist(readFileSync(SOURCES.get(name)!));
      expect(tx.records[0].type).toBe(1);
      const cnt = tx.records[0].fields.find((f) => f.tag === 3)!;
      expect(tx.records.map((r) => r.type).slice(1)).toEqual(cnt.subfields.slice(1).map((s) => Number(s[0])));
      if (!hasDump) return;
      const dump = readDump(SOURCES.get(dumpName)!);
      expect(dump.length).toBeGreaterThan(10);
      for (const d of dump) {
        expect(valueAt(tx, d), `${name} line ${d.record}.${d.field}.${d.subfield}.${d.item} [${d.type}.${d.tag}]`)
          .toEqual({ type: d.type, tag: d.tag, value: d.value });
      }
    });

    it(`${name}: read → write → read gives the same records; opaque records byte for byte`, () => {
      const bytes = new Uint8Array(readFileSync(SOURCES.get(name)!));
      const tx = parseAnsiNist(bytes);
      const written = writeAnsiNist(tx);
      const back = parseAnsiNist(written);
      expect(back.records.length).toBe(tx.records.length);
      tx.records.forEach((r, i) => {
        const b = back.records[i];
        expect(b.type).toBe(r.type);
        // LEN is recomputed; every other field is the same
        expect(b.fields.filter((f) => f.tag !== 1)).toEqual(r.fields.filter((f) => f.tag !== 1));
        expect(sameBytes(b.data, r.data), `record ${i + 1} data`).toBe(true);
        expect(sameBytes(b.opaque, r.opaque), `record ${i + 1} opaque bytes`).toBe(true);
      });
      // a second write is a fixed point
      expect(sameBytes(writeAnsiNist(back), written)).toBe(true);
    });
  }

  it('reads the version 5.02 sample.eft with its unusual Type-1 values', () => {
    const tx = parseAnsiNist(readFileSync(`${DIR}nist-fingerprint-sample/sample.eft`));
    expect(tx.records.map((r) => r.type)).toEqual([1, 2, 4]);
    const t4 = tx.records[2];
    expect(t4.fields.map((f) => f.subfields[0].join(','))).toEqual(['23735', '1', '1', '6,0,0,0,0,0', '0', '545', '622', '1']);
    expect(Array.from(t4.data!.subarray(0, 2))).toEqual([0xff, 0xa0]);
  });
});

describe('ANSI/NIST-ITL structure checks', () => {
  const valid = () => new Uint8Array(readFileSync(`${DIR}valid1.1.an2`));
  const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

  it('tolerates a Type-2 LEN that misses the record end, with a warning', () => {
    const s = text(valid()).replace('2.001:231', '2.001:229');
    const tx = parseAnsiNist(Buffer.from(s, 'latin1'));
    expect(tx.records.map((r) => r.type)).toEqual([1, 2, 4]);
    expect(tx.warnings.join(' ')).toMatch(/record 2 \(Type-2\): LEN says 229 bytes, the record ends after 231/);
  });

  it('refuses a file that ends before the records CNT lists (AFIS_FORMAT_TRUNCATED)', () => {
    const b = valid();
    expect(() => parseAnsiNist(b.subarray(0, b.length - 100))).toThrow(expect.objectContaining({
      code: 'AFIS_FORMAT_TRUNCATED', message: expect.stringMatching(/record 3 \(Type-4\) declares LEN 14864 bytes/),
    }));
    const s = text(b).replace('1.03:1\x1f2\x1e2\x1f00\x1e4\x1f01', '1.03:1\x1f3\x1e2\x1f00\x1e4\x1f01\x1e4\x1f02');
    expect(() => parseAnsiNist(Buffer.from(s, 'latin1'))).toThrow(expect.objectContaining({ code: 'AFIS_FORMAT_TRUNCATED' }));
  });

  it('refuses a record whose type disagrees with CNT (AFIS_ANSI_NIST_INVALID)', () => {
    const s = text(valid()).replace('1.03:1\x1f2\x1e2\x1f00', '1.03:1\x1f2\x1e9\x1f00');
    expect(() => parseAnsiNist(Buffer.from(s, 'latin1'))).toThrow(expect.objectContaining({
      code: 'AFIS_ANSI_NIST_INVALID', message: expect.stringMatching(/is Type-2, but the CNT field \(1\.003\) says Type-9/),
    }));
  });

  it('refuses what is not a transaction (AFIS_ANSI_NIST_INVALID)', () => {
    expect(() => parseAnsiNist(new Uint8Array(0))).toThrow(expect.objectContaining({ code: 'AFIS_ANSI_NIST_INVALID' }));
    expect(() => parseAnsiNist(Buffer.from('2.001:10\x1c'))).toThrow(expect.objectContaining({ code: 'AFIS_ANSI_NIST_INVALID' }));
  });

  it('refuses to write a value containing a separator (AFIS_FORMAT_INVALID)', () => {
    const tx = parseAnsiNist(valid());
    const bad = { records: tx.records.map((r, i) => (i === 1 ? { ...r, fields: [...r.fields, { tag: 901, subfields: [['a\x1db']] }] } : r)) };
    expect(() => writeAnsiNist(bad)).toThrow(expect.objectContaining({ code: 'AFIS_FORMAT_INVALID' }));
  });

  it('notes bytes after the last record', () => {
    const b = valid();
    const tx = parseAnsiNist(Buffer.concat([b, Buffer.from('junk')]));
    expect(tx.warnings).toEqual(['4 bytes after the last record listed in CNT (1.003) were ignored']);
  });
});
