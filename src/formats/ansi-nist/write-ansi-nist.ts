import { FormatError } from '../../core/index.js';
import {
  type AnsiNistField,
  type AnsiNistRecord,
  BINARY_HEADER_LAYOUT,
  BINARY_RECORD_TYPES,
  FS,
  GS,
  RS,
  US,
  binaryHeaderBytes,
  fieldTagName,
  recordIdc,
} from './ansi-nist-record.js';

const utf8 = new TextEncoder();

const bad = (what: string): never => {
  throw new FormatError('AFIS_FORMAT_INVALID', `cannot write ANSI/NIST-ITL transaction: ${what}`);
};

/** A record's text as bytes: chars 0–255 that are not valid as UTF-8 text were read one per byte. */
function encodeText(text: string): Uint8Array {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= FS && c <= US) bad(`a value contains a separator character (0x${c.toString(16)})`);
  }
  return utf8.encode(text);
}

function encodeFieldValue(field: AnsiNistField): Uint8Array[] {
  const parts: Uint8Array[] = [];
  field.subfields.forEach((items, s) => {
    if (s > 0) parts.push(Uint8Array.of(RS));
    items.forEach((item, i) => {
      if (i > 0) parts.push(Uint8Array.of(US));
      parts.push(encodeText(item));
    });
  });
  return parts;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.length; }
  return out;
}

/** Encodes a tagged record: LEN first (computed), other fields in order, field 999 data last. */
function encodeTaggedRecord(record: AnsiNistRecord): Uint8Array {
  const body: Uint8Array[] = [];
  for (const f of record.fields) {
    if (f.tag === 1) continue;
    if (!Number.isInteger(f.tag) || f.tag < 1 || f.tag > 998) bad(`Type-${record.type} field number ${f.tag}`);
    body.push(Uint8Array.of(GS), utf8.encode(`${fieldTagName(record.type, f.tag)}:`), ...encodeFieldValue(f));
  }
  if (record.data) body.push(Uint8Array.of(GS), utf8.encode(`${fieldTagName(record.type, 999)}:`), record.data);
  body.push(Uint8Array.of(FS));
  const rest = concat(body);
  const prefix = `${fieldTagName(record.type, 1)}:`;
  // LEN counts its own digits: grow the digit count until the number fits it
  let digits = 1;
  let len = prefix.length + digits + rest.length;
  while (String(len).length !== digits) { digits = String(len).length; len = prefix.length + digits + rest.length; }
  return concat([utf8.encode(prefix + String(len)), rest]);
}

/** Encodes a binary record (Types 3–8) from its header fields and data; LEN computed. */
function encodeBinaryRecord(record: AnsiNistRecord): Uint8Array {
  const layout = BINARY_HEADER_LAYOUT[record.type];
  const header = binaryHeaderBytes(record.type);
  const data = record.data ?? new Uint8Array(0);
  const total = header + data.length;
  if (total > 0xffffffff) bad(`Type-${record.type} record of ${total} bytes`);
  const out = new Uint8Array(total);
  let pos = 0;
  layout.forEach(([width, count], f) => {
    const tag = f + 1;
    const items = tag === 1 ? [String(total)] : record.fields.find((x) => x.tag === tag)?.subfields[0];
    for (let k = 0; k < count; k++) {
      const text = items?.[k] ?? (count > 1 ? '255' : undefined);
      if (text === undefined || !/^[0-9]{1,10}$/.test(text.trim())) bad(`Type-${record.type} field ${tag} item ${k + 1} is "${text ?? ''}", not a number`);
      let v = Number(text!.trim());
      if (v >= 2 ** (8 * width)) bad(`Type-${record.type} field ${tag} value ${v} does not fit ${width} byte(s)`);
      for (let b = width - 1; b >= 0; b--) { out[pos + b] = v & 0xff; v = Math.floor(v / 256); }
      pos += width;
    }
  });
  out.set(data, header);
  return out;
}

/**
 * The Type-1 record with its CNT field (1.003) made to list `others`. An existing CNT whose
 * types and IDCs already agree (numerically) is kept as written, so re-writing a file we read
 * changes nothing; otherwise it is rebuilt.
 */
function withCnt(type1: AnsiNistRecord, others: readonly AnsiNistRecord[]): AnsiNistRecord {
  const idcs = others.map((r) => recordIdc(r) ?? 0);
  const existing = type1.fields.find((f) => f.tag === 3);
  const agrees = existing !== undefined && existing.subfields.length === others.length + 1
    && Number(existing.subfields[0][1]) === others.length
    && others.every((r, i) => Number(existing.subfields[i + 1][0]) === r.type && Number(existing.subfields[i + 1][1] ?? 'x') === idcs[i]);
  if (agrees) return type1;
  const cnt: AnsiNistField = {
    tag: 3,
    subfields: [['1', String(others.length)], ...others.map((r, i) => [String(r.type), String(idcs[i]).padStart(2, '0')])],
  };
  const fields = existing ? type1.fields.map((f) => (f.tag === 3 ? cnt : f)) : [...type1.fields, cnt].sort((a, b) => a.tag - b.tag);
  return { ...type1, fields };
}

/**
 * Writes a transaction in the traditional encoding. The first record must be Type-1; its CNT
 * field is brought in line with the records given, each tagged record's LEN and each binary
 * record's length are computed. Records with `opaque` bytes are written back unchanged.
 * Throws AFIS_FORMAT_INVALID for values the encoding cannot hold (a separator inside a value,
 * a header number too large). Pure, thread-safe; memory ≈ twice the output.
 */
export function writeAnsiNist(transaction: { readonly records: readonly AnsiNistRecord[] }): Uint8Array {
  const [first, ...others] = transaction.records;
  if (!first || first.type !== 1) bad('the first record must be Type-1');
  const parts: Uint8Array[] = [encodeTaggedRecord(withCnt(first!, others))];
  for (const r of others) {
    if (r.type === 1) bad('a transaction has exactly one Type-1 record');
    if (r.opaque) parts.push(r.opaque);
    else if (BINARY_RECORD_TYPES.has(r.type)) parts.push(encodeBinaryRecord(r));
    else parts.push(encodeTaggedRecord(r));
  }
  return concat(parts);
}
