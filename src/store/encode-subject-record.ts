import { StoreError } from '../core/index.js';
import { STORE_PARAMETERS } from '../config/parameters.js';
import type { FingerImpression, MissingFinger, StoredFinger, SubjectRecord } from '../index/ports.js';

/*
 * The stored byte form of a subject record (without finger images, which are stored apart so
 * that scanning the gallery never reads them). Both stores use it, so a record reads back the
 * same from LMDB and from Redis. Little-endian throughout:
 *
 *   0  'A' 'S'  magic
 *   2  u8       version (1)
 *   3  u8       category
 *   4  u16      presence bits: 0 sex, 1 operatorId, 2 place, 3 extra, 4 applicationAt, 5 sentAt,
 *               6 retentionUntil, 7 markedAt, 8 blockedAt, 9 erasedAt
 *   6  f64      capturedAt
 *      f64 × n  the present dates in bit order
 *      str      id, referenceNumber, memberState, then the present strings in bit order
 *               (str = u16 byte length + UTF-8; extra is JSON as u32 length + UTF-8)
 *      u8       finger count, then per finger: u8 position, u8 impression (0 plain, 1 rolled),
 *               u8 quality, u16 template length, template bytes
 *      u8       missing count, then per missing finger: u8 position, str reason
 */

const MAGIC0 = 0x41;
const MAGIC1 = 0x53;
const VERSION = 1;
const OPTIONAL_DATES = ['applicationAt', 'sentAt', 'retentionUntil', 'markedAt', 'blockedAt', 'erasedAt'] as const;
const OPTIONAL_STRINGS = ['sex', 'operatorId', 'place'] as const;
const MEMBER_STATE = /^[A-Z]{2}$/;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function invalid(message: string): never {
  throw new StoreError('AFIS_VALIDATION', `invalid subject record: ${message}`);
}

function checkText(name: string, v: unknown, max: number = STORE_PARAMETERS.maxIdLength, required = true): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || v.length === 0 || v.length > max) invalid(`${name} must be a string of 1–${max} characters`);
}

function checkTime(name: string, v: unknown, required: boolean): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`${name} must be a finite time in ms`);
}

/**
 * Checks the invariants a stored subject must satisfy; throws AFIS_VALIDATION naming the
 * first violation. Cost: O(fingers).
 */
export function validateSubjectRecord(s: SubjectRecord): void {
  if (typeof s !== 'object' || s === null) invalid('not an object');
  checkText('id', s.id);
  checkText('referenceNumber', s.referenceNumber);
  if (typeof s.memberState !== 'string' || !MEMBER_STATE.test(s.memberState)) invalid(`memberState "${String(s.memberState)}" is not ISO 3166 alpha-2`);
  if (!Number.isInteger(s.category) || s.category < 0 || s.category > 255) invalid(`category ${String(s.category)}`);
  checkTime('capturedAt', s.capturedAt, true);
  for (const k of OPTIONAL_DATES) checkTime(k, s[k], false);
  for (const k of OPTIONAL_STRINGS) checkText(k, s[k], 1000, false);
  if (s.extra !== undefined && (typeof s.extra !== 'object' || s.extra === null || Array.isArray(s.extra))) invalid('extra must be an object');
  if (!Array.isArray(s.fingers) || s.fingers.length > 15) invalid('fingers must be an array of at most 15');
  const seen = new Set<number>();
  for (const f of s.fingers) {
    if (!Number.isInteger(f.position) || f.position < 1 || f.position > 15) invalid(`finger position ${String(f.position)}`);
    if (seen.has(f.position)) invalid(`finger position ${f.position} appears twice`);
    seen.add(f.position);
    if (f.impression !== 'rolled' && f.impression !== 'plain') invalid(`finger ${f.position} impression ${String(f.impression)}`);
    if (!Number.isInteger(f.quality) || f.quality < 0 || f.quality > 100) invalid(`finger ${f.position} quality ${String(f.quality)} (integer 0–100)`);
    if (!(f.template instanceof Uint8Array) || f.template.length > STORE_PARAMETERS.maxTemplateBytes) invalid(`finger ${f.position} template must be at most ${STORE_PARAMETERS.maxTemplateBytes} bytes`);
    if (f.image !== undefined && !(f.image instanceof Uint8Array)) invalid(`finger ${f.position} image must be bytes`);
    if (f.imageFormat !== undefined) checkText(`finger ${f.position} imageFormat`, f.imageFormat, 32);
  }
  if (s.missingFingers !== undefined) {
    if (!Array.isArray(s.missingFingers) || s.missingFingers.length > 15) invalid('missingFingers must be an array of at most 15');
    for (const m of s.missingFingers) {
      if (!Number.isInteger(m.position) || m.position < 1 || m.position > 15) invalid(`missing finger position ${String(m.position)}`);
      checkText(`missing finger ${m.position} reason`, m.reason, 1000);
    }
  }
}

