import sharp from 'sharp';
import { CaptureError } from '../core/errors.js';
import { createGrayImage, type GrayImage, STANDARD_PPI } from '../core/gray-image.js';

/**
 * Resamples a grey image from `fromPpi` to 500 ppi (Lanczos-3 through libvips), so every
 * algorithm sees ridges at their standard period (≈ 9 px). Returns the pixels unchanged,
 * wrapped at 500 ppi, when the resolution is already 500 within `tolerance` ppi.
 * Cost: one libvips resize, a few ms for a plain impression.
 */
export async function resampleToStandard(width: number, height: number, data: Uint8Array, fromPpi: number, tolerance: number): Promise<GrayImage> {
  if (Math.abs(fromPpi - STANDARD_PPI) <= tolerance) return createGrayImage(width, height, data, STANDARD_PPI);
  const { width: w, height: h } = standardSize(width, height, fromPpi, tolerance);
  try {
    const out = await sharp(data, { raw: { width, height, channels: 1 } })
      .resize(w, h, { kernel: 'lanczos3', fit: 'fill' })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return createGrayImage(out.info.width, out.info.height, new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length), STANDARD_PPI);
  } catch (err) {
    throw new CaptureError('AFIS_CAPTURE_CORRUPT', `resampling from ${fromPpi} ppi failed`, undefined, { cause: err });
  }
}

/** The size {@link resampleToStandard} gives a `width` × `height` image at `fromPpi` (to check limits before it runs). */
export function standardSize(width: number, height: number, fromPpi: number, tolerance: number): { width: number; height: number } {
  if (Math.abs(fromPpi - STANDARD_PPI) <= tolerance) return { width, height };
  const scale = STANDARD_PPI / fromPpi;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
