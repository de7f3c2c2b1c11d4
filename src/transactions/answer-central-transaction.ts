// Central side: compare a member state's transaction with every state's data, store it by the regime's rules, reply.
import { AfisError, FormatError } from '../core/index.js';
import { getCategory } from '../eurodac/index.js';
import { readEurodacTransaction } from '../formats/index.js';
import { decideSequence } from './check-finger-sequence.js';
import type { CentralHit, CentralRejection, CentralReply } from './dependencies.js';
import type { JsonObject, TransactionRecord } from './ports.js';
import type { PreparedCapture } from './prepare-fingers.js';
import { iso } from './record-views.js';
import type { CandidateView } from './types.js';
import type { WorkflowContext } from './workflow-context.js';

const PURPOSE = 'eurodac central comparison';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Which refusals are the member state's to fix by recapturing (a reply), not our failure (a retry). */
function rejectionOf(err: unknown): CentralRejection | undefined {
  if (!(err instanceof AfisError)) return undefined;
  const details = (err.details ?? {}) as Record<string, unknown>;
  if (err.code === 'AFIS_QUALITY_INSUFFICIENT' || err.code === 'AFIS_SEGMENTATION_FAILED') {
    const positions = Array.isArray(details.recapture) ? details.recapture.map(Number) : typeof details.position === 'number' ? [details.position] : [];
    return { reason: 'quality', code: err.code, message: err.message, positions };
  }
  if (err.code === 'AFIS_SEQUENCE_MISMATCH') {
    return { reason: 'sequence', code: err.code, message: err.message, positions: Array.isArray(details.positions) ? details.positions.flat().map(Number) : [] };
  }
  if (err instanceof FormatError || err.code.startsWith('AFIS_CAPTURE_') || err.code.startsWith('AFIS_EURODAC_')) {
    return { reason: 'format', code: err.code, message: err.message };
  }
  return undefined;
}

/**
 * Answers one received transaction (`afis central`): decodes its prints (WSQ), checks their
 * quality against the central threshold (below it: a quality rejection naming the fingers) and
 * the rolled/slap sequence, compares them 1:N with the stored records of the other member
 * states under the category's comparison rules (status rules included: erased, expired and
 * blocked records are never reported), enrols the record when the category is stored (its
 * retention set by the regime), and stores the reply: every hit with its reference number,
 * member state, category, dates, mark and prints. The subject id is the transaction id, so a
 * resumed answer replaces rather than duplicates, and the search never finds the record itself.
 */
export async function answerCentralTransaction(ctx: WorkflowContext, tx: TransactionRecord): Promise<void> {
  const memberState = String(tx.request.memberState);
  const base = { transactionId: String(tx.request.transactionId), referenceNumber: String(tx.request.referenceNumber), memberState };
  let reply: CentralReply;
  let enrolled: string | undefined;
  try {
    if (!tx.probe) throw new FormatError('AFIS_ANSI_NIST_INVALID', 'the received transaction is gone');
    const e = readEurodacTransaction(tx.probe);
    const rule = getCategory(ctx.d.regime, e.category);
    const prepared: PreparedCapture = await ctx.prepare(
      e.fingers.map((f) => ({ position: f.position, impression: f.impression, image: f.data, ...(f.compression === 'WSQ20' ? { format: 'wsq' } : {}) })),
      ctx.settings.centralMinFingerQuality, e.missingFingers.map((m) => m.position),
    );
    if (prepared.sequence) decideSequence(prepared.sequence, undefined);
    const probe = prepared.fingers.map((f) => ({ position: f.position, template: f.template }));
    const candidates = await ctx.search(probe, rule, false, tx.id, { memberState });
    const hits: CentralHit[] = [];
    for (const c of candidates) hits.push(await hitOf(ctx, c));
    if (rule.stored) enrolled = await enrol(ctx, tx, e.category, prepared);
    reply = { ...base, outcome: hits.length > 0 ? 'hit' : 'no-hit', hits, repliedAt: iso(ctx.now()) };
  } catch (err) {
    const rejection = rejectionOf(err);
    if (!rejection) throw err;
    reply = { ...base, outcome: 'rejected', hits: [], rejection, repliedAt: iso(ctx.now()) };
  }
  const r = await ctx.d.stores.transactions.compareAndSet(tx.id, tx.version, {
    status: 'decided', result: reply as unknown as JsonObject, probe: null,
    appendSteps: [{ step: 'answered', at: ctx.now(), detail: { outcome: reply.outcome, hits: reply.hits.map((h) => h.referenceNumber), ...(enrolled ? { enrolled } : {}) } }],
  });
  if (!r.ok) return;
  await ctx.audit(ctx.requester(tx), PURPOSE, 'central.reply', tx.id, reply.outcome, {
    referenceNumber: base.referenceNumber, hits: reply.hits.map((h) => h.referenceNumber),
    ...(reply.rejection ? { code: reply.rejection.code } : {}), ...(enrolled ? { enrolled } : {}),
  });
}

async function hitOf(ctx: WorkflowContext, c: CandidateView): Promise<CentralHit> {
  const s = await ctx.d.subjects.get(c.subjectId, { images: true });
  return {
    referenceNumber: c.referenceNumber, memberState: c.memberState, category: c.category, capturedAt: c.capturedAt,
    ...(s?.sentAt === undefined ? {} : { sentAt: iso(s.sentAt) }),
    ...(s?.markedAt === undefined ? {} : { markedAt: iso(s.markedAt) }),
    marked: c.marked, score: c.score, fingerScores: c.fingerScores,
    fingers: (s?.fingers ?? []).map((f) => ({
      position: f.position, template: b64(f.template),
      ...(f.image === undefined ? {} : { image: b64(f.image) }), ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
    })),
  };
}

/** Stores the record (subject id = transaction id) unless its reference is held by another one (a re-delivery under a new id). */
async function enrol(ctx: WorkflowContext, tx: TransactionRecord, category: number, prepared: PreparedCapture): Promise<string | undefined> {
  const referenceNumber = String(tx.request.referenceNumber);
  const subject = ctx.subjectRecord({
    id: tx.id, referenceNumber, memberState: String(tx.request.memberState), category,
    capturedAt: Number(tx.request.capturedAt), sentAt: Number(tx.request.sentAt),
    ...(typeof tx.request.sex === 'string' ? { sex: tx.request.sex } : {}),
    ...(typeof tx.request.operatorId === 'string' ? { operatorId: tx.request.operatorId } : {}),
    ...(typeof tx.request.place === 'string' ? { place: tx.request.place } : {}),
    missingFingers: ((tx.request.missingFingers ?? []) as JsonObject[]).map((m) => ({ position: Number(m.position), reason: String(m.reason) })),
  }, prepared);
  try {
    await ctx.d.subjects.put(subject);
  } catch (err) {
    if (err instanceof AfisError && err.code === 'AFIS_CONFLICT') return undefined;
    throw err;
  }
  await ctx.d.gallery.put(subject.id, prepared.fingers.map((f) => ({ position: f.position, template: f.template })), ctx.galleryMeta(subject));
  return referenceNumber;
}
