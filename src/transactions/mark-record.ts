// Marking a record, and our records that hit a record another state marked.
import { DomainError } from '../core/index.js';
import { getCategory, isExpired, markRecord as markEurodacRecord, parseIsoDate } from '../eurodac/index.js';
import type { SubjectRecord } from '../index/ports.js';
import { toEurodacRecord, toRecordStatusView } from './record-views.js';
import type { Actor, CallOptions, MarkInput, RecordStatusView } from './types.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * Marks a record: protection granted by the member state of origin (`protection-granted`), or
 * ours after a hit on a record another state marked (`hit-on-marked-record`). Marking twice
 * keeps the first date. When another state's record is marked, our records whose confirmed
 * hits include it are marked as well. Marked data stay searchable for asylum comparisons and, for law
 * enforcement, for the regime's period.
 */
export async function markRecord(ctx: WorkflowContext, input: MarkInput, actor: Actor, options: CallOptions = {}): Promise<RecordStatusView> {
  return ctx.idempotent(options.idempotencyKey, 'record-mark', input, actor, async () => {
    if (input.reason !== 'protection-granted' && input.reason !== 'hit-on-marked-record') {
      throw new DomainError('AFIS_VALIDATION', 'reason must be protection-granted or hit-on-marked-record');
    }
    const subject = await ctx.requireRecord(input.referenceNumber, true);
    const now = ctx.now();
    const marked = markEurodacRecord(toEurodacRecord(subject), new Date(now), input.reason, ctx.d.regime);
    const markedAt = marked.markedAt === undefined ? now : parseIsoDate(marked.markedAt, 'markedAt').getTime();
    const updated: SubjectRecord = { ...subject, markedAt };
    if (subject.markedAt === undefined) {
      await ctx.d.subjects.put(updated);
      await ctx.d.gallery.setMeta(updated.id, ctx.galleryMeta(updated));
    }
    await ctx.audit(actor, 'record status', 'record.mark', subject.referenceNumber, subject.markedAt === undefined ? input.reason : 'already-marked');
    if (subject.memberState !== ctx.d.memberState && input.reason === 'protection-granted') {
      await propagateMark(ctx, subject.referenceNumber, actor);
    }
    return toRecordStatusView(updated);
  });
}

/**
 * Another state marked `referenceNumber`: our records whose confirmed hits include it are
 * marked too (`hit-on-marked-record`). Cost: one scan of the store without images — marking is
 * rare next to searches, so no separate hit index is kept.
 */
export async function propagateMark(ctx: WorkflowContext, referenceNumber: string, actor: Actor): Promise<string[]> {
  const now = ctx.now();
  const ours: SubjectRecord[] = [];
  for await (const batch of ctx.d.subjects.scan()) {
    for (const s of batch) {
      const refs = s.extra?.hitReferences;
      if (s.memberState === ctx.d.memberState && s.markedAt === undefined && Array.isArray(refs) && refs.includes(referenceNumber)) ours.push(s);
    }
  }
  const marked: string[] = [];
  for (const s of ours) {
    if (!getCategory(ctx.d.regime, s.category).markable) continue;
    const full = await ctx.d.subjects.get(s.id, { images: true });
    if (!full || isExpired(toEurodacRecord(full), new Date(now), ctx.d.regime)) continue;
    const updated: SubjectRecord = { ...full, markedAt: now };
    await ctx.d.subjects.put(updated);
    await ctx.d.gallery.setMeta(updated.id, ctx.galleryMeta(updated));
    await ctx.audit(actor, 'record status', 'record.mark', s.referenceNumber, 'hit-on-marked-record', { markedBy: referenceNumber });
    marked.push(s.referenceNumber);
  }
  return marked;
}
