// A desk capture: intake against the regime, finger preparation (quality, slaps, sequence check), the stored transaction.
import { AfisError, DomainError } from '../core/index.js';
import {
  checkCaptureTime, checkMinimumAge, getCategory, validateFingerCoverage, validateMemberState, validateReferenceNumber, type CategoryRule,
} from '../eurodac/index.js';
import type { JsonObject, JsonValue, TransactionRecord } from './ports.js';
import { encodeProbeBundle } from './probe-bundle.js';
import type { PreparedCapture } from './prepare-fingers.js';
import { decideSequence } from './check-finger-sequence.js';
import { adviseRecapture } from './advise-recapture.js';
import type { Actor, CallOptions, CaptureAccepted, CaptureInput, SequenceView } from './types.js';
import { scheduleAdvance } from './advance-transaction.js';
import { KIND_CAPTURE, type WorkflowContext } from './workflow-context.js';
import { encodeEurodacTransaction } from './encode-eurodac-transaction.js';

/** Media type of the ANSI/NIST-ITL transactions sent to the central system. */
export const EURODAC_CONTENT_TYPE = 'application/vnd.ansi-nist';

/**
 * `POST /v1/transactions`. Validates the request against the regime (category, member state,
 * reference, required fingers, minimum age), decodes and quality-checks every finger (a finger
 * below the threshold refuses the capture at once with AFIS_QUALITY_INSUFFICIENT naming the
 * positions to recapture; nothing is stored), extracts the templates, records the transaction
 * and answers; search and the rest continue in the background (see {@link whenIdle}).
 * Cost: one decode and one extraction per finger, in the caller's time (about a second for ten).
 */
export async function submitCapture(ctx: WorkflowContext, input: CaptureInput, actor: Actor, options: CallOptions = {}): Promise<CaptureAccepted> {
  const accepted = await ctx.idempotent(options.idempotencyKey, 'capture', input, actor, async (id) => {
    const rule = intake(ctx, input);
    const capturedAt = input.capturedAt === undefined ? ctx.now() : ctx.toMs(input.capturedAt, 'capturedAt');
    let referenceNumber: string;
    let resendOf: TransactionRecord | undefined;
    if (input.referenceNumber !== undefined) {
      referenceNumber = validateReferenceNumber(input.referenceNumber, { memberState: input.memberState, category: rule.digit }, ctx.d.regime);
      if (await ctx.d.subjects.getByReference(referenceNumber)) {
        throw new DomainError('AFIS_CONFLICT', `reference number ${referenceNumber} is already enrolled; a re-send keeps the number of a refused capture only`);
      }
      if (ctx.d.central) resendOf = await refusedWithinWindow(ctx, referenceNumber);
    }
    const purpose = ctx.purposeOf(rule);
    let prepared: PreparedCapture;
    let sequence: SequenceView | undefined;
    try {
      prepared = await ctx.prepare(input.fingers, ctx.settings.minFingerQuality, ctx.missingOf(input.missingFingers).map((m) => m.position), await ctx.previousFingersOf(actor.id), true);
      if (prepared.sequence) sequence = decideSequence(prepared.sequence, input.sequenceOverride);
    } catch (e) {
      await ctx.audit(actor, purpose, 'transaction.create', input.referenceNumber, `refused:${e instanceof AfisError ? e.code : 'AFIS_INTERNAL'}`,
        e instanceof AfisError && e.details ? { details: e.details as JsonObject } : undefined);
      throw e;
    }
    referenceNumber ??= await ctx.allocateReference(rule.digit);
    const at = ctx.now();
    const request: JsonObject = {
      category: rule.digit,
      memberState: input.memberState,
      referenceNumber,
      capturedAt,
      compareOwnData: input.compareOwnData ?? ctx.settings.compareOwnDataByDefault,
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
      ...(prepared.alteration === undefined ? {} : { alteration: prepared.alteration as unknown as JsonValue }),
      ...(sequence?.overridden === true && input.sequenceOverride ? { sequenceOverride: { reason: input.sequenceOverride.reason } } : {}),
      recapture: adviseRecapture({
        quality: prepared.quality, minQuality: ctx.settings.minFingerQuality, adviseBelowQuality: ctx.settings.adviseRecaptureBelowQuality,
        slaps: prepared.slaps ?? [], minSlapConfidence: ctx.settings.minSlapConfidence,
        declaredMissing: ctx.missingOf(input.missingFingers).map((m) => m.position), ...(sequence === undefined ? {} : { sequence }),
        ...(prepared.latent === undefined ? {} : { latent: prepared.latent }),
        ...(prepared.slapLatent === undefined ? {} : { slapLatent: prepared.slapLatent }),
        ...(prepared.slid === undefined ? {} : { slid: prepared.slid }),
        ...(prepared.platen === undefined ? {} : { platen: prepared.platen }),
      }) as unknown as JsonValue,
    };
    const probe = encodeProbeBundle(prepared.fingers.map((f) => ({
      position: f.position, impression: f.impression, quality: f.quality, template: ctx.d.templates.encode(f.template),
      image: f.image, ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
    })));
    // With a central system: the Eurodac transaction goes into the outbox in the same write
    const outbox = ctx.d.central ? {
      contentType: EURODAC_CONTENT_TYPE,
      payload: await encodeEurodacTransaction({
        transactionId: id, referenceNumber, category: rule.digit, memberState: input.memberState, capturedAt, sentAt: at,
        regime: ctx.d.regime.id, resend: resendOf !== undefined,
        missingFingers: (input.missingFingers ?? []).map((m) => ({ position: m.position, reason: m.reason })),
        ...(input.operatorId === undefined ? {} : { operatorId: input.operatorId }),
        ...(input.sex === undefined ? {} : { sex: input.sex }),
        ...(input.place === undefined ? {} : { place: input.place }),
        prints: [
          ...prepared.fingers.filter((f) => f.image.length > 0).map((f) => ({
            position: f.position, impression: f.impression, image: f.image, ...(f.imageFormat === undefined ? {} : { format: f.imageFormat }),
          })),
          ...input.fingers.filter((f) => f.position >= 13 && f.position <= 15).map((f) => ({
            position: f.position, impression: 'plain' as const, image: f.image,
            ...(f.format === undefined ? {} : { format: f.format }), ...(f.ppi === undefined ? {} : { ppi: f.ppi }),
          })),
        ],
      }, ctx.d.decodeImage),
      dueBy: at + ctx.settings.transmitDeadlineMs,
      detail: { referenceNumber },
    } : undefined;
    if (outbox) request.eurodac = { transmitted: true, ...(resendOf === undefined ? {} : { resendOf: resendOf.id }) };
    await ctx.d.stores.transactions.create({
      id, kind: KIND_CAPTURE, status: 'received', referenceNumber, request, probe, createdAt: at,
      steps: [{ step: 'received', at }, { step: 'quality-checked', at }, { step: 'extracted', at }],
      ...(outbox === undefined ? {} : { outbox }),
    });
    await ctx.audit(actor, purpose, 'transaction.create', id, 'accepted', { referenceNumber, category: rule.digit, fingers: prepared.fingers.length });
    // what the next applicant at this desk is checked against (the platen's residue); the capture
    // is recorded by now, so a store that fails here costs only that check
    await ctx.rememberLastFingers(actor.id, prepared.lastFingers, referenceNumber).catch((e: unknown) => ctx.d.onBackgroundError?.(e, id));
    if (resendOf !== undefined) {
      await ctx.audit(actor, purpose, 'eurodac.resend', id, 'queued', { referenceNumber, refusedTransaction: resendOf.id });
    }
    if (sequence?.overridden === true && input.sequenceOverride) {
      await ctx.audit(actor, purpose, 'transaction.sequence-override', id, 'overridden', {
        reason: input.sequenceOverride.reason, positions: sequence.swapped.map((p) => [...p]),
      });
    }
    const answer: CaptureAccepted = ctx.acceptedOf({ id, referenceNumber, request } as TransactionRecord);
    return answer;
  }, async (id) => {
    // A take-over after a crash: the first attempt may have recorded the transaction already.
    const tx = await ctx.d.stores.transactions.get(id);
    return tx && tx.kind === KIND_CAPTURE ? ctx.acceptedOf(tx) : undefined;
  });
  scheduleAdvance(ctx, accepted.transactionId);
  return accepted;
}

