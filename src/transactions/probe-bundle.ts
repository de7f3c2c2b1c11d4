import { DomainError } from '../core/index.js';

/** One finger kept with a transaction until it is decided: its template and capture, for resuming and for the examiner. */
export interface BundledFinger {
  readonly position: number;
  readonly impression: 'rolled' | 'plain';
  readonly quality: number;
  /** Compact template bytes (src/templates encodeTemplate). */
  readonly template: Uint8Array;
  /** The capture as received (PNG, WSQ, ...), for the examiner's side-by-side view. */
  readonly image?: Uint8Array;
  readonly imageFormat?: string;
}

const MAGIC = 0x41465042; // "AFPB"

/**
 * Packs fingers into one byte string for `TransactionRecord.probe`: magic, header length, a
 * JSON header (positions, sizes, formats), then the blobs. Self-delimiting and versioned so a
 * restart can read what an older process wrote.
 */
export function encodeProbeBundle(fingers: readonly BundledFinger[]): Uint8Array {
  const header = fingers.map((f) => ({
    p: f.position, i: f.impression, q: f.quality, t: f.template.length,
    m: f.image?.length ?? 0, ...(f.imageFormat === undefined ? {} : { f: f.imageFormat }),
  }));
  const head = new TextEncoder().encode(JSON.stringify({ v: 1, fingers: header }));
  let total = 8 + head.length;
  for (const f of fingers) total += f.template.length + (f.image?.length ?? 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, head.length);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const f of fingers) {
    out.set(f.template, at);
    at += f.template.length;
    if (f.image) {
      out.set(f.image, at);
      at += f.image.length;
    }
  }
  return out;
}

/** Unpacks {@link encodeProbeBundle}; AFIS_STORE_CORRUPT when the bytes are not a bundle. */
export function decodeProbeBundle(bytes: Uint8Array): BundledFinger[] {
  const corrupt = (why: string): never => {
    throw new DomainError('AFIS_STORE_CORRUPT', `stored probe bundle: ${why}`);
  };
  if (bytes.length < 8) corrupt('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== MAGIC) corrupt('bad magic');
  const headLength = view.getUint32(4);
  if (8 + headLength > bytes.length) corrupt('header past the end');
  let header: { v: number; fingers: { p: number; i: 'rolled' | 'plain'; q: number; t: number; m: number; f?: string }[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headLength))) as typeof header;
  } catch {
    return corrupt('header is not JSON');
  }
  if (header.v !== 1 || !Array.isArray(header.fingers)) corrupt(`unknown version ${String(header.v)}`);
  let at = 8 + headLength;
  return header.fingers.map((h) => {
    if (at + h.t + h.m > bytes.length) corrupt('blob past the end');
    const template = bytes.slice(at, at + h.t);
    at += h.t;
    const image = h.m > 0 ? bytes.slice(at, at + h.m) : undefined;
    at += h.m;
    return {
      position: h.p, impression: h.i, quality: h.q, template,
      ...(image === undefined ? {} : { image }), ...(h.f === undefined ? {} : { imageFormat: h.f }),
    };
  });
}
