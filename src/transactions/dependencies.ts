import type { GrayImage } from '../core/index.js';
import type { Template } from '../templates/index.js';
import type { Regime, RoutingPolicy } from '../eurodac/index.js';
import type { SubjectStore } from '../index/ports.js';
import type { ClaimOwner, TransactionStores } from './ports.js';
import type { AlterationRegionView } from './types.js';

/**
 * The small interfaces the workflow needs, declared here so `transactions` never imports the
 * concrete modules; `app.ts`/`main.ts` (and tests) pass the real functions.
 */

/** Decoding options of one capture (the contract's finger fields). */
export interface DecodeOptions {
  readonly format?: string;
  readonly ppi?: number;
  readonly width?: number;
  readonly height?: number;
}

/** Any capture bytes → 8-bit grey at 500 ppi (`decodeCapture` of src/capture). Throws CaptureError/FormatError. */
export type DecodeImage = (bytes: Uint8Array, options: DecodeOptions) => Promise<GrayImage>;

/**
 * GrayImage at 500 ppi → minutiae template (`extractTemplate` of src/extraction). `smear`: what the
 * desk's slid read measured of this very image ({@link SlidFinding}'s `smear`), handed back so the
 * extraction does not measure it again; the template is the same with or without it.
 */
export type ExtractTemplate = (image: GrayImage, smear?: unknown) => Template | Promise<Template>;

/**
 * Per-finger quality 0–100 (100 best) of a decoded capture (src/quality). When absent, the
 * template's own quality (set by the extractor) is used, after extraction.
 */
export type AssessQuality = (image: GrayImage) => number | Promise<number>;

/** One fingertip cut from a slap: position 1–10, box in slap pixels, angle (radians from up, clockwise), 500 ppi image. */
export interface SlapFingerCut {
  readonly position: number;
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly angle: number;
  readonly image: GrayImage;
  readonly confidence: number;
}

/** A segmented slap: its fingertips, the positions not found, and the confidence 0–1. */
export interface SlapCut {
  readonly fingers: readonly SlapFingerCut[];
  readonly missing: readonly number[];
  readonly confidence: number;
}

/**
 * Slap (ANSI/NIST position 13 right four, 14 left four, 15 both thumbs) → fingertips
 * (`segmentSlap` of src/segmentation). Throws AFIS_SEGMENTATION_FAILED when it cannot.
 */
export type SegmentSlap = (image: GrayImage, slapPosition: number, declaredMissing: readonly number[]) => SlapCut | Promise<SlapCut>;

/** How altered one print looks (src/quality `detectAlteration`): score 0–100, flagged from its level on, and why. */
export interface AlterationFinding {
  readonly score: number;
  readonly altered: boolean;
  readonly signs: readonly string[];
  /** Where each sign was read (see {@link AlterationRegionView}); absent: not told. */
  readonly regions?: readonly AlterationRegionView[];
}

/** Finger image at 500 ppi (and its template, for minutia density) → how altered it looks. */
export type DetectAlteration = (image: GrayImage, template: Template) => AlterationFinding | Promise<AlterationFinding>;

/** Whether a finger slid while captured (src/quality `detectSlidFinger`): flagged, and the smear's length (px) and direction (degrees). */
export interface SlidFinding {
  readonly slid: boolean;
  readonly length: number;
  readonly direction: number;
  /** The smear estimate the read made (src/extraction `SmearEstimate`; opaque here), for {@link ExtractTemplate}. */
  readonly smear?: unknown;
}
/** Decoded finger image at 500 ppi → whether it slid on the platen. */
export type DetectSlidFinger = (image: GrayImage) => SlidFinding | Promise<SlidFinding>;

/**
 * A capture's images from one platen → the same images with the platen's latent residue divided
 * out (src/quality `flattenPlaten` with TRANSACTION_PARAMETERS' `latentFlattenRadius`): read only
 * for a capture whose residue the desk has found. An image given back unchanged is the same object.
 */
export type FlattenPlaten = (images: readonly GrayImage[]) => readonly GrayImage[] | Promise<readonly GrayImage[]>;

