import { randomUUID } from 'node:crypto';
import { DomainError } from '../core/index.js';
import { EURODAC_LINK_PARAMETERS, EURODAC_PARAMETERS, TRANSACTION_PARAMETERS } from '../config/parameters.js';
import {
  MEMBER_STATES, buildSearchFilter, flattenSearchFilter, isBlocked, parseIsoDate, recordMatchesFilter, referenceFromSequence, restrictToMemberState, retentionExpiry, validateMemberState, type CategoryRule, type ConfirmedHit, type SearchFilter,
} from '../eurodac/index.js';
import type { StoredFinger, SubjectRecord } from '../index/ports.js';
import type { ExaminationRecord, JsonObject, ResidueFinger, TransactionRecord } from './ports.js';
import type { GalleryMeta, ProbeFinger, TransactionServiceDependencies, TransactionSettings } from './dependencies.js';
import { runIdempotent } from './run-idempotent.js';
import { prepareFingers, type PreparedCapture } from './prepare-fingers.js';
import type { LatentFinger } from './find-latent-repeats.js';
import type { Template } from '../templates/index.js';
import { candidateFromJson, iso, toEurodacRecord } from './record-views.js';
import type {
  Actor, CandidateView, CaptureAccepted, ExaminationView, FingerInput, HitView, MissingFingerInput, ResultView, AlterationView, RecaptureAdvice, SequenceView, SlapView, TransactionView,
} from './types.js';

/** Kind of the transactions a desk capture creates. */
export const KIND_CAPTURE = 'capture';

/** Kind of the transactions `afis central` keeps for what member states send it. */
export const KIND_CENTRAL = 'central';

/** Whether a capture was sent to the central system (and so waits for its reply). */
export function isTransmitted(tx: TransactionRecord): boolean {
  const e = tx.request.eurodac;
  return typeof e === 'object' && e !== null && !Array.isArray(e) && e.transmitted === true;
}

/**
 * What every use case of the workflow shares: the injected dependencies, the settings, the
 * clock and id source, the set of background steps in flight, and the small helpers several use
 * cases need (audit entries, idempotent runs, finger preparation, the gallery search under the
 * Eurodac rules, record and view building). Built once by {@link TransactionService}; the use
 * cases are functions over it, one module each.
 */
export class WorkflowContext {
  readonly d: TransactionServiceDependencies;
  readonly settings: TransactionSettings;
  readonly now: () => number;
  readonly newId: () => string;
  readonly inflight = new Set<Promise<void>>();
  private referenceCounter = 0;
  /**
   * Per desk (the actor's id): the last two fingers of its last accepted capture, minutiae
   * only, for `latentPreviousCaptureMs`: the next applicant's first fingers are checked for their
   * residue. Used when the store has no shared residue (`stores.residue`); kept in this process only.
   */
  private readonly lastFingers = new Map<string, { readonly fingers: readonly ResidueFinger[]; readonly at: number }>();

