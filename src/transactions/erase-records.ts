// Advance erasure of one record, and the retention sweep over all of them.
import { DomainError } from '../core/index.js';
import { eraseInAdvance, isBlocked, isExpired, lawEnforcementBlockDate } from '../eurodac/index.js';
import type { SubjectRecord } from '../index/ports.js';
import { toEurodacRecord, toRecordStatusView } from './record-views.js';
import type { Actor, CallOptions, EraseInput, RecordStatusView, SweepResult } from './types.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * Advance erasure (citizenship; for the categories that allow it, residence permit or
 * departure): the record and its prints are removed from store and gallery at once.
 */
export async function eraseRecord(ctx: WorkflowContext, input: EraseInput, actor: Actor, options: CallOptions = {}): Promise<RecordStatusView> {
  return ctx.idempotent(options.idempotencyKey, 'record-erase', input, actor, async () => {
    if (input.reason !== 'citizenship' && input.reason !== 'residence-permit' && input.reason !== 'left-territory') {
      throw new DomainError('AFIS_VALIDATION', 'reason must be citizenship, residence-permit or left-territory');
    }
    const subject = await ctx.requireRecord(input.referenceNumber, false);
    const now = ctx.now();
    eraseInAdvance(toEurodacRecord(subject), input.reason, new Date(now), ctx.d.regime);
    await ctx.removeSubject(subject);
    await ctx.audit(actor, 'record status', 'record.erase', subject.referenceNumber, input.reason);
    return toRecordStatusView(subject, now);
  });
}

/**
 * The periodic status sweep: erases every stored record whose retention has run out (from
 * store and gallery) and blocks, for law enforcement, marked records whose law-enforcement
 * period has ended (sets `blockedAt`, flags the gallery). One audit entry per record.
 * Cost: one scan of the store (no images).
 */
export async function sweepRetention(ctx: WorkflowContext, actor: Actor): Promise<SweepResult> {
  const now = new Date(ctx.now());
  let scanned = 0;
  const expired: SubjectRecord[] = [];
  const toBlock: { id: string; at: number }[] = [];
  for await (const batch of ctx.d.subjects.scan()) {
    for (const s of batch) {
      scanned++;
      const record = toEurodacRecord(s);
      if (isExpired(record, now, ctx.d.regime)) expired.push(s);
      else if (s.blockedAt === undefined && isBlocked(record, now, ctx.d.regime)) {
        toBlock.push({ id: s.id, at: lawEnforcementBlockDate(record, ctx.d.regime)!.getTime() });
      }
    }
  }
  for (const s of expired) {
    await ctx.removeSubject(s);
    await ctx.audit(actor, 'retention', 'record.erase', s.referenceNumber, 'retention-expired');
  }
  const blocked: string[] = [];
  for (const b of toBlock) {
    const full = await ctx.d.subjects.get(b.id, { images: true });
    if (!full || full.blockedAt !== undefined) continue;
    const updated: SubjectRecord = { ...full, blockedAt: b.at };
    await ctx.d.subjects.put(updated);
    await ctx.d.gallery.setMeta(updated.id, ctx.galleryMeta(updated));
    await ctx.audit(actor, 'retention', 'record.block', updated.referenceNumber, 'blocked-for-law-enforcement');
    blocked.push(updated.referenceNumber);
  }
  return { scanned, erased: expired.map((s) => s.referenceNumber), blocked };
}
