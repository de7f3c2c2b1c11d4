// The examiner's queue: pending hits, one hit side by side, and the decision that lets the transaction finish.
import { DomainError } from '../core/index.js';
import { decodeProbeBundle } from './probe-bundle.js';
import { toTemplateView } from './record-views.js';
import type { Actor, CallOptions, ComparedFingerView, ExaminationDecisionInput, ExaminationDetail, ExaminationView, AlterationView } from './types.js';
import { advanceTransaction } from './advance-transaction.js';
import { countRepeats } from './find-latent-repeats.js';
import { TRANSACTION_PARAMETERS } from '../config/parameters.js';
import type { Template } from '../templates/index.js';
import type { WorkflowContext } from './workflow-context.js';
import type { JsonObject, JsonValue } from './ports.js';

const fromBase64 = (v: JsonValue | undefined): Uint8Array => new Uint8Array(Buffer.from(String(v ?? ''), 'base64'));

export async function listExaminations(ctx: WorkflowContext, actor: Actor, options: { limit?: number } = {}): Promise<ExaminationView[]> {
  const list = await ctx.d.stores.examinations.listPending(options.limit === undefined ? {} : { limit: options.limit });
  await ctx.audit(actor, 'hit verification', 'examination.list', undefined, `${list.length}`);
  return list.map((e) => ctx.toExaminationView(e));
}

/**
 * One examination with both subjects' prints side by side: per finger position the probe
 * and candidate templates (and images when asked), the 1:1 score and the paired minutiae.
 */
export async function getExamination(ctx: WorkflowContext, id: string, actor: Actor, options: { images?: boolean } = {}): Promise<ExaminationDetail> {
  const exam = await ctx.d.stores.examinations.get(id);
  if (!exam) throw new DomainError('AFIS_EXAMINATION_NOT_FOUND', `no examination ${JSON.stringify(id.slice(0, 80))}`);
  const view = ctx.toExaminationView(exam);
  const tx = await ctx.d.stores.transactions.get(exam.transactionId, { probe: true });
  // Once decided the probe is dropped; an enrolled transaction's prints live on as its subject.
  const enrolled = tx?.probe ? undefined : await ctx.d.subjects.get(exam.transactionId, { images: options.images === true });
  const probe = tx?.probe
    ? decodeProbeBundle(tx.probe)
    : (enrolled?.fingers ?? []).map((f) => ({
      position: f.position, impression: f.impression, quality: f.quality, template: f.template,
      ...(f.image === undefined ? {} : { image: f.image }), ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
    }));
  // a central hit brings its prints in the reply; a national one is in our store
  const subject = Array.isArray(exam.candidate.fingers)
    ? { fingers: (exam.candidate.fingers as JsonObject[]).map((f) => ({
      position: Number(f.position), template: fromBase64(f.template),
      ...(typeof f.image === 'string' ? { image: fromBase64(f.image) } : {}), ...(typeof f.imageFormat === 'string' ? { imageFormat: f.imageFormat } : {}),
    })) }
    : await ctx.d.subjects.get(view.candidate.subjectId, { images: options.images === true });
  const positions = [...new Set([...probe.map((f) => f.position), ...(subject?.fingers ?? []).map((f) => f.position)])]
    .filter((p) => p >= 1 && p <= 10).sort((a, b) => a - b);
  const fingers: ComparedFingerView[] = positions.map((position) => {
    const p = probe.find((f) => f.position === position);
    const c = subject?.fingers.find((f) => f.position === position);
    const pt = p ? ctx.d.templates.decode(p.template) : undefined;
    const ct = c ? ctx.d.templates.decode(c.template) : undefined;
    let score: number | null = null;
    let pairs: ComparedFingerView['pairs'];
    if (pt && ct) {
      if (ctx.d.matcher.compareDetailed) {
        const detail = ctx.d.matcher.compareDetailed(pt, ct);
        score = detail.score;
        pairs = detail.pairs;
      } else score = ctx.d.matcher.compare(pt, ct);
    }
    return {
      position,
      ...(pt && p ? { probe: { template: toTemplateView(pt), ...(options.images && p.image ? { image: p.image } : {}), ...(p.imageFormat ? { imageFormat: p.imageFormat } : {}) } } : {}),
      ...(ct && c ? { candidate: { template: toTemplateView(ct), ...(options.images && c.image ? { image: c.image } : {}), ...(c.imageFormat ? { imageFormat: c.imageFormat } : {}) } } : {}),
      score,
      ...(pairs === undefined ? {} : { pairs }),
      ...(pt && ct ? inPlaceOf(pt, ct) : {}),
    };
  });
  await ctx.audit(actor, 'hit verification', 'examination.read', id, exam.status, { transactionId: exam.transactionId, candidate: view.candidate.referenceNumber });
  const alteration = Array.isArray(tx?.request.alteration) ? (tx.request.alteration as unknown as AlterationView[]) : undefined;
  return { ...view, fingers, ...(alteration === undefined ? {} : { alteration }) };
}

/**
 * How many of the probe's minutiae lie on the candidate's in place, and whether that many say
 * residue or one image twice (bench/RESULTS.md, "latentdrop": of 1,120 genuine FVC2002 pairs 2
 * reach 6, of 23,040 impostor pairs none; the previous applicant's residue makes such hits).
 */
function inPlaceOf(probe: Template, candidate: Template): { inPlace: number; residueSuspected: boolean } {
  const inPlace = countRepeats(candidate, probe);
  return { inPlace, residueSuspected: inPlace >= TRANSACTION_PARAMETERS.latentMinRepeats };
}

/**
 * `POST /v1/examinations/:id/decision`: confirm or reject a hit, exactly once (a second
 * decision is AFIS_EXAMINATION_ALREADY_DECIDED). A rejected hit is a false hit: it is logged
 * and left out of the result. When the transaction's last hit is decided, the transaction is
 * routed, published (confirmed hits) and the person enrolled before this returns.
 */
export async function decideExamination(ctx: WorkflowContext, id: string, input: ExaminationDecisionInput, actor: Actor, options: CallOptions = {}): Promise<ExaminationView> {
  return ctx.idempotent(options.idempotencyKey, 'examination-decision', { id, ...input }, actor, async () => {
    if (input.decision !== 'confirmed' && input.decision !== 'rejected') {
      throw new DomainError('AFIS_VALIDATION', 'decision must be confirmed or rejected');
    }
    if (typeof input.examinerId !== 'string' || input.examinerId.trim() === '') throw new DomainError('AFIS_VALIDATION', 'examinerId is required');
    const decided = await ctx.d.stores.examinations.decide(id, {
      decision: input.decision, examinerId: input.examinerId, decidedAt: ctx.now(),
      ...(input.comment === undefined ? {} : { comment: input.comment }),
    });
    const view = ctx.toExaminationView(decided);
    await ctx.audit(actor, 'hit verification', 'examination.decide', id, input.decision, {
      transactionId: decided.transactionId, examinerId: input.examinerId, candidate: view.candidate.referenceNumber,
      ...(input.decision === 'rejected' ? { falseHit: true } : {}),
    });
    try {
      await advanceTransaction(ctx, decided.transactionId);
    } catch (e) {
      // The decision is recorded; the transaction is finished by a later advance or resume.
      ctx.d.onBackgroundError?.(e, decided.transactionId);
    }
    return view;
  });
}
