import { FormatError } from '../../core/index.js';
import { MAX_MINUTIAE, validateTemplate } from '../../templates/index.js';
import { angleFromUnits, angleToUnits } from './convert-minutia-angle.js';
import { type MinutiaPlacement, RECORD_PLACEMENT, moveAlongDirection, placementOffsetPx } from './convert-minutia-placement.js';
import {
  CM_PER_INCH,
  type FingerMinutiaeFormat,
  type FingerMinutiaeRecordInput,
  INCITS_HEADER_BYTES,
  INCITS_LONG_HEADER_BYTES,
  ISO_HEADER_BYTES,
  MINUTIA_BYTES,
  MINUTIA_TYPE_CODE,
  VIEW_HEADER_BYTES,
} from './finger-minutiae-record.js';

const bad = (what: string): never => {
  throw new FormatError('AFIS_FORMAT_INVALID', `cannot write finger minutiae record: ${what}`);
};

function checkRange(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) bad(`${name} ${value} is not an integer in 0…${max}`);
  return value;
}

/**
 * Writes an ISO/IEC 19794-2:2005 or ANSI INCITS 378-2004 finger minutiae record.
 * Minutia coordinates are rounded to whole pixels (clamped into the image), angles to the
 * format's unit (ISO 360/256°, INCITS 2°), qualities to integers. Extended data blocks are
 * written unchanged. Throws AFIS_FORMAT_INVALID for values the format cannot hold and
 * AFIS_TEMPLATE_INVALID for an invalid template. Pure, thread-safe.
 * A view's minutiae in our placement (the default) are first moved back along their stored
 * direction by their type's offset in `placement` (default the standards' placement,
 * {@link RECORD_PLACEMENT}) at the record's x resolution, so that the record follows the
 * standards and reading it back (which moves them forward along the same stored angle) returns
 * them within the rounding to whole pixels. Views marked `minutiaePlacement: 'record'` are
 * written as they are.
 */
export function writeFingerMinutiaeRecord(input: FingerMinutiaeRecordInput, format: FingerMinutiaeFormat, placement: MinutiaPlacement = RECORD_PLACEMENT): Uint8Array {
  checkRange('width', input.width, 0xffff);
  checkRange('height', input.height, 0xffff);
  checkRange('x resolution', input.xResolution, 0xffff);
  checkRange('y resolution', input.yResolution, 0xffff);
  if (input.width === 0 || input.height === 0 || input.xResolution === 0 || input.yResolution === 0) bad('size and resolution must be positive');
  if (input.views.length > 255) bad(`${input.views.length} finger views (at most 255)`);
  let body = 0;
  for (const v of input.views) {
    validateTemplate(v.template);
    if (v.template.minutiae.length > MAX_MINUTIAE) bad(`${v.template.minutiae.length} minutiae in one view`);
    const ext = v.extendedData?.length ?? 0;
    if (ext > 0xffff) bad(`extended data of ${ext} bytes (at most 65535)`);
    body += VIEW_HEADER_BYTES + v.template.minutiae.length * MINUTIA_BYTES + 2 + ext;
  }
  let header: number;
  if (format === 'iso19794-2:2005') header = ISO_HEADER_BYTES;
  else header = INCITS_HEADER_BYTES + body <= 0xffff ? INCITS_HEADER_BYTES : INCITS_LONG_HEADER_BYTES;
  const total = header + body;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set([0x46, 0x4d, 0x52, 0x00, 0x20, 0x32, 0x30, 0x00]);
  let pos = 8;
  if (format === 'iso19794-2:2005') {
    dv.setUint32(8, total);
    pos = 12;
  } else {
    if (header === INCITS_HEADER_BYTES) {
      dv.setUint16(8, total);
      pos = 10;
    } else {
      dv.setUint16(8, 0);
      dv.setUint32(10, total);
      pos = 14;
    }
    dv.setUint16(pos, checkRange('product owner', input.productOwner ?? 0, 0xffff));
    dv.setUint16(pos + 2, checkRange('product type', input.productType ?? 0, 0xffff));
    pos += 4;
  }
  const compliance = checkRange('equipment compliance', input.equipmentCompliance ?? 0, 15);
  const equipmentId = checkRange('equipment id', input.equipmentId ?? 0, 0x0fff);
  dv.setUint16(pos, (compliance << 12) | equipmentId);
  dv.setUint16(pos + 2, input.width);
  dv.setUint16(pos + 4, input.height);
  dv.setUint16(pos + 6, input.xResolution);
  dv.setUint16(pos + 8, input.yResolution);
  out[pos + 10] = input.views.length;
  out[pos + 11] = 0;
  pos += 12;
  const maxX = Math.min(input.width - 1, 0x3fff);
  const maxY = Math.min(input.height - 1, 0x3fff);
  const ppi = input.xResolution * CM_PER_INCH;
  for (const v of input.views) {
    out[pos] = checkRange('finger position', v.fingerPosition ?? 0, 255);
    out[pos + 1] = (checkRange('view number', v.viewNumber ?? 0, 15) << 4) | checkRange('impression type', v.impressionType ?? 0, 15);
    out[pos + 2] = checkRange('finger quality', Math.round(v.quality ?? v.template.quality), 100);
    out[pos + 3] = v.template.minutiae.length;
    pos += VIEW_HEADER_BYTES;
    const shift = v.minutiaePlacement !== 'record';
    for (const minutia of v.template.minutiae) {
      const units = angleToUnits(minutia.angle, format);
      const m = shift ? moveAlongDirection(minutia, -placementOffsetPx(minutia.type, ppi, placement), angleFromUnits(units, format), input.width, input.height) : minutia;
      const x = Math.min(maxX, Math.max(0, Math.round(m.x)));
      const y = Math.min(maxY, Math.max(0, Math.round(m.y)));
      dv.setUint16(pos, (MINUTIA_TYPE_CODE[m.type] << 14) | x);
      dv.setUint16(pos + 2, y);
      out[pos + 4] = units;
      out[pos + 5] = Math.round(m.quality);
      pos += MINUTIA_BYTES;
    }
    const ext = v.extendedData ?? new Uint8Array(0);
    dv.setUint16(pos, ext.length);
    out.set(ext, pos + 2);
    pos += 2 + ext.length;
  }
  return out;
}