  constructor(deps: TransactionServiceDependencies) {
    validateMemberState(deps.memberState);
    this.d = deps;
    this.settings = {
      minFingerQuality: TRANSACTION_PARAMETERS.minFingerQuality,
      maxCandidates: TRANSACTION_PARAMETERS.maxCandidates,
      verificationThreshold: TRANSACTION_PARAMETERS.verificationThreshold,
      publishOutcomes: TRANSACTION_PARAMETERS.publishOutcomes,
      compareOwnDataByDefault: EURODAC_PARAMETERS.compareOwnDataByDefault,
      idempotencyLeaseMs: TRANSACTION_PARAMETERS.idempotencyLeaseMs,
      sequenceMatchFmr: TRANSACTION_PARAMETERS.sequenceMatchFmr,
      alteredFingersToRoute: TRANSACTION_PARAMETERS.alteredFingersToRoute,
      transmitDeadlineMs: EURODAC_LINK_PARAMETERS.transmitDeadlineMs,
      replyDeadlineMs: EURODAC_LINK_PARAMETERS.replyDeadlineMs,
      resendWindowMs: EURODAC_LINK_PARAMETERS.resendWindowMs,
      retryBaseMs: EURODAC_LINK_PARAMETERS.retryBaseMs,
      retryMaxMs: EURODAC_LINK_PARAMETERS.retryMaxMs,
      replyPollMs: EURODAC_LINK_PARAMETERS.replyPollMs,
      centralMinFingerQuality: EURODAC_LINK_PARAMETERS.centralMinFingerQuality,
      adviseRecaptureBelowQuality: TRANSACTION_PARAMETERS.adviseRecaptureBelowQuality,
      minSlapConfidence: TRANSACTION_PARAMETERS.minSlapConfidence,
      latentPreviousCaptureMs: TRANSACTION_PARAMETERS.latentPreviousCaptureMs,
      ...deps.settings,
    };
    this.now = deps.clock ?? Date.now;
    this.newId = deps.newId ?? randomUUID;
  }

  requester(tx: TransactionRecord): Actor {
    const actor = tx.request.actor as JsonObject | undefined;
    return { id: String(actor?.id ?? 'system'), role: String(actor?.role ?? 'system') };
  }

  positionsOf(fingers: readonly FingerInput[] | undefined): number[] {
    if (!Array.isArray(fingers)) throw new DomainError('AFIS_VALIDATION', 'fingers must be a list');
    return fingers.map((f) => f.position);
  }

  missingOf(missing: readonly MissingFingerInput[] | undefined): { position: number; reason: string }[] {
    if (missing === undefined) return [];
    if (!Array.isArray(missing)) throw new DomainError('AFIS_VALIDATION', 'missingFingers must be a list');
    return missing.map((m) => ({ position: m.position, reason: m.reason }));
  }

  /**
   * A capture decoded, checked and extracted (prepareFingers). `atDesk`: a desk's capture, whose
   * answer advises what to capture again; only there is the platen read for residue under every
   * image (the advice's only use of it).
   */
  prepare(fingers: readonly FingerInput[], minQuality: number | null, declaredMissing: readonly number[] = [], previousFingers?: readonly LatentFinger[], atDesk = false): Promise<PreparedCapture> {
    const threshold = this.d.matcher.scoreAtFmr?.(this.settings.sequenceMatchFmr);
    return prepareFingers(fingers, {
      ...(previousFingers === undefined ? {} : { previousFingers }),
      decodeImage: this.d.decodeImage,
      extractTemplate: this.d.extractTemplate,
      ...(this.d.assessQuality === undefined ? {} : { assessQuality: this.d.assessQuality }),
      ...(this.d.segmentSlap === undefined ? {} : { segmentSlap: this.d.segmentSlap }),
      ...(this.d.detectAlteration === undefined ? {} : { detectAlteration: this.d.detectAlteration }),
      ...(this.d.detectSlidFinger === undefined ? {} : { detectSlidFinger: this.d.detectSlidFinger }),
      ...(this.d.flattenPlaten === undefined ? {} : { flattenPlaten: this.d.flattenPlaten }),
      ...(this.d.readPlatenResidue === undefined || !atDesk ? {} : { readPlatenResidue: this.d.readPlatenResidue }),
      ...(threshold === undefined ? {} : {
        sequence: {
          compare: (a: Template, b: Template) => this.d.matcher.compare(a, b),
          ...(this.d.matcher.compareGrid ? { compareGrid: (p: readonly Template[], c: readonly Template[]) => this.d.matcher.compareGrid!(p, c) } : {}),
          threshold,
        },
      }),
      declaredMissing,
      minQuality,
      advice: { adviseBelowQuality: this.settings.adviseRecaptureBelowQuality, minSlapConfidence: this.settings.minSlapConfidence },
    });
  }

