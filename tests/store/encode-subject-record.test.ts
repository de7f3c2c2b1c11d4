import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSubjectRecord, encodeSubjectRecord } from '../../src/store/index.js';
import type { SubjectRecord } from '../../src/index/ports.js';
import { makeSubject } from './make-subject.js';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('stored subject record form', () => {
  it('round-trips records with and without optional fields', () => {
    const minimal: SubjectRecord = { id: 'x', referenceNumber: 'IT2abc', memberState: 'IT', category: 2, capturedAt: 0, fingers: [] };
    expect(decodeSubjectRecord(encodeSubjectRecord(minimal))).toEqual(minimal);
    const full: SubjectRecord = {
      ...makeSubject(3), sex: 'M', place: 'Zaventem – centre ouvert', applicationAt: -5, markedAt: 1.5, blockedAt: 2, erasedAt: 3,
      missingFingers: [{ position: 4, reason: 'bandaged' }], extra: { nationality: 'ÉÜ', birth: { year: 1990 } },
    };
    const back = decodeSubjectRecord(encodeSubjectRecord(full));
    expect({ ...back, fingers: back.fingers.map((f) => ({ ...f, template: Array.from(f.template) })) })
      .toEqual({ ...full, fingers: full.fingers.map((f) => ({ ...f, template: Array.from(f.template) })) });
  });

  it('images are not part of the record form', () => {
    const withImages = makeSubject(4, 0, { images: true });
    expect(decodeSubjectRecord(encodeSubjectRecord(withImages)).fingers.every((f) => f.image === undefined)).toBe(true);
  });

  it('every truncation and most corruptions are AFIS_STORE_CORRUPT, never another exception', () => {
    const bytes = encodeSubjectRecord({ ...makeSubject(5), extra: { a: 1 }, missingFingers: [{ position: 2, reason: 'r' }] });
    for (let n = 0; n < bytes.length; n++) expect(codeOf(() => decodeSubjectRecord(bytes.subarray(0, n)))).toBe('AFIS_STORE_CORRUPT');
    fc.assert(fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
      const copy = bytes.slice();
      copy[at] = value;
      const code = codeOf(() => decodeSubjectRecord(copy));
      return code === undefined || code === 'AFIS_STORE_CORRUPT';
    }), { seed: 5, numRuns: 2000 });
  });

  it('refuses invalid records with AFIS_VALIDATION', () => {
    const s = makeSubject(6);
    expect(codeOf(() => encodeSubjectRecord({ ...s, id: '' }))).toBe('AFIS_VALIDATION');
    expect(codeOf(() => encodeSubjectRecord({ ...s, category: 1.5 }))).toBe('AFIS_VALIDATION');
    expect(codeOf(() => encodeSubjectRecord({ ...s, capturedAt: Number.NaN }))).toBe('AFIS_VALIDATION');
    expect(codeOf(() => encodeSubjectRecord({ ...s, fingers: [{ ...s.fingers[0], position: 16 }] }))).toBe('AFIS_VALIDATION');
    expect(codeOf(() => encodeSubjectRecord({ ...s, fingers: [{ ...s.fingers[0], template: new Uint8Array(70_000) }] }))).toBe('AFIS_VALIDATION');
  });
});
