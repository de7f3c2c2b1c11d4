import { FormatError } from '../../core/index.js';
import type { Template } from '../../templates/index.js';
import { CM_PER_INCH, type FingerMinutiaeRecord, type FingerMinutiaeRecordInput } from './finger-minutiae-record.js';
import { recordMinutiaToMinutia } from './parse-finger-minutiae-record.js';

/** Header values of one view that a Template does not carry. */
export interface ViewOptions {
  /** 0 unknown, 1–10 right thumb … left little. */
  readonly fingerPosition?: number;
  readonly viewNumber?: number;
  /** 0 live-scan plain (default), 1 live-scan rolled, 2 non-live plain, 3 non-live rolled. */
  readonly impressionType?: number;
  readonly equipmentId?: number;
}

/**
 * A Template as a one-view record input: resolution = round(ppi / 2.54) px/cm (500 ppi → 197),
 * size and coordinates unchanged (they are already pixels at that resolution).
 */
export function templateToRecordInput(t: Template, options: ViewOptions = {}): FingerMinutiaeRecordInput {
  const ppcm = Math.round(t.ppi / CM_PER_INCH);
  return {
    width: t.width,
    height: t.height,
    xResolution: ppcm,
    yResolution: ppcm,
    equipmentId: options.equipmentId ?? 0,
    views: [{
      fingerPosition: options.fingerPosition ?? 0,
      viewNumber: options.viewNumber ?? 0,
      impressionType: options.impressionType ?? 0,
      quality: Math.round(t.quality),
      template: t,
    }],
  };
}

/** The template of a record's view (default: the first); AFIS_FORMAT_INVALID if there is none. */
export function recordToTemplate(record: FingerMinutiaeRecord, viewIndex = 0): Template {
  const view = record.views[viewIndex];
  if (!view) throw new FormatError('AFIS_FORMAT_INVALID', `the record has ${record.views.length} finger views; view ${viewIndex + 1} does not exist`);
  return view.template;
}

/**
 * A parsed record as writer input: views keep their header values, extended data and stored
 * minutiae (in the record's placement, not moved), so that writing it in the same format gives
 * back the same bytes.
 */
export function recordToInput(record: FingerMinutiaeRecord): FingerMinutiaeRecordInput {
  return {
    width: record.width,
    height: record.height,
    xResolution: record.xResolution,
    yResolution: record.yResolution,
    equipmentCompliance: record.equipmentCompliance,
    equipmentId: record.equipmentId,
    productOwner: record.productOwner,
    productType: record.productType,
    views: record.views.map((v) => ({
      fingerPosition: v.fingerPosition,
      viewNumber: v.viewNumber,
      impressionType: v.impressionType,
      quality: v.quality,
      template: { ...v.template, minutiae: v.minutiae.map((m) => recordMinutiaToMinutia(m, record.format)) },
      minutiaePlacement: 'record' as const,
      extendedData: v.extendedData,
    })),
  };
}
