import { TemplateError } from '../core/errors.js';
import { TWO_PI } from '../core/geometry.js';
import { MAX_MINUTIAE, validateTemplate, type Minutia, type MinutiaType, type OrientationMap, type Template, type ValidArea } from './template.js';

/**
 * The compact binary form of one finger template (our own storage format, not a standard).
 *
 * Layout, big-endian, version 1 — 12 + 8·n bytes for n minutiae (332 bytes for 40):
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 3 | magic `AFT` |
 * | 3 | 1 | version (1) |
 * | 4 | 2 | width, pixels |
 * | 6 | 2 | height, pixels |
 * | 8 | 2 | resolution, ppi (rounded to an integer) |
 * | 10 | 1 | finger quality 0–100 |
 * | 11 | 1 | minutiae count n (≤ 255) |
 * | 12 + 8k | 2 | x, pixels (rounded) |
 * | 14 + 8k | 2 | y, pixels (rounded) |
 * | 16 + 8k | 2 | angle, units of 2π/65536 (the Template convention) |
 * | 18 + 8k | 1 | type: 0 other, 1 ending, 2 bifurcation |
 * | 19 + 8k | 1 | minutia quality 0–100 |
 *
 * Version 2 is version 1 followed by the template's valid area ({@link ValidArea}): 1 byte, the
 * cell side c in pixels (1–255), then ⌈⌈width / c⌉ · ⌈height / c⌉ / 8⌉ bytes of its bits, as
 * the ValidArea holds them (≈ 130 bytes at 12 px for a 388 × 374 image). A template without a
 * valid area is written as version 1, byte for byte as before; both versions are read.
 *
 * Version 3 carries the template's orientation map ({@link OrientationMap}), and its valid area
 * when it has one: version 1, then a flags byte (bit 0: a valid area follows, bit 1: an
 * orientation map follows), the valid area as in version 2 when flagged, then the orientation
 * map: 1 byte, the cell side c in pixels (1–255), then ⌈⌈width / c⌉ · ⌈height / c⌉ / 2⌉ bytes of
 * its codes, two a byte, the first cell in the high half (≈ 300 bytes at 16 px for a 388 × 374
 * image). A template without an orientation map is written as version 1 or 2 as before.
 *
 * Coordinates are kept to the pixel and angles to 0.0055°, far below what matching resolves;
 * `decodeTemplate(encodeTemplate(t))` equals `t` up to that rounding, and encoding a decoded
 * template gives the same bytes again.
 */
export const TEMPLATE_BINARY_VERSION = 1;
/** The version that carries a valid area after the minutiae. */
export const TEMPLATE_BINARY_VERSION_VALID_AREA = 2;
/** The version that carries an orientation map (and a valid area, when flagged) after the minutiae. */
export const TEMPLATE_BINARY_VERSION_ORIENTATION = 3;
export const TEMPLATE_HEADER_BYTES = 12;
export const TEMPLATE_BYTES_PER_MINUTIA = 8;

const MAGIC = [0x41, 0x46, 0x54]; // "AFT"
const TYPE_CODES: Record<MinutiaType, number> = { other: 0, ending: 1, bifurcation: 2 };
const TYPES: readonly MinutiaType[] = ['other', 'ending', 'bifurcation'];
const ANGLE_UNITS = 65536;

/** Template → bytes. Validates first (AFIS_TEMPLATE_INVALID). Cost O(n); pure. */
export function encodeTemplate(t: Template): Uint8Array {
  validateTemplate(t);
  const n = t.minutiae.length;
  const area = t.validArea;
  const map = t.orientationMap;
  const body = TEMPLATE_HEADER_BYTES + TEMPLATE_BYTES_PER_MINUTIA * n;
  const flags = map ? 1 : 0;
  const mapAt = body + flags + (area ? 1 + area.bits.length : 0);
  const out = new Uint8Array(mapAt + (map ? 1 + Math.ceil(map.codes.length / 2) : 0));
  const v = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[3] = map ? TEMPLATE_BINARY_VERSION_ORIENTATION : area ? TEMPLATE_BINARY_VERSION_VALID_AREA : TEMPLATE_BINARY_VERSION;
  if (map) out[body] = (area ? 1 : 0) | 2;
  if (area) { out[body + flags] = area.cell; out.set(area.bits, body + flags + 1); }
  if (map) {
    out[mapAt] = map.cell;
    for (let i = 0; i < map.codes.length; i++) out[mapAt + 1 + (i >> 1)] |= i & 1 ? map.codes[i] : map.codes[i] << 4;
  }
  const ppi = Math.round(t.ppi);
  if (ppi < 1 || ppi > 65535) throw new TemplateError('AFIS_TEMPLATE_INVALID', `invalid template: ppi ${t.ppi} cannot be stored`);
  v.setUint16(4, t.width);
  v.setUint16(6, t.height);
  v.setUint16(8, ppi);
  out[10] = Math.round(t.quality);
  out[11] = n;
  for (let k = 0; k < n; k++) {
    const m = t.minutiae[k];
    const o = TEMPLATE_HEADER_BYTES + TEMPLATE_BYTES_PER_MINUTIA * k;
    v.setUint16(o, Math.min(t.width - 1, Math.round(m.x)));
    v.setUint16(o + 2, Math.min(t.height - 1, Math.round(m.y)));
    v.setUint16(o + 4, Math.round((m.angle / TWO_PI) * ANGLE_UNITS) % ANGLE_UNITS);
    out[o + 6] = TYPE_CODES[m.type];
    out[o + 7] = Math.round(m.quality);
  }
  return out;
}

