import type { AdvanceErasureReason, DublinRequest, MarkReason } from '../eurodac/index.js';
import type { AlterationRegion } from '../quality/index.js';
import type { TransactionStatus } from './ports.js';

/** Who calls: the API key's id (or user) and role, for access checks and the audit log. */
export interface Actor {
  readonly id: string;
  readonly role: string;
}

/** Options of a state-changing call. */
export interface CallOptions {
  /** A retried request with the same key (and the same content) returns the first answer. */
  readonly idempotencyKey?: string;
}

/** One captured finger (the contract's `fingers[]`). */
export interface FingerInput {
  /** ANSI/NIST position: 1–10 fingers, 11–15 plain thumbs and slaps. */
  readonly position: number;
  readonly impression?: 'rolled' | 'plain';
  readonly image: Uint8Array;
  /** png | jpeg | tiff | bmp | wsq | raw; detected from the bytes when absent. */
  readonly format?: string;
  readonly ppi?: number;
  readonly width?: number;
  readonly height?: number;
}

export interface MissingFingerInput {
  readonly position: number;
  readonly reason: string;
}

/** `POST /v1/transactions`: a desk capture. */
export interface CaptureInput {
  readonly category: number;
  readonly memberState: string;
  /** Given when re-sending after a refusal: the transaction keeps its number. */
  readonly referenceNumber?: string;
  readonly sex?: string;
  /** When the prints were taken (ISO 8601 or epoch ms); defaults to now. */
  readonly capturedAt?: string | number;
  readonly operatorId?: string;
  readonly place?: string;
  /** For the minimum-age check (not stored under 603/2013). */
  readonly birthDate?: string;
  readonly age?: number;
  /** Compare against our own earlier records too (default: settings.compareOwnDataByDefault). */
  readonly compareOwnData?: boolean;
  readonly fingers: readonly FingerInput[];
  readonly missingFingers?: readonly MissingFingerInput[];
  /**
   * The desk keeps the fingers as captured although the sequence check found rolled prints in
   * the wrong boxes (the reason is audited with the positions).
   */
  readonly sequenceOverride?: { readonly reason: string };
}

/** How altered one captured finger looks (0–100; `altered` from the flag level on; the signs found). */
export interface AlterationView {
  readonly position: number;
  readonly score: number;
  readonly altered: boolean;
  readonly signs: readonly string[];
  /**
   * 'platen-residue': the score reached the flag on a capture that shows the platen's residue (a
   * finger repeating the one before it, or the platen advice): a latent's ridges across the print
   * read as scars and cuts, so the finding is withheld (`altered` false) until the wiped recapture.
   */
  readonly withheld?: 'platen-residue';
  /** Where each sign was read (image pixels at 500 ppi), so the examiner and the desk can look there. */
  readonly regions?: readonly AlterationRegionView[];
}

/** Where one alteration sign was read (src/quality `AlterationRegion`: the stretch's bounding box and its blocks). */
export type AlterationRegionView = AlterationRegion;

/** A captured finger that slid on the platen: the smear's estimated length (px at 500 ppi) and direction (degrees, counter-clockwise from the x axis). */
export interface SlidView {
  readonly position: number;
  readonly length: number;
  readonly direction: number;
}

/** The platen's residue under every image of a capture: the share of the capture's area where every image dips alike. */
export interface PlatenResidueView {
  readonly share: number;
}

/** One segmented slap (13 right four, 14 left four, 15 thumbs) as the desk sees it. */
export interface SlapView {
  readonly position: number;
  /** 0–1: how sure the cut and the position assignment are; low → recapture the slap. */
  readonly confidence: number;
  readonly missing: readonly number[];
  readonly fingers: readonly { readonly position: number; readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number }; readonly angle: number }[];
}

/** The rolled/plain sequence check as answered to the desk. */
export interface SequenceView {
  readonly checked: readonly number[];
  readonly confirmed: readonly number[];
  /** Rolled prints matching no plain finger: recapture advised. */
  readonly unconfirmed: readonly number[];
  /** Pairs kept although they look swapped (only with an override). */
  readonly swapped: readonly (readonly [number, number])[];
  readonly overridden: boolean;
}

export interface FingerQuality {
  readonly position: number;
  /** 0–100, 100 best. */
  readonly score: number;
  readonly accepted: boolean;
}

/**
 * One thing the desk should capture again, and why. `target` finger: positions 1–10; slap: 13
 * right four, 14 left four, 15 thumbs. `required`: the capture is refused until it is recaptured;
 * otherwise it was accepted and the recapture is advised while the person is still there.
 * `reasons` (stable codes): quality-below-minimum, no-fingerprint, low-quality,
 * not-confirmed-by-slap, latent-residue, finger-slid, low-segmentation-confidence, finger-not-found.
 */