/**
 * A capture's images from one platen → the share of it where every image dips alike: the
 * platen's residue under all of them (src/quality `platenResidueShare`), a reason to wipe it.
 */
export type ReadPlatenResidue = (images: readonly GrayImage[]) => number | Promise<number>;

/** One probe finger: ANSI/NIST position 1–10 and its template. */
export interface ProbeFinger {
  readonly position: number;
  readonly template: Template;
}

/**
 * The gallery's filter, one clause (src/index's metadata filter): these categories, these member
 * states (undefined = any), and whether subjects flagged blocked are skipped. The workflow
 * re-checks every candidate against the full Eurodac rules, so a superset is safe.
 */
export interface GalleryFilter {
  readonly categories: readonly number[];
  readonly memberStates: readonly string[] | undefined;
  readonly excludeBlocked: boolean;
}

/** Metadata the gallery keeps per subject for filtering. */
export interface GalleryMeta {
  readonly category: number;
  readonly memberState: string;
  readonly blocked: boolean;
  readonly marked: boolean;
}

/** A 1:N candidate: the subject and its fused score (higher = more similar; scale documented by src/matching). */
export interface GalleryCandidate {
  readonly subjectId: string;
  readonly score: number;
  readonly fingerScores?: readonly { readonly position: number; readonly score: number }[];
  /** What the score means: the chance an unrelated person of a gallery this size scores as high (src/index fusion model). */
  readonly fpir?: number;
  /** Fingers compared on both sides (the fusion's k). */
  readonly fingersCompared?: number;
  /** Subjects in the gallery the FPIR refers to. */
  readonly gallerySize?: number;
  /** The FPIR a candidate needs to be a hit. */
  readonly targetFpir?: number;
}

/**
 * The 1:N gallery (src/index). `search` returns the candidates that reach the gallery's
 * decision threshold, best first, at most `maxCandidates`. `put` adds or replaces a subject's
 * fingers and metadata, `setMeta` its metadata, `remove` drops it (each after the store has the change).
 */
export interface GalleryPort {
  search(probe: readonly ProbeFinger[], filter: GalleryFilter, options: { readonly maxCandidates: number }): Promise<readonly GalleryCandidate[]>;
  put(subjectId: string, fingers: readonly ProbeFinger[], meta: GalleryMeta): Promise<void> | void;
  /** Changes a subject's metadata only (marking, blocking); false when the subject is not in the gallery. */
  setMeta(subjectId: string, meta: GalleryMeta): Promise<boolean> | boolean;
  remove(subjectId: string): Promise<void> | void;
}

/** Minutia pairing of a 1:1 comparison, for the examiner's side-by-side view (indices into each template's minutiae). */
export interface PairedComparison {
  readonly score: number;
  readonly pairs: readonly { readonly probe: number; readonly candidate: number }[];
}

/**
 * 1:1 comparison (src/matching). `fuse` combines per-finger scores (null = finger not compared)
 * into one; `verificationThreshold(k)` is the fused score a 1:1 verification over k compared
 * fingers needs (set in FMR terms by the wiring; settings.verificationThreshold when absent).
 */
export interface Matcher {
  compare(probe: Template, candidate: Template): number;
  /** Every probe against every candidate (`[probe][candidate]`, each as `compare` scores it), e.g. off the event loop; the sequence check uses it when given. */
  compareGrid?(probes: readonly Template[], candidates: readonly Template[]): number[][] | Promise<number[][]>;
  compareDetailed?(probe: Template, candidate: Template): PairedComparison;
  /** `minutiae`: per compared finger the smaller of its two templates' minutiae counts (the FMR claim's floor may cap such a finger's evidence). */
  fuse(perFinger: readonly (number | null)[], minutiae?: readonly (number | null)[]): number;
  verificationThreshold?(fingersCompared: number): number;
  /** The 1:1 score an impostor comparison reaches with probability `fmr` (the calibration); enables the sequence check. */
  scoreAtFmr?(fmr: number): number;
}

