import { FormatError } from '../../core/index.js';
import { type Minutia, type MinutiaType, validateTemplate } from '../../templates/index.js';
import { ZONAL_QUALITY_TYPE, zonalQualityToValidArea } from './zonal-quality.js';
import { angleFromUnits } from './convert-minutia-angle.js';
import { type MinutiaPlacement, RECORD_PLACEMENT, moveAlongDirection, placementOffsetPx } from './convert-minutia-placement.js';
import {
  CM_PER_INCH,
  type ExtendedDataArea,
  type FingerMinutiaeFormat,
  type FingerMinutiaeRecord,
  type FingerView,
  INCITS_HEADER_BYTES,
  INCITS_LONG_HEADER_BYTES,
  ISO_HEADER_BYTES,
  MINUTIA_BYTES,
  type RecordMinutia,
  VIEW_HEADER_BYTES,
} from './finger-minutiae-record.js';

const FORMAT_NAME: Record<FingerMinutiaeFormat, string> = {
  'iso19794-2:2005': 'ISO/IEC 19794-2:2005',
  'incits378-2004': 'ANSI INCITS 378-2004',
};

const TYPE_OF_CODE: readonly MinutiaType[] = ['other', 'ending', 'bifurcation', 'other'];

/** One stored minutia as a Template minutia in the record's own placement: radians, type name. */
export function recordMinutiaToMinutia(m: RecordMinutia, format: FingerMinutiaeFormat): Minutia {
  return { x: m.x, y: m.y, angle: angleFromUnits(m.angleUnits, format), type: TYPE_OF_CODE[m.typeCode], quality: m.quality };
}

/** True if the bytes start with the "FMR\0" format identifier shared by both formats. */
export function hasFingerMinutiaeMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x46 && bytes[1] === 0x4d && bytes[2] === 0x52 && bytes[3] === 0x00;
}

/**
 * Tells the two formats apart from the general header: INCITS 378 stores a 2-byte length
 * (non-zero unless the 4-byte long form follows), ISO a 4-byte length whose top half is zero
 * for any record under 64 KiB. When both readings are possible, the one whose length equals the
 * byte count wins; ISO otherwise. `null` if the bytes are not a finger minutiae record.
 */
export function detectFingerMinutiaeFormat(bytes: Uint8Array): FingerMinutiaeFormat | null {
  if (!hasFingerMinutiaeMagic(bytes) || bytes.length < 12) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint16(8) !== 0) return 'incits378-2004';
  if (dv.getUint32(8) === bytes.length) return 'iso19794-2:2005';
  if (bytes.length >= 14 && dv.getUint32(10) === bytes.length) return 'incits378-2004';
  return 'iso19794-2:2005';
}

/**
 * Parses an ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 finger minutiae record.
 * Never reads past the bytes present or allocates from a declared count beyond them; bytes after
 * the declared record length are ignored.
 * Throws AFIS_FORMAT_TRUNCATED (ends before its declared length or data), AFIS_FORMAT_INVALID
 * (wrong identifier or impossible header), AFIS_TEMPLATE_INVALID (a minutia outside the image,
 * bad quality). Cost: linear in the record size. Pure, thread-safe.
 * Each view's `minutiae` keep the record's units and placement; its `template` is in our placement:
 * every minutia moved forward along its direction by its type's offset in `placement` (default
 * the standards' placement, {@link RECORD_PLACEMENT}), clamped into the image.
 */
