import { FormatError } from '../../core/index.js';
import type { AnsiNistField, AnsiNistRecord } from './ansi-nist-record.js';
import { type FingerSegmentPosition, withSegmentPositions } from './segment-positions.js';

const field = (tag: number, ...subfields: string[][]): AnsiNistField => ({ tag, subfields });
const one = (tag: number, value: string): AnsiNistField => field(tag, [value]);

function checkIdc(idc: number): string {
  if (!Number.isInteger(idc) || idc < 0 || idc > 99) throw new FormatError('AFIS_FORMAT_INVALID', `IDC ${idc} is not an integer in 0…99`);
  return String(idc).padStart(2, '0');
}

/** Values of a Type-1 record (ANSI/NIST-ITL 1-2011 field names). CNT and LEN are computed by the writer. */
export interface Type1Values {
  /** 1.002 VER, e.g. "0502" (ANSI/NIST-ITL 1-2011). */
  readonly version?: string;
  /** 1.004 TOT, type of transaction. */
  readonly transactionType: string;
  /** 1.005 DAT, YYYYMMDD. */
  readonly date: string;
  /** 1.006 PRY, priority 1–9 (optional). */
  readonly priority?: number;
  /** 1.007 DAI, destination agency. */
  readonly destination: string;
  /** 1.008 ORI, originating agency. */
  readonly originator: string;
  /** 1.009 TCN, transaction control number. */
  readonly controlNumber: string;
  /** 1.011 NSR / 1.012 NTR, native scanning / nominal transmitting resolution in px/mm ("19.69" for 500 ppi). */
  readonly nativeResolution?: string;
  readonly transmittingResolution?: string;
}

/** A Type-1 record (CNT is filled in by {@link writeAnsiNist}). */
export function buildType1Record(v: Type1Values): AnsiNistRecord {
  const fields: AnsiNistField[] = [
    one(2, v.version ?? '0502'),
    field(3, ['1', '0']),
    one(4, v.transactionType),
    one(5, v.date),
  ];
  if (v.priority !== undefined) fields.push(one(6, String(v.priority)));
  fields.push(one(7, v.destination), one(8, v.originator), one(9, v.controlNumber));
  fields.push(one(11, v.nativeResolution ?? '19.69'), one(12, v.transmittingResolution ?? '19.69'));
  return { type: 1, encoding: 'tagged', fields };
}

/**
 * A Type-2 record: IDC plus the given user-defined fields, kept exactly as given (field number →
 * subfields of items, or a plain string for a one-item field), in field-number order.
 */
export function buildType2Record(idc: number, values: Readonly<Record<number, string | readonly (readonly string[])[]>>): AnsiNistRecord {
  const fields: AnsiNistField[] = [one(2, checkIdc(idc))];
  for (const tag of Object.keys(values).map(Number).sort((a, b) => a - b)) {
    if (tag <= 2) continue;
    const v = values[tag];
    fields.push(typeof v === 'string' ? one(tag, v) : { tag, subfields: v.map((s) => [...s]) });
  }
  return { type: 2, encoding: 'tagged', fields };
}

/** Values of a Type-14 (variable-resolution fingerprint image) record. */
export interface Type14Values {
  readonly idc: number;
  /** 14.003 IMP: 0 live-scan plain, 1 live-scan rolled, … */
  readonly impression: number;
  /** 14.004 SRC, source agency. */
  readonly sourceAgency: string;
  /** 14.005 FCD, capture date YYYYMMDD. */
  readonly captureDate: string;
  readonly width: number;
  readonly height: number;
  /** Pixels per inch (written as SLC 1, THPS = TVPS = ppi). */
  readonly ppi: number;
  /** 14.011 CGA: NONE, WSQ20, JPEGB, JPEGL, JP2, JP2L or PNG. */
  readonly compression: 'NONE' | 'WSQ20' | 'JPEGB' | 'JPEGL' | 'JP2' | 'JP2L' | 'PNG';
  /** 14.013 FGP: 1–10 fingers, 11–15 plain thumbs and slaps. */
  readonly position: number;
  /** The compressed (or raw 8-bit) image, field 14.999. */
  readonly data: Uint8Array;
  /** 14.021 SEG of a slap (positions 13–15): each finger's box in the image. */
  readonly segments?: readonly FingerSegmentPosition[];
}

/** A Type-14 record for one 8-bit grey finger image (with 14.021 SEG when `segments` are given). */
export function buildType14Record(v: Type14Values): AnsiNistRecord {
  const record = type14Record(v);
  return v.segments === undefined ? record : withSegmentPositions(record, v.segments);
}

function type14Record(v: Type14Values): AnsiNistRecord {
  return {
    type: 14,
    encoding: 'tagged',
    fields: [
      one(2, checkIdc(v.idc)),
      one(3, String(v.impression)),
      one(4, v.sourceAgency),
      one(5, v.captureDate),
      one(6, String(v.width)),
      one(7, String(v.height)),
      one(8, '1'),
      one(9, String(Math.round(v.ppi))),
      one(10, String(Math.round(v.ppi))),
      one(11, v.compression),
      one(12, '8'),
      one(13, String(v.position)),
    ],
    data: v.data,
  };
}

/** Values of a Type-4 (500 ppi grey fingerprint image) record. */
export interface Type4Values {
  readonly idc: number;
  readonly impression: number;
  readonly position: number;
  readonly width: number;
  readonly height: number;
  /** GCA: 0 uncompressed, 1 WSQ. */
  readonly compression: 0 | 1;
  readonly data: Uint8Array;
}

/** A Type-4 record (binary header; ISR 0 = 500 ppi class; unused finger positions 255). */
export function buildType4Record(v: Type4Values): AnsiNistRecord {
  return {
    type: 4,
    encoding: 'binary',
    fields: [
      one(1, '0'),
      one(2, String(v.idc)),
      one(3, String(v.impression)),
      field(4, [String(v.position), '255', '255', '255', '255', '255']),
      one(5, '0'),
      one(6, String(v.width)),
      one(7, String(v.height)),
      one(8, String(v.compression)),
    ],
    data: v.data,
  };
}
