/**
 * The transaction workflow (desk captures, examiner queue, police identification, 1:1
 * verification, records import, marking, erasure, retention) over injected ports. The store
 * implements `ports.ts`; `app.ts` wires concrete modules into {@link TransactionService}.
 */
export * from './ports.js';
export * from './dependencies.js';
export * from './types.js';
export { TransactionService } from './transaction-service.js';
export { encodeProbeBundle, decodeProbeBundle, type BundledFinger } from './probe-bundle.js';
export { hashRequest } from './hash-request.js';
export { prepareFingers, type PreparedFinger, type PreparedCapture, type PrepareOptions } from './prepare-fingers.js';
export { PROCESS_CLAIM_OWNER, isClaimOwnerGone, idempotencyStoreKey, runIdempotent, type IdempotentCall } from './run-idempotent.js';
export { checkFingerSequence, decideSequence, type SequenceCheck } from './check-finger-sequence.js';
export { EURODAC_CONTENT_TYPE } from './submit-capture.js';
export { backoffMs, type LinkState } from './deliver-to-central.js';
export { encodeEurodacTransaction, type OutboundCapture, type CapturedPrint } from './encode-eurodac-transaction.js';
