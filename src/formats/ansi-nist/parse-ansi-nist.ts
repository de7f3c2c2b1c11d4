import { FormatError } from '../../core/index.js';
import {
  type AnsiNistField,
  type AnsiNistRecord,
  type AnsiNistTransaction,
  BINARY_HEADER_LAYOUT,
  BINARY_RECORD_TYPES,
  DECODED_RECORD_TYPES,
  FS,
  GS,
  RS,
  US,
  binaryHeaderBytes,
} from './ansi-nist-record.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Field values are UTF-8 (ASCII in practice); bytes that are not valid UTF-8 are read one char per byte. */
function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
}

const invalid = (what: string): never => {
  throw new FormatError('AFIS_ANSI_NIST_INVALID', `ANSI/NIST-ITL transaction is invalid: ${what}`);
};
const truncated = (what: string): never => {
  throw new FormatError('AFIS_FORMAT_TRUNCATED', `ANSI/NIST-ITL transaction is truncated: ${what}`);
};

/** True if the bytes start like a traditional-encoding transaction ("1.001:" or the older "1.01:"). */
export function isAnsiNist(bytes: Uint8Array): boolean {
  if (bytes.length < 5 || bytes[0] !== 0x31 || bytes[1] !== 0x2e) return false;
  let i = 2;
  while (i < bytes.length && i < 8 && bytes[i] === 0x30) i++;
  return i < bytes.length - 1 && bytes[i] === 0x31 && bytes[i + 1] === 0x3a;
}

interface Tag {
  readonly type: number;
  readonly field: number;
  /** Offset of the first value byte (after ':'). */
  readonly valueStart: number;
}

/** Reads "T.F:" at `pos` (any number of digits, at most 9 each); undefined if not a tag. */
function readTag(bytes: Uint8Array, pos: number, end: number): Tag | undefined {
  let i = pos;
  let type = 0;
  let digits = 0;
  while (i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 && digits < 9) { type = type * 10 + bytes[i] - 0x30; i++; digits++; }
  if (digits === 0 || i >= end || bytes[i] !== 0x2e) return undefined;
  i++;
  let field = 0;
  digits = 0;
  while (i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 && digits < 9) { field = field * 10 + bytes[i] - 0x30; i++; digits++; }
  if (digits === 0 || i >= end || bytes[i] !== 0x3a) return undefined;
  return { type, field, valueStart: i + 1 };
}

/** Splits a text field value into subfields (RS) and items (US). */
function splitValue(bytes: Uint8Array, start: number, end: number): string[][] {
  const subfields: string[][] = [];
  let items: string[] = [];
  let itemStart = start;
  for (let i = start; i <= end; i++) {
    const c = i < end ? bytes[i] : RS;
    if (c === US || c === RS) {
      items.push(decodeText(bytes.subarray(itemStart, i)));
      itemStart = i + 1;
      if (c === RS) { subfields.push(items); items = []; }
    }
  }
  return subfields;
}

/** Whether field 999 of this tagged record type holds binary data (all image-bearing types). */
function hasBinaryField(type: number): boolean {
  return type !== 1 && type !== 2 && type !== 9;
}

/**
 * The length of the tagged record starting at `start`: its LEN field (first field) when the byte
 * it points at ends the record; otherwise, for records without binary data, the first FS
 * (a tolerated sloppy LEN, reported as a warning).
 */