export interface RecaptureAdvice {
  /** A finger, a slap, or the platen itself (position 0: wipe it before the fingers are captured again). */
  readonly target: 'finger' | 'slap' | 'platen';
  readonly position: number;
  readonly required: boolean;
  readonly reasons: readonly string[];
  readonly message: string;
}

/** The 202 answer to a capture. */
export interface CaptureAccepted {
  readonly transactionId: string;
  readonly referenceNumber: string;
  readonly status: TransactionStatus;
  readonly quality: readonly FingerQuality[];
  /** Segmented slaps, when slaps were given. */
  readonly slaps?: readonly SlapView[];
  /** The sequence check, when plain fingers were there to check against. */
  readonly sequence?: SequenceView;
  /** Per finger, how altered it looks (when the service checks for alteration). */
  readonly alteration?: readonly AlterationView[];
  /** Everything to capture again and why, from every check above (empty when all is well). */
  readonly recapture: readonly RecaptureAdvice[];
}

export interface FingerScore {
  readonly position: number;
  readonly score: number;
}

/** One reported hit. */
export interface HitView {
  readonly referenceNumber: string;
  readonly memberState: string;
  readonly category: number;
  /** Fused similarity (src/matching scale). */
  readonly score: number;
  readonly confirmed: boolean;
  readonly marked: boolean;
  /** When the hit record's prints were taken (ISO). */
  readonly capturedAt: string;
  readonly fingerScores: readonly FingerScore[];
}

/** A decided transaction's result. */
export interface ResultView {
  /** `rejected`: the central system refused the capture (see `rejection`); the desk re-sends it. */
  readonly outcome: 'hit' | 'no-hit' | 'rejected';
  /** Confirmed hits only: rejected (false) hits are erased from the result. */
  readonly hits: readonly HitView[];
  readonly route: string;
  /** The routing rule that decided (`fallback:hit|no-hit` when none). */
  readonly ruleId: string;
  readonly dublin?: DublinRequest;
  readonly linkedReferenceNumber?: string;
  readonly inform: readonly string[];
  readonly decidedAt: string;
  /** The reference under which the person was enrolled (stored categories only). */
  readonly enrolledReferenceNumber?: string;
  /** Number of hits the examiners rejected (their data are not in `hits`). */
  readonly rejectedHits: number;
  /** Positions of fingers that look altered; a no-hit with any is routed as such, not as a plain no-hit. */
  readonly alteredFingers?: readonly number[];
  /** Why the central system refused the capture (outcome `rejected`). */
  readonly rejection?: { readonly reason: string; readonly code: string; readonly message: string; readonly positions?: readonly number[] };
  /** Until when the refused capture may be re-sent under its reference number (ISO). */
  readonly resendBefore?: string;
}

/** Where a capture stands with the central Eurodac system (only when the service transmits). */
export interface EurodacLinkView {
  /** `waiting-transmission` → `awaiting-reply` → `answered`, or `refused` (the central system refused the capture: see the result). */
  readonly state: 'waiting-transmission' | 'awaiting-reply' | 'answered' | 'refused';
  /** The 72-hour transmission deadline (ISO). */
  readonly transmitDueBy: string;
  readonly attempts: number;
  readonly transmittedAt?: string;
  readonly replyDueBy?: string;
  readonly answeredAt?: string;
  readonly nextAttemptAt?: string;
  readonly lastError?: string;
  /** A deadline passed: `transmission` (not delivered in 72 hours) or `reply` (no reply in time). */
  readonly overdue?: 'transmission' | 'reply';
  /** The refused transaction this one re-sends (same reference number). */
  readonly resendOf?: string;
}

/** `GET /v1/transactions/:id`. */
export interface TransactionView {
  readonly transactionId: string;
  readonly kind: string;
  readonly status: TransactionStatus;
  readonly referenceNumber?: string;
  readonly category: number;
  readonly memberState: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly result?: ResultView;
  readonly eurodac?: EurodacLinkView;
  /** Per finger, how altered it looked at intake (a desk capture the service checked), as the capture's answer said. */
  readonly alteration?: readonly AlterationView[];
}

/** The candidate an examiner checks. */
export interface CandidateView {
  readonly subjectId: string;
  readonly referenceNumber: string;
  readonly memberState: string;
  readonly category: number;
  readonly score: number;
  readonly fingerScores: readonly FingerScore[];
  readonly marked: boolean;
  readonly capturedAt: string;
  /**
   * What the fused score means, when the gallery reports it: the probability that an unrelated
   * person in a gallery of `gallerySize` subjects scores this high over `fingersCompared` fingers
   * (the candidate's FPIR under the fusion model of src/index/fuse-finger-scores.ts); a hit needs
   * `fpir` ≤ `targetFpir`.
   */
  readonly fpir?: number;
  readonly fingersCompared?: number;
  readonly gallerySize?: number;
  readonly targetFpir?: number;
}

