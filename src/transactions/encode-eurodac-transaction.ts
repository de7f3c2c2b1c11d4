// The outbound Eurodac transaction of a capture: its data and every print as WSQ at 500 ppi.
import { decodeWsq, encodeWsq, isWsq, writeEurodacTransaction, type EurodacFingerImage } from '../formats/index.js';
import type { DecodeImage } from './dependencies.js';

/** A print as the capture holds it (any accepted format). */
export interface CapturedPrint {
  /** 1–10 fingers, 13–15 slaps. */
  readonly position: number;
  readonly impression: 'rolled' | 'plain';
  readonly image: Uint8Array;
  readonly format?: string;
  readonly ppi?: number;
}

export interface OutboundCapture {
  readonly transactionId: string;
  readonly referenceNumber: string;
  readonly category: number;
  readonly memberState: string;
  readonly capturedAt: number;
  readonly sentAt: number;
  readonly regime: string;
  readonly operatorId?: string;
  readonly sex?: string;
  readonly place?: string;
  readonly missingFingers: readonly { readonly position: number; readonly reason: string }[];
  readonly resend: boolean;
  /** Fingers 1–10 (the prints the search used) and the slaps (13–15) where captured. */
  readonly prints: readonly CapturedPrint[];
}

/**
 * The ANSI/NIST-ITL transaction in the Eurodac profile (src/formats/ansi-nist eurodac-profile.ts)
 * for a capture. Each print is decoded to 8-bit grey at 500 ppi; a WSQ print that already is
 * at 500 ppi is sent as received, any other is encoded with our WSQ encoder (0.75 bpp).
 * Cost: one decode per print plus one WSQ encoding per non-WSQ print (tens of ms each).
 */
export async function encodeEurodacTransaction(capture: OutboundCapture, decodeImage: DecodeImage): Promise<Uint8Array> {
  const fingers: EurodacFingerImage[] = [];
  for (const p of [...capture.prints].sort((a, b) => a.position - b.position)) {
    const gray = await decodeImage(p.image, { ...(p.format === undefined ? {} : { format: p.format }), ...(p.ppi === undefined ? {} : { ppi: p.ppi }) });
    // decodeImage resamples to 500 ppi: a WSQ stream of the same size is at 500 ppi already
    const source = isWsq(p.image) ? decodeWsq(p.image).image : undefined;
    const keep = source !== undefined && source.width === gray.width && source.height === gray.height;
    fingers.push({
      position: p.position, impression: p.impression, width: gray.width, height: gray.height,
      wsq: keep ? p.image : encodeWsq(gray, { ppi: 500 }),
    });
  }
  return writeEurodacTransaction({
    transactionId: capture.transactionId, referenceNumber: capture.referenceNumber, category: capture.category,
    memberState: capture.memberState, takenAt: capture.capturedAt, sentAt: capture.sentAt, regime: capture.regime,
    missingFingers: capture.missingFingers, resend: capture.resend, fingers,
    ...(capture.operatorId === undefined ? {} : { operatorId: capture.operatorId }),
    ...(capture.sex === undefined ? {} : { sex: capture.sex }),
    ...(capture.place === undefined ? {} : { place: capture.place }),
  });
}