function taggedRecordEnd(bytes: Uint8Array, start: number, expectedType: number, index: number, warnings: string[]): number {
  const tag = readTag(bytes, start, Math.min(bytes.length, start + 24));
  if (!tag) {
    if (bytes.length - start < 8) truncated(`record ${index + 1} (Type-${expectedType}) starts at byte ${start} but only ${bytes.length - start} bytes remain`);
    invalid(`record ${index + 1} at byte ${start} does not start with a "${expectedType}.001:" LEN field`);
  }
  if (tag!.type !== expectedType) invalid(`record ${index + 1} at byte ${start} is Type-${tag!.type}, but the CNT field (1.003) says Type-${expectedType}`);
  if (tag!.field !== 1) invalid(`record ${index + 1} (Type-${expectedType}) starts with field ${tag!.field}, not the LEN field`);
  let i = tag!.valueStart;
  let len = 0;
  let digits = 0;
  while (i < bytes.length && bytes[i] >= 0x30 && bytes[i] <= 0x39 && digits < 12) { len = len * 10 + bytes[i] - 0x30; i++; digits++; }
  if (digits === 0) invalid(`record ${index + 1} (Type-${expectedType}) LEN field is not a number`);
  const end = start + len;
  if (len > 0 && end <= bytes.length && bytes[end - 1] === FS && end > i) return end;
  // LEN is missing the record's end: find the FS ourselves unless binary data could hide it
  const fsAt = scanTextRecordEnd(bytes, start, expectedType);
  if (fsAt < 0) {
    if (end > bytes.length) truncated(`record ${index + 1} (Type-${expectedType}) declares LEN ${len} bytes from byte ${start}; the file has ${bytes.length}`);
    invalid(`record ${index + 1} (Type-${expectedType}) LEN ${len} does not end at a record separator (FS)`);
  }
  warnings.push(`record ${index + 1} (Type-${expectedType}): LEN says ${len} bytes, the record ends after ${fsAt + 1 - start}; used the separator`);
  return fsAt + 1;
}

/** Index of the FS ending a text-only record, or −1 if there is none or a binary field comes first. */
function scanTextRecordEnd(bytes: Uint8Array, start: number, type: number): number {
  let fieldStart = start;
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i];
    if (i === fieldStart && hasBinaryField(type)) {
      const t = readTag(bytes, i, Math.min(bytes.length, i + 24));
      if (t && t.field === 999) return -1;
    }
    if (c === FS) return i;
    if (c === GS) fieldStart = i + 1;
  }
  return -1;
}

/** Parses the fields of the tagged record occupying [start, end), `end − 1` being its FS. */
function parseTaggedRecord(bytes: Uint8Array, start: number, end: number, type: number, index: number, warnings: string[]): AnsiNistRecord {
  const fields: AnsiNistField[] = [];
  let data: Uint8Array | undefined;
  let pos = start;
  const last = end - 1;
  while (pos < last) {
    const tag = readTag(bytes, pos, last);
    if (!tag) invalid(`record ${index + 1} (Type-${type}): no "${type}.NNN:" field tag at byte ${pos}`);
    if (tag!.type !== type) warnings.push(`record ${index + 1} (Type-${type}): field ${tag!.type}.${tag!.field} names another record type`);
    if (tag!.field === 999 && hasBinaryField(type)) {
      data = bytes.subarray(tag!.valueStart, last);
      pos = last;
      break;
    }
    let stop = tag!.valueStart;
    while (stop < last && bytes[stop] !== GS) stop++;
    fields.push({ tag: tag!.field, subfields: splitValue(bytes, tag!.valueStart, stop) });
    pos = stop + 1;
  }
  const record: AnsiNistRecord = { type, encoding: 'tagged', fields, ...(data ? { data: data.slice() } : {}) };
  return DECODED_RECORD_TYPES.has(type) ? record : { ...record, opaque: bytes.slice(start, end) };
}

