import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { AfisError, createGrayImage } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { createExtractionPool } from '../../src/workers/extraction-pool.js';
import { readFileSync } from 'node:fs';
import { SFINGE_IMAGES } from '../helpers/data.js';

describe('extraction on worker threads (npm test builds the worker first)', () => {
  const pool = createExtractionPool(2);
  afterAll(() => pool.close());

  it('gives exactly the template the calling thread gives', async () => {
    const images = await Promise.all([0, 2, 3].map((i) => decodeCapture(readFileSync(SFINGE_IMAGES[i]!))));
    const pooled = await Promise.all(images.map((img) => pool.extract(img)));
    expect(pooled).toEqual(images.map((img) => extractTemplate(img)));
  });

  it('keeps the typed error of an image without a print', async () => {
    const blank = createGrayImage(300, 300, new Uint8Array(300 * 300).fill(255));
    let inThread: unknown;
    try {
      extractTemplate(blank);
    } catch (err) {
      inThread = err;
    }
    const pooled = await pool.extract(blank).then(() => undefined, (err: unknown) => err);
    expect(pooled).toBeInstanceOf(AfisError);
    expect((pooled as AfisError).code).toBe((inThread as AfisError | undefined)?.code ?? 'none');
  });
});
