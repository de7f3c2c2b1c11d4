// The decision of a capture: routing on the confirmed hits, enrolment, one publication.
import { AfisError, DomainError } from '../core/index.js';
import { decideRoute, getCategory } from '../eurodac/index.js';
import type { ExaminationRecord, JsonObject, TransactionRecord, TransactionStep } from './ports.js';
import type { SearchResultMessage } from './dependencies.js';
import { decodeProbeBundle } from './probe-bundle.js';
import { candidateFromJson, iso } from './record-views.js';
import type { ResultView } from './types.js';
import type { WorkflowContext } from './workflow-context.js';

export async function finalizeTransaction(ctx: WorkflowContext, tx: TransactionRecord, exams: readonly ExaminationRecord[]): Promise<void> {
  const rule = getCategory(ctx.d.regime, Number(tx.request.category));
  const confirmed = exams.filter((e) => e.status === 'confirmed').map((e) => candidateFromJson(e.candidate));
  const rejected = exams.filter((e) => e.status === 'rejected').length;
  // Fingers flagged as altered at intake: a no-hit on them does not mean "never registered".
  const alteredFingers = (Array.isArray(tx.request.alteration) ? (tx.request.alteration as JsonObject[]) : [])
    .filter((a) => a.altered === true).map((a) => Number(a.position));
  const decision = decideRoute(
    {
      category: rule.digit, memberState: ctx.d.memberState, purpose: rule.purpose,
      alteredFingers: alteredFingers.length >= ctx.settings.alteredFingersToRoute ? alteredFingers : [],
    },
    confirmed.map((c) => ctx.confirmedHit(c)),
    ctx.d.policy,
  );
  const decidedAt = ctx.now();
  const referenceNumber = tx.referenceNumber ?? String(tx.request.referenceNumber);
  const steps: TransactionStep[] = [{ step: 'routed', at: decidedAt, detail: { route: decision.route, ruleId: decision.ruleId } }];

  let enrolledReferenceNumber: string | undefined;
  if (rule.stored) {
    if (!tx.probe) throw new DomainError('AFIS_STORE_CORRUPT', `transaction ${tx.id} lost its probe before enrolment`);
    const bundle = decodeProbeBundle(tx.probe);
    // The subject id is the transaction id, so a resumed enrolment replaces rather than duplicates.
    const subject = ctx.subjectRecord({
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
        position: f.position, impression: f.impression, quality: f.quality, template: ctx.d.templates.decode(f.template),
        image: f.image ?? new Uint8Array(0), ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
      })),
      quality: [],
    });
    let enrolled = true;
    try {
      await ctx.d.subjects.put(subject);
    } catch (e) {
      // Another subject took this reference meanwhile (two re-sends of one number raced): the
      // decision stands, the duplicate is not enrolled, and the step says why.
      if (!(e instanceof AfisError && e.code === 'AFIS_CONFLICT')) throw e;
      enrolled = false;
      steps.push({ step: 'enrolment-refused', at: decidedAt, detail: { referenceNumber, code: e.code } });
    }
    if (enrolled) {
      await ctx.d.gallery.put(subject.id, bundle.map((f) => ({ position: f.position, template: ctx.d.templates.decode(f.template) })), ctx.galleryMeta(subject));
      enrolledReferenceNumber = referenceNumber;
      steps.push({ step: 'enrolled', at: decidedAt, detail: { subjectId: subject.id, referenceNumber } });
    }
  }

  const result: ResultView = {
    outcome: decision.outcome,
    hits: confirmed.map((c) => ctx.hitView(c, true)),
    route: decision.route,
    ruleId: decision.ruleId,
    ...(decision.dublin === undefined ? {} : { dublin: decision.dublin }),
    ...(decision.linkedReferenceNumber === undefined ? {} : { linkedReferenceNumber: decision.linkedReferenceNumber }),
    inform: decision.inform,
    decidedAt: iso(decidedAt),
    ...(enrolledReferenceNumber === undefined ? {} : { enrolledReferenceNumber }),
    rejectedHits: rejected,
    ...(alteredFingers.length === 0 ? {} : { alteredFingers }),
  };

  if (ctx.settings.publishOutcomes.includes(decision.outcome) && rule.purpose !== 'law-enforcement') {
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
      alteredPositions: alteredFingers,
    };
    const published = await ctx.d.stores.results.publish(`result:${tx.id}`, ctx.d.encodeResult(message));
    steps.push({ step: 'published', at: decidedAt, detail: { cursor: published.cursor, duplicate: published.duplicate } });
  }

  const r = await ctx.d.stores.transactions.compareAndSet(tx.id, tx.version, {
    status: 'decided', result: result as unknown as JsonObject, probe: null, appendSteps: steps,
  });
  if (!r.ok) return; // someone else moved it on; the loop re-reads
  await ctx.audit(ctx.requester(tx), ctx.purposeOf(rule), 'transaction.decide', tx.id, decision.outcome, {
    route: decision.route, ruleId: decision.ruleId, confirmed: confirmed.map((c) => c.referenceNumber), rejectedHits: rejected,
    ...(enrolledReferenceNumber === undefined ? {} : { enrolled: enrolledReferenceNumber }),
  });
}
