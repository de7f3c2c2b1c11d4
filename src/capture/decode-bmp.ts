import { CaptureError } from '../core/errors.js';

/** A decoded bitmap before resampling: grey pixels and the resolution the file states, if any. */
export interface DecodedRaster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  /** Pixels per inch stated by the file, undefined when it states none. */
  readonly ppi: number | undefined;
}

export interface RasterLimits {
  readonly maxPixels: number;
  readonly maxSide: number;
}

const truncated = (what: string): never => {
  throw new CaptureError('AFIS_CAPTURE_TRUNCATED', `BMP file ends inside its ${what}`);
};

/**
 * Decodes a Windows bitmap (BITMAPCOREHEADER, BITMAPINFOHEADER and its V4/V5 extensions) to 8-bit
 * grey: uncompressed 1/4/8-bit palette, 16/24/32-bit colour and 32-bit BITFIELDS. The prebuilt
 * libvips in sharp has no BMP loader, so capture reads this container itself. RLE compression is
 * refused as unsupported. Colour becomes grey by ITU-R BT.601 luma. Sizes are checked against the
 * limits and the bytes present before anything is allocated.
 */
export function decodeBmp(bytes: Uint8Array, limits: RasterLimits): DecodedRaster {
  if (bytes.length < 26) truncated('header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  let width: number;
  let rawHeight: number;
  let bitCount: number;
  let compression = 0;
  let paletteEntries = 0;
  let paletteEntrySize = 4;
  let ppi: number | undefined;
  if (headerSize === 12) {
    width = view.getUint16(18, true);
    rawHeight = view.getInt16(20, true);
    bitCount = view.getUint16(24, true);
    paletteEntrySize = 3;
  } else if (headerSize >= 40) {
    if (bytes.length < 14 + 40) truncated('header');
    width = view.getInt32(18, true);
    rawHeight = view.getInt32(22, true);
    bitCount = view.getUint16(28, true);
    compression = view.getUint32(30, true);
    const xPelsPerMeter = view.getInt32(38, true);
    paletteEntries = view.getUint32(46, true);
    // 0 or a screen default (72/96 dpi ≈ 2835/3780 px/m) says nothing about a scanner.
    if (xPelsPerMeter > 0) ppi = Math.round((xPelsPerMeter * 0.0254) * 10) / 10;
  } else {
    throw new CaptureError('AFIS_CAPTURE_CORRUPT', `BMP header size ${headerSize} is not a known bitmap header`);
  }
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height <= 0) throw new CaptureError('AFIS_CAPTURE_CORRUPT', `BMP declares an invalid size ${width}x${height}`);
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    throw new CaptureError('AFIS_CAPTURE_TOO_LARGE', `BMP declares ${width}x${height} pixels, above the limit`);
  }
  if (compression === 1 || compression === 2 || compression === 4 || compression === 5) {
    throw new CaptureError('AFIS_CAPTURE_UNSUPPORTED_FORMAT', 'compressed BMP (RLE, JPEG or PNG inside BMP) is not supported; send PNG, TIFF or WSQ');
  }
  if (![1, 4, 8, 16, 24, 32].includes(bitCount)) throw new CaptureError('AFIS_CAPTURE_CORRUPT', `BMP bit depth ${bitCount} is not valid`);

  // channel masks for 16/32-bit images (BITFIELDS or the defaults)
  let masks: [number, number, number] = bitCount === 16 ? [0x7c00, 0x03e0, 0x001f] : [0x00ff0000, 0x0000ff00, 0x000000ff];
  if (compression === 3 || compression === 6) {
    const maskOffset = headerSize === 40 ? 54 : 54;
    if (bytes.length < maskOffset + 12) truncated('colour masks');
    masks = [view.getUint32(maskOffset, true), view.getUint32(maskOffset + 4, true), view.getUint32(maskOffset + 8, true)];
  }

  let palette: Uint8Array | undefined;
  if (bitCount <= 8) {
    const count = paletteEntries > 0 ? Math.min(paletteEntries, 1 << bitCount) : 1 << bitCount;
    const start = 14 + headerSize;
    if (bytes.length < start + count * paletteEntrySize) truncated('palette');
    palette = new Uint8Array(1 << bitCount);
    for (let i = 0; i < count; i++) {
      const o = start + i * paletteEntrySize;
      palette[i] = luma(bytes[o + 2]!, bytes[o + 1]!, bytes[o]!);
    }
  }

  const rowBytes = Math.ceil((width * bitCount) / 32) * 4;
  if (dataOffset > bytes.length || bytes.length - dataOffset < rowBytes * (height - 1) + Math.ceil((width * bitCount) / 8)) truncated('pixel data');

  const out = new Uint8Array(width * height);
  const channel = (v: number, mask: number): number => {
    if (mask === 0) return 0;
    const shift = 31 - Math.clz32(mask & -mask);
    const bits = 32 - Math.clz32(mask >>> shift);
    return Math.round((((v & mask) >>> shift) * 255) / ((1 << bits) - 1));
  };
  for (let row = 0; row < height; row++) {
    const src = dataOffset + row * rowBytes;
    const y = topDown ? row : height - 1 - row;
    const dst = y * width;
    for (let x = 0; x < width; x++) {
      let g: number;
      switch (bitCount) {
        case 24: {
          const o = src + x * 3;
          g = luma(bytes[o + 2]!, bytes[o + 1]!, bytes[o]!);
          break;
        }
        case 32: {
          const v = view.getUint32(src + x * 4, true);
          g = luma(channel(v, masks[0]), channel(v, masks[1]), channel(v, masks[2]));
          break;
        }
        case 16: {
          const v = view.getUint16(src + x * 2, true);
          g = luma(channel(v, masks[0]), channel(v, masks[1]), channel(v, masks[2]));
          break;
        }
        default: {
          const bitPos = x * bitCount;
          const byte = bytes[src + (bitPos >> 3)]!;
          const index = (byte >> (8 - bitCount - (bitPos & 7))) & ((1 << bitCount) - 1);
          g = palette![index]!;
        }
      }
      out[dst + x] = g;
    }
  }
  return { width, height, data: out, ppi };
}

/** ITU-R BT.601 luma, rounded. */
function luma(r: number, g: number, b: number): number {
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}
