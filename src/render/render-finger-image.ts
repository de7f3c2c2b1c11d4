import sharp from 'sharp';
import { AfisError, type GrayImage } from '../core/index.js';
import type { Template } from '../templates/index.js';
import { drawMinutiaeSvg, type PairLabels } from './draw-minutiae-svg.js';
import type { OverlayStyle } from './overlay-style.js';

/** Largest output scale: a 600×600 finger at 4× is 2400×2400, about 17 MB of RGBA while composing. */
export const MAX_RENDER_SCALE = 4;

export interface RenderFingerOptions {
  /** Minutiae to draw over the image; absent: the plain image. */
  readonly template?: Template;
  /** Minutia index (in `template`) → pair number, for the paired minutiae of a comparison. */
  readonly pairs?: PairLabels;
  /** Output pixels per image pixel, 1 to {@link MAX_RENDER_SCALE} (default 1); the image is scaled with a cubic filter. */
  readonly scale?: number;
  readonly style?: OverlayStyle;
}

/**
 * Renders a finger image for people as PNG: the grey image, optionally with the minutiae of
 * `template` drawn over it (see {@link drawMinutiaeSvg}) and its paired minutiae coloured and
 * numbered. The template must be the one extracted from this image (its coordinates are image
 * pixels; a template of another size is stretched to fit).
 *
 * Throws AfisError AFIS_BAD_REQUEST for a scale out of range. Cost: one sharp pipeline, a few
 * milliseconds for a 400×400 finger at scale 2 (libvips runs on its own threads; safe to call
 * concurrently).
 */
export async function renderFingerImage(image: GrayImage, options: RenderFingerOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_RENDER_SCALE) {
    throw new AfisError('AFIS_BAD_REQUEST', `render scale must be an integer from 1 to ${MAX_RENDER_SCALE}, got ${scale}`);
  }
  let pipeline = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 1 },
  });
  if (scale !== 1) pipeline = pipeline.resize(image.width * scale, image.height * scale, { kernel: 'cubic' });
  if (options.template) {
    const svg = drawMinutiaeSvg(options.template, image.width, image.height, {
      scale,
      ...(options.pairs ? { pairs: options.pairs } : {}),
      ...(options.style ? { style: options.style } : {}),
    });
    // Compose in colour: the grey base is widened to sRGB so the marks keep their hues.
    pipeline = sharp(await pipeline.toColourspace('srgb').png({ compressionLevel: 0 }).toBuffer()).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]);
  }
  const png = await pipeline.png({ compressionLevel: 6 }).toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
