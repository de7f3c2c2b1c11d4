/**
 * ISO/IEC 19794-2:2005 finger minutiae records (and the layout shared with ANSI INCITS 378-2004,
 * whose own entry points live in ../incits378/).
 *
 * Conventions at the border: coordinates are pixels at the record's resolution (px/cm × 2.54 =
 * the Template's ppi; 197 px/cm ≈ 500 ppi), origin top-left, y down; angles are counter-clockwise
 * from the x axis in 360/256° units, converted to radians in [0, 2π) — the same direction
 * meaning as our Template, so no flip is needed. Type codes 01 → ending, 10 → bifurcation,
 * 00/11 → other. Placement: the standards put a bifurcation at the ridge skeleton's fork and an
 * ending at the valley skeleton's fork, behind where our extractor puts them along the minutia's
 * direction; reading moves each minutia of the Template view forward by its type's offset
 * (FORMAT_PARAMETERS.recordBifurcationOffsetMm / recordEndingOffsetMm at the record's
 * resolution), writing moves it back (convert-minutia-placement.ts). A view's stored `minutiae`
 * stay as in the record.
 */
import type { Template } from '../../templates/index.js';
import { type ViewOptions, recordToTemplate, templateToRecordInput } from './convert-template.js';
import { validAreaToZonalQuality } from './zonal-quality.js';
import type { MinutiaPlacement } from './convert-minutia-placement.js';
import type { FingerMinutiaeRecord, FingerMinutiaeRecordInput } from './finger-minutiae-record.js';
import { parseFingerMinutiaeRecord } from './parse-finger-minutiae-record.js';
import { writeFingerMinutiaeRecord } from './write-finger-minutiae-record.js';

export * from './finger-minutiae-record.js';
export { angleFromUnits, angleToUnits, unitsPerTurn } from './convert-minutia-angle.js';
export { detectFingerMinutiaeFormat, hasFingerMinutiaeMagic, parseFingerMinutiaeRecord, recordMinutiaToMinutia } from './parse-finger-minutiae-record.js';
export { writeFingerMinutiaeRecord } from './write-finger-minutiae-record.js';
export { type MinutiaPlacement, RECORD_PLACEMENT, SAME_PLACEMENT, moveAlongDirection, placementOffsetPx, toInternalPlacement } from './convert-minutia-placement.js';
export { type ViewOptions, recordToInput, recordToTemplate, templateToRecordInput } from './convert-template.js';
export { ZONAL_QUALITY_TYPE, validAreaToZonalQuality, zonalQualityToValidArea } from './zonal-quality.js';

/**
 * Parses an ISO/IEC 19794-2:2005 record: header, every finger view with its minutiae in record
 * units and as a {@link Template}, extended data kept. Throws AFIS_FORMAT_TRUNCATED,
 * AFIS_FORMAT_INVALID or AFIS_TEMPLATE_INVALID. Linear cost, pure, thread-safe.
 */
export function parseIso19794_2(bytes: Uint8Array, placement?: MinutiaPlacement): FingerMinutiaeRecord {
  return parseFingerMinutiaeRecord(bytes, 'iso19794-2:2005', placement);
}

/** Writes an ISO/IEC 19794-2:2005 record (see {@link writeFingerMinutiaeRecord}). */
export function writeIso19794_2(record: FingerMinutiaeRecordInput, placement?: MinutiaPlacement): Uint8Array {
  return writeFingerMinutiaeRecord(record, 'iso19794-2:2005', placement);
}

/**
 * One Template as a one-view ISO/IEC 19794-2:2005 record (resolution round(ppi / 2.54) px/cm);
 * its valid area, when it has one, as the view's zonal quality data (zonal-quality.ts).
 */
export function templateToIso(t: Template, options?: ViewOptions, placement?: MinutiaPlacement): Uint8Array {
  const input = templateToRecordInput(t, options);
  if (!t.validArea) return writeIso19794_2(input, placement);
  return writeIso19794_2({ ...input, views: input.views.map((v) => ({ ...v, extendedData: validAreaToZonalQuality(t.validArea!) })) }, placement);
}

/** The Template of one view (default the first) of an ISO/IEC 19794-2:2005 record. */
export function isoToTemplate(bytes: Uint8Array, viewIndex = 0, placement?: MinutiaPlacement): Template {
  return recordToTemplate(parseIso19794_2(bytes, placement), viewIndex);
}
