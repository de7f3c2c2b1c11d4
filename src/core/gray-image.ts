import { CaptureError } from './errors.js';

/** The standard resolution every algorithm works at: pixels per inch. */
export const STANDARD_PPI = 500;

/**
 * An 8-bit grey image, row-major, one byte per pixel, 0 = black (ridge) … 255 = white (valley
 * on most scanners). `ppi` is the resolution in pixels per inch; after capture decoding it is
 * always {@link STANDARD_PPI}. Immutable by convention: stages return new images.
 */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly data: Uint8Array;
}

/** Builds a GrayImage, checking that the pixel buffer matches the size. */
export function createGrayImage(width: number, height: number, data: Uint8Array, ppi = STANDARD_PPI): GrayImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new CaptureError('AFIS_CAPTURE_BAD_PARAMETERS', `invalid image size ${width}x${height}`);
  }
  if (data.length !== width * height) {
    throw new CaptureError('AFIS_CAPTURE_BAD_PARAMETERS', `pixel buffer has ${data.length} bytes, expected ${width * height}`);
  }
  return Object.freeze({ width, height, ppi, data });
}

/** A float map over an image grid (orientation, frequency, coherence…), row-major. */
export interface FloatMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}
