import { CaptureError } from '../core/errors.js';
import { type GrayImage, createGrayImage } from '../core/gray-image.js';
import { CAPTURE_PARAMETERS, type CaptureParameters } from '../config/parameters/capture.js';
import { type AnsiNistFinger, type ImageCompression, type ImpressionKind, readAnsiNistFingers } from '../formats/index.js';
import type { DecodedRaster } from './decode-bmp.js';
import { decodeRaster } from './decode-raster.js';
import { resampleToStandard } from './resample.js';

/** One finger of an ANSI/NIST-ITL transaction, ready for extraction. */
export interface CapturedFinger {
  /** Finger position (FGP): 1–10 fingers, 11–15 plain thumbs and slaps, 0 unknown. */
  readonly position: number;
  readonly impression: ImpressionKind;
  readonly impressionCode: number;
  /** 1-based record number in the transaction, and its type (4 or 14). */
  readonly record: number;
  readonly recordType: number;
  readonly compression: ImageCompression;
  /** Resolution the record states (or 500 when it states an implausible one) and the source size. */
  readonly sourcePpi: number;
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  /** 8-bit grey at 500 ppi. */
  readonly image: GrayImage;
}

/** Every Type-4/14 finger image, decoded at its record's resolution (PNG/JPEG through sharp, WSQ through formats/). */
async function readFingers(bytes: Uint8Array, limits: CaptureParameters): Promise<AnsiNistFinger[]> {
  return readAnsiNistFingers(bytes, {
    decodeImage: async (b, format) => {
      const r = await decodeRaster(b, format, limits);
      return createGrayImage(r.width, r.height, r.data, r.ppi ?? limits.defaultPpi);
    },
  });
}

function plausiblePpi(ppi: number, limits: CaptureParameters): number {
  return ppi >= limits.minPpi && ppi <= limits.maxPpi ? ppi : limits.defaultPpi;
}

/**
 * Every finger image of an ANSI/NIST-ITL transaction (Type-4 and Type-14 records, file order)
 * as 8-bit grey at 500 ppi, with its finger position and impression. Errors: the codec's
 * FormatErrors (AFIS_ANSI_NIST_INVALID, AFIS_FORMAT_TRUNCATED, AFIS_FORMAT_UNSUPPORTED for
 * JPEG 2000…), AFIS_WSQ_INVALID, and the capture errors of PNG/JPEG decoding.
 */
export async function decodeAnsiNistFingers(bytes: Uint8Array, limits: CaptureParameters = CAPTURE_PARAMETERS): Promise<CapturedFinger[]> {
  const fingers = await readFingers(bytes, limits);
  const out: CapturedFinger[] = [];
  for (const f of fingers) {
    const sourcePpi = plausiblePpi(f.ppi, limits);
    out.push({
      position: f.position,
      impression: f.impression,
      impressionCode: f.impressionCode,
      record: f.recordIndex + 1,
      recordType: f.recordType,
      compression: f.compression,
      sourcePpi,
      sourceWidth: f.image.width,
      sourceHeight: f.image.height,
      image: await resampleToStandard(f.image.width, f.image.height, f.image.data, sourcePpi, limits.ppiTolerance),
    });
  }
  return out;
}

/**
 * The one finger image of a single-finger transaction, as a raster at its record's resolution
 * (for decodeCapture). A transaction with several fingers is refused: it is submitted as a
 * transaction, not as one capture.
 */
export async function decodeSingleAnsiNistFinger(bytes: Uint8Array, limits: CaptureParameters): Promise<DecodedRaster> {
  const fingers = await readFingers(bytes, limits);
  if (fingers.length !== 1) {
    throw new CaptureError('AFIS_CAPTURE_UNSUPPORTED_FORMAT', `the ANSI/NIST-ITL transaction holds ${fingers.length} finger images; submit it as a transaction, or send one finger per capture`);
  }
  const f = fingers[0];
  return { width: f.image.width, height: f.image.height, data: f.image.data, ppi: f.ppi };
}
