import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { CaptureError } from '../core/errors.js';
import type { DecodedRaster, RasterLimits } from './decode-bmp.js';

/**
 * Decodes PNG, JPEG or TIFF through sharp (libvips) to 8-bit grey: colour becomes grey, an alpha
 * channel is flattened onto white (the paper a print sits on). The header is read first so an
 * absurd declared size is refused before any pixel is decoded. libvips' own errors are mapped to
 * typed capture errors; their text never reaches a client.
 */
export async function decodeRaster(bytes: Uint8Array, format: 'png' | 'jpeg' | 'tiff', limits: RasterLimits): Promise<DecodedRaster> {
  if (format === 'png') checkPngChunks(bytes);
  const options = { limitInputPixels: limits.maxPixels, failOn: 'warning' as const, sequentialRead: true };
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, options).metadata();
  } catch (err) {
    throw mapSharpError(err, format);
  }
  const { width, height } = metadata;
  if (!width || !height) throw new CaptureError('AFIS_CAPTURE_CORRUPT', `${format.toUpperCase()} header gives no image size`);
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    throw new CaptureError('AFIS_CAPTURE_TOO_LARGE', `${format.toUpperCase()} declares ${width}x${height} pixels, above the limit`);
  }
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await sharp(bytes, options)
      .flatten({ background: '#ffffff' })
      .greyscale()
      .toColourspace('b-w')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw mapSharpError(err, format);
  }
  if (out.info.channels !== 1 || out.data.length !== out.info.width * out.info.height) {
    throw new CaptureError('AFIS_CAPTURE_CORRUPT', `${format.toUpperCase()} did not decode to one grey channel`);
  }
  return {
    width: out.info.width,
    height: out.info.height,
    data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length),
    ppi: statedPpi(metadata),
  };
}

/** The resolution a file states, in ppi; densities that are only screen defaults are ignored by the caller's plausibility range. */
function statedPpi(m: Metadata): number | undefined {
  if (!m.density || !Number.isFinite(m.density) || m.density <= 0) return undefined;
  return m.density;
}

/**
 * Walks the PNG chunk list: a chunk whose declared length runs past the end of the bytes, or a
 * stream that stops before any image data, is a truncated file (libpng only says "read error").
 * A missing IEND after complete image data is tolerated, as libpng does.
 */
function checkPngChunks(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let sawData = false;
  while (offset < bytes.length) {
    if (bytes.length - offset < 12) throw new CaptureError('AFIS_CAPTURE_TRUNCATED', 'PNG file ends inside a chunk header');
    const length = view.getUint32(offset);
    const type = String.fromCharCode(bytes[offset + 4]!, bytes[offset + 5]!, bytes[offset + 6]!, bytes[offset + 7]!);
    if (length > bytes.length - offset - 12) throw new CaptureError('AFIS_CAPTURE_TRUNCATED', `PNG file ends inside its ${type} chunk`);
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return;
    offset += 12 + length;
  }
  if (!sawData) throw new CaptureError('AFIS_CAPTURE_TRUNCATED', 'PNG file ends before its image data');
}

function mapSharpError(err: unknown, format: string): CaptureError {
  const text = err instanceof Error ? err.message : String(err);
  const name = format.toUpperCase();
  if (/pixel limit/i.test(text)) return new CaptureError('AFIS_CAPTURE_TOO_LARGE', `${name} declares more pixels than the limit`, undefined, { cause: err });
  if (/premature end|truncat|unexpected end|end of file|not enough data/i.test(text)) {
    return new CaptureError('AFIS_CAPTURE_TRUNCATED', `${name} file is truncated`, undefined, { cause: err });
  }
  return new CaptureError('AFIS_CAPTURE_CORRUPT', `${name} file is damaged or truncated and cannot be decoded`, undefined, { cause: err });
}
