import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../src/core/index.js';
import { decodeTemplate, encodeTemplate, insideValidArea, validateTemplate, TEMPLATE_BYTES_PER_MINUTIA, TEMPLATE_HEADER_BYTES, type Template } from '../../src/templates/index.js';
import { validAreaOf as area } from '../helpers/valid-area.js';

const base: Template = {
  width: 100, height: 70, ppi: 500, quality: 60,
  minutiae: [
    { x: 10, y: 20, angle: 1, type: 'ending', quality: 80 },
    { x: 90, y: 60, angle: 2, type: 'bifurcation', quality: 40 },
  ],
};

describe('Template.validArea', () => {
  it('reads a cell by its bit, false outside the grid', () => {
    const a = area(100, 70, 12, (cx, cy) => cx < 4 && cy >= 2);
    expect(a.columns).toBe(9);
    expect(a.rows).toBe(6);
    expect(insideValidArea(a, 5, 30)).toBe(true);
    expect(insideValidArea(a, 47.9, 24)).toBe(true);
    expect(insideValidArea(a, 48, 24)).toBe(false);
    expect(insideValidArea(a, 5, 23.9)).toBe(false);
    expect(insideValidArea(a, -0.5, 30)).toBe(false);
    expect(insideValidArea(a, 5, 72)).toBe(false);
  });

  it('validates the grid against the image', () => {
    expect(validateTemplate({ ...base, validArea: area(100, 70, 12, () => true) })).toBeTruthy();
    expect(() => validateTemplate({ ...base, validArea: area(100, 80, 12, () => true) })).toThrow(TemplateError);
    expect(() => validateTemplate({ ...base, validArea: { ...area(100, 70, 12, () => true), cell: 0 } })).toThrow(TemplateError);
    expect(() => validateTemplate({ ...base, validArea: { ...area(100, 70, 12, () => true), bits: new Uint8Array(2) } })).toThrow(TemplateError);
  });

  it('binary form: without a valid area version 1 byte for byte; with one version 2, read back exactly', () => {
    const v1 = encodeTemplate(base);
    expect(v1[3]).toBe(1);
    expect(v1.length).toBe(TEMPLATE_HEADER_BYTES + 2 * TEMPLATE_BYTES_PER_MINUTIA);
    expect(decodeTemplate(v1).validArea).toBeUndefined();
    const a = area(100, 70, 12, (cx, cy) => (cx + cy) % 3 !== 0);
    const v2 = encodeTemplate({ ...base, validArea: a });
    expect(v2[3]).toBe(2);
    expect(v2.length).toBe(v1.length + 1 + a.bits.length);
    expect(Array.from(v2.subarray(4, v1.length))).toEqual(Array.from(v1.subarray(4)));
    const back = decodeTemplate(v2);
    expect(back.validArea).toEqual(a);
    expect(back.minutiae).toEqual(decodeTemplate(v1).minutiae);
    expect(Array.from(encodeTemplate(back))).toEqual(Array.from(v2));
  });

  it('binary form: a truncated or padded valid area is refused with AFIS_TEMPLATE_INVALID', () => {
    const v2 = encodeTemplate({ ...base, validArea: area(100, 70, 12, () => true) });
    for (const bytes of [v2.subarray(0, v2.length - 1), new Uint8Array([...v2, 0]), v2.subarray(0, TEMPLATE_HEADER_BYTES + 2 * TEMPLATE_BYTES_PER_MINUTIA)]) {
      expect(() => decodeTemplate(bytes)).toThrow(expect.objectContaining({ code: 'AFIS_TEMPLATE_INVALID' }));
    }
    const zeroCell = Uint8Array.from(v2);
    zeroCell[TEMPLATE_HEADER_BYTES + 2 * TEMPLATE_BYTES_PER_MINUTIA] = 0;
    expect(() => decodeTemplate(zeroCell)).toThrow(expect.objectContaining({ code: 'AFIS_TEMPLATE_INVALID' }));
  });
});