/** The SearchResult message of proto/afis.proto as plain data (camelCase fields). */
export interface SearchResultMessage {
  readonly transactionId: string;
  readonly referenceNumber: string;
  readonly memberState: string;
  readonly category: number;
  readonly outcome: 'HIT' | 'NO_HIT';
  readonly hits: readonly {
    readonly referenceNumber: string;
    readonly memberState: string;
    readonly category: number;
    readonly score: number;
    readonly confirmed: boolean;
    readonly fingerScores: readonly { readonly position: number; readonly score: number }[];
    readonly capturedAtMs: number;
    readonly marked: boolean;
  }[];
  readonly route: string;
  readonly dublin?: { readonly requestType: number; readonly requestReference: string; readonly otherReference: string };
  readonly decidedAtMs: number;
  /** Positions of the probe's fingers that look altered (a no-hit on them is not a plain no-hit). */
  readonly alteredPositions?: readonly number[];
}

/** Encodes a result for the stream (protobuf `afis.v1.SearchResult` via src/messages). */
export type EncodeResult = (result: SearchResultMessage) => Uint8Array;

/** Template ↔ compact bytes (src/templates `encodeTemplate`/`decodeTemplate`). */
export interface TemplateCodec {
  encode(t: Template): Uint8Array;
  decode(bytes: Uint8Array): Template;
}

/** Tuned settings of the workflow (defaults in src/config/parameters/eurodac.ts, TRANSACTION_PARAMETERS). */
export interface TransactionSettings {
  /** Finger quality below this (0–100) is refused at intake and must be recaptured. */
  readonly minFingerQuality: number;
  /** Most candidates asked from the gallery per search. */
  readonly maxCandidates: number;
  /** Fused 1:1 score from which a verification reports `match: true` (set in FMR terms by the wiring). */
  readonly verificationThreshold: number;
  /** Outcomes published to the results stream (the Dublin unit needs confirmed hits). */
  readonly publishOutcomes: readonly ('hit' | 'no-hit')[];
  /** Whether category searches also compare against our own earlier records. */
  readonly compareOwnDataByDefault: boolean;
  /** How long an idempotency claim holds without renewal (ms); the working process renews it every third. */
  readonly idempotencyLeaseMs: number;
  /** False match rate per rolled/plain comparison at which the sequence check calls two prints the same finger. */
  readonly sequenceMatchFmr: number;
  /** Flagged fingers from which a no-hit is routed as altered prints (all flagged fingers are reported anyway). */
  readonly alteredFingersToRoute: number;
  /** The Eurodac link's deadlines and retry delays (EURODAC_LINK_PARAMETERS). */
  readonly transmitDeadlineMs: number;
  readonly replyDeadlineMs: number;
  readonly resendWindowMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly replyPollMs: number;
  /** Central side: quality below which a transaction is refused. */
  readonly centralMinFingerQuality: number;
  /** Accepted fingers below this quality (0–100) are advised for recapture (they match poorly). */
  readonly adviseRecaptureBelowQuality: number;
  /** Slaps segmented with less confidence (0–1) than this are advised for recapture. */
  readonly minSlapConfidence: number;
  /** How long (ms) a desk's last rolled finger is kept to check its next capture for the residue; 0: not kept. */
  readonly latentPreviousCaptureMs: number;
}

/** One hit of the central system's reply: the other record's Eurodac data and its prints. */
export interface CentralHit {
  readonly referenceNumber: string;
  readonly memberState: string;
  readonly category: number;
  /** When the record's prints were taken (ISO). */
  readonly capturedAt: string;
  readonly sentAt?: string;
  readonly markedAt?: string;
  readonly marked: boolean;
  readonly score: number;
  readonly fingerScores: readonly { readonly position: number; readonly score: number }[];
  /** The record's prints for the national examiner: template bytes and image (base64). */
  readonly fingers: readonly { readonly position: number; readonly template: string; readonly image?: string; readonly imageFormat?: string }[];
}

/** Why the central system refused a transaction (the desk re-sends it under the same reference). */
export interface CentralRejection {
  /** `quality`, `sequence` or `format`. */
  readonly reason: 'quality' | 'sequence' | 'format';
  /** The stable error code behind it (AFIS_QUALITY_INSUFFICIENT…). */
  readonly code: string;
  readonly message: string;
  /** Fingers to recapture, when the refusal names them. */
  readonly positions?: readonly number[];
}