/**
 * The capture the central system refused under `referenceNumber` within the re-send window
 * (the newest); AFIS_EURODAC_RESEND_REFUSED when there is none: with a central system, a
 * reference number is given only to re-send a refused capture.
 */
async function refusedWithinWindow(ctx: WorkflowContext, referenceNumber: string): Promise<TransactionRecord> {
  const since = ctx.now() - ctx.settings.resendWindowMs;
  const recent = await ctx.d.stores.transactions.listRecent({ since, limit: 1000 });
  const refused = recent.find((t) => t.referenceNumber === referenceNumber && t.kind === KIND_CAPTURE && (t.result as JsonObject | undefined)?.outcome === 'rejected');
  if (!refused) {
    throw new DomainError('AFIS_EURODAC_RESEND_REFUSED',
      `no capture under ${referenceNumber} was refused by the central system in the last ${Math.round(ctx.settings.resendWindowMs / 3_600_000)} hours: a re-send keeps its reference only within that window`);
  }
  return refused;
}

function intake(ctx: WorkflowContext, input: CaptureInput): CategoryRule {
  const rule = getCategory(ctx.d.regime, input.category);
  validateMemberState(input.memberState);
  if (input.memberState !== ctx.d.memberState) {
    throw new DomainError('AFIS_EURODAC_MEMBER_STATE_INVALID', `this service registers for ${ctx.d.memberState}, not ${String(input.memberState)}`);
  }
  if (rule.purpose === 'law-enforcement') {
    throw new DomainError('AFIS_EURODAC_CATEGORY_INVALID', `category ${rule.digit} is a law-enforcement request: use the police identification`);
  }
  if (!Array.isArray(input.fingers)) throw new DomainError('AFIS_VALIDATION', 'fingers must be a list');
  validateFingerCoverage(rule, ctx.positionsOf(input.fingers), ctx.missingOf(input.missingFingers));
  if (input.capturedAt !== undefined) checkCaptureTime(ctx.toMs(input.capturedAt, 'capturedAt'), ctx.now());
  checkMinimumAge(rule, {
    ...(input.birthDate === undefined ? {} : { birthDate: input.birthDate }),
    ...(input.age === undefined ? {} : { age: input.age }),
  }, new Date(input.capturedAt === undefined ? ctx.now() : ctx.toMs(input.capturedAt, 'capturedAt')));
  return rule;
}
