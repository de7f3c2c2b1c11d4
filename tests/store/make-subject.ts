import type { SubjectRecord, StoredFinger } from '../../src/index/ports.js';

/** Deterministic bytes derived from a label, so a test can tell exactly which write it sees. */
export function bytesFor(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  for (let i = 0; i < length; i++) {
    h ^= h << 13; h ^= h >>> 17; h ^= h << 5;
    out[i] = h & 0xff;
  }
  return out;
}

/** A ten-print subject whose every template and image is tied to (index, generation). */
export function makeSubject(i: number, gen = 0, options: { images?: boolean; ref?: string } = {}): SubjectRecord {
  const id = `subject-${String(i).padStart(6, '0')}`;
  const fingers: StoredFinger[] = [];
  for (let p = 1; p <= 10; p++) {
    const label = `${id}/${gen}/${p}`;
    fingers.push({
      position: p,
      impression: p % 2 === 0 ? 'plain' : 'rolled',
      quality: (i * 7 + p * 13 + gen) % 101,
      template: bytesFor(label, 200 + ((i + p) % 7) * 50),
      ...(options.images ? { image: bytesFor(`img/${label}`, 300), imageFormat: 'wsq' } : {}),
    });
  }
  return {
    id,
    referenceNumber: options.ref ?? `BE1${String(i).padStart(8, '0')}`,
    memberState: 'BE',
    category: 1,
    capturedAt: 1_700_000_000_000 + i * 1000,
    sentAt: 1_700_000_000_500 + i * 1000,
    retentionUntil: 2_000_000_000_000,
    operatorId: `op-${gen}`,
    fingers,
  };
}

/** Checks that a stored subject is exactly generation `gen` of subject i (all parts of ONE write). */
export function generationOf(s: SubjectRecord, i: number, withImages: boolean): number | undefined {
  const gen = Number(s.operatorId?.slice(3));
  const expected = makeSubject(i, gen, { images: withImages });
  if (s.fingers.length !== 10) return undefined;
  for (let k = 0; k < 10; k++) {
    const a = s.fingers[k];
    const b = expected.fingers[k];
    if (a.position !== b.position || a.quality !== b.quality || !sameBytes(a.template, b.template)) return undefined;
    if (withImages && (!a.image || !sameBytes(a.image, b.image as Uint8Array))) return undefined;
  }
  return gen;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