/** The central system's answer to one transaction. */
export interface CentralReply {
  readonly transactionId: string;
  readonly referenceNumber: string;
  readonly memberState: string;
  readonly outcome: 'hit' | 'no-hit' | 'rejected';
  readonly hits: readonly CentralHit[];
  readonly rejection?: CentralRejection;
  /** When the central system answered (ISO). */
  readonly repliedAt: string;
}

/** What the central system said to a transmission. */
export type TransmitOutcome =
  | { readonly outcome: 'accepted' | 'duplicate' }
  /** It refused the message itself (format): final, the transaction goes back to the desk. */
  | { readonly outcome: 'refused'; readonly code: string; readonly message: string };

/** What the central system says about a transaction it was sent. */
export type ReplyPoll =
  | { readonly state: 'pending' }
  /** It has no such transaction (lost, or never received): send it again. */
  | { readonly state: 'unknown' }
  | { readonly state: 'answered'; readonly reply: CentralReply };

/**
 * The national access point to the central system (a real deployment's, or `afis central`).
 * Both calls throw on a network failure or a server error; the outbox retries.
 */
export interface CentralLink {
  /** Sends one transaction; resolves once the central system has stored it. */
  transmit(message: { readonly id: string; readonly contentType: string; readonly payload: Uint8Array }): Promise<TransmitOutcome>;
  /** Asks for the reply to transaction `id`. */
  fetchReply(id: string): Promise<ReplyPoll>;
}

/** Everything the {@link TransactionService} is built from. */
export interface TransactionServiceDependencies {
  readonly stores: TransactionStores;
  readonly subjects: SubjectStore;
  readonly gallery: GalleryPort;
  readonly decodeImage: DecodeImage;
  readonly extractTemplate: ExtractTemplate;
  readonly assessQuality?: AssessQuality;
  /** Cuts slaps into plain fingers for the sequence check; without it slaps are only decoded. */
  readonly segmentSlap?: SegmentSlap;
  /** Scores each captured finger for signs of alteration; without it nothing is flagged. */
  readonly detectAlteration?: DetectAlteration;
  /** Reads each captured finger for a slide on the platen (a smear); without it none is advised. */
  readonly detectSlidFinger?: DetectSlidFinger;
  /** Divides a flagged capture's latent residue out of its images before they are extracted again; without it none is. */
  readonly flattenPlaten?: FlattenPlaten;
  /** Reads how much of a capture's platen shows residue under every image; without it only repeated minutiae advise a wipe. */
  readonly readPlatenResidue?: ReadPlatenResidue;
  readonly matcher: Matcher;
  readonly templates: TemplateCodec;
  readonly encodeResult: EncodeResult;
  readonly regime: Regime;
  readonly policy: RoutingPolicy;
  /** Our member state (ISO alpha-2), e.g. `BE`. */
  readonly memberState: string;
  /** Milliseconds since the epoch. */
  readonly clock?: () => number;
  /** Unique ids for transactions, subjects and examinations. */
  readonly newId?: () => string;
  /** Who owns this service's idempotency claims; default this process (PROCESS_CLAIM_OWNER). */
  readonly claimOwner?: ClaimOwner;
  /**
   * Next number of the national sequence for reference numbers (a durable counter). When absent,
   * a time-based sequence is used and checked against the store for collisions.
   */
  readonly nextReferenceSequence?: (memberState: string, category: number) => Promise<number | bigint>;
  readonly settings?: Partial<TransactionSettings>;
  /**
   * The central Eurodac system. With it, every desk capture is also sent there through the
   * outbox (stores.outbox), the national search compares with our own records only, and a
   * transaction is decided once the central reply is in. Without it, afis works alone.
   */
  readonly central?: CentralLink;
  /** Told when a Eurodac deadline passes (transmission or reply); the transaction shows it too. */
  readonly onEurodacAlert?: (alert: { readonly kind: 'transmission-overdue' | 'reply-overdue'; readonly transactionId: string; readonly referenceNumber: string }) => void;
  /** Called with errors of background processing (the transaction stays unfinished and is resumed later). */
  readonly onBackgroundError?: (error: unknown, transactionId: string) => void;
}
