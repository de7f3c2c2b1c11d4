import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { extractTemplate, prepareAnalysis } from '../../src/extraction/index.js';
import { SCRATCH_MAX_ENTRIES, scratchFloat64, scratchInt32, scratchInt8, scratchUint8 } from '../../src/extraction/scratch-arrays.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';
import type { GrayImage } from '../../src/core/index.js';

describe('scratch arrays', () => {
  it('give the length asked for, one buffer per slot, grown when too small', () => {
    const a = scratchFloat64('test.a', 100);
    expect(a.length).toBe(100);
    const b = scratchFloat64('test.a', 40);
    expect(b.length).toBe(40);
    expect(b.buffer).toBe(a.buffer);
    const c = scratchFloat64('test.a', 300);
    expect(c.length).toBe(300);
    expect(c.buffer).not.toBe(a.buffer);
    expect(scratchFloat64('test.b', 40).buffer).not.toBe(c.buffer);
    expect(scratchInt32('test.a', 7)).toBeInstanceOf(Int32Array);
    expect(scratchUint8('test.a', 7)).toBeInstanceOf(Uint8Array);
    expect(scratchInt8('test.a', 7)).toBeInstanceOf(Int8Array);
  });

  it('keep nothing longer than SCRATCH_MAX_ENTRIES: a large capture gets fresh arrays and leaves the slot as it was', () => {
    const held = scratchFloat64('test.large', 1000);
    const large = scratchFloat64('test.large', SCRATCH_MAX_ENTRIES + 1);
    expect(large.length).toBe(SCRATCH_MAX_ENTRIES + 1);
    expect(large.buffer).not.toBe(held.buffer);
    expect(scratchFloat64('test.large', SCRATCH_MAX_ENTRIES + 1).buffer).not.toBe(large.buffer);
    expect(scratchFloat64('test.large', 1000).buffer).toBe(held.buffer);
    expect(scratchUint8('test.large', SCRATCH_MAX_ENTRIES).buffer).toBe(scratchUint8('test.large', 10).buffer);
  });

  it('leave no trace from one print to the next: a print after larger and smaller ones gives what it gave first', () => {
    const print = (subject: number, finger: number): GrayImage => renderImpression(syntheticMasterPrint(subject, finger, 1), 'optical', createRng(mixSeed(subject, finger, 1))).image;
    // a cut-out: a print of another size, so the held arrays are longer than it needs
    const crop = (image: GrayImage, w: number, h: number): GrayImage => {
      const data = new Uint8Array(w * h);
      for (let y = 0; y < h; y++) data.set(image.data.subarray(y * image.width, y * image.width + w), y * w);
      return { ...image, width: w, height: h, data };
    };
    const a = print(77, 3);
    const b = print(80, 4);
    const small = crop(b, Math.floor(b.width * 0.7), Math.floor(b.height * 0.8));
    const first = JSON.stringify(extractTemplate(a, { parameters: EXTRACTION_PARAMETERS }));
    const firstMask = Array.from(prepareAnalysis(a, EXTRACTION_PARAMETERS).mask.pixels);
    extractTemplate(b, { parameters: EXTRACTION_PARAMETERS });
    extractTemplate(small, { parameters: EXTRACTION_PARAMETERS });
    expect(JSON.stringify(extractTemplate(a, { parameters: EXTRACTION_PARAMETERS }))).toBe(first);
    expect(Array.from(prepareAnalysis(a, EXTRACTION_PARAMETERS).mask.pixels)).toEqual(firstMask);
  });
});
