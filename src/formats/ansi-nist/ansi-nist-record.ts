/**
 * The in-memory shape of an ANSI/NIST-ITL transaction in the traditional encoding.
 *
 * Every record, tagged or binary, is a list of fields (field number + subfields of items, all as
 * text, the way NBIS `an2k2txt` reports them), plus the binary image data if the record has
 * some. Binary records (Types 3–8) have their fixed header values turned into decimal text so
 * that one accessor works for both (e.g. Type-4 field 4 FGP is one subfield of six items).
 */

/** File separator: ends a record. */
export const FS = 0x1c;
/** Group separator: ends a field. */
export const GS = 0x1d;
/** Record separator: between subfields. */
export const RS = 0x1e;
/** Unit separator: between information items. */
export const US = 0x1f;

/** One field: its number within the record and its subfields, each a list of items. */
export interface AnsiNistField {
  /** Field number (e.g. 3 for 1.003 CNT, 999 is never here: binary data is `data`). */
  readonly tag: number;
  readonly subfields: readonly (readonly string[])[];
}

/** One logical record. */
export interface AnsiNistRecord {
  /** Record type: 1, 2, 4, 14, … */
  readonly type: number;
  /** `tagged` (ASCII fields) or `binary` (Types 3–8 fixed headers). */
  readonly encoding: 'tagged' | 'binary';
  /** Text fields in file order; for binary records the header fields 1…8. */
  readonly fields: readonly AnsiNistField[];
  /** Binary data: field 999 of tagged records, the image after a binary header. */
  readonly data?: Uint8Array;
  /**
   * The record's bytes as read, for records we do not decode (Types 7, 8, 17, 99 and any other
   * type except 1, 2, 3–6, 9, 10, 13, 14). The writer writes them back byte for byte; drop this
   * property to have the record re-encoded from `fields` and `data`.
   */
  readonly opaque?: Uint8Array;
}

/** A whole transaction: Type-1 first, then the records its CNT field lists. */
export interface AnsiNistTransaction {
  readonly records: readonly AnsiNistRecord[];
  /** Things a tolerant reader let pass (sloppy lengths, trailing bytes…), for inspection. */
  readonly warnings: readonly string[];
}

/** Record types in the binary (fixed header) encoding. */
export const BINARY_RECORD_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 6, 7, 8]);

/** Record types this codec decodes and re-encodes; all others are kept as opaque bytes. */
export const DECODED_RECORD_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 9, 10, 13, 14]);

/**
 * Fixed header of binary records: per field, its byte width and item count. Types 3–6 share
 * one 18-byte header (LEN 4, IDC 1, IMP 1, FGP 6×1, ISR 1, HLL 2, VLL 2, GCA/BCA 1);
 * Type-8 (signature) has a 12-byte one (LEN, IDC, SIG, SRT, ISR, HLL, VLL); Type-7 is
 * user-defined after LEN and IDC.
 */
export const BINARY_HEADER_LAYOUT: Readonly<Record<number, readonly (readonly [bytes: number, items: number])[]>> = Object.freeze({
  3: [[4, 1], [1, 1], [1, 1], [1, 6], [1, 1], [2, 1], [2, 1], [1, 1]],
  4: [[4, 1], [1, 1], [1, 1], [1, 6], [1, 1], [2, 1], [2, 1], [1, 1]],
  5: [[4, 1], [1, 1], [1, 1], [1, 6], [1, 1], [2, 1], [2, 1], [1, 1]],
  6: [[4, 1], [1, 1], [1, 1], [1, 6], [1, 1], [2, 1], [2, 1], [1, 1]],
  7: [[4, 1], [1, 1]],
  8: [[4, 1], [1, 1], [1, 1], [1, 1], [1, 1], [2, 1], [2, 1]],
});

/** Bytes of a binary record's fixed header. */
export function binaryHeaderBytes(type: number): number {
  let n = 0;
  for (const [bytes, items] of BINARY_HEADER_LAYOUT[type] ?? []) n += bytes * items;
  return n;
}

/** The field with that number, or undefined. */
export function findField(record: AnsiNistRecord, tag: number): AnsiNistField | undefined {
  return record.fields.find((f) => f.tag === tag);
}

/** First item of the first subfield of a field, or undefined. */
export function fieldText(record: AnsiNistRecord, tag: number): string | undefined {
  return findField(record, tag)?.subfields[0]?.[0];
}

/** A field's first item as a decimal integer, or undefined if missing or not a number. */
export function fieldInt(record: AnsiNistRecord, tag: number): number | undefined {
  const t = fieldText(record, tag)?.trim();
  if (t === undefined || !/^[0-9]{1,9}$/.test(t)) return undefined;
  return Number(t);
}

/** The record's IDC (field 2) as a number, or undefined. */
export function recordIdc(record: AnsiNistRecord): number | undefined {
  return fieldInt(record, 2);
}

/** `T.FFF` with the field number padded to three digits, as the standard writes tags. */
export function fieldTagName(type: number, tag: number): string {
  return `${type}.${String(tag).padStart(3, '0')}`;
}
