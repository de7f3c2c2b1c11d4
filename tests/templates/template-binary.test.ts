import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TemplateError } from '../../src/core/index.js';
import {
  decodeTemplate, encodeTemplate, isTemplateBinary, TEMPLATE_BYTES_PER_MINUTIA, TEMPLATE_HEADER_BYTES,
  type Minutia, type Template,
} from '../../src/templates/index.js';

const TWO_PI = Math.PI * 2;

const sample: Template = {
  width: 388, height: 374, ppi: 500, quality: 71,
  minutiae: [
    { x: 10, y: 20, angle: 0, type: 'ending', quality: 90 },
    { x: 387, y: 373, angle: 6.2, type: 'bifurcation', quality: 0 },
    { x: 100.4, y: 200.6, angle: 3.14159, type: 'other', quality: 100 },
  ],
};

const arbTemplate: fc.Arbitrary<Template> = fc
  .record({ width: fc.integer({ min: 1, max: 4000 }), height: fc.integer({ min: 1, max: 4000 }), ppi: fc.integer({ min: 1, max: 2000 }), quality: fc.integer({ min: 0, max: 100 }) })
  .chain((h) =>
    fc.record({
      width: fc.constant(h.width), height: fc.constant(h.height), ppi: fc.constant(h.ppi), quality: fc.constant(h.quality),
      minutiae: fc.array(
        fc.record({
          x: fc.integer({ min: 0, max: h.width - 1 }),
          y: fc.integer({ min: 0, max: h.height - 1 }),
          angle: fc.double({ min: 0, max: TWO_PI, maxExcluded: true, noNaN: true }),
          type: fc.constantFrom<Minutia['type']>('ending', 'bifurcation', 'other'),
          quality: fc.integer({ min: 0, max: 100 }),
        }),
        { maxLength: 255 },
      ),
    }),
  );

describe('template binary form', () => {
  it('has a 12-byte header and 8 bytes per minutia', () => {
    const bytes = encodeTemplate(sample);
    expect(bytes.length).toBe(TEMPLATE_HEADER_BYTES + 3 * TEMPLATE_BYTES_PER_MINUTIA);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x41, 0x46, 0x54, 1]);
    expect(isTemplateBinary(bytes)).toBe(true);
  });

  it('round-trips up to pixel and angle rounding', () => {
    const t = decodeTemplate(encodeTemplate(sample));
    expect(t.width).toBe(388);
    expect(t.height).toBe(374);
    expect(t.ppi).toBe(500);
    expect(t.quality).toBe(71);
    expect(t.minutiae.map((m) => [m.x, m.y, m.type, m.quality])).toEqual([
      [10, 20, 'ending', 90],
      [387, 373, 'bifurcation', 0],
      [100, 201, 'other', 100],
    ]);
    t.minutiae.forEach((m, i) => expect(Math.abs(m.angle - sample.minutiae[i].angle)).toBeLessThan(1e-4));
  });

  it('is stable: encoding a decoded template gives the same bytes (fuzz)', () => {
    fc.assert(
      fc.property(arbTemplate, (t) => {
        const once = encodeTemplate(t);
        const back = decodeTemplate(once);
        expect(back.minutiae.length).toBe(t.minutiae.length);
        back.minutiae.forEach((m, i) => {
          expect(m.x).toBe(t.minutiae[i].x);
          expect(m.y).toBe(t.minutiae[i].y);
          expect(m.type).toBe(t.minutiae[i].type);
          const d = Math.abs(m.angle - t.minutiae[i].angle);
          expect(Math.min(d, TWO_PI - d)).toBeLessThan(1e-4);
        });
        expect(encodeTemplate(back)).toEqual(once);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('rejects truncated, extended, foreign and corrupted bytes with a TemplateError', () => {
    const good = encodeTemplate(sample);
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      good.subarray(0, 11),
      good.subarray(0, good.length - 1),
      Uint8Array.from([...good, 0]),
      Uint8Array.from([0x46, 0x4d, 0x52, 0, ...good.subarray(4)]),
      Uint8Array.from([...good.subarray(0, 3), 9, ...good.subarray(4)]),
    ];
    const badType = good.slice(); badType[TEMPLATE_HEADER_BYTES + 6] = 3; cases.push(badType);
    const badQuality = good.slice(); badQuality[TEMPLATE_HEADER_BYTES + 7] = 101; cases.push(badQuality);
    const outside = good.slice(); outside[TEMPLATE_HEADER_BYTES] = 0xff; cases.push(outside);
    const zeroWidth = good.slice(); zeroWidth[4] = 0; zeroWidth[5] = 0; cases.push(zeroWidth);
    for (const bytes of cases) {
      expect(() => decodeTemplate(bytes)).toThrow(TemplateError);
      try { decodeTemplate(bytes); } catch (err) { expect((err as TemplateError).code).toBe('AFIS_TEMPLATE_INVALID'); }
    }
  });

  it('never throws anything but a TemplateError on random bytes (fuzz)', () => {
    const good = encodeTemplate(sample);
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: good.length, maxLength: good.length }).map((noise) => {
        const b = good.slice();
        for (let k = 4; k < b.length; k++) if (noise[k] < 16) b[k] ^= noise[k] + 1;
        return b;
      })), (bytes) => {
        try {
          const t = decodeTemplate(bytes);
          expect(encodeTemplate(t)).toEqual(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(TemplateError);
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('refuses to encode an invalid template', () => {
    expect(() => encodeTemplate({ ...sample, minutiae: [{ x: 500, y: 1, angle: 0, type: 'ending', quality: 1 }] })).toThrow(TemplateError);
  });
});
