import { decodeCapture, type CaptureFormat } from '../capture/index.js';
import type { SubjectStore, StoredFinger } from '../index/ports.js';
import type { FingerForDisplay, FingerImageSource } from '../http/index.js';
import { decodeTemplate } from '../templates/index.js';
import { decodeProbeBundle, type AuditLog, type BundledFinger, type ExaminationStore, type TransactionStore } from '../transactions/index.js';

/** What the image routes read: the workflow's transactions and examinations, and the gallery's subjects. */
export interface FingerSourceStores {
  readonly transactions: TransactionStore;
  readonly examinations: ExaminationStore;
  readonly subjects: SubjectStore;
  /** Where each image view is logged (who looked at which finger, why); absent: not logged. */
  readonly audit?: AuditLog;
}

/**
 * The image routes' {@link FingerImageSource} over the stores, following where the workflow
 * keeps a capture:
 * - while a transaction is undecided, its fingers (capture bytes as received and the templates
 *   the search used) are in the transaction's probe bundle;
 * - once decided, the bundle is dropped and a stored category's person is enrolled as the
 *   subject whose id is the transaction id, with the same images and templates;
 * - gallery records are read by reference number (erased ones are not shown).
 * The capture bytes are decoded with `decodeCapture`, exactly as at intake, so the template's
 * coordinates fit the picture. A capture sent as headerless `raw` pixels cannot be decoded
 * again (its declared size is not kept) and is reported absent.
 *
 * The submitter of a transaction is the `request.actor.id` the workflow records (the API key
 * id the HTTP layer passes as actor id).
 */
export function createStoreFingerSource(stores: FingerSourceStores): FingerImageSource {
  return {
    async transactionFinger(transactionId, position) {
      const tx = await stores.transactions.get(transactionId, { probe: true });
      if (!tx) return undefined;
      if (tx.probe) {
        const finger = decodeProbeBundle(tx.probe).find((f) => f.position === position);
        return finger ? toDisplay(finger) : undefined;
      }
      const subject = await stores.subjects.get(tx.id, { images: true });
      if (!subject || subject.erasedAt !== undefined) return undefined;
      const finger = subject.fingers.find((f) => f.position === position);
      return finger ? toDisplay(finger) : undefined;
    },
    async transactionOwner(transactionId) {
      const tx = await stores.transactions.get(transactionId);
      const actor = tx?.request.actor;
      if (actor && typeof actor === 'object' && !Array.isArray(actor) && typeof actor.id === 'string') return actor.id;
      return undefined;
    },
    async recordFinger(referenceNumber, position) {
      const subject = await stores.subjects.getByReference(referenceNumber, { images: true });
      if (!subject || subject.erasedAt !== undefined) return undefined;
      const finger = subject.fingers.find((f) => f.position === position);
      return finger ? toDisplay(finger) : undefined;
    },
    ...(stores.audit ? { recordView: async (view) => { await stores.audit!.append(view); } } : {}),
    async examinationCandidateFinger(examinationId, referenceNumber, position) {
      const exam = await stores.examinations.get(examinationId);
      const fingers = exam?.candidate.fingers;
      if (!exam || exam.candidate.referenceNumber !== referenceNumber || !Array.isArray(fingers)) return undefined;
      const f = fingers.find((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && x.position === position) as Record<string, unknown> | undefined;
      if (!f || typeof f.template !== 'string' || typeof f.image !== 'string') return undefined;
      const shown = await toDisplay({
        position, impression: 'rolled', quality: 0, template: fromBase64(f.template), image: fromBase64(f.image),
        ...(typeof f.imageFormat === 'string' ? { imageFormat: f.imageFormat } : {}),
      });
      // the reply carries no quality for the other state's prints
      return shown ? { image: shown.image, template: shown.template } : undefined;
    },
    async examination(examinationId) {
      const exam = await stores.examinations.get(examinationId);
      if (!exam) return undefined;
      const ref = exam.candidate.referenceNumber;
      return typeof ref === 'string' ? { transactionId: exam.transactionId, candidateReference: ref } : undefined;
    },
  };
}

const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

async function toDisplay(finger: BundledFinger | StoredFinger): Promise<FingerForDisplay | undefined> {
  if (!finger.image || finger.image.length === 0 || finger.imageFormat === 'raw') return undefined;
  const image = await decodeCapture(finger.image, finger.imageFormat ? { format: finger.imageFormat as CaptureFormat } : {});
  return { image, template: decodeTemplate(finger.template), quality: finger.quality };
}