/** `GET /v1/examinations`. */
export interface ExaminationView {
  readonly examinationId: string;
  readonly transactionId: string;
  readonly status: 'pending' | 'confirmed' | 'rejected';
  readonly createdAt: string;
  readonly candidate: CandidateView;
  readonly decision?: { readonly decision: 'confirmed' | 'rejected'; readonly examinerId: string; readonly decidedAt: string; readonly comment?: string };
}

/** A template as JSON for the examiner's view (pixels at 500 ppi, angle radians, ISO convention). */
export interface TemplateView {
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly quality: number;
  readonly minutiae: readonly { readonly x: number; readonly y: number; readonly angle: number; readonly type: string; readonly quality: number }[];
}

/** One finger position in the side-by-side view. */
export interface ComparedFingerView {
  readonly position: number;
  readonly probe?: { readonly template: TemplateView; readonly image?: Uint8Array; readonly imageFormat?: string };
  readonly candidate?: { readonly template: TemplateView; readonly image?: Uint8Array; readonly imageFormat?: string };
  /** 1:1 score of the two (null when one side is missing). */
  readonly score: number | null;
  /** Paired minutiae (indices into each template's minutiae), when the matcher reports them. */
  readonly pairs?: readonly { readonly probe: number; readonly candidate: number }[];
  /**
   * The probe's minutiae that lie on the candidate's in place, without any alignment (images of
   * one size; 0 otherwise): a finger placed again lands there for at most a few.
   */
  readonly inPlace?: number;
  /**
   * `inPlace` reaches `latentMinRepeats`: the hit may come from the candidate's residue on the
   * platen, or from one image submitted twice, rather than from the same finger.
   */
  readonly residueSuspected?: boolean;
}

/** `GET /v1/examinations/:id`: the queue item with both subjects' prints. */
export interface ExaminationDetail extends ExaminationView {
  readonly fingers: readonly ComparedFingerView[];
  /** How altered the probe's fingers looked at intake (when checked). */
  readonly alteration?: readonly AlterationView[];
}

export interface ExaminationDecisionInput {
  readonly decision: 'confirmed' | 'rejected';
  readonly examinerId: string;
  readonly comment?: string;
}

/** `POST /v1/police/identifications`. */
export interface PoliceIdentificationInput {
  readonly purpose: string;
  readonly caseNumber: string;
  readonly fingers: readonly FingerInput[];
  readonly missingFingers?: readonly MissingFingerInput[];
  /** Law-enforcement category digit (4 national police, 5 Europol); default 4. */
  readonly category?: number;
}

export interface PoliceHitView extends HitView {
  readonly status: { readonly markedAt?: string; readonly blockedAt?: string };
}

export interface PoliceIdentificationResult {
  readonly outcome: 'hit' | 'no-hit';
  readonly route: string;
  /** Automatic comparison results: candidates, not examiner-confirmed (`confirmed: false`). */
  readonly hits: readonly PoliceHitView[];
}

/** `POST /v1/verifications`. */
export interface VerificationInput {
  readonly referenceNumber: string;
  readonly fingers: readonly FingerInput[];
  /** Why (audit); defaults to the role's usual purpose. */
  readonly purpose?: string;
}

export interface VerificationResult {
  readonly referenceNumber: string;
  readonly match: boolean;
  /** Fused score over the compared positions. */
  readonly score: number;
  readonly threshold: number;
  readonly fingerScores: readonly FingerScore[];
}

/** `POST /v1/records/import`: a record another member state transmitted. */
export interface ImportRecordInput {
  readonly referenceNumber: string;
  readonly memberState: string;
  readonly category: number;
  /** When the prints were taken (ISO or epoch ms). */
  readonly capturedAt: string | number;
  readonly sentAt?: string | number;
  readonly markedAt?: string | number;
  readonly blockedAt?: string | number;
  readonly sex?: string;
  /** Who took the prints (as in a capture). */
  readonly operatorId?: string;
  readonly place?: string;
  readonly fingers: readonly FingerInput[];
  readonly missingFingers?: readonly MissingFingerInput[];
}

export interface ImportResult {
  readonly imported: readonly { readonly referenceNumber: string; readonly subjectId: string; readonly replaced: boolean }[];
}

export interface MarkInput {
  readonly referenceNumber: string;
  readonly reason: MarkReason;
}

export interface EraseInput {
  readonly referenceNumber: string;
  readonly reason: AdvanceErasureReason;
}

export interface RecordStatusView {
  readonly referenceNumber: string;
  readonly memberState: string;
  readonly category: number;
  readonly capturedAt: string;
  readonly retentionUntil?: string;
  readonly markedAt?: string;
  readonly blockedAt?: string;
  readonly erasedAt?: string;
}

export interface SweepResult {
  readonly scanned: number;
  /** Reference numbers erased because their retention ran out. */
  readonly erased: readonly string[];
  /** Reference numbers of marked records now blocked for law enforcement. */
  readonly blocked: readonly string[];
}
