import { describe, expect, it } from 'vitest';
import { isoToTemplate, parseIso19794_2, templateToIso, validAreaToZonalQuality, zonalQualityToValidArea, ZONAL_QUALITY_TYPE } from '../../../src/formats/iso19794-2/index.js';
import { incits378ToTemplate, templateToIncits378 } from '../../../src/formats/incits378/index.js';
import type { Template } from '../../../src/templates/index.js';
import { validAreaOf as area } from '../../helpers/valid-area.js';

const base: Template = {
  width: 100, height: 70, ppi: 500, quality: 60,
  minutiae: [{ x: 10, y: 20, angle: 1, type: 'ending', quality: 80 }, { x: 90, y: 60, angle: 2, type: 'bifurcation', quality: 40 }],
};

describe('ISO/IEC 19794-2:2005 zonal quality data as the valid area', () => {
  it('lays out type 3, square cells of 1 bit, most significant bit first', () => {
    const a = area(20, 10, 4, (cx, cy) => cx === 0 || (cx === 4 && cy === 2)); // 5 × 3 cells
    const z = validAreaToZonalQuality(a);
    expect(Array.from(z.subarray(0, 7))).toEqual([0, ZONAL_QUALITY_TYPE, 0, 9, 4, 4, 1]);
    // cells 0, 5, 10 (column 0) and 14: bits 1000 0100 | 0010 0010
    expect(Array.from(z.subarray(7))).toEqual([0b10000100, 0b00100010]);
    expect(zonalQualityToValidArea(z.subarray(4), 20, 10)).toEqual(a);
  });

  it('reads deeper values as usable where not 0, and refuses what does not fit', () => {
    // 2 × 1 cells of 2 bits: 00, 11 packed as 0011 0000
    expect(zonalQualityToValidArea(Uint8Array.from([5, 5, 2, 0b00110000]), 10, 5)).toEqual({ cell: 5, columns: 2, rows: 1, bits: Uint8Array.from([0b10]) });
    expect(zonalQualityToValidArea(Uint8Array.from([5, 4, 1, 0]), 10, 5)).toBeUndefined();
    expect(zonalQualityToValidArea(Uint8Array.from([5, 5, 9, 0]), 10, 5)).toBeUndefined();
    expect(zonalQualityToValidArea(Uint8Array.from([5, 5, 1, 0, 0]), 10, 5)).toBeUndefined();
  });

  it('a template with a valid area round-trips through an ISO record; without one the record is as before', () => {
    const a = area(100, 70, 12, (cx, cy) => (cx * 7 + cy) % 3 !== 0);
    const plain = templateToIso(base);
    const withArea = templateToIso({ ...base, validArea: a });
    expect(withArea.length).toBe(plain.length + 7 + Math.ceil((a.columns * a.rows) / 8));
    expect(isoToTemplate(plain).validArea).toBeUndefined();
    const back = isoToTemplate(withArea);
    expect(back.validArea).toEqual(a);
    expect(back.minutiae).toEqual(isoToTemplate(plain).minutiae);
    expect(parseIso19794_2(withArea).views[0].extendedAreas?.[0].typeCode).toBe(ZONAL_QUALITY_TYPE);
    // INCITS 378-2004 has no such area: written without it
    expect(Array.from(templateToIncits378({ ...base, validArea: a }))).toEqual(Array.from(templateToIncits378(base)));
    expect(incits378ToTemplate(templateToIncits378({ ...base, validArea: a })).validArea).toBeUndefined();
  });
});
