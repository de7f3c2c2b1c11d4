import { FORMAT_PARAMETERS, type FormatParameters } from '../../config/parameters.js';
import { AfisError, FormatError, type GrayImage, createGrayImage } from '../../core/index.js';
import type { AnsiNistTransaction } from './ansi-nist-record.js';
import { type FingerImageInfo, describeFingerImages } from './describe-finger-record.js';
import { parseAnsiNist } from './parse-ansi-nist.js';
import { decodeWsq } from '../wsq/index.js';

/** Decodes a PNG or JPEG image to 8-bit grey (the caller's decoder, e.g. sharp in capture/). */
export type ImageDecoder = (bytes: Uint8Array, format: 'png' | 'jpeg') => GrayImage | Promise<GrayImage>;
/** Decodes a WSQ stream (the wsq module's `decodeWsq`). */
export type WsqDecoder = (bytes: Uint8Array) => GrayImage | Promise<GrayImage>;

export interface ReadFingersOptions {
  /** Needed for PNG and JPEG compressed records; formats/ cannot decode them itself. */
  readonly decodeImage?: ImageDecoder;
  /** WSQ decoder; the wsq module's by default. */
  readonly decodeWsq?: WsqDecoder;
  readonly params?: FormatParameters;
}

/** One finger image of a transaction, decoded. */
export interface AnsiNistFinger extends FingerImageInfo {
  /** 8-bit grey at the record's resolution (`ppi`), not resampled. */
  readonly image: GrayImage;
}

const MAGIC: Readonly<Record<string, readonly number[]>> = {
  wsq: [0xff, 0xa0, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff],
  'jpeg-lossless': [0xff, 0xd8, 0xff],
};

/**
 * Where the compressed stream starts: some real files put stray text before it (NBIS valid1.7
 * has "011010", a GS and a second "14.999:" tag in front of its JPEG). Looks in the first KiB;
 * 0 when the magic is at the start or not found (the decoder then reports the problem).
 */
function streamStart(data: Uint8Array, compression: string): number {
  const m = MAGIC[compression];
  if (!m) return 0;
  const last = Math.min(data.length - m.length, 1024);
  for (let i = 0; i <= last; i++) {
    let k = 0;
    while (k < m.length && data[i + k] === m[k]) k++;
    if (k === m.length) return i;
  }
  return 0;
}

function recordName(info: FingerImageInfo): string {
  return `record ${info.recordIndex + 1} (Type-${info.recordType}, finger position ${info.position})`;
}

async function decodeWith(info: FingerImageInfo, what: string, run: () => GrayImage | Promise<GrayImage>): Promise<GrayImage> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AfisError) throw new AfisError(err.code, `${recordName(info)}: ${err.message}`, err.details, { cause: err });
    throw new FormatError('AFIS_FORMAT_INVALID', `${recordName(info)}: the ${what} image could not be decoded: ${(err as Error)?.message ?? String(err)}`);
  }
}

/**
 * Decodes one finger image record described by `info`. Uncompressed 8-bit data is taken as is;
 * WSQ, PNG and JPEG go to the decoders in `options`; JPEG 2000 is refused with
 * AFIS_FORMAT_UNSUPPORTED. Sizes are checked against the data before anything is allocated.
 */
export async function decodeFingerImage(tx: AnsiNistTransaction, info: FingerImageInfo, options: ReadFingersOptions = {}): Promise<AnsiNistFinger> {
  const p = options.params ?? FORMAT_PARAMETERS;
  const stored = tx.records[info.recordIndex].data ?? new Uint8Array(0);
  const data = stored.subarray(streamStart(stored, info.compression));
  const name = recordName(info);
  if (info.width <= 0 || info.height <= 0) throw new FormatError('AFIS_FORMAT_INVALID', `${name}: image size ${info.width}x${info.height}`);
  if (info.width * info.height > p.maxImagePixels) {
    throw new FormatError('AFIS_FORMAT_UNSUPPORTED', `${name}: image of ${info.width}x${info.height} pixels is above the ${p.maxImagePixels}-pixel limit`);
  }
  let image: GrayImage;
  switch (info.compression) {
    case 'none': {
      if (info.bitsPerPixel !== 8) throw new FormatError('AFIS_FORMAT_UNSUPPORTED', `${name}: uncompressed images of ${info.bitsPerPixel} bits per pixel are not supported (8 only)`);
      const n = info.width * info.height;
      if (data.length < n) throw new FormatError('AFIS_FORMAT_TRUNCATED', `${name}: ${info.width}x${info.height} uncompressed pixels need ${n} bytes, the record has ${data.length}`);
      image = createGrayImage(info.width, info.height, data.slice(0, n), info.ppi);
      break;
    }
    case 'wsq': {
      const decode = options.decodeWsq ?? ((b: Uint8Array) => decodeWsq(b).image);
      image = await decodeWith(info, 'WSQ', () => decode(data));
      break;
    }
    case 'png':
    case 'jpeg':
    case 'jpeg-lossless': {
      const decode = options.decodeImage;
      const format = info.compression === 'png' ? 'png' : 'jpeg';
      if (!decode) throw new FormatError('AFIS_FORMAT_UNSUPPORTED', `${name}: ${format.toUpperCase()} image but no image decoder was given`);
      image = await decodeWith(info, format.toUpperCase(), () => decode(data, format));
      break;
    }
    case 'jpeg2000':
    case 'jpeg2000-lossless':
      throw new FormatError('AFIS_FORMAT_UNSUPPORTED', `${name}: JPEG 2000 compressed images are not supported; send WSQ, PNG, JPEG or uncompressed images`);
    default:
      throw new FormatError('AFIS_FORMAT_UNSUPPORTED', `${name}: unknown image compression`);
  }
  // the record's resolution is authoritative: WSQ headers often carry none (−1) or a rounded one
  if (image.ppi !== info.ppi) image = createGrayImage(image.width, image.height, image.data, info.ppi);
  return { ...info, width: image.width, height: image.height, image };
}

/**
 * Every finger image of an ANSI/NIST-ITL transaction (Type-4 and Type-14 records, file order),
 * decoded to 8-bit grey at the record's own resolution (`ppi`; capture/ resamples to 500).
 * Throws what {@link parseAnsiNist} throws, AFIS_FORMAT_UNSUPPORTED (JPEG 2000, missing decoder,
 * over the pixel limit), AFIS_FORMAT_TRUNCATED / AFIS_FORMAT_INVALID for bad image data, and the
 * decoders' own AfisErrors prefixed with the record. Cost: the decoders'; memory: the images.
 */
export async function readAnsiNistFingers(input: Uint8Array | AnsiNistTransaction, options: ReadFingersOptions = {}): Promise<AnsiNistFinger[]> {
  const tx = input instanceof Uint8Array ? parseAnsiNist(input) : input;
  const out: AnsiNistFinger[] = [];
  for (const info of describeFingerImages(tx, options.params)) out.push(await decodeFingerImage(tx, info, options));
  return out;
}