/**
 * Bytes → Template, validating everything (magic, version, exact length, ranges); any defect
 * throws a TemplateError `AFIS_TEMPLATE_INVALID` naming it, never another exception. Cost O(n).
 */
export function decodeTemplate(bytes: Uint8Array): Template {
  const bad = (why: string): never => {
    throw new TemplateError('AFIS_TEMPLATE_INVALID', `invalid template bytes: ${why}`);
  };
  if (!(bytes instanceof Uint8Array)) bad('not a byte array');
  if (bytes.length < TEMPLATE_HEADER_BYTES) bad(`${bytes.length} bytes, shorter than the ${TEMPLATE_HEADER_BYTES}-byte header`);
  if (bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1] || bytes[2] !== MAGIC[2]) bad('no AFT magic');
  const version = bytes[3];
  if (version !== TEMPLATE_BINARY_VERSION && version !== TEMPLATE_BINARY_VERSION_VALID_AREA && version !== TEMPLATE_BINARY_VERSION_ORIENTATION) bad(`unsupported version ${version}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = v.getUint16(4);
  const height = v.getUint16(6);
  const ppi = v.getUint16(8);
  const quality = bytes[10];
  const n = bytes[11];
  if (n > MAX_MINUTIAE) bad(`${n} minutiae`);
  const body = TEMPLATE_HEADER_BYTES + TEMPLATE_BYTES_PER_MINUTIA * n;
  let validArea: ValidArea | undefined;
  let orientationMap: OrientationMap | undefined;
  let at = body;
  let hasArea = version === TEMPLATE_BINARY_VERSION_VALID_AREA, hasMap = false;
  if (version === TEMPLATE_BINARY_VERSION_ORIENTATION) {
    if (bytes.length <= body) bad(`${bytes.length} bytes, no flags after ${n} minutiae`);
    const flags = bytes[body];
    if ((flags & ~3) !== 0 || (flags & 2) === 0) bad(`flags ${flags}`);
    hasArea = (flags & 1) !== 0;
    hasMap = true;
    at = body + 1;
  }
  if (hasArea) {
    if (bytes.length <= at) bad(`${bytes.length} bytes, no valid area after ${n} minutiae`);
    const cell = bytes[at];
    if (cell < 1) bad('valid area cell 0');
    const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
    const end = at + 1 + Math.ceil((columns * rows) / 8);
    if (!hasMap && bytes.length !== end) bad(`${bytes.length} bytes, expected ${end} for ${n} minutiae and a valid area of ${columns} × ${rows} cells`);
    if (bytes.length < end) bad(`${bytes.length} bytes, too short for a valid area of ${columns} × ${rows} cells`);
    validArea = { cell, columns, rows, bits: bytes.slice(at + 1, end) };
    at = end;
  }
  if (hasMap) {
    if (bytes.length <= at) bad(`${bytes.length} bytes, no orientation map after ${n} minutiae`);
    const cell = bytes[at];
    if (cell < 1) bad('orientation map cell 0');
    const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
    const expected = at + 1 + Math.ceil((columns * rows) / 2);
    if (bytes.length !== expected) bad(`${bytes.length} bytes, expected ${expected} for an orientation map of ${columns} × ${rows} cells`);
    const codes = new Uint8Array(columns * rows);
    for (let i = 0; i < codes.length; i++) codes[i] = i & 1 ? bytes[at + 1 + (i >> 1)] & 15 : bytes[at + 1 + (i >> 1)] >> 4;
    if ((codes.length & 1) === 1 && (bytes[expected - 1] & 15) !== 0) bad('orientation map padding not zero');
    orientationMap = { cell, columns, rows, codes };
  }
  if (!hasArea && !hasMap && bytes.length !== body) bad(`${bytes.length} bytes, expected ${body} for ${n} minutiae`);
  const minutiae: Minutia[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const o = TEMPLATE_HEADER_BYTES + TEMPLATE_BYTES_PER_MINUTIA * k;
    const typeCode = bytes[o + 6];
    if (typeCode > 2) bad(`minutia ${k} type code ${typeCode}`);
    minutiae[k] = {
      x: v.getUint16(o),
      y: v.getUint16(o + 2),
      angle: (v.getUint16(o + 4) / ANGLE_UNITS) * TWO_PI,
      type: TYPES[typeCode],
      quality: bytes[o + 7],
    };
  }
  try {
    return validateTemplate({ width, height, ppi, quality, minutiae, ...(validArea ? { validArea } : {}), ...(orientationMap ? { orientationMap } : {}) });
  } catch (err) {
    if (err instanceof TemplateError) throw new TemplateError('AFIS_TEMPLATE_INVALID', `invalid template bytes: ${err.message.replace(/^invalid template: /, '')}`);
    throw err;
  }
}

/** True when the bytes start with this format's magic (cheap format sniffing for the CLI). */
export function isTemplateBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === MAGIC[0] && bytes[1] === MAGIC[1] && bytes[2] === MAGIC[2];
}
