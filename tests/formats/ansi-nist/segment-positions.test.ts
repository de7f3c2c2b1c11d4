import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src/core/index.js';
import {
  buildType14Record, buildType1Record, parseAnsiNist, readSegmentPositions, SEG_FIELD, withSegmentPositions, writeAnsiNist,
} from '../../../src/formats/ansi-nist/index.js';
import { fixturePath } from '../../helpers/data.js';

const slap = (segments?: Parameters<typeof buildType14Record>[0]['segments']) => buildType14Record({
  idc: 1, impression: 0, sourceAgency: 'TEST', captureDate: '20261202', width: 1600, height: 1500, ppi: 500, compression: 'NONE', position: 13,
  data: new Uint8Array(16), ...(segments === undefined ? {} : { segments }),
});

describe('14.021 SEG, the finger segment positions of a Type-14 slap', () => {
  it('reads the SEG of an NBIS transaction (valid1.8: a right slap, FGP 13) as stated', () => {
    const t = parseAnsiNist(new Uint8Array(readFileSync(fixturePath('ansi-nist', 'valid1.8.an2'))));
    const slapRecord = t.records.find((r) => r.type === 14 && r.fields.find((f) => f.tag === 13)?.subfields[0]?.[0] === '13')!;
    const seg = readSegmentPositions(slapRecord);
    expect(seg[0]).toEqual({ position: 7, left: 31, right: 31, top: 31, bottom: 31 });
    expect(seg[1]).toEqual({ position: 8, left: 32, right: 32, top: 32, bottom: 32 });
  });

  it('is written after 14.013 in field order, replaces an earlier SEG, and reads back through the writer', () => {
    const first = slap([{ position: 2, left: 100, right: 330, top: 400, bottom: 720 }]);
    const tags = first.fields.map((f) => f.tag);
    expect(tags.indexOf(SEG_FIELD)).toBe(tags.indexOf(13) + 1);
    const segments = [
      { position: 2, left: 120, right: 360, top: 420, bottom: 760 }, { position: 3, left: 470, right: 700, top: 300, bottom: 650 },
      { position: 4, left: 820, right: 1050, top: 380, bottom: 720 }, { position: 5, left: 1180, right: 1380, top: 600, bottom: 900 },
    ];
    const again = withSegmentPositions(first, segments);
    expect(again.fields.filter((f) => f.tag === SEG_FIELD)).toHaveLength(1);
    const bytes = writeAnsiNist({ records: [buildType1Record({ transactionType: 'SEG', date: '20261202', destination: 'X', originator: 'Y', controlNumber: 'Z' }), again] });
    const read = parseAnsiNist(bytes).records[1]!;
    expect(readSegmentPositions(read)).toEqual(segments);
    expect(read.fields.find((f) => f.tag === SEG_FIELD)!.subfields).toEqual(segments.map((s) => [s.position, s.left, s.right, s.top, s.bottom].map(String)));
    expect(readSegmentPositions(slap())).toEqual([]);
  });

  it('refuses what is not a finger in a box, or a record that is not Type-14', () => {
    for (const bad of [{ position: 13, left: 0, right: 10, top: 0, bottom: 10 }, { position: 2, left: 10, right: 10, top: 0, bottom: 10 }, { position: 2, left: -1, right: 10, top: 0, bottom: 10 }]) {
      expect(() => slap([bad])).toThrow(FormatError);
    }
    expect(() => slap([])).toThrow(/at least one/);
    expect(() => withSegmentPositions(buildType1Record({ transactionType: 'SEG', date: '20261202', destination: 'X', originator: 'Y', controlNumber: 'Z' }), [{ position: 2, left: 0, right: 5, top: 0, bottom: 5 }]))
      .toThrow(/Type-14/);
  });
});
