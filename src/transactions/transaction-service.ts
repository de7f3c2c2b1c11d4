import { randomUUID } from 'node:crypto';
import { AfisError, DomainError } from '../core/index.js';
import { EURODAC_PARAMETERS, TRANSACTION_PARAMETERS } from '../config/parameters.js';
import {
  MEMBER_STATES, buildSearchFilter, checkCaptureTime, checkMinimumAge, decideRoute, eraseInAdvance, flattenSearchFilter, getCategory,
  isBlocked, isExpired, lawEnforcementBlockDate, markRecord as markEurodacRecord, parseIsoDate, recordMatchesFilter, referenceFromSequence,
  retentionExpiry, validateFingerCoverage, validateMemberState, validateReferenceNumber,
  type CategoryRule, type ConfirmedHit, type SearchFilter,
} from '../eurodac/index.js';
import type { StoredFinger, SubjectRecord } from '../index/ports.js';
import type {
  ExaminationRecord, JsonObject, JsonValue, PublishedResult, TransactionRecord, TransactionStep,
} from './ports.js';
import type {
  GalleryMeta, ProbeFinger, SearchResultMessage, TransactionServiceDependencies, TransactionSettings,
} from './dependencies.js';
import { decodeProbeBundle, encodeProbeBundle } from './probe-bundle.js';
import { idempotencyStoreKey, runIdempotent } from './run-idempotent.js';
import { prepareFingers, type PreparedCapture } from './prepare-fingers.js';
import { decideSequence } from './check-finger-sequence.js';
import type { Template } from '../templates/index.js';
import {
  candidateFromJson, candidateToJson, iso, toEurodacRecord, toRecordStatusView, toTemplateView,
} from './record-views.js';
import type {
  Actor, CallOptions, CandidateView, CaptureAccepted, CaptureInput, ComparedFingerView, EraseInput, ExaminationDecisionInput,
  ExaminationDetail, ExaminationView, FingerInput, FingerScore, HitView, ImportRecordInput, ImportResult, MarkInput,
  MissingFingerInput, PoliceHitView, PoliceIdentificationInput, PoliceIdentificationResult, RecordStatusView, ResultView,
  SequenceView, SlapView, SweepResult, TransactionView, VerificationInput, VerificationResult,
} from './types.js';

const KIND_CAPTURE = 'capture';
/** Guards the step loop of one transaction against a store that never converges. */
const MAX_STEPS_PER_ADVANCE = 12;

/**
 * The Eurodac transaction workflow: intake → quality → extraction → search with the category's
 * comparison rules → examiner queue → decision → routing → one publication → enrolment.
 * Every step is recorded in the transaction store, so {@link resumeUnfinished} completes what a
 * restart interrupted without publishing twice; idempotency keys return the first answer.
 * Every operation on biometric data appends an audit entry (who, role, purpose, what, outcome).
 *
 * Built only from injected dependencies (see {@link TransactionServiceDependencies}).
 * Thread-safety: one instance serves many concurrent requests; several instances may share one
 * store (transaction updates are compare-and-set, examination decisions are atomic, publication
 * is deduplicated by transaction id).
 */
