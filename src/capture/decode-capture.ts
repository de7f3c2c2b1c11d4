import { CaptureError } from '../core/errors.js';
import type { GrayImage } from '../core/gray-image.js';
import { CAPTURE_PARAMETERS, type CaptureParameters } from '../config/parameters/capture.js';
import { type CaptureFormat, detectCaptureFormat } from './detect-format.js';
import { decodeBmp, type DecodedRaster } from './decode-bmp.js';
import { decodeRaster } from './decode-raster.js';
import { resampleToStandard, standardSize } from './resample.js';
import { decodeWsq } from '../formats/index.js';
import { decodeSingleAnsiNistFinger } from './decode-ansi-nist.js';

export interface DecodeCaptureOptions {
  /** Resolution of the capture in ppi when the file does not state a plausible one (or to override it). */
  readonly ppi?: number;
  /** Width and height of a raw capture, pixels. */
  readonly width?: number;
  readonly height?: number;
  /** Declared format; detected from the bytes when absent. `raw` must be declared. */
  readonly format?: CaptureFormat;
  readonly limits?: CaptureParameters;
}

/** A decoded capture and what the file said about itself. */
export interface DecodedCapture {
  /** 8-bit grey at 500 ppi. */
  readonly image: GrayImage;
  readonly format: CaptureFormat;
  /** Resolution the pixels were taken at (declared, stated by the file, or the default). */
  readonly sourcePpi: number;
  /** Where sourcePpi came from. */
  readonly ppiSource: 'declared' | 'file' | 'default';
  readonly sourceWidth: number;
  readonly sourceHeight: number;
}

/**
 * Any single-finger capture → 8-bit grey at 500 ppi. Accepts PNG, JPEG, TIFF and BMP (detected
 * from their signatures) and raw 8-bit grey (declared, with width and height).
 *
 * Resolution: a declared `ppi` wins; otherwise the file's stated density when it lies in the
 * plausible scanner range [minPpi, maxPpi] (72 or 96 dpi are screen defaults written by image
 * tools, not scanner figures); otherwise 500. Other resolutions are resampled to 500 ppi.
 *
 * Errors (all `CaptureError`): AFIS_CAPTURE_EMPTY, AFIS_CAPTURE_UNSUPPORTED_FORMAT,
 * AFIS_CAPTURE_TRUNCATED, AFIS_CAPTURE_CORRUPT, AFIS_CAPTURE_TOO_LARGE, AFIS_CAPTURE_TOO_SMALL,
 * AFIS_CAPTURE_BAD_PARAMETERS. Thread-safe; cost is dominated by libvips decoding.
 */
export async function decodeCaptureDetailed(bytes: Uint8Array, options: DecodeCaptureOptions = {}): Promise<DecodedCapture> {
  const limits = options.limits ?? CAPTURE_PARAMETERS;
  if (bytes.length === 0) throw new CaptureError('AFIS_CAPTURE_EMPTY', 'the capture is empty (0 bytes)');
  if (bytes.length > limits.maxBytes) {
    throw new CaptureError('AFIS_CAPTURE_TOO_LARGE', `the capture has ${bytes.length} bytes, above the limit of ${limits.maxBytes}`);
  }
  if (options.ppi !== undefined && !(Number.isFinite(options.ppi) && options.ppi >= limits.minPpi && options.ppi <= limits.maxPpi)) {
    throw new CaptureError('AFIS_CAPTURE_BAD_PARAMETERS', `declared resolution ${options.ppi} ppi is outside ${limits.minPpi}–${limits.maxPpi} ppi`);
  }
  const detected = detectCaptureFormat(bytes);
  const format = options.format ?? detected;
  if (format === undefined) {
    throw new CaptureError('AFIS_CAPTURE_UNSUPPORTED_FORMAT', 'the capture is not PNG, JPEG, TIFF, BMP, WSQ or ANSI/NIST (raw grey must be declared with its width and height)');
  }
  if (options.format !== undefined && options.format !== 'raw' && detected !== undefined && detected !== options.format) {
    throw new CaptureError('AFIS_CAPTURE_UNSUPPORTED_FORMAT', `the capture was declared ${options.format} but its bytes are ${detected}`);
  }

  let raster: DecodedRaster;
  switch (format) {
    case 'png':
    case 'jpeg':
    case 'tiff':
      raster = await decodeRaster(bytes, format, limits);
      break;
    case 'bmp':
      raster = decodeBmp(bytes, limits);
      break;
    case 'raw':
      raster = decodeRaw(bytes, options, limits);
      break;
    case 'wsq': {
      // the stream's NIST_COM PPI when it has one; otherwise the usual declared/default rule
      const w = decodeWsq(bytes);
      raster = { width: w.image.width, height: w.image.height, data: w.image.data, ppi: w.ppiFromStream ? w.ppi : undefined };
      break;
    }
    case 'ansi-nist':
      raster = await decodeSingleAnsiNistFinger(bytes, limits);
      break;
  }

  const filePpi = raster.ppi !== undefined && raster.ppi >= limits.minPpi && raster.ppi <= limits.maxPpi ? raster.ppi : undefined;
  const sourcePpi = options.ppi ?? filePpi ?? limits.defaultPpi;
  const ppiSource = options.ppi !== undefined ? 'declared' : filePpi !== undefined ? 'file' : 'default';
  checkStandardSize(raster.width, raster.height, sourcePpi, ppiSource, limits);
  const image = await resampleToStandard(raster.width, raster.height, raster.data, sourcePpi, limits.ppiTolerance);
  if (image.width < limits.minSide || image.height < limits.minSide) {
    throw new CaptureError('AFIS_CAPTURE_TOO_SMALL', `the capture is ${image.width}x${image.height} pixels at 500 ppi, below the ${limits.minSide}-pixel minimum`);
  }
  return { image, format, sourcePpi, ppiSource, sourceWidth: raster.width, sourceHeight: raster.height };
}

