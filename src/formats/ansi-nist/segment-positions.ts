import { FormatError } from '../../core/index.js';
import type { AnsiNistField, AnsiNistRecord } from './ansi-nist-record.js';

/**
 * Field 14.021 SEG (finger segment positions) of a Type-14 slap record (ANSI/NIST-ITL 1-2011):
 * one subfield per finger found in the slap, with five items — the finger position (FGP) and the
 * box's left, right, top and bottom pixel coordinates in the record's image, origin at the top
 * left. As in NIST's reference implementation, left and top are the first pixel inside the box,
 * right and bottom one past the last (so right − left is the box's width).
 */
export const SEG_FIELD = 21;

/** One finger's box in a slap image, record pixels (right and bottom exclusive). */
export interface FingerSegmentPosition {
  readonly position: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

function checkSegment(s: FingerSegmentPosition): void {
  const ok = [s.position, s.left, s.right, s.top, s.bottom].every((v) => Number.isInteger(v) && v >= 0)
    && s.position >= 1 && s.position <= 10 && s.right > s.left && s.bottom > s.top;
  if (!ok) throw new FormatError('AFIS_FORMAT_INVALID', `finger segment ${JSON.stringify(s)} is not a finger position 1–10 with a non-empty box`);
}

/** The 14.021 SEG field for these segments, in the order given (e.g. left to right as the slap shows them). */
export function segmentPositionsField(segments: readonly FingerSegmentPosition[]): AnsiNistField {
  if (segments.length === 0) throw new FormatError('AFIS_FORMAT_INVALID', '14.021 SEG needs at least one finger segment');
  for (const s of segments) checkSegment(s);
  return { tag: SEG_FIELD, subfields: segments.map((s) => [String(s.position), String(s.left), String(s.right), String(s.top), String(s.bottom)]) };
}

/**
 * The Type-14 record with its 14.021 SEG set to `segments` (any earlier SEG replaced; fields kept
 * in field-number order; the record is re-encoded from its fields and data on writing).
 */
export function withSegmentPositions(record: AnsiNistRecord, segments: readonly FingerSegmentPosition[]): AnsiNistRecord {
  if (record.type !== 14) throw new FormatError('AFIS_FORMAT_INVALID', `finger segment positions belong to Type-14 records, not Type-${record.type}`);
  const seg = segmentPositionsField(segments);
  const fields = record.fields.filter((f) => f.tag !== SEG_FIELD);
  const at = fields.findIndex((f) => f.tag > SEG_FIELD);
  fields.splice(at < 0 ? fields.length : at, 0, seg);
  return { ...record, fields };
}

/** The finger segment positions a Type-14 record states (14.021), or [] when it states none. */
export function readSegmentPositions(record: AnsiNistRecord): FingerSegmentPosition[] {
  const field = record.fields.find((f) => f.tag === SEG_FIELD);
  if (!field) return [];
  return field.subfields.map((items) => {
    const [position, left, right, top, bottom] = items.map((v) => Number(v.trim()));
    const s = { position: position!, left: left!, right: right!, top: top!, bottom: bottom! };
    // read as stated: real files carry empty boxes too (NBIS valid1.8 has 7,31,31,31,31)
    if (items.length !== 5 || ![position, left, right, top, bottom].every((v) => Number.isInteger(v) && v! >= 0)) {
      throw new FormatError('AFIS_FORMAT_INVALID', `14.021 SEG subfield "${items.join(',')}" is not five non-negative integers`);
    }
    return s;
  });
}
