import { describe, expect, it } from 'vitest';
import { AfisError } from '../../src/core/index.js';
import { decodeProbeBundle, encodeProbeBundle, hashRequest, type BundledFinger } from '../../src/transactions/index.js';

describe('probe bundle', () => {
  const fingers: BundledFinger[] = [
    { position: 1, impression: 'rolled', quality: 87, template: new Uint8Array([1, 2, 3]), image: new Uint8Array([9, 8, 7, 6]), imageFormat: 'png' },
    { position: 7, impression: 'plain', quality: 40, template: new Uint8Array([4, 5]) },
  ];
  it('round-trips templates, images and formats', () => {
    expect(decodeProbeBundle(encodeProbeBundle(fingers))).toEqual(fingers);
    expect(decodeProbeBundle(encodeProbeBundle([]))).toEqual([]);
  });
  it('refuses bytes that are not a bundle with AFIS_STORE_CORRUPT', () => {
    const good = encodeProbeBundle(fingers);
    for (const bad of [new Uint8Array(3), good.subarray(0, good.length - 1), new Uint8Array(good.length).fill(7)]) {
      let code = 'none';
      try {
        decodeProbeBundle(bad);
      } catch (e) {
        code = (e as AfisError).code;
      }
      expect(code).toBe('AFIS_STORE_CORRUPT');
    }
  });
});

describe('request hash for idempotency keys', () => {
  it('ignores key order and undefined fields, sees every byte', () => {
    const a = { category: 1, memberState: 'BE', fingers: [{ position: 1, image: new Uint8Array([1, 2, 3]) }] };
    const b = { memberState: 'BE', sex: undefined, fingers: [{ image: new Uint8Array([1, 2, 3]), position: 1 }], category: 1 };
    expect(hashRequest('capture', a)).toBe(hashRequest('capture', b));
    expect(hashRequest('capture', a)).not.toBe(hashRequest('capture', { ...a, fingers: [{ position: 1, image: new Uint8Array([1, 2, 4]) }] }));
    expect(hashRequest('capture', a)).not.toBe(hashRequest('police-identification', a));
    expect(hashRequest('x', { a: '1' })).not.toBe(hashRequest('x', { a: 1 }));
  });
});