/**
 * Encodes a subject record (images excluded) into its stored byte form. Validates first
 * (AFIS_VALIDATION). Cost: O(record size), one allocation.
 */
export function encodeSubjectRecord(s: SubjectRecord): Uint8Array {
  validateSubjectRecord(s);
  const strings: Uint8Array[] = [encoder.encode(s.id), encoder.encode(s.referenceNumber), encoder.encode(s.memberState)];
  let bits = 0;
  OPTIONAL_STRINGS.forEach((k, i) => {
    const v = s[k];
    if (v !== undefined) {
      bits |= 1 << i;
      strings.push(encoder.encode(v));
    }
  });
  const extra = s.extra !== undefined ? encoder.encode(JSON.stringify(s.extra)) : undefined;
  if (extra) bits |= 1 << 3;
  const dates: number[] = [];
  OPTIONAL_DATES.forEach((k, i) => {
    const v = s[k];
    if (v !== undefined) {
      bits |= 1 << (4 + i);
      dates.push(v);
    }
  });
  const missing = (s.missingFingers ?? []).map((m) => ({ position: m.position, reason: encoder.encode(m.reason) }));
  for (const b of strings) if (b.length > 0xffff) invalid('a text field is too long');
  for (const m of missing) if (m.reason.length > 0xffff) invalid('a missing-finger reason is too long');

  let size = 6 + 8 + 8 * dates.length;
  for (const b of strings) size += 2 + b.length;
  if (extra) size += 4 + extra.length;
  size += 1;
  for (const f of s.fingers) size += 5 + f.template.length;
  size += 1;
  for (const m of missing) size += 3 + m.reason.length;

  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = MAGIC0;
  out[1] = MAGIC1;
  out[2] = VERSION;
  out[3] = s.category;
  view.setUint16(4, bits, true);
  view.setFloat64(6, s.capturedAt, true);
  let p = 14;
  for (const d of dates) {
    view.setFloat64(p, d, true);
    p += 8;
  }
  for (const b of strings) {
    view.setUint16(p, b.length, true);
    out.set(b, p + 2);
    p += 2 + b.length;
  }
  if (extra) {
    view.setUint32(p, extra.length, true);
    out.set(extra, p + 4);
    p += 4 + extra.length;
  }
  out[p++] = s.fingers.length;
  for (const f of s.fingers) {
    out[p] = f.position;
    out[p + 1] = f.impression === 'rolled' ? 1 : 0;
    out[p + 2] = f.quality;
    view.setUint16(p + 3, f.template.length, true);
    out.set(f.template, p + 5);
    p += 5 + f.template.length;
  }
  out[p++] = missing.length;
  for (const m of missing) {
    out[p] = m.position;
    view.setUint16(p + 1, m.reason.length, true);
    out.set(m.reason, p + 3);
    p += 3 + m.reason.length;
  }
  return out;
}

/**
 * Decodes a stored subject record. Templates are views into `bytes` (no copy), so the caller
 * must not reuse `bytes` while it keeps them. Throws AFIS_STORE_CORRUPT when the bytes are not
 * a valid record. Cost: O(record size).
 */