export function parseFingerMinutiaeRecord(bytes: Uint8Array, format: FingerMinutiaeFormat, placement: MinutiaPlacement = RECORD_PLACEMENT): FingerMinutiaeRecord {
  const name = FORMAT_NAME[format];
  const truncated = (what: string): never => {
    throw new FormatError('AFIS_FORMAT_TRUNCATED', `${name} record is truncated: ${what}`);
  };
  const invalid = (what: string): never => {
    throw new FormatError('AFIS_FORMAT_INVALID', `${name} record is invalid: ${what}`);
  };
  if (bytes.length < 8) truncated(`${bytes.length} bytes, shorter than the format identifier and version`);
  if (!hasFingerMinutiaeMagic(bytes)) invalid('it does not start with the format identifier "FMR\\0"');
  // version " 20\0"; tolerate other versions' digits but not a different structure marker
  if (bytes[4] === 0x30 && bytes[5] === 0x33 && bytes[6] === 0x30 && bytes[7] === 0x00) {
    throw new FormatError('AFIS_FORMAT_UNSUPPORTED', 'ISO/IEC 19794-2:2011 records (version "030") are not supported; send the 2005 format (version " 20")');
  }
  if (bytes[4] !== 0x20 || bytes[7] !== 0x00) invalid('the version field is not " 20\\0"');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  let pos: number;
  let declared: number;
  let productOwner = 0;
  let productType = 0;
  if (format === 'iso19794-2:2005') {
    if (bytes.length < ISO_HEADER_BYTES) truncated(`${bytes.length} bytes, shorter than the ${ISO_HEADER_BYTES}-byte header`);
    declared = dv.getUint32(8);
    pos = 12;
  } else {
    if (bytes.length < INCITS_HEADER_BYTES) truncated(`${bytes.length} bytes, shorter than the ${INCITS_HEADER_BYTES}-byte header`);
    declared = dv.getUint16(8);
    pos = 10;
    if (declared === 0) {
      if (bytes.length < INCITS_LONG_HEADER_BYTES) truncated(`${bytes.length} bytes, shorter than the ${INCITS_LONG_HEADER_BYTES}-byte long header`);
      declared = dv.getUint32(10);
      pos = 14;
    }
    productOwner = dv.getUint16(pos);
    productType = dv.getUint16(pos + 2);
    pos += 4;
  }
  const headerBytes = pos + 12;
  if (declared < headerBytes) invalid(`declared length ${declared} is shorter than its ${headerBytes}-byte header`);
  if (declared > bytes.length) truncated(`declared length ${declared} bytes, only ${bytes.length} present`);
  const end = declared;

  const equipment = dv.getUint16(pos);
  const width = dv.getUint16(pos + 2);
  const height = dv.getUint16(pos + 4);
  const xResolution = dv.getUint16(pos + 6);
  const yResolution = dv.getUint16(pos + 8);
  const viewCount = bytes[pos + 10];
  pos += 12; // the last header byte is reserved
  if (width === 0 || height === 0) invalid(`image size ${width}x${height}`);
  if (xResolution === 0 || yResolution === 0) invalid(`resolution ${xResolution}x${yResolution} px/cm`);
  const ppi = xResolution * CM_PER_INCH;

  const views: FingerView[] = [];
  for (let v = 0; v < viewCount; v++) {
    if (pos + VIEW_HEADER_BYTES > end) truncated(`finger view ${v + 1} of ${viewCount} starts at byte ${pos}, past the record's ${end} bytes`);
    const fingerPosition = bytes[pos];
    const viewNumber = bytes[pos + 1] >> 4;
    const impressionType = bytes[pos + 1] & 0x0f;
    const quality = bytes[pos + 2];
    const count = bytes[pos + 3];
    pos += VIEW_HEADER_BYTES;
    if (pos + count * MINUTIA_BYTES + 2 > end) {
      truncated(`finger view ${v + 1} declares ${count} minutiae and an extended data length, which need ${count * MINUTIA_BYTES + 2} bytes after byte ${pos}; the record has ${end}`);
    }
    const minutiae: RecordMinutia[] = [];
    const converted: Minutia[] = [];
    for (let i = 0; i < count; i++) {
      const a = dv.getUint16(pos);
      const b = dv.getUint16(pos + 2);
      const m: RecordMinutia = {
        typeCode: a >> 14,
        x: a & 0x3fff,
        y: b & 0x3fff,
        angleUnits: bytes[pos + 4],
        quality: bytes[pos + 5],
      };
      minutiae.push(m);
      converted.push(recordMinutiaToMinutia(m, format));
      pos += MINUTIA_BYTES;
    }
    const extLength = dv.getUint16(pos);
    pos += 2;
    if (pos + extLength > end) truncated(`finger view ${v + 1} declares ${extLength} bytes of extended data; only ${end - pos} remain`);
    const extendedData = bytes.slice(pos, pos + extLength);
    pos += extLength;
    const extendedAreas = splitExtendedData(extendedData);
    let template;
    try {
      // validated as stored (a minutia outside the image is an error, not clamped), then moved
      validateTemplate({ width, height, ppi, quality, minutiae: converted });
      const moved = converted.map((c) => moveAlongDirection(c, placementOffsetPx(c.type, ppi, placement), c.angle, width, height));
      // ISO's zonal quality data (type 0x0003; INCITS 378-2004 leaves the type unassigned) as the template's valid area
      const zonal = format === 'iso19794-2:2005' ? extendedAreas?.find((a) => a.typeCode === ZONAL_QUALITY_TYPE) : undefined;
      const validArea = zonal ? zonalQualityToValidArea(zonal.data, width, height) : undefined;
      template = validArea ? { width, height, ppi, quality, minutiae: moved, validArea } : { width, height, ppi, quality, minutiae: moved };
    } catch (err) {
      (err as Error).message = `${name} finger view ${v + 1}: ${(err as Error).message}`;
      throw err;
    }
    views.push({ fingerPosition, viewNumber, impressionType, quality, minutiae, extendedData, ...(extendedAreas ? { extendedAreas } : {}), template });
  }
  return {
    format,
    equipmentCompliance: equipment >> 12,
    equipmentId: equipment & 0x0fff,
    productOwner,
    productType,
    width,
    height,
    xResolution,
    yResolution,
    views,
  };
}

/** Splits an extended data block into its areas; `undefined` if the lengths do not add up. */
function splitExtendedData(data: Uint8Array): ExtendedDataArea[] | undefined {
  const areas: ExtendedDataArea[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (pos + 4 > data.length) return undefined;
    const typeCode = (data[pos] << 8) | data[pos + 1];
    const length = (data[pos + 2] << 8) | data[pos + 3];
    if (length < 4 || pos + length > data.length) return undefined;
    areas.push({ typeCode, data: data.subarray(pos + 4, pos + length) });
    pos += length;
  }
  return areas;
}