/** Parses a binary record (Types 3–8) whose fixed header starts at `start`; returns it and its end. */
function parseBinaryRecord(bytes: Uint8Array, start: number, type: number, index: number): { record: AnsiNistRecord; end: number } {
  const header = binaryHeaderBytes(type);
  if (bytes.length - start < header) truncated(`record ${index + 1} (Type-${type}) needs a ${header}-byte header at byte ${start}; ${bytes.length - start} bytes remain`);
  const len = ((bytes[start] << 24) >>> 0) + (bytes[start + 1] << 16) + (bytes[start + 2] << 8) + bytes[start + 3];
  if (len < header) invalid(`record ${index + 1} (Type-${type}) LEN ${len} is shorter than its ${header}-byte header`);
  if (start + len > bytes.length) truncated(`record ${index + 1} (Type-${type}) declares LEN ${len} bytes from byte ${start}; the file has ${bytes.length}`);
  const fields: AnsiNistField[] = [];
  let pos = start;
  BINARY_HEADER_LAYOUT[type].forEach(([width, count], f) => {
    const items: string[] = [];
    for (let k = 0; k < count; k++) {
      let v = 0;
      for (let b = 0; b < width; b++) v = v * 256 + bytes[pos++];
      items.push(String(v));
    }
    fields.push({ tag: f + 1, subfields: [items] });
  });
  const end = start + len;
  const record: AnsiNistRecord = { type, encoding: 'binary', fields, data: bytes.slice(pos, end) };
  return { record: DECODED_RECORD_TYPES.has(type) ? record : { ...record, opaque: bytes.slice(start, end) }, end };
}

/**
 * Reads an ANSI/NIST-ITL transaction in the traditional encoding (versions 0200–0502 and
 * ANSI/NIST-ITL 1-2011): the Type-1 record, then each record its CNT field (1.003) lists, in
 * order, using LEN fields (tagged records) and 4-byte lengths (binary Types 3–8).
 *
 * Tolerant where real files are sloppy: field numbers of any width ("1.01:"), a tagged LEN that
 * misses the record end (the FS is used instead when the record has no binary data), bytes after
 * the last record, a CNT count that disagrees with its list — each noted in `warnings`.
 * Never reads beyond the bytes present nor allocates from a declared length; memory is linear
 * in the input. Throws AFIS_ANSI_NIST_INVALID (not a transaction, bad structure) or
 * AFIS_FORMAT_TRUNCATED (ends before a declared record). Pure, thread-safe.
 */
export function parseAnsiNist(bytes: Uint8Array): AnsiNistTransaction {
  if (bytes.length === 0) invalid('the file is empty');
  if (!isAnsiNist(bytes)) invalid('it does not start with the Type-1 LEN field "1.001:"');
  const warnings: string[] = [];
  const end1 = taggedRecordEnd(bytes, 0, 1, 0, warnings);
  const type1 = parseTaggedRecord(bytes, 0, end1, 1, 0, warnings);
  const cnt = type1.fields.find((f) => f.tag === 3);
  if (!cnt || cnt.subfields.length === 0) invalid('the Type-1 record has no CNT field (1.003)');
  const listed: number[] = [];
  for (let s = 1; s < cnt!.subfields.length; s++) {
    const t = cnt!.subfields[s][0]?.trim() ?? '';
    if (!/^[0-9]{1,3}$/.test(t)) invalid(`CNT (1.003) subfield ${s + 1} has record type "${t}"`);
    listed.push(Number(t));
  }
  const declaredCount = Number(cnt!.subfields[0][1]);
  if (declaredCount !== listed.length) warnings.push(`CNT (1.003) says ${cnt!.subfields[0][1]} records but lists ${listed.length}`);

  const records: AnsiNistRecord[] = [type1];
  let pos = end1;
  listed.forEach((type, k) => {
    const index = k + 1;
    if (pos >= bytes.length) truncated(`CNT (1.003) lists ${listed.length + 1} records but the file ends after ${index}`);
    if (BINARY_RECORD_TYPES.has(type)) {
      const { record, end } = parseBinaryRecord(bytes, pos, type, index);
      records.push(record);
      pos = end;
    } else {
      const end = taggedRecordEnd(bytes, pos, type, index, warnings);
      records.push(parseTaggedRecord(bytes, pos, end, type, index, warnings));
      pos = end;
    }
  });
  if (pos < bytes.length) warnings.push(`${bytes.length - pos} bytes after the last record listed in CNT (1.003) were ignored`);
  return { records, warnings };
}