  /**
   * The desk's last fingers of its previous capture, in capture order, while recent enough
   * to have left residue: from the store's shared residue when it has one, else this process's.
   */
  async previousFingersOf(deskId: string): Promise<readonly LatentFinger[] | undefined> {
    const shared = this.d.stores.residue;
    if (shared !== undefined) {
      // advice and a template clean-up only: a store that cannot answer skips the check, the
      // capture goes on (and meets the store's outage itself where it must write)
      const fingers = await shared.get(deskId).catch((e: unknown) => {
        this.d.onBackgroundError?.(e, `residue:${deskId}`);
        return undefined;
      });
      return fingers === undefined || fingers.length === 0 ? undefined : fingers.map(fromResidue);
    }
    const last = this.lastFingers.get(deskId);
    if (last === undefined) return undefined;
    if (this.now() - last.at > this.settings.latentPreviousCaptureMs) {
      this.lastFingers.delete(deskId);
      return undefined;
    }
    return last.fingers.map(fromResidue);
  }

  /**
   * Keeps a desk's last fingers (places and directions of their minutiae only, and the record each
   * was captured for: `source`, for the fingers of this capture) for `latentPreviousCaptureMs`, in
   * the store's shared residue or this process's memory; forgets every expired one.
   */
  async rememberLastFingers(deskId: string, fingers: readonly LatentFinger[] | undefined, source: string): Promise<void> {
    const kept = this.settings.latentPreviousCaptureMs > 0 ? (fingers ?? []).map((f) => toResidue(f.source === undefined ? { ...f, source } : f)) : [];
    const shared = this.d.stores.residue;
    if (shared !== undefined) {
      await shared.put(deskId, kept, this.settings.latentPreviousCaptureMs);
      return;
    }
    const at = this.now();
    for (const [id, v] of this.lastFingers) if (at - v.at > this.settings.latentPreviousCaptureMs) this.lastFingers.delete(id);
    if (kept.length === 0) this.lastFingers.delete(deskId);
    else this.lastFingers.set(deskId, { fingers: kept, at });
  }

  /**
   * Gallery search under the category's comparison rules; every candidate is re-checked against
   * the full rules and the record's status (erased, expired, blocked) from the store.
   */
  async search(
    probe: readonly ProbeFinger[], rule: CategoryRule, compareOwnData: boolean, selfId: string | undefined,
    scope: { readonly memberState?: string; readonly ownOnly?: boolean } = {},
  ): Promise<CandidateView[]> {
    const now = new Date(this.now());
    const memberState = scope.memberState ?? this.d.memberState;
    const full: SearchFilter = buildSearchFilter(this.d.regime, { category: rule.digit, memberState, compareOwnData, now });
    const filter = scope.ownOnly === true ? restrictToMemberState(full, memberState) : full;
    if (filter.clauses.length === 0 || probe.length === 0) return [];
    const flat = flattenSearchFilter(filter, MEMBER_STATES.map((m) => m.code));
    const found = await this.d.gallery.search(probe, flat, { maxCandidates: this.settings.maxCandidates });
    const out: CandidateView[] = [];
    for (const c of found) {
      if (c.subjectId === selfId) continue;
      const subject = await this.d.subjects.get(c.subjectId);
      if (!subject || !recordMatchesFilter(filter, toEurodacRecord(subject), this.d.regime)) continue;
      out.push({
        subjectId: subject.id, referenceNumber: subject.referenceNumber, memberState: subject.memberState, category: subject.category,
        score: c.score, fingerScores: (c.fingerScores ?? []).map((f) => ({ position: f.position, score: f.score })),
        marked: subject.markedAt !== undefined && subject.markedAt <= now.getTime(), capturedAt: iso(subject.capturedAt),
        ...(c.fpir === undefined ? {} : { fpir: c.fpir }),
        ...(c.fingersCompared === undefined ? {} : { fingersCompared: c.fingersCompared }),
        ...(c.gallerySize === undefined ? {} : { gallerySize: c.gallerySize }),
        ...(c.targetFpir === undefined ? {} : { targetFpir: c.targetFpir }),
      });
    }
    return out;
  }