/**
 * Refuses, before resampling, what the stated resolution makes implausible or too large: a
 * stated (declared or file) resolution under which the image would be larger than any
 * fingerprint capture (AFIS_CAPTURE_BAD_PARAMETERS when declared, AFIS_CAPTURE_TOO_LARGE from the
 * file), and an image whose 500 ppi size exceeds the pixel limits (AFIS_CAPTURE_TOO_LARGE), since
 * resampling from under 500 ppi multiplies the pixels.
 */
function checkStandardSize(width: number, height: number, ppi: number, ppiSource: DecodedCapture['ppiSource'], limits: CaptureParameters): void {
  const inches = Math.max(width, height) / ppi;
  if (ppiSource !== 'default' && inches > limits.maxPhysicalSideInches) {
    const declared = ppiSource === 'declared';
    throw new CaptureError(declared ? 'AFIS_CAPTURE_BAD_PARAMETERS' : 'AFIS_CAPTURE_TOO_LARGE',
      `${declared ? 'declared' : "the file's"} resolution ${ppi} ppi makes this ${width}x${height} image ${inches.toFixed(1)} in wide, larger than any fingerprint capture (${limits.maxPhysicalSideInches} in)`);
  }
  const std = standardSize(width, height, ppi, limits.ppiTolerance);
  if (std.width > limits.maxSide || std.height > limits.maxSide || std.width * std.height > limits.maxPixels) {
    throw new CaptureError('AFIS_CAPTURE_TOO_LARGE', `the capture is ${std.width}x${std.height} pixels at 500 ppi, above the limit of ${limits.maxPixels} pixels (${limits.maxSide} a side)`);
  }
}

/** {@link decodeCaptureDetailed}, keeping only the 500 ppi grey image. */
export async function decodeCapture(bytes: Uint8Array, options: DecodeCaptureOptions = {}): Promise<GrayImage> {
  return (await decodeCaptureDetailed(bytes, options)).image;
}

function decodeRaw(bytes: Uint8Array, options: DecodeCaptureOptions, limits: CaptureParameters): DecodedRaster {
  const { width, height } = options;
  if (width === undefined || height === undefined || !Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new CaptureError('AFIS_CAPTURE_BAD_PARAMETERS', 'a raw capture needs its width and height as positive integers');
  }
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    throw new CaptureError('AFIS_CAPTURE_TOO_LARGE', `raw capture of ${width}x${height} pixels is above the limit`);
  }
  if (bytes.length < width * height) {
    throw new CaptureError('AFIS_CAPTURE_TRUNCATED', `raw capture has ${bytes.length} bytes, ${width}x${height} needs ${width * height}`);
  }
  if (bytes.length > width * height) {
    throw new CaptureError('AFIS_CAPTURE_BAD_PARAMETERS', `raw capture has ${bytes.length} bytes, more than ${width}x${height} = ${width * height}`);
  }
  return { width, height, data: bytes.slice(), ppi: undefined };
}
