/**
 * ANSI INCITS 378-2004 finger minutiae records. Same views, minutiae and extended data as
 * ISO/IEC 19794-2:2005 (codec shared in ../iso19794-2/); the general header has a 2-byte record
 * length (0 followed by a 4-byte length for records over 65535 bytes) and a CBEFF product
 * identifier, and angles are in 2° units (0–179), counter-clockwise like ISO and our Template.
 * Minutia placement is converted as for ISO (see ../iso19794-2/index.ts).
 */
import type { Template } from '../../templates/index.js';
import {
  type FingerMinutiaeRecord,
  type FingerMinutiaeRecordInput,
  type MinutiaPlacement,
  type ViewOptions,
  parseFingerMinutiaeRecord,
  recordToTemplate,
  templateToRecordInput,
  writeFingerMinutiaeRecord,
} from '../iso19794-2/index.js';

/**
 * Parses an ANSI INCITS 378-2004 record. Throws AFIS_FORMAT_TRUNCATED, AFIS_FORMAT_INVALID or
 * AFIS_TEMPLATE_INVALID. Linear cost, pure, thread-safe.
 */
export function parseIncits378(bytes: Uint8Array, placement?: MinutiaPlacement): FingerMinutiaeRecord {
  return parseFingerMinutiaeRecord(bytes, 'incits378-2004', placement);
}

/** Writes an ANSI INCITS 378-2004 record (angles rounded to 2°). */
export function writeIncits378(record: FingerMinutiaeRecordInput, placement?: MinutiaPlacement): Uint8Array {
  return writeFingerMinutiaeRecord(record, 'incits378-2004', placement);
}

/** One Template as a one-view INCITS 378-2004 record. */
export function templateToIncits378(t: Template, options?: ViewOptions, placement?: MinutiaPlacement): Uint8Array {
  return writeIncits378(templateToRecordInput(t, options), placement);
}

/** The Template of one view (default the first) of an INCITS 378-2004 record. */
export function incits378ToTemplate(bytes: Uint8Array, viewIndex = 0, placement?: MinutiaPlacement): Template {
  return recordToTemplate(parseIncits378(bytes, placement), viewIndex);
}