export function decodeSubjectRecord(input: Uint8Array): SubjectRecord {
  // plain Uint8Array views: Buffer#subarray (what lmdb and ioredis hand us) costs several
  // times more per call, and a record makes ten of them
  const bytes = Buffer.isBuffer(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : input;
  const corrupt = (why: string): never => {
    throw new StoreError('AFIS_STORE_CORRUPT', `stored subject record is corrupt: ${why}`);
  };
  const n = bytes.length;
  if (n < 14 || bytes[0] !== MAGIC0 || bytes[1] !== MAGIC1) corrupt('bad magic');
  if (bytes[2] !== VERSION) corrupt(`unknown version ${bytes[2]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const category = bytes[3];
  const bits = view.getUint16(4, true);
  let p = 6;
  const need = (k: number): void => {
    if (p + k > n) corrupt('truncated');
  };
  const f64 = (): number => {
    need(8);
    const v = view.getFloat64(p, true);
    p += 8;
    return v;
  };
  const str = (): string => {
    need(2);
    const len = view.getUint16(p, true);
    need(2 + len);
    let s: string;
    try {
      s = decoder.decode(bytes.subarray(p + 2, p + 2 + len));
    } catch {
      return corrupt('invalid UTF-8');
    }
    p += 2 + len;
    return s;
  };
  const rec: Record<string, unknown> = { id: '', referenceNumber: '', memberState: '', category, capturedAt: f64() };
  OPTIONAL_DATES.forEach((k, i) => {
    if (bits & (1 << (4 + i))) rec[k] = f64();
  });
  rec.id = str();
  rec.referenceNumber = str();
  rec.memberState = str();
  OPTIONAL_STRINGS.forEach((k, i) => {
    if (bits & (1 << i)) rec[k] = str();
  });
  if (bits & (1 << 3)) {
    need(4);
    const len = view.getUint32(p, true);
    need(4 + len);
    try {
      rec.extra = JSON.parse(decoder.decode(bytes.subarray(p + 4, p + 4 + len)));
    } catch {
      corrupt('invalid extra JSON');
    }
    p += 4 + len;
  }
  need(1);
  const fingerCount = bytes[p++];
  const fingers: StoredFinger[] = [];
  for (let i = 0; i < fingerCount; i++) {
    need(5);
    const len = view.getUint16(p + 3, true);
    need(5 + len);
    const impression: FingerImpression = bytes[p + 1] === 1 ? 'rolled' : 'plain';
    fingers.push({ position: bytes[p], impression, quality: bytes[p + 2], template: bytes.subarray(p + 5, p + 5 + len) });
    p += 5 + len;
  }
  rec.fingers = fingers;
  need(1);
  const missingCount = bytes[p++];
  if (missingCount > 0) {
    const missing: MissingFinger[] = [];
    for (let i = 0; i < missingCount; i++) {
      need(1);
      const position = bytes[p++];
      missing.push({ position, reason: str() });
    }
    rec.missingFingers = missing;
  }
  if (p !== n) corrupt('trailing bytes');
  return rec as unknown as SubjectRecord;
}

/**
 * The stored form of one finger image: u8 format length, format (ASCII), image bytes.
 * Kept beside the record under (id, position).
 */
export function encodeFingerImage(format: string | undefined, image: Uint8Array): Uint8Array {
  const f = encoder.encode(format ?? '');
  const out = new Uint8Array(1 + f.length + image.length);
  out[0] = f.length;
  out.set(f, 1);
  out.set(image, 1 + f.length);
  return out;
}

export function decodeFingerImage(bytes: Uint8Array): { format?: string; image: Uint8Array } {
  if (bytes.length < 1 || bytes.length < 1 + bytes[0]) throw new StoreError('AFIS_STORE_CORRUPT', 'stored finger image is corrupt: truncated');
  const len = bytes[0];
  const image = bytes.slice(1 + len);
  return len > 0 ? { format: decoder.decode(bytes.subarray(1, 1 + len)), image } : { image };
}

/** Adds stored images to a decoded record's fingers (position → stored image bytes). */
export function attachFingerImages(record: SubjectRecord, images: ReadonlyMap<number, Uint8Array>): SubjectRecord {
  if (images.size === 0) return record;
  const fingers = record.fingers.map((f) => {
    const stored = images.get(f.position);
    if (!stored) return f;
    const { format, image } = decodeFingerImage(stored);
    return format !== undefined ? { ...f, image, imageFormat: format } : { ...f, image };
  });
  return { ...record, fingers };
}
