import { FormatError } from '../../core/index.js';
import { type AnsiNistRecord, fieldText, findField } from './ansi-nist-record.js';
import { buildType14Record, buildType1Record, buildType2Record } from './build-records.js';
import { parseAnsiNist } from './parse-ansi-nist.js';
import { writeAnsiNist } from './write-ansi-nist.js';

/**
 * The Eurodac profile of an ANSI/NIST-ITL transaction as afis writes and reads it: Type-1
 * header, one Type-2 record with the Eurodac data, one Type-14 record per finger image (WSQ,
 * 500 ppi; rolled 1–10, slaps 13–15 plain).
 *
 * The Eurodac interface control document is not public, so the Type-2 field numbers below are
 * our own choice (user-defined Type-2 fields, documented in docs/eurodac-link.md); a real
 * deployment maps them to the central system's profile in this file alone.
 */
export const EURODAC_TYPE2 = Object.freeze({
  /** 2.010 Eurodac reference number, e.g. BE1000000123. */
  referenceNumber: 10,
  /** 2.011 category digit. */
  category: 11,
  /** 2.012 member state of origin (ISO 3166 alpha-2). */
  memberState: 12,
  /** 2.013 when the prints were taken, YYYYMMDDhhmmssZ (UTC). */
  takenAt: 13,
  /** 2.014 when the transaction was sent (created for sending), YYYYMMDDhhmmssZ (UTC). */
  sentAt: 14,
  /** 2.015 operator's user id. */
  operatorId: 15,
  /** 2.016 sex (M, F, X), when known. */
  sex: 16,
  /** 2.017 place of application or apprehension, when given. */
  place: 17,
  /** 2.018 missing fingers: one subfield per finger, items position and reason. */
  missingFingers: 18,
  /** 2.019 the regime the transaction is made under (603/2013 or 2024/1358). */
  regime: 19,
  /** 2.020 the national transaction id (the central side deduplicates on it). */
  transactionId: 20,
  /** 2.021 `1` when the transaction re-sends a capture the central system refused. */
  resend: 21,
});

/** Type-1 destination agency (1.007) of every Eurodac transaction. */
export const EURODAC_DESTINATION = 'EU-EURODAC';

