import type { Template } from '../../templates/index.js';

/**
 * The two finger minutiae record formats that share one layout: ISO/IEC 19794-2:2005 and
 * ANSI INCITS 378-2004. They differ in the general header (INCITS has a 2-or-6-byte record
 * length and a CBEFF product identifier; ISO a 4-byte length) and in the unit of the minutia
 * angle (ISO: 360/256°; INCITS: 2°). Finger views, minutiae and extended data are the same.
 */
export type FingerMinutiaeFormat = 'iso19794-2:2005' | 'incits378-2004';

/** Minutia type codes as stored in the top two bits of the x coordinate. */
export const MINUTIA_TYPE_CODE = Object.freeze({ other: 0, ending: 1, bifurcation: 2 });

/** One minutia exactly as stored in the record (record units, nothing converted). */
export interface RecordMinutia {
  /** 2-bit type code: 0 other, 1 ridge ending, 2 ridge bifurcation, 3 reserved. */
  readonly typeCode: number;
  /** Pixels at the record's resolution, origin top-left, y down. */
  readonly x: number;
  readonly y: number;
  /** Angle in record units (ISO: 360/256°, INCITS: 2°), counter-clockwise from the x axis. */
  readonly angleUnits: number;
  /** 0–100 (0 often means "not reported"). */
  readonly quality: number;
}

/** One area of a view's extended data block (ridge counts, cores/deltas, vendor data). */
export interface ExtendedDataArea {
  /** Type code: 0x0001 ridge counts, 0x0002 cores and deltas, 0x0003 zonal quality (ISO), 0x0100… vendor defined. */
  readonly typeCode: number;
  /** The area's data, without its 4-byte type/length header. */
  readonly data: Uint8Array;
}

/** One finger view of a record. */
export interface FingerView {
  /** 0 unknown, 1–10 right thumb … left little (ANSI/NIST finger position codes). */
  readonly fingerPosition: number;
  /** 0–15: several views of the same finger are numbered. */
  readonly viewNumber: number;
  /** 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe… */
  readonly impressionType: number;
  /** Finger quality 0–100. */
  readonly quality: number;
  /** The minutiae in record units. */
  readonly minutiae: readonly RecordMinutia[];
  /**
   * The whole extended data block as stored (without its 2-byte length), written back unchanged.
   * Empty when there is none.
   */
  readonly extendedData: Uint8Array;
  /** The extended data split into areas; `undefined` if the areas' lengths do not add up. */
  readonly extendedAreas?: readonly ExtendedDataArea[];
  /**
   * The view as our {@link Template}: radians, pixels at `ppi` = x resolution × 2.54, minutiae
   * moved from the record's placement into ours (see `minutiae` for the stored values).
   */
  readonly template: Template;
}

/** A parsed record. Resolutions are pixels per centimetre, as stored. */
export interface FingerMinutiaeRecord {
  readonly format: FingerMinutiaeFormat;
  /** 4-bit capture equipment compliance / certification flags. */
  readonly equipmentCompliance: number;
  /** 12-bit capture equipment ID (0 = unreported). */
  readonly equipmentId: number;
  /** INCITS 378 only: CBEFF product identifier owner and type (0 for ISO). */
  readonly productOwner: number;
  readonly productType: number;
  readonly width: number;
  readonly height: number;
  /** Pixels per centimetre. */
  readonly xResolution: number;
  readonly yResolution: number;
  readonly views: readonly FingerView[];
}

/** What a caller gives the writer for one view: the template plus the view's header values. */
export interface FingerViewInput {
  readonly fingerPosition?: number;
  readonly viewNumber?: number;
  readonly impressionType?: number;
  /** Finger quality 0–100; defaults to the template's quality. */
  readonly quality?: number;
  /**
   * Minutiae in pixels at the record's resolution, radians (ISO direction convention). Its
   * `width`/`height`/`ppi` are not used: the record header carries them.
   */
  readonly template: Template;
  /**
   * Where the template's minutiae lie: `'internal'` (default) our placement, moved to the
   * standards' on writing; `'record'` already the record's placement (a parsed record written
   * back), written as they are.
   */
  readonly minutiaePlacement?: 'internal' | 'record';
  /** Extended data block to write unchanged (without its 2-byte length). */
  readonly extendedData?: Uint8Array;
}

/** What a caller gives the writer for a record. */
export interface FingerMinutiaeRecordInput {
  readonly width: number;
  readonly height: number;
  /** Pixels per centimetre (500 ppi ≈ 197). */
  readonly xResolution: number;
  readonly yResolution: number;
  readonly equipmentCompliance?: number;
  readonly equipmentId?: number;
  readonly productOwner?: number;
  readonly productType?: number;
  readonly views: readonly FingerViewInput[];
}

/** Pixels per centimetre ↔ pixels per inch. */
export const CM_PER_INCH = 2.54;

/** Bytes of the general header: ISO 24; INCITS 26 (30 with the long length form). */
export const ISO_HEADER_BYTES = 24;
export const INCITS_HEADER_BYTES = 26;
export const INCITS_LONG_HEADER_BYTES = 30;
export const VIEW_HEADER_BYTES = 4;
export const MINUTIA_BYTES = 6;