  confirmedHit(c: CandidateView): ConfirmedHit {
    return { referenceNumber: c.referenceNumber, memberState: c.memberState, category: c.category, marked: c.marked, takenAt: c.capturedAt, score: c.score };
  }

  hitView(c: CandidateView, confirmed: boolean): HitView {
    return {
      referenceNumber: c.referenceNumber, memberState: c.memberState, category: c.category, score: c.score, confirmed,
      marked: c.marked, capturedAt: c.capturedAt, fingerScores: c.fingerScores,
    };
  }

  subjectRecord(
    base: Omit<SubjectRecord, 'fingers' | 'retentionUntil'>,
    prepared: PreparedCapture,
  ): SubjectRecord {
    const fingers: StoredFinger[] = prepared.fingers.map((f) => ({
      position: f.position, impression: f.impression, quality: Math.max(0, Math.min(100, Math.round(f.quality))),
      template: this.d.templates.encode(f.template),
      ...(f.image.length > 0 ? { image: f.image } : {}),
      ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
    }));
    const draft: SubjectRecord = { ...base, fingers };
    const expiry = retentionExpiry(toEurodacRecord(draft), this.d.regime);
    return expiry === null ? draft : { ...draft, retentionUntil: expiry.getTime() };
  }

  galleryMeta(s: SubjectRecord): GalleryMeta {
    const now = new Date(this.now());
    return {
      category: s.category, memberState: s.memberState,
      blocked: isBlocked(toEurodacRecord(s), now, this.d.regime),
      marked: s.markedAt !== undefined && s.markedAt <= now.getTime(),
    };
  }

  async requireRecord(referenceNumber: string, images: boolean): Promise<SubjectRecord> {
    const s = typeof referenceNumber === 'string' ? await this.d.subjects.getByReference(referenceNumber, { images }) : undefined;
    if (!s) throw new DomainError('AFIS_RECORD_NOT_FOUND', `no record with reference number ${JSON.stringify(String(referenceNumber).slice(0, 64))}`);
    return s;
  }

  /**
   * Removes a record from store and gallery, and any desk's residue of its fingers (kept for the
   * desk's next capture: in this process's memory, and in the store's shared residue, where every
   * process's is). The residue goes first: a store that fails there fails the erasure before
   * anything is removed, so a retry finds the record and the erasure is audited once it is done.
   */
  async removeSubject(subject: { readonly id: string; readonly referenceNumber: string }): Promise<void> {
    for (const [desk, v] of this.lastFingers) if (v.fingers.some((f) => f.source === subject.referenceNumber)) this.lastFingers.delete(desk);
    await this.d.stores.residue?.forget(subject.referenceNumber);
    await this.d.subjects.remove(subject.id);
    await this.d.gallery.remove(subject.id);
  }

