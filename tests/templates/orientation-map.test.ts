import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TemplateError } from '../../src/core/index.js';
import {
  decodeTemplate, encodeTemplate, validateTemplate, ORIENTATION_MAP_LEVELS, TEMPLATE_BINARY_VERSION, TEMPLATE_BINARY_VERSION_ORIENTATION,
  TEMPLATE_BINARY_VERSION_VALID_AREA, TEMPLATE_BYTES_PER_MINUTIA, TEMPLATE_HEADER_BYTES, type OrientationMap, type Template, type ValidArea,
} from '../../src/templates/index.js';

const base: Template = {
  width: 40, height: 33, ppi: 500, quality: 60,
  minutiae: [
    { x: 10, y: 20, angle: 1, type: 'ending', quality: 90 },
    { x: 30, y: 5, angle: 4, type: 'bifurcation', quality: 40 },
  ],
};
// 16-px cells: 3 × 3 = 9 codes (odd: the last byte's low half is padding)
const map: OrientationMap = { cell: 16, columns: 3, rows: 3, codes: Uint8Array.from([0, 1, 15, 7, 8, 0, 3, 12, 5]) };
const area: ValidArea = { cell: 12, columns: 4, rows: 3, bits: Uint8Array.from([0xa5, 0x03]) };
const body = TEMPLATE_HEADER_BYTES + 2 * TEMPLATE_BYTES_PER_MINUTIA;

describe('Template.orientationMap', () => {
  it('is validated: grid, length and codes', () => {
    expect(() => validateTemplate({ ...base, orientationMap: map })).not.toThrow();
    expect(() => validateTemplate({ ...base, orientationMap: { ...map, columns: 2 } })).toThrow(TemplateError);
    expect(() => validateTemplate({ ...base, orientationMap: { ...map, codes: map.codes.slice(1) } })).toThrow(TemplateError);
    expect(() => validateTemplate({ ...base, orientationMap: { ...map, codes: Uint8Array.from([...map.codes.slice(1), ORIENTATION_MAP_LEVELS + 1]) } })).toThrow(TemplateError);
    expect(() => validateTemplate({ ...base, orientationMap: { ...map, cell: 0 } })).toThrow(TemplateError);
  });

  it('is written as version 3, two codes a byte after the minutiae (and the valid area when there is one)', () => {
    const bytes = encodeTemplate({ ...base, orientationMap: map });
    expect(bytes[3]).toBe(TEMPLATE_BINARY_VERSION_ORIENTATION);
    expect(bytes.length).toBe(body + 1 + 1 + 5);
    expect(Array.from(bytes.subarray(body))).toEqual([2, 16, 0x01, 0xf7, 0x80, 0x3c, 0x50]);
    const both = encodeTemplate({ ...base, validArea: area, orientationMap: map });
    expect(both[3]).toBe(TEMPLATE_BINARY_VERSION_ORIENTATION);
    expect(Array.from(both.subarray(body))).toEqual([3, 12, 0xa5, 0x03, 16, 0x01, 0xf7, 0x80, 0x3c, 0x50]);
  });

  it('round-trips, alone and with a valid area; templates without a map keep versions 1 and 2', () => {
    for (const t of [{ ...base, orientationMap: map }, { ...base, validArea: area, orientationMap: map }]) {
      const back = decodeTemplate(encodeTemplate(t));
      expect(back.orientationMap).toEqual(map);
      expect(back.validArea).toEqual(t.validArea);
      expect(encodeTemplate(back)).toEqual(encodeTemplate(t));
    }
    expect(encodeTemplate(base)[3]).toBe(TEMPLATE_BINARY_VERSION);
    expect(encodeTemplate({ ...base, validArea: area })[3]).toBe(TEMPLATE_BINARY_VERSION_VALID_AREA);
    expect(decodeTemplate(encodeTemplate(base)).orientationMap).toBeUndefined();
  });

  it('rejects version 3 bytes that are short, long, badly flagged or padded with a code', () => {
    const good = encodeTemplate({ ...base, orientationMap: map });
    const with_ = (f: (b: Uint8Array) => void, length = good.length): Uint8Array => { const b = new Uint8Array(length); b.set(good.subarray(0, Math.min(length, good.length))); f(b); return b; };
    expect(() => decodeTemplate(good.subarray(0, good.length - 1))).toThrow(TemplateError);
    expect(() => decodeTemplate(with_(() => {}, good.length + 1))).toThrow(TemplateError);
    expect(() => decodeTemplate(good.subarray(0, body))).toThrow(TemplateError);
    expect(() => decodeTemplate(with_((b) => { b[body] = 0; }))).toThrow(TemplateError);
    expect(() => decodeTemplate(with_((b) => { b[body] = 6; }))).toThrow(TemplateError);
    expect(() => decodeTemplate(with_((b) => { b[body] = 3; }))).toThrow(TemplateError);
    expect(() => decodeTemplate(with_((b) => { b[body + 1] = 0; }))).toThrow(TemplateError);
    expect(() => decodeTemplate(with_((b) => { b[good.length - 1] = 0x51; }))).toThrow(TemplateError);
  });

  it('never throws anything but a TemplateError on corrupted version 3 bytes (fuzz)', () => {
    const good = encodeTemplate({ ...base, validArea: area, orientationMap: map });
    fc.assert(fc.property(fc.integer({ min: body, max: good.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: -3, max: 3 }), (at, value, grow) => {
      const b = new Uint8Array(Math.max(body, good.length + grow));
      b.set(good.subarray(0, Math.min(b.length, good.length)));
      if (at < b.length) b[at] = value;
      try {
        decodeTemplate(b);
      } catch (err) {
        expect(err).toBeInstanceOf(TemplateError);
      }
    }));
  });
});