/** One finger image of the transaction. */
export interface EurodacFingerImage {
  /** 1–10 fingers, 13/14/15 slaps. */
  readonly position: number;
  readonly impression: 'rolled' | 'plain';
  /** WSQ bytes at 500 ppi. */
  readonly wsq: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface EurodacTransactionValues {
  readonly transactionId: string;
  readonly referenceNumber: string;
  readonly category: number;
  readonly memberState: string;
  /** Epoch ms. */
  readonly takenAt: number;
  readonly sentAt: number;
  readonly operatorId?: string;
  readonly sex?: string;
  readonly place?: string;
  readonly regime: string;
  readonly missingFingers: readonly { readonly position: number; readonly reason: string }[];
  readonly resend: boolean;
  readonly fingers: readonly EurodacFingerImage[];
}

/** `YYYYMMDDhhmmssZ`, the ANSI/NIST GMT form. */
export function toAnsiNistTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function fromAnsiNistTime(text: string | undefined, what: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) invalid(`${what} is ${JSON.stringify(text ?? null)}, not YYYYMMDDhhmmssZ`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function invalid(why: string): never {
  throw new FormatError('AFIS_ANSI_NIST_INVALID', `not a Eurodac transaction: ${why}`);
}

/** Writes the transaction (traditional encoding). Throws AFIS_FORMAT_INVALID for values the encoding cannot hold. */
export function writeEurodacTransaction(v: EurodacTransactionValues): Uint8Array {
  const day = toAnsiNistTime(v.takenAt).slice(0, 8);
  const originator = `${v.memberState}-AFIS`;
  const type2: Record<number, string | string[][]> = {
    [EURODAC_TYPE2.referenceNumber]: v.referenceNumber,
    [EURODAC_TYPE2.category]: String(v.category),
    [EURODAC_TYPE2.memberState]: v.memberState,
    [EURODAC_TYPE2.takenAt]: toAnsiNistTime(v.takenAt),
    [EURODAC_TYPE2.sentAt]: toAnsiNistTime(v.sentAt),
    [EURODAC_TYPE2.regime]: v.regime,
    [EURODAC_TYPE2.transactionId]: v.transactionId,
    [EURODAC_TYPE2.resend]: v.resend ? '1' : '0',
  };
  if (v.operatorId !== undefined) type2[EURODAC_TYPE2.operatorId] = v.operatorId;
  if (v.sex !== undefined) type2[EURODAC_TYPE2.sex] = v.sex;
  if (v.place !== undefined) type2[EURODAC_TYPE2.place] = v.place;
  if (v.missingFingers.length > 0) type2[EURODAC_TYPE2.missingFingers] = v.missingFingers.map((m) => [String(m.position), m.reason]);
  const records: AnsiNistRecord[] = [
    buildType1Record({
      transactionType: `EDC${v.category}`, date: day, priority: 4, destination: EURODAC_DESTINATION, originator,
      controlNumber: v.transactionId,
    }),
    buildType2Record(0, type2),
  ];
  v.fingers.forEach((f, i) => {
    records.push(buildType14Record({
      idc: i + 1, impression: f.impression === 'rolled' ? 1 : 0, sourceAgency: originator, captureDate: day,
      width: f.width, height: f.height, ppi: 500, compression: 'WSQ20', position: f.position, data: f.wsq,
    }));
  });
  return writeAnsiNist({ records });
}

/** A Eurodac transaction read back: the Type-2 values and the finger images (as stored). */
export interface EurodacTransaction extends Omit<EurodacTransactionValues, 'fingers'> {
  readonly originator: string;
  readonly fingers: readonly (Omit<EurodacFingerImage, 'wsq'> & { readonly data: Uint8Array; readonly compression: string })[];
}

/**
 * Reads a transaction in the Eurodac profile. Throws AFIS_ANSI_NIST_INVALID when a required
 * Type-2 field is missing or malformed, or when there is no finger image; the parser's own
 * errors (AFIS_FORMAT_TRUNCATED…) otherwise.
 */
export function readEurodacTransaction(bytes: Uint8Array): EurodacTransaction {
  const tx = parseAnsiNist(bytes);
  const type1 = tx.records[0];
  const type2 = tx.records.find((r) => r.type === 2);
  if (!type2) invalid('no Type-2 record');
  const text = (tag: number): string | undefined => fieldText(type2, tag);
  const required = (tag: number, what: string): string => {
    const t = text(tag);
    if (t === undefined || t === '') invalid(`field 2.${String(tag).padStart(3, '0')} (${what}) is missing`);
    return t;
  };
  const category = Number(required(EURODAC_TYPE2.category, 'category'));
  if (!Number.isInteger(category) || category < 0 || category > 9) invalid('the category is not a digit');
  const missing = findField(type2, EURODAC_TYPE2.missingFingers)?.subfields ?? [];
  const fingers = tx.records.filter((r) => r.type === 14 && r.data).map((r) => ({
    position: Number(fieldText(r, 13)),
    impression: fieldText(r, 3) === '1' || fieldText(r, 3) === '3' ? 'rolled' as const : 'plain' as const,
    width: Number(fieldText(r, 6)),
    height: Number(fieldText(r, 7)),
    compression: fieldText(r, 11) ?? 'NONE',
    data: r.data!,
  }));
  if (fingers.length === 0) invalid('no Type-14 finger image');
  const opt = (tag: number) => (text(tag) === undefined ? {} : { [tagName(tag)]: text(tag)! });
  return {
    transactionId: required(EURODAC_TYPE2.transactionId, 'transaction id'),
    referenceNumber: required(EURODAC_TYPE2.referenceNumber, 'reference number'),
    category,
    memberState: required(EURODAC_TYPE2.memberState, 'member state'),
    takenAt: fromAnsiNistTime(required(EURODAC_TYPE2.takenAt, 'date taken'), 'the date the prints were taken'),
    sentAt: fromAnsiNistTime(required(EURODAC_TYPE2.sentAt, 'date sent'), 'the date sent'),
    regime: required(EURODAC_TYPE2.regime, 'regime'),
    resend: text(EURODAC_TYPE2.resend) === '1',
    missingFingers: missing.map((s) => ({ position: Number(s[0]), reason: s[1] ?? '' })),
    originator: fieldText(type1, 8) ?? '',
    ...opt(EURODAC_TYPE2.operatorId),
    ...opt(EURODAC_TYPE2.sex),
    ...opt(EURODAC_TYPE2.place),
    fingers,
  };
}

function tagName(tag: number): 'operatorId' | 'sex' | 'place' {
  return tag === EURODAC_TYPE2.operatorId ? 'operatorId' : tag === EURODAC_TYPE2.sex ? 'sex' : 'place';
}
