// The central system's reply to one of our transactions: recorded once, then the transaction moves on.
import type { CentralHit, CentralReply } from './dependencies.js';
import type { JsonObject } from './ports.js';
import { advanceTransaction } from './advance-transaction.js';
import { KIND_CAPTURE, isTransmitted, type WorkflowContext } from './workflow-context.js';

/** Who the link's own operations are audited as. */
export const LINK_ACTOR = { id: 'eurodac-link', role: 'system' } as const;

/** A central hit as the examination's candidate: the record's data, and its prints for the side-by-side view. */
function candidateOf(h: CentralHit): JsonObject {
  return {
    subjectId: `central:${h.referenceNumber}`, referenceNumber: h.referenceNumber, memberState: h.memberState, category: h.category,
    score: h.score, fingerScores: h.fingerScores.map((f) => ({ position: f.position, score: f.score })),
    marked: h.marked, capturedAt: h.capturedAt, source: 'central',
    ...(h.markedAt === undefined ? {} : { markedAt: h.markedAt }),
    fingers: h.fingers.map((f) => ({
      position: f.position, template: f.template, ...(f.image === undefined ? {} : { image: f.image }), ...(f.imageFormat === undefined ? {} : { imageFormat: f.imageFormat }),
    })),
  };
}

/**
 * Records the central reply on its transaction (step `central-replied`) and advances it: hits
 * open examinations as local hits do, a rejection sends the capture back to the desk.
 * Idempotent: a reply for a transaction that has one already changes nothing (`duplicate`);
 * one for a transaction we never transmitted is `unknown`.
 */
export async function takeCentralReply(ctx: WorkflowContext, reply: CentralReply): Promise<'applied' | 'duplicate' | 'unknown'> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const tx = await ctx.d.stores.transactions.get(reply.transactionId);
    if (!tx || tx.kind !== KIND_CAPTURE || !isTransmitted(tx)) return 'unknown';
    if (tx.steps.some((s) => s.step === 'central-replied')) return 'duplicate';
    const detail: JsonObject = {
      outcome: reply.outcome, repliedAt: reply.repliedAt, candidates: reply.hits.map(candidateOf),
      ...(reply.rejection === undefined ? {} : { rejection: { ...reply.rejection, positions: [...(reply.rejection.positions ?? [])] } }),
    };
    const r = await ctx.d.stores.transactions.compareAndSet(tx.id, tx.version, { appendSteps: [{ step: 'central-replied', at: ctx.now(), detail }] });
    if (!r.ok) continue;
    await ctx.audit(LINK_ACTOR, 'eurodac central reply', 'eurodac.reply', tx.id, reply.outcome, {
      referenceNumber: reply.referenceNumber, hits: reply.hits.map((h) => h.referenceNumber),
      ...(reply.rejection === undefined ? {} : { reason: reply.rejection.reason, code: reply.rejection.code }),
    });
    await closeOutboxEntry(ctx, tx.id, reply.outcome);
    await advanceTransaction(ctx, tx.id);
    return 'applied';
  }
  return 'duplicate';
}

/** The exchange is over once the reply is recorded: the outbox entry closes (no more polls, no reply alert). */
async function closeOutboxEntry(ctx: WorkflowContext, id: string, outcome: string): Promise<void> {
  const outbox = ctx.d.stores.outbox;
  for (let attempt = 0; outbox && attempt < 8; attempt++) {
    const e = await outbox.get(id);
    if (!e || e.closedAt !== undefined) return;
    const now = ctx.now();
    const r = await outbox.update(id, e.version, { closedAt: now, lastError: null, detail: { answeredAt: now, outcome } });
    if (r.ok) return;
  }
}