  async allocateReference(category: number): Promise<string> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const sequence = this.d.nextReferenceSequence
        ? await this.d.nextReferenceSequence(this.d.memberState, category)
        // Without a durable counter: milliseconds × 1000 + a per-process counter (unique in one
        // process; the store check below catches a collision between processes).
        : BigInt(this.now()) * 1000n + BigInt(this.referenceCounter++ % 1000);
      const ref = referenceFromSequence(this.d.memberState, category, sequence);
      if (!(await this.d.subjects.getByReference(ref))) return ref;
    }
    throw new DomainError('AFIS_CONFLICT', 'could not allocate a free reference number');
  }

  purposeOf(rule: CategoryRule): string {
    return `eurodac category ${rule.digit} (${rule.key}, ${rule.article})`;
  }

  toMs(value: string | number, field: string): number {
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || value < 0) throw new DomainError('AFIS_VALIDATION', `${field} is not a valid time`);
      return value;
    }
    return parseIsoDate(value, field).getTime();
  }

  async audit(actor: Actor, purpose: string, action: string, target: string | undefined, outcome: string, details?: JsonObject): Promise<void> {
    await this.d.stores.audit.append({
      actor: actor.id, role: actor.role, purpose, action, outcome, at: this.now(),
      ...(target === undefined ? {} : { target }),
      ...(details === undefined ? {} : { details }),
    });
  }

  idempotent<T>(
    key: string | undefined, operation: string, request: unknown, actor: Actor,
    run: (reservedId: string) => Promise<T>, recover?: (reservedId: string) => Promise<T | undefined>,
  ): Promise<T> {
    return runIdempotent({
      store: this.d.stores.idempotency, key, operation, actor, request, now: this.now, newId: this.newId,
      leaseMs: this.settings.idempotencyLeaseMs, run, ...(recover === undefined ? {} : { recover }),
      ...(this.d.claimOwner === undefined ? {} : { owner: this.d.claimOwner }),
    });
  }

  acceptedOf(tx: TransactionRecord): CaptureAccepted {
    const quality = Array.isArray(tx.request.quality) ? (tx.request.quality as JsonObject[]) : [];
    return {
      transactionId: tx.id,
      referenceNumber: tx.referenceNumber ?? String(tx.request.referenceNumber),
      status: 'received',
      quality: quality.map((q) => ({ position: Number(q.position), score: Number(q.score), accepted: q.accepted === true })),
      ...(Array.isArray(tx.request.slaps) ? { slaps: tx.request.slaps as unknown as SlapView[] } : {}),
      ...(tx.request.sequence && typeof tx.request.sequence === 'object' ? { sequence: tx.request.sequence as unknown as SequenceView } : {}),
      ...(Array.isArray(tx.request.alteration) ? { alteration: tx.request.alteration as unknown as AlterationView[] } : {}),
      recapture: Array.isArray(tx.request.recapture) ? (tx.request.recapture as unknown as RecaptureAdvice[]) : [],
    };
  }

  toView(tx: TransactionRecord): TransactionView {
    return {
      transactionId: tx.id, kind: tx.kind, status: tx.status,
      ...(tx.referenceNumber === undefined ? {} : { referenceNumber: tx.referenceNumber }),
      category: Number(tx.request.category), memberState: String(tx.request.memberState),
      createdAt: iso(tx.createdAt), updatedAt: iso(tx.updatedAt),
      ...(tx.result === undefined ? {} : { result: tx.result as unknown as ResultView }),
      ...(Array.isArray(tx.request.alteration) ? { alteration: tx.request.alteration as unknown as AlterationView[] } : {}),
    };
  }

  toExaminationView(e: ExaminationRecord): ExaminationView {
    return {
      examinationId: e.id, transactionId: e.transactionId, status: e.status, createdAt: iso(e.createdAt),
      candidate: candidateFromJson(e.candidate),
      ...(e.decision === undefined ? {} : {
        decision: {
          decision: e.decision.decision, examinerId: e.decision.examinerId, decidedAt: iso(e.decision.decidedAt),
          ...(e.decision.comment === undefined ? {} : { comment: e.decision.comment }),
        },
      }),
    };
  }
}

/** A finger as the residue keeps it: the minutiae's places and directions only. */
function toResidue({ position, template: t, source }: LatentFinger): ResidueFinger {
  return { position, width: t.width, height: t.height, ppi: t.ppi, minutiae: t.minutiae.map((m) => [m.x, m.y, m.angle] as const), ...(source === undefined ? {} : { source }) };
}

/** A kept finger as a template the latent check reads (type and quality are not kept). */
function fromResidue(f: ResidueFinger): LatentFinger {
  return {
    position: f.position,
    template: { width: f.width, height: f.height, ppi: f.ppi, quality: 0, minutiae: f.minutiae.map(([x, y, angle]) => ({ x, y, angle, type: 'ending' as const, quality: 0 })) },
    ...(f.source === undefined ? {} : { source: f.source }),
  };
}
