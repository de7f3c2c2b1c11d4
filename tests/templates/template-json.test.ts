import { describe, expect, it } from 'vitest';
import { templateFromJson, templateToJson, type Template } from '../../src/templates/index.js';

const base: Template = {
  width: 40, height: 32, ppi: 500, quality: 70,
  minutiae: [{ x: 10, y: 12, angle: 1, type: 'ending', quality: 80 }],
};
const withParts: Template = {
  ...base,
  validArea: { cell: 16, columns: 3, rows: 2, bits: Uint8Array.from([0b101101]) },
  orientationMap: { cell: 16, columns: 3, rows: 2, codes: Uint8Array.from([0, 1, 15, 7, 0, 3]) },
};

describe('templateToJson / templateFromJson', () => {
  it('round-trips a template with a valid area and an orientation map through JSON text', () => {
    const text = JSON.stringify(templateToJson(withParts));
    expect(JSON.parse(text).orientationMap.codes).toEqual([0, 1, 15, 7, 0, 3]);
    expect(templateFromJson(JSON.parse(text))).toEqual(withParts);
  });

  it('round-trips a plain template unchanged', () => {
    expect(templateFromJson(JSON.parse(JSON.stringify(templateToJson(base))))).toEqual(base);
  });

  it('refuses codes that are not bytes, or of the wrong length, and what is no template', () => {
    const json = templateToJson(withParts) as { orientationMap: { codes: unknown } };
    expect(() => templateFromJson({ ...json, orientationMap: { ...json.orientationMap, codes: { 0: 1 } } })).toThrow(/orientation map codes is not an array of bytes/);
    expect(() => templateFromJson({ ...json, orientationMap: { ...json.orientationMap, codes: [0, 1, 256, 0, 0, 0] } })).toThrow(/not an array of bytes/);
    expect(() => templateFromJson({ ...json, orientationMap: { ...json.orientationMap, codes: [0, 1] } })).toThrow(/AFIS_TEMPLATE_INVALID|wrong length/);
    expect(() => templateFromJson({ width: 3 })).toThrow(/no minutiae array/);
  });
});
