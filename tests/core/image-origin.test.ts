import { describe, expect, it } from 'vitest';
import { createGrayImage, markDerivedImage, originalImage } from '../../src/core/index.js';

const image = (seed: number) => createGrayImage(4, 4, Uint8Array.from({ length: 16 }, (_, i) => (i * 13 + seed) & 255));

describe('image origin', () => {
  it('is the image itself until it is marked as derived', () => {
    const a = image(1);
    expect(originalImage(a)).toBe(a);
    markDerivedImage(a, a);
    expect(originalImage(a)).toBe(a);
  });

  it('follows a chain of derived images to the first', () => {
    const a = image(1), b = image(2), c = image(3);
    markDerivedImage(b, a);
    markDerivedImage(c, b);
    expect(originalImage(b)).toBe(a);
    expect(originalImage(c)).toBe(a);
    // an image of the same pixels that was never marked is its own origin (identity, not content)
    const twin = image(3);
    expect(originalImage(twin)).toBe(twin);
  });
});
