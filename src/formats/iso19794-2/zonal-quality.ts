import type { ValidArea } from '../../templates/index.js';

/**
 * ISO/IEC 19794-2:2005's zonal quality data, an area of a finger view's extended data (type
 * code 0x0003): cell width and cell height in pixels (1 byte each), the bits per cell value
 * (1 byte, 1–8), then one value per cell, ⌈width / cell width⌉ · ⌈height / cell height⌉ of
 * them, row by row, packed most significant bit first and the last byte padded with zeros.
 * A higher value is better. Our {@link ValidArea} is written as 1 bit per square cell (1 =
 * usable print) and read back from any such area with square cells (usable where the value
 * is not 0). INCITS 378-2004 leaves type 0x0003 unassigned, so only the ISO writer adds it.
 */
export const ZONAL_QUALITY_TYPE = 0x0003;

/** The valid area as one extended data area (4-byte type and length header included). */
export function validAreaToZonalQuality(a: ValidArea): Uint8Array {
  const cells = a.columns * a.rows;
  const length = 4 + 3 + Math.ceil(cells / 8);
  const out = new Uint8Array(length);
  out[0] = ZONAL_QUALITY_TYPE >> 8; out[1] = ZONAL_QUALITY_TYPE & 255;
  out[2] = length >> 8; out[3] = length & 255;
  out[4] = a.cell; out[5] = a.cell; out[6] = 1;
  for (let i = 0; i < cells; i++) if (a.bits[i >> 3] & (1 << (i & 7))) out[7 + (i >> 3)] |= 0x80 >> (i & 7);
  return out;
}

/**
 * A zonal quality area's data (without its 4-byte header) as a valid area of an image of
 * width × height pixels: usable where a cell's value is not 0. Undefined when its cells are not
 * square, its bit depth is not 1–8 or its length does not fit the image.
 */
export function zonalQualityToValidArea(data: Uint8Array, width: number, height: number): ValidArea | undefined {
  if (data.length < 3) return undefined;
  const cw = data[0], ch = data[1], depth = data[2];
  if (cw === 0 || cw !== ch || depth < 1 || depth > 8) return undefined;
  const columns = Math.ceil(width / cw), rows = Math.ceil(height / cw), cells = columns * rows;
  if (data.length !== 3 + Math.ceil((cells * depth) / 8)) return undefined;
  const bits = new Uint8Array(Math.ceil(cells / 8));
  for (let i = 0; i < cells; i++) {
    let v = 0;
    for (let b = 0; b < depth; b++) {
      const k = i * depth + b;
      v = (v << 1) | ((data[3 + (k >> 3)] >> (7 - (k & 7))) & 1);
    }
    if (v !== 0) bits[i >> 3] |= 1 << (i & 7);
  }
  return { cell: cw, columns, rows, bits };
}