export class TransactionService {
  private readonly d: TransactionServiceDependencies;
  private readonly settings: TransactionSettings;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly inflight = new Set<Promise<void>>();
  private referenceCounter = 0;

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
      ...deps.settings,
    };
    this.now = deps.clock ?? Date.now;
    this.newId = deps.newId ?? randomUUID;
  }

  // ------------------------------------------------------------------------------------------
  // Desk captures

  /**
   * `POST /v1/transactions`. Validates the request against the regime (category, member state,
   * reference, required fingers, minimum age), decodes and quality-checks every finger (a finger
   * below the threshold refuses the capture at once with AFIS_QUALITY_INSUFFICIENT naming the
   * positions to recapture; nothing is stored), extracts the templates, records the transaction
   * and answers; search and the rest continue in the background (see {@link whenIdle}).
   * Cost: one decode and one extraction per finger, in the caller's time (about a second for ten).
   */
  async submitCapture(input: CaptureInput, actor: Actor, options: CallOptions = {}): Promise<CaptureAccepted> {
    const accepted = await this.idempotent(options.idempotencyKey, 'capture', input, actor, async (id) => {
      const rule = this.intake(input);
      const capturedAt = input.capturedAt === undefined ? this.now() : this.toMs(input.capturedAt, 'capturedAt');
      let referenceNumber: string;
      if (input.referenceNumber !== undefined) {
        referenceNumber = validateReferenceNumber(input.referenceNumber, { memberState: input.memberState, category: rule.digit }, this.d.regime);
        if (await this.d.subjects.getByReference(referenceNumber)) {
          throw new DomainError('AFIS_CONFLICT', `reference number ${referenceNumber} is already enrolled; a re-send keeps the number of a refused capture only`);
        }
      }
      const purpose = this.purposeOf(rule);
      let prepared: PreparedCapture;
      let sequence: SequenceView | undefined;
      try {
        prepared = await this.prepare(input.fingers, this.settings.minFingerQuality, this.missingOf(input.missingFingers).map((m) => m.position));
        if (prepared.sequence) sequence = decideSequence(prepared.sequence, input.sequenceOverride);
      } catch (e) {
        await this.audit(actor, purpose, 'transaction.create', input.referenceNumber, `refused:${e instanceof AfisError ? e.code : 'AFIS_INTERNAL'}`,
          e instanceof AfisError && e.details ? { details: e.details as JsonObject } : undefined);
        throw e;
      }
      referenceNumber ??= await this.allocateReference(rule.digit);
      const at = this.now();
      const request: JsonObject = {
        category: rule.digit,
        memberState: input.memberState,
        referenceNumber,
        capturedAt,
        compareOwnData: input.compareOwnData ?? this.settings.compareOwnDataByDefault,
        missingFingers: (input.missingFingers ?? []).map((m) => ({ position: m.position, reason: m.reason })),
        positions: prepared.fingers.map((f) => f.position),
        actor: { id: actor.id, role: actor.role },
        ...(input.sex === undefined ? {} : { sex: input.sex }),
        ...(input.operatorId === undefined ? {} : { operatorId: input.operatorId }),
        ...(input.place === undefined ? {} : { place: input.place }),
        ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
        quality: prepared.quality.map((q) => ({ position: q.position, score: q.score, accepted: q.accepted })),
        ...(prepared.slaps === undefined || prepared.slaps.length === 0 ? {} : { slaps: prepared.slaps as unknown as JsonValue }),
        ...(sequence === undefined ? {} : { sequence: sequence as unknown as JsonValue }),
        ...(sequence?.overridden === true && input.sequenceOverride ? { sequenceOverride: { reason: input.sequenceOverride.reason } } : {}),
      };
      const probe = encodeProbeBundle(prepared.fingers.map((f) => ({
        position: f.position, impression: f.impression, quality: f.quality, template: this.d.templates.encode(f.template),
        image: f.image, ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
      })));
      await this.d.stores.transactions.create({
        id, kind: KIND_CAPTURE, status: 'received', referenceNumber, request, probe, createdAt: at,
        steps: [{ step: 'received', at }, { step: 'quality-checked', at }, { step: 'extracted', at }],
      });
      await this.audit(actor, purpose, 'transaction.create', id, 'accepted', { referenceNumber, category: rule.digit, fingers: prepared.fingers.length });
      if (sequence?.overridden === true && input.sequenceOverride) {
        await this.audit(actor, purpose, 'transaction.sequence-override', id, 'overridden', {
          reason: input.sequenceOverride.reason, positions: sequence.swapped.map((p) => [...p]),
        });
      }
      const answer: CaptureAccepted = this.acceptedOf({ id, referenceNumber, request } as TransactionRecord);
      return answer;
    }, async (id) => {
      // A take-over after a crash: the first attempt may have recorded the transaction already.
      const tx = await this.d.stores.transactions.get(id);
      return tx && tx.kind === KIND_CAPTURE ? this.acceptedOf(tx) : undefined;
    });
    this.schedule(accepted.transactionId);
    return accepted;
  }

  /**
   * `GET /v1/transactions?since=`: transactions created at or after `since` (epoch ms), newest
   * first, at most `limit`; a desk sees only those its key submitted (the day's list of a desk).
   */
  async listTransactions(actor: Actor, options: { since: number; limit?: number }): Promise<TransactionView[]> {
    const recent = await this.d.stores.transactions.listRecent(options);
    const visible = actor.role === 'desk' ? recent.filter((tx) => this.requester(tx).id === actor.id) : recent;
    await this.audit(actor, 'transaction status', 'transaction.list', undefined, `${visible.length}`, { since: options.since });
    return visible.map((tx) => this.toView(tx));
  }

  /** `GET /v1/transactions/:id`; AFIS_TRANSACTION_NOT_FOUND when unknown. */
  async getTransaction(id: string, actor: Actor): Promise<TransactionView> {
    const tx = await this.d.stores.transactions.get(id);
    if (!tx) throw new DomainError('AFIS_TRANSACTION_NOT_FOUND', `no transaction ${JSON.stringify(id.slice(0, 80))}`);
    await this.audit(actor, 'transaction status', 'transaction.read', id, tx.status);
    return this.toView(tx);
  }

  // ------------------------------------------------------------------------------------------
  // Examiner queue

  /** `GET /v1/examinations?status=pending`: hits waiting for an examiner, oldest first. */
  async listExaminations(actor: Actor, options: { limit?: number } = {}): Promise<ExaminationView[]> {
    const list = await this.d.stores.examinations.listPending(options.limit === undefined ? {} : { limit: options.limit });
    await this.audit(actor, 'hit verification', 'examination.list', undefined, `${list.length}`);
    return list.map((e) => this.toExaminationView(e));
  }

  /**
   * One examination with both subjects' prints side by side: per finger position the probe
   * and candidate templates (and images when asked), the 1:1 score and the paired minutiae.
   */
  async getExamination(id: string, actor: Actor, options: { images?: boolean } = {}): Promise<ExaminationDetail> {
    const exam = await this.d.stores.examinations.get(id);
    if (!exam) throw new DomainError('AFIS_EXAMINATION_NOT_FOUND', `no examination ${JSON.stringify(id.slice(0, 80))}`);
    const view = this.toExaminationView(exam);
    const tx = await this.d.stores.transactions.get(exam.transactionId, { probe: true });
    // Once decided the probe is dropped; an enrolled transaction's prints live on as its subject.
    const enrolled = tx?.probe ? undefined : await this.d.subjects.get(exam.transactionId, { images: options.images === true });
    const probe = tx?.probe
      ? decodeProbeBundle(tx.probe)
      : (enrolled?.fingers ?? []).map((f) => ({
        position: f.position, impression: f.impression, quality: f.quality, template: f.template,
        ...(f.image === undefined ? {} : { image: f.image }), ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
      }));
    const subject = await this.d.subjects.get(view.candidate.subjectId, { images: options.images === true });
    const positions = [...new Set([...probe.map((f) => f.position), ...(subject?.fingers ?? []).map((f) => f.position)])]
      .filter((p) => p >= 1 && p <= 10).sort((a, b) => a - b);
    const fingers: ComparedFingerView[] = positions.map((position) => {
      const p = probe.find((f) => f.position === position);
      const c = subject?.fingers.find((f) => f.position === position);
      const pt = p ? this.d.templates.decode(p.template) : undefined;
      const ct = c ? this.d.templates.decode(c.template) : undefined;
      let score: number | null = null;
      let pairs: ComparedFingerView['pairs'];
      if (pt && ct) {
        if (this.d.matcher.compareDetailed) {
          const detail = this.d.matcher.compareDetailed(pt, ct);
          score = detail.score;
          pairs = detail.pairs;
        } else score = this.d.matcher.compare(pt, ct);
      }
      return {
        position,
        ...(pt && p ? { probe: { template: toTemplateView(pt), ...(options.images && p.image ? { image: p.image } : {}), ...(p.imageFormat ? { imageFormat: p.imageFormat } : {}) } } : {}),
        ...(ct && c ? { candidate: { template: toTemplateView(ct), ...(options.images && c.image ? { image: c.image } : {}), ...(c.imageFormat ? { imageFormat: c.imageFormat } : {}) } } : {}),
        score,
        ...(pairs === undefined ? {} : { pairs }),
      };
    });
    await this.audit(actor, 'hit verification', 'examination.read', id, exam.status, { transactionId: exam.transactionId, candidate: view.candidate.referenceNumber });
    return { ...view, fingers };
  }

  /**
   * `POST /v1/examinations/:id/decision`: confirm or reject a hit, exactly once (a second
   * decision is AFIS_EXAMINATION_ALREADY_DECIDED). A rejected hit is a false hit: it is logged
   * and left out of the result. When the transaction's last hit is decided, the transaction is
   * routed, published (confirmed hits) and the person enrolled before this returns.
   */
  async decideExamination(id: string, input: ExaminationDecisionInput, actor: Actor, options: CallOptions = {}): Promise<ExaminationView> {
    return this.idempotent(options.idempotencyKey, 'examination-decision', { id, ...input }, actor, async () => {
      if (input.decision !== 'confirmed' && input.decision !== 'rejected') {
        throw new DomainError('AFIS_VALIDATION', 'decision must be confirmed or rejected');
      }
      if (typeof input.examinerId !== 'string' || input.examinerId.trim() === '') throw new DomainError('AFIS_VALIDATION', 'examinerId is required');
      const decided = await this.d.stores.examinations.decide(id, {
        decision: input.decision, examinerId: input.examinerId, decidedAt: this.now(),
        ...(input.comment === undefined ? {} : { comment: input.comment }),
      });
      const view = this.toExaminationView(decided);
      await this.audit(actor, 'hit verification', 'examination.decide', id, input.decision, {
        transactionId: decided.transactionId, examinerId: input.examinerId, candidate: view.candidate.referenceNumber,
        ...(input.decision === 'rejected' ? { falseHit: true } : {}),
      });
      try {
        await this.advance(decided.transactionId);
      } catch (e) {
        // The decision is recorded; the transaction is finished by a later advance or resume.
        this.d.onBackgroundError?.(e, decided.transactionId);
      }
      return view;
    });
  }

  // ------------------------------------------------------------------------------------------
  // Police

  /**
   * `POST /v1/police/identifications`: search only, answered at once, nothing stored. Purpose
   * and case number are mandatory. Hits are the automatic comparison's candidates (not
   * examiner-confirmed) with their record status; blocked records are not searched.
   */
  async identifyForPolice(input: PoliceIdentificationInput, actor: Actor, options: CallOptions = {}): Promise<PoliceIdentificationResult> {
    return this.idempotent(options.idempotencyKey, 'police-identification', input, actor, async () => {
      const purposeText = typeof input.purpose === 'string' ? input.purpose.trim() : '';
      const caseNumber = typeof input.caseNumber === 'string' ? input.caseNumber.trim() : '';
      if (purposeText === '') throw new DomainError('AFIS_VALIDATION', 'purpose is mandatory for a police identification');
      if (caseNumber === '') throw new DomainError('AFIS_VALIDATION', 'caseNumber is mandatory for a police identification');
      const rule = getCategory(this.d.regime, input.category ?? 4);
      if (rule.purpose !== 'law-enforcement') {
        throw new DomainError('AFIS_EURODAC_CATEGORY_INVALID', `category ${rule.digit} is not a law-enforcement category`);
      }
      validateFingerCoverage(rule, this.positionsOf(input.fingers), this.missingOf(input.missingFingers));
      const purpose = `law-enforcement: ${purposeText} (case ${caseNumber})`;
      let result: PoliceIdentificationResult;
      try {
        const prepared = await this.prepare(input.fingers, null);
        const probe = prepared.fingers.map((f) => ({ position: f.position, template: f.template }));
        const candidates = await this.search(probe, rule, false, undefined);
        const hits: PoliceHitView[] = [];
        for (const c of candidates) {
          const subject = await this.d.subjects.get(c.subjectId);
          hits.push({
            ...this.hitView(c, false),
            status: {
              ...(subject?.markedAt === undefined ? {} : { markedAt: iso(subject.markedAt) }),
              ...(subject?.blockedAt === undefined ? {} : { blockedAt: iso(subject.blockedAt) }),
            },
          });
        }
        const decision = decideRoute({ category: rule.digit, memberState: this.d.memberState, purpose: rule.purpose }, candidates.map((c) => this.confirmedHit(c)), this.d.policy);
        result = { outcome: decision.outcome, route: decision.route, hits };
      } catch (e) {
        await this.audit(actor, purpose, 'police.identify', caseNumber, `error:${e instanceof AfisError ? e.code : 'AFIS_INTERNAL'}`);
        throw e;
      }
      await this.audit(actor, purpose, 'police.identify', caseNumber, result.outcome, { hits: result.hits.map((h) => h.referenceNumber) });
      return result;
    });
  }

  /**
   * `POST /v1/verifications`: 1:1 of the given fingers against the record with that reference
   * (same positions), fused; `match` when the fused score reaches the verification threshold.
   * An erased, expired or unknown reference is AFIS_RECORD_NOT_FOUND.
   */
  async verify(input: VerificationInput, actor: Actor): Promise<VerificationResult> {
    const purpose = input.purpose?.trim() || `1:1 verification (${actor.role})`;
    const subject = typeof input.referenceNumber === 'string' ? await this.d.subjects.getByReference(input.referenceNumber) : undefined;
    const now = new Date(this.now());
    if (!subject || isExpired(toEurodacRecord(subject), now, this.d.regime) || subject.erasedAt !== undefined ||
      (actor.role === 'police' && isBlocked(toEurodacRecord(subject), now, this.d.regime))) {
      await this.audit(actor, purpose, 'verification', String(input.referenceNumber).slice(0, 64), 'not-found');
      throw new DomainError('AFIS_RECORD_NOT_FOUND', `no record with reference number ${JSON.stringify(String(input.referenceNumber).slice(0, 64))}`);
    }
    const prepared = await this.prepare(input.fingers, null);
    const fingerScores: FingerScore[] = [];
    const perFinger: (number | null)[] = [];
    for (const f of prepared.fingers) {
      const stored = subject.fingers.find((s) => s.position === f.position);
      if (!stored) continue;
      const score = this.d.matcher.compare(f.template, this.d.templates.decode(stored.template));
      fingerScores.push({ position: f.position, score });
      perFinger.push(score);
    }
    const score = this.d.matcher.fuse(perFinger);
    const threshold = this.d.matcher.verificationThreshold?.(fingerScores.length) ?? this.settings.verificationThreshold;
    const result: VerificationResult = { referenceNumber: subject.referenceNumber, match: fingerScores.length > 0 && score >= threshold, score, threshold, fingerScores };
    await this.audit(actor, purpose, 'verification', subject.referenceNumber, result.match ? 'match' : 'no-match', { score });
    return result;
  }

  // ------------------------------------------------------------------------------------------
  // Records

  /**
   * `POST /v1/records/import`: records transmitted by other member states (or migrated), stored
   * and added to the gallery without a search. A record whose reference is already stored is
   * replaced (same subject id). All are validated and extracted before any is written.
   */
  async importRecords(records: readonly ImportRecordInput[], actor: Actor, options: CallOptions = {}): Promise<ImportResult> {
    return this.idempotent(options.idempotencyKey, 'records-import', records, actor, async () => {
      if (!Array.isArray(records) || records.length === 0) throw new DomainError('AFIS_VALIDATION', 'no records to import');
      const refs = new Set<string>();
      const built: { subject: SubjectRecord; probe: ProbeFinger[]; replaced: boolean; wasMarked: boolean }[] = [];
      for (const r of records) {
        validateMemberState(r.memberState);
        const rule = getCategory(this.d.regime, r.category);
        if (!rule.stored) throw new DomainError('AFIS_EURODAC_CATEGORY_INVALID', `category ${rule.digit} records are not stored in regime ${this.d.regime.id}`);
        const referenceNumber = validateReferenceNumber(r.referenceNumber, { memberState: r.memberState, category: rule.digit }, this.d.regime);
        if (refs.has(referenceNumber)) throw new DomainError('AFIS_VALIDATION', `reference number ${referenceNumber} is given twice`);
        refs.add(referenceNumber);
        validateFingerCoverage(rule, this.positionsOf(r.fingers), this.missingOf(r.missingFingers));
        const prepared = await this.prepare(r.fingers, null);
        const existing = await this.d.subjects.getByReference(referenceNumber);
        const subject = this.subjectRecord({
          id: existing?.id ?? this.newId(), referenceNumber, memberState: r.memberState, category: rule.digit,
          capturedAt: this.toMs(r.capturedAt, 'capturedAt'),
          ...(r.sentAt === undefined ? {} : { sentAt: this.toMs(r.sentAt, 'sentAt') }),
          ...(r.markedAt === undefined ? {} : { markedAt: this.toMs(r.markedAt, 'markedAt') }),
          ...(r.blockedAt === undefined ? {} : { blockedAt: this.toMs(r.blockedAt, 'blockedAt') }),
          ...(r.sex === undefined ? {} : { sex: r.sex }),
          ...(r.operatorId === undefined ? {} : { operatorId: r.operatorId }),
          ...(r.place === undefined ? {} : { place: r.place }),
          missingFingers: this.missingOf(r.missingFingers),
        }, prepared);
        built.push({ subject, probe: prepared.fingers.map((f) => ({ position: f.position, template: f.template })), replaced: existing !== undefined, wasMarked: existing?.markedAt !== undefined });
      }
      await this.d.subjects.putMany(built.map((b) => b.subject));
      for (const b of built) await this.d.gallery.put(b.subject.id, b.probe, this.galleryMeta(b.subject));
      for (const b of built) {
        await this.audit(actor, 'records import', 'record.import', b.subject.referenceNumber, b.replaced ? 'replaced' : 'imported', { memberState: b.subject.memberState, category: b.subject.category });
        // A record that arrives marked by its state marks our records that hit it.
        if (b.subject.markedAt !== undefined && !b.wasMarked && b.subject.memberState !== this.d.memberState) {
          await this.propagateMark(b.subject.referenceNumber, actor);
        }
      }
      return { imported: built.map((b) => ({ referenceNumber: b.subject.referenceNumber, subjectId: b.subject.id, replaced: b.replaced })) };
    });
  }

  /**
   * Marks a record: protection granted by the member state of origin (`protection-granted`), or
   * ours after a hit on a record another state marked (`hit-on-marked-record`). Marking twice
   * keeps the first date. When another state's record is marked, our records whose confirmed
   * hits include it are marked as well. Marked data stay searchable for asylum comparisons and, for law
   * enforcement, for the regime's period.
   */
  async markRecord(input: MarkInput, actor: Actor, options: CallOptions = {}): Promise<RecordStatusView> {
    return this.idempotent(options.idempotencyKey, 'record-mark', input, actor, async () => {
      if (input.reason !== 'protection-granted' && input.reason !== 'hit-on-marked-record') {
        throw new DomainError('AFIS_VALIDATION', 'reason must be protection-granted or hit-on-marked-record');
      }
      const subject = await this.requireRecord(input.referenceNumber, true);
      const now = this.now();
      const marked = markEurodacRecord(toEurodacRecord(subject), new Date(now), input.reason, this.d.regime);
      const markedAt = marked.markedAt === undefined ? now : parseIsoDate(marked.markedAt, 'markedAt').getTime();
      const updated: SubjectRecord = { ...subject, markedAt };
      if (subject.markedAt === undefined) {
        await this.d.subjects.put(updated);
        await this.d.gallery.setMeta(updated.id, this.galleryMeta(updated));
      }
      await this.audit(actor, 'record status', 'record.mark', subject.referenceNumber, subject.markedAt === undefined ? input.reason : 'already-marked');
      if (subject.memberState !== this.d.memberState && input.reason === 'protection-granted') {
        await this.propagateMark(subject.referenceNumber, actor);
      }
      return toRecordStatusView(updated);
    });
  }

  /**
   * Another state marked `referenceNumber`: our records whose confirmed hits include it are
   * marked too (`hit-on-marked-record`). Cost: one scan of the store without images — marking is
   * rare next to searches, so no separate hit index is kept.
   */
  private async propagateMark(referenceNumber: string, actor: Actor): Promise<string[]> {
    const now = this.now();
    const ours: SubjectRecord[] = [];
    for await (const batch of this.d.subjects.scan()) {
      for (const s of batch) {
        const refs = s.extra?.hitReferences;
        if (s.memberState === this.d.memberState && s.markedAt === undefined && Array.isArray(refs) && refs.includes(referenceNumber)) ours.push(s);
      }
    }
    const marked: string[] = [];
    for (const s of ours) {
      if (!getCategory(this.d.regime, s.category).markable) continue;
      const full = await this.d.subjects.get(s.id, { images: true });
      if (!full || isExpired(toEurodacRecord(full), new Date(now), this.d.regime)) continue;
      const updated: SubjectRecord = { ...full, markedAt: now };
      await this.d.subjects.put(updated);
      await this.d.gallery.setMeta(updated.id, this.galleryMeta(updated));
      await this.audit(actor, 'record status', 'record.mark', s.referenceNumber, 'hit-on-marked-record', { markedBy: referenceNumber });
      marked.push(s.referenceNumber);
    }
    return marked;
  }

  /**
   * Advance erasure (citizenship; for the categories that allow it, residence permit or
   * departure): the record and its prints are removed from store and gallery at once.
   */
  async eraseRecord(input: EraseInput, actor: Actor, options: CallOptions = {}): Promise<RecordStatusView> {
    return this.idempotent(options.idempotencyKey, 'record-erase', input, actor, async () => {
      if (input.reason !== 'citizenship' && input.reason !== 'residence-permit' && input.reason !== 'left-territory') {
        throw new DomainError('AFIS_VALIDATION', 'reason must be citizenship, residence-permit or left-territory');
      }
      const subject = await this.requireRecord(input.referenceNumber, false);
      const now = this.now();
      eraseInAdvance(toEurodacRecord(subject), input.reason, new Date(now), this.d.regime);
      await this.removeSubject(subject.id);
      await this.audit(actor, 'record status', 'record.erase', subject.referenceNumber, input.reason);
      return toRecordStatusView(subject, now);
    });
  }

  /**
   * The periodic status sweep: erases every stored record whose retention has run out (from
   * store and gallery) and blocks, for law enforcement, marked records whose law-enforcement
   * period has ended (sets `blockedAt`, flags the gallery). One audit entry per record.
   * Cost: one scan of the store (no images).
   */
  async sweepRetention(actor: Actor): Promise<SweepResult> {
    const now = new Date(this.now());
    let scanned = 0;
    const expired: SubjectRecord[] = [];
    const toBlock: { id: string; at: number }[] = [];
    for await (const batch of this.d.subjects.scan()) {
      for (const s of batch) {
        scanned++;
        const record = toEurodacRecord(s);
        if (isExpired(record, now, this.d.regime)) expired.push(s);
        else if (s.blockedAt === undefined && isBlocked(record, now, this.d.regime)) {
          toBlock.push({ id: s.id, at: lawEnforcementBlockDate(record, this.d.regime)!.getTime() });
        }
      }
    }
    for (const s of expired) {
      await this.removeSubject(s.id);
      await this.audit(actor, 'retention', 'record.erase', s.referenceNumber, 'retention-expired');
    }
    const blocked: string[] = [];
    for (const b of toBlock) {
      const full = await this.d.subjects.get(b.id, { images: true });
      if (!full || full.blockedAt !== undefined) continue;
      const updated: SubjectRecord = { ...full, blockedAt: b.at };
      await this.d.subjects.put(updated);
      await this.d.gallery.setMeta(updated.id, this.galleryMeta(updated));
      await this.audit(actor, 'retention', 'record.block', updated.referenceNumber, 'blocked-for-law-enforcement');
      blocked.push(updated.referenceNumber);
    }
    return { scanned, erased: expired.map((s) => s.referenceNumber), blocked };
  }

  /** `GET /v1/results?after=`: published results (protobuf payloads) in order. */
  async readResults(actor: Actor, after: string | undefined, limit?: number): Promise<PublishedResult[]> {
    const results = await this.d.stores.results.readAfter(after, limit);
    await this.audit(actor, 'dublin procedure', 'results.read', after, `${results.length}`);
    return results;
  }

  // ------------------------------------------------------------------------------------------
  // Restart and shutdown

  /**
   * Completes every unfinished transaction after a restart: searches what was not searched,
   * opens missing examinations, routes and publishes what all examiners decided (publication is
   * deduplicated, so nothing goes out twice) and completes idempotency keys whose answer was
   * lost. Returns the ids it advanced. Call once at start-up, before serving.
   */
  async resumeUnfinished(): Promise<{ resumed: string[] }> {
    const unfinished = await this.d.stores.transactions.listUnfinished();
    const resumed: string[] = [];
    for (const tx of unfinished) {
      if (tx.kind !== KIND_CAPTURE) continue;
      const key = typeof tx.request.idempotencyKey === 'string' ? tx.request.idempotencyKey : undefined;
      if (key !== undefined) {
        const storeKey = idempotencyStoreKey('capture', this.requester(tx), key);
        const k = await this.d.stores.idempotency.get(storeKey);
        if (k && k.response === undefined) {
          await this.d.stores.idempotency.complete(storeKey, { status: 200, body: this.acceptedOf(tx) as unknown as JsonValue });
        }
      }
      try {
        await this.advance(tx.id);
        resumed.push(tx.id);
      } catch (e) {
        this.d.onBackgroundError?.(e, tx.id);
      }
    }
    return { resumed };
  }

  /** Resolves when no background processing is running (tests, graceful shutdown). */
  async whenIdle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  // ------------------------------------------------------------------------------------------
  // The step machine

  private schedule(id: string): void {
    const p: Promise<void> = this.advance(id)
      .catch((e: unknown) => this.d.onBackgroundError?.(e, id))
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Moves a transaction as far as it can go without an examiner. Idempotent. */
  private async advance(id: string): Promise<void> {
    for (let i = 0; i < MAX_STEPS_PER_ADVANCE; i++) {
      const tx = await this.d.stores.transactions.get(id, { probe: true });
      if (!tx || tx.status === 'decided') return;
      const searched = tx.steps.find((s) => s.step === 'searched');
      if (searched === undefined) {
        await this.runSearch(tx);
        continue;
      }
      const candidates = ((searched.detail?.candidates ?? []) as JsonObject[]).map(candidateFromJson);
      if (candidates.length > 0 && tx.status !== 'awaiting-examiner') {
        await this.openExaminations(tx, candidates);
        continue;
      }
      const exams = candidates.length === 0 ? [] : await this.d.stores.examinations.listByTransaction(id);
      if (exams.some((e) => e.status === 'pending')) return;
      await this.finalize(tx, exams);
    }
  }

  private async runSearch(tx: TransactionRecord): Promise<void> {
    let current = tx;
    if (current.status === 'received') {
      const r = await this.d.stores.transactions.compareAndSet(tx.id, tx.version, { status: 'searching', appendSteps: [{ step: 'search-started', at: this.now() }] });
      if (!r.ok) return;
      current = r.record;
    }
    if (!tx.probe) throw new DomainError('AFIS_STORE_CORRUPT', `transaction ${tx.id} lost its probe before the search`);
    const rule = getCategory(this.d.regime, Number(tx.request.category));
    const probe = decodeProbeBundle(tx.probe).map((f) => ({ position: f.position, template: this.d.templates.decode(f.template) }));
    const candidates = await this.search(probe, rule, tx.request.compareOwnData === true, tx.id);
    const r = await this.d.stores.transactions.compareAndSet(tx.id, current.version, {
      appendSteps: [{ step: 'searched', at: this.now(), detail: { candidates: candidates.map(candidateToJson) } }],
    });
    if (r.ok) {
      await this.audit(this.requester(tx), this.purposeOf(rule), 'transaction.search', tx.id, candidates.length > 0 ? 'candidates' : 'no-candidates',
        { candidates: candidates.map((c) => c.referenceNumber) });
    }
  }

  /** The desk key that submitted a transaction (background steps are logged in its name). */
  private requester(tx: TransactionRecord): Actor {
    const actor = tx.request.actor as JsonObject | undefined;
    return { id: String(actor?.id ?? 'system'), role: String(actor?.role ?? 'system') };
  }

  private async openExaminations(tx: TransactionRecord, candidates: readonly CandidateView[]): Promise<void> {
    const at = this.now();
    for (const c of candidates) {
      try {
        await this.d.stores.examinations.create({ id: `${tx.id}:${c.subjectId}`, transactionId: tx.id, candidate: candidateToJson(c), createdAt: at });
      } catch (e) {
        // Created before a restart: keep the first one.
        if (!(e instanceof AfisError && e.code === 'AFIS_CONFLICT')) throw e;
      }
    }
    await this.d.stores.transactions.compareAndSet(tx.id, tx.version, {
      status: 'awaiting-examiner', appendSteps: [{ step: 'examinations-opened', at, detail: { count: candidates.length } }],
    });
  }

  /** Routes on the confirmed hits, enrols, publishes once, and records the decision. */
  private async finalize(tx: TransactionRecord, exams: readonly ExaminationRecord[]): Promise<void> {
    const rule = getCategory(this.d.regime, Number(tx.request.category));
    const confirmed = exams.filter((e) => e.status === 'confirmed').map((e) => candidateFromJson(e.candidate));
    const rejected = exams.filter((e) => e.status === 'rejected').length;
    const decision = decideRoute(
      { category: rule.digit, memberState: this.d.memberState, purpose: rule.purpose },
      confirmed.map((c) => this.confirmedHit(c)),
      this.d.policy,
    );
    const decidedAt = this.now();
    const referenceNumber = tx.referenceNumber ?? String(tx.request.referenceNumber);
    const steps: TransactionStep[] = [{ step: 'routed', at: decidedAt, detail: { route: decision.route, ruleId: decision.ruleId } }];

    let enrolledReferenceNumber: string | undefined;
    if (rule.stored) {
      if (!tx.probe) throw new DomainError('AFIS_STORE_CORRUPT', `transaction ${tx.id} lost its probe before enrolment`);
      const bundle = decodeProbeBundle(tx.probe);
      // The subject id is the transaction id, so a resumed enrolment replaces rather than duplicates.
      const subject = this.subjectRecord({
        id: tx.id, referenceNumber, memberState: String(tx.request.memberState), category: rule.digit,
        capturedAt: Number(tx.request.capturedAt), sentAt: tx.createdAt,
        ...(typeof tx.request.sex === 'string' ? { sex: tx.request.sex } : {}),
        ...(typeof tx.request.operatorId === 'string' ? { operatorId: tx.request.operatorId } : {}),
        ...(typeof tx.request.place === 'string' ? { place: tx.request.place } : {}),
        missingFingers: ((tx.request.missingFingers ?? []) as JsonObject[]).map((m) => ({ position: Number(m.position), reason: String(m.reason) })),
        // Kept so that when another state marks one of these records, we mark ours (hit-on-marked-record).
        ...(confirmed.length === 0 ? {} : { extra: { hitReferences: confirmed.map((c) => c.referenceNumber) } }),
      }, {
        fingers: bundle.map((f) => ({
          position: f.position, impression: f.impression, quality: f.quality, template: this.d.templates.decode(f.template),
          image: f.image ?? new Uint8Array(0), ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
        })),
        quality: [],
      });
      let enrolled = true;
      try {
        await this.d.subjects.put(subject);
      } catch (e) {
        // Another subject took this reference meanwhile (two re-sends of one number raced): the
        // decision stands, the duplicate is not enrolled, and the step says why.
        if (!(e instanceof AfisError && e.code === 'AFIS_CONFLICT')) throw e;
        enrolled = false;
        steps.push({ step: 'enrolment-refused', at: decidedAt, detail: { referenceNumber, code: e.code } });
      }
      if (enrolled) {
        await this.d.gallery.put(subject.id, bundle.map((f) => ({ position: f.position, template: this.d.templates.decode(f.template) })), this.galleryMeta(subject));
        enrolledReferenceNumber = referenceNumber;
        steps.push({ step: 'enrolled', at: decidedAt, detail: { subjectId: subject.id, referenceNumber } });
      }
    }

    const result: ResultView = {
      outcome: decision.outcome,
      hits: confirmed.map((c) => this.hitView(c, true)),
      route: decision.route,
      ruleId: decision.ruleId,
      ...(decision.dublin === undefined ? {} : { dublin: decision.dublin }),
      ...(decision.linkedReferenceNumber === undefined ? {} : { linkedReferenceNumber: decision.linkedReferenceNumber }),
      inform: decision.inform,
      decidedAt: iso(decidedAt),
      ...(enrolledReferenceNumber === undefined ? {} : { enrolledReferenceNumber }),
      rejectedHits: rejected,
    };

    if (this.settings.publishOutcomes.includes(decision.outcome) && rule.purpose !== 'law-enforcement') {
      const message: SearchResultMessage = {
        transactionId: tx.id, referenceNumber, memberState: String(tx.request.memberState), category: rule.digit,
        outcome: decision.outcome === 'hit' ? 'HIT' : 'NO_HIT',
        hits: result.hits.map((h) => ({
          referenceNumber: h.referenceNumber, memberState: h.memberState, category: h.category, score: h.score, confirmed: true,
          fingerScores: h.fingerScores, capturedAtMs: Date.parse(h.capturedAt), marked: h.marked,
        })),
        route: decision.route,
        ...(decision.dublin === undefined ? {} : { dublin: { requestType: decision.dublin.requestType, requestReference: decision.dublin.requestReference, otherReference: decision.dublin.otherReference } }),
        decidedAtMs: decidedAt,
      };
      const published = await this.d.stores.results.publish(`result:${tx.id}`, this.d.encodeResult(message));
      steps.push({ step: 'published', at: decidedAt, detail: { cursor: published.cursor, duplicate: published.duplicate } });
    }

    const r = await this.d.stores.transactions.compareAndSet(tx.id, tx.version, {
      status: 'decided', result: result as unknown as JsonObject, probe: null, appendSteps: steps,
    });
    if (!r.ok) return; // someone else moved it on; the loop re-reads
    await this.audit(this.requester(tx), this.purposeOf(rule), 'transaction.decide', tx.id, decision.outcome, {
      route: decision.route, ruleId: decision.ruleId, confirmed: confirmed.map((c) => c.referenceNumber), rejectedHits: rejected,
      ...(enrolledReferenceNumber === undefined ? {} : { enrolled: enrolledReferenceNumber }),
    });
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  /** Checks a capture against the regime; returns its category rule. */
  private intake(input: CaptureInput): CategoryRule {
    const rule = getCategory(this.d.regime, input.category);
    validateMemberState(input.memberState);
    if (input.memberState !== this.d.memberState) {
      throw new DomainError('AFIS_EURODAC_MEMBER_STATE_INVALID', `this service registers for ${this.d.memberState}, not ${String(input.memberState)}`);
    }
    if (rule.purpose === 'law-enforcement') {
      throw new DomainError('AFIS_EURODAC_CATEGORY_INVALID', `category ${rule.digit} is a law-enforcement request: use the police identification`);
    }
    if (!Array.isArray(input.fingers)) throw new DomainError('AFIS_VALIDATION', 'fingers must be a list');
    validateFingerCoverage(rule, this.positionsOf(input.fingers), this.missingOf(input.missingFingers));
    if (input.capturedAt !== undefined) checkCaptureTime(this.toMs(input.capturedAt, 'capturedAt'), this.now());
    checkMinimumAge(rule, {
      ...(input.birthDate === undefined ? {} : { birthDate: input.birthDate }),
      ...(input.age === undefined ? {} : { age: input.age }),
    }, new Date(input.capturedAt === undefined ? this.now() : this.toMs(input.capturedAt, 'capturedAt')));
    return rule;
  }

  private positionsOf(fingers: readonly FingerInput[] | undefined): number[] {
    if (!Array.isArray(fingers)) throw new DomainError('AFIS_VALIDATION', 'fingers must be a list');
    return fingers.map((f) => f.position);
  }

  private missingOf(missing: readonly MissingFingerInput[] | undefined): { position: number; reason: string }[] {
    if (missing === undefined) return [];
    if (!Array.isArray(missing)) throw new DomainError('AFIS_VALIDATION', 'missingFingers must be a list');
    return missing.map((m) => ({ position: m.position, reason: m.reason }));
  }

  private prepare(fingers: readonly FingerInput[], minQuality: number | null, declaredMissing: readonly number[] = []): Promise<PreparedCapture> {
    const threshold = this.d.matcher.scoreAtFmr?.(this.settings.sequenceMatchFmr);
    return prepareFingers(fingers, {
      decodeImage: this.d.decodeImage,
      extractTemplate: this.d.extractTemplate,
      ...(this.d.assessQuality === undefined ? {} : { assessQuality: this.d.assessQuality }),
      ...(this.d.segmentSlap === undefined ? {} : { segmentSlap: this.d.segmentSlap }),
      ...(threshold === undefined ? {} : { sequence: { compare: (a: Template, b: Template) => this.d.matcher.compare(a, b), threshold } }),
      declaredMissing,
      minQuality,
    });
  }

  /**
   * Gallery search under the category's comparison rules; every candidate is re-checked against
   * the full rules and the record's status (erased, expired, blocked) from the store.
   */
  private async search(probe: readonly ProbeFinger[], rule: CategoryRule, compareOwnData: boolean, selfId: string | undefined): Promise<CandidateView[]> {
    const now = new Date(this.now());
    const filter: SearchFilter = buildSearchFilter(this.d.regime, { category: rule.digit, memberState: this.d.memberState, compareOwnData, now });
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
      });
    }
    return out;
  }

  private confirmedHit(c: CandidateView): ConfirmedHit {
    return { referenceNumber: c.referenceNumber, memberState: c.memberState, category: c.category, marked: c.marked, takenAt: c.capturedAt, score: c.score };
  }

  private hitView(c: CandidateView, confirmed: boolean): HitView {
    return {
      referenceNumber: c.referenceNumber, memberState: c.memberState, category: c.category, score: c.score, confirmed,
      marked: c.marked, capturedAt: c.capturedAt, fingerScores: c.fingerScores,
    };
  }

  private subjectRecord(
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

  private galleryMeta(s: SubjectRecord): GalleryMeta {
    const now = new Date(this.now());
    return {
      category: s.category, memberState: s.memberState,
      blocked: isBlocked(toEurodacRecord(s), now, this.d.regime),
      marked: s.markedAt !== undefined && s.markedAt <= now.getTime(),
    };
  }

  private async requireRecord(referenceNumber: string, images: boolean): Promise<SubjectRecord> {
    const s = typeof referenceNumber === 'string' ? await this.d.subjects.getByReference(referenceNumber, { images }) : undefined;
    if (!s) throw new DomainError('AFIS_RECORD_NOT_FOUND', `no record with reference number ${JSON.stringify(String(referenceNumber).slice(0, 64))}`);
    return s;
  }

  private async removeSubject(id: string): Promise<void> {
    await this.d.subjects.remove(id);
    await this.d.gallery.remove(id);
  }

  private async allocateReference(category: number): Promise<string> {
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

  private purposeOf(rule: CategoryRule): string {
    return `eurodac category ${rule.digit} (${rule.key}, ${rule.article})`;
  }

  private toMs(value: string | number, field: string): number {
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || value < 0) throw new DomainError('AFIS_VALIDATION', `${field} is not a valid time`);
      return value;
    }
    return parseIsoDate(value, field).getTime();
  }

  private async audit(actor: Actor, purpose: string, action: string, target: string | undefined, outcome: string, details?: JsonObject): Promise<void> {
    await this.d.stores.audit.append({
      actor: actor.id, role: actor.role, purpose, action, outcome, at: this.now(),
      ...(target === undefined ? {} : { target }),
      ...(details === undefined ? {} : { details }),
    });
  }

  /** Runs `run` once per caller and idempotency key (see {@link runIdempotent}). */
  private idempotent<T>(
    key: string | undefined, operation: string, request: unknown, actor: Actor,
    run: (reservedId: string) => Promise<T>, recover?: (reservedId: string) => Promise<T | undefined>,
  ): Promise<T> {
    return runIdempotent({
      store: this.d.stores.idempotency, key, operation, actor, request, now: this.now, newId: this.newId,
      leaseMs: this.settings.idempotencyLeaseMs, run, ...(recover === undefined ? {} : { recover }),
      ...(this.d.claimOwner === undefined ? {} : { owner: this.d.claimOwner }),
    });
  }

  private acceptedOf(tx: TransactionRecord): CaptureAccepted {
    const quality = Array.isArray(tx.request.quality) ? (tx.request.quality as JsonObject[]) : [];
    return {
      transactionId: tx.id,
      referenceNumber: tx.referenceNumber ?? String(tx.request.referenceNumber),
      status: 'received',
      quality: quality.map((q) => ({ position: Number(q.position), score: Number(q.score), accepted: q.accepted === true })),
      ...(Array.isArray(tx.request.slaps) ? { slaps: tx.request.slaps as unknown as SlapView[] } : {}),
      ...(tx.request.sequence && typeof tx.request.sequence === 'object' ? { sequence: tx.request.sequence as unknown as SequenceView } : {}),
    };
  }

  private toView(tx: TransactionRecord): TransactionView {
    return {
      transactionId: tx.id, kind: tx.kind, status: tx.status,
      ...(tx.referenceNumber === undefined ? {} : { referenceNumber: tx.referenceNumber }),
      category: Number(tx.request.category), memberState: String(tx.request.memberState),
      createdAt: iso(tx.createdAt), updatedAt: iso(tx.updatedAt),
      ...(tx.result === undefined ? {} : { result: tx.result as unknown as ResultView }),
    };
  }

  private toExaminationView(e: ExaminationRecord): ExaminationView {
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
