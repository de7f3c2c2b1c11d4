// Records of other member states: validated, extracted and stored without a search.
import { DomainError } from '../core/index.js';
import { getCategory, validateFingerCoverage, validateMemberState, validateReferenceNumber } from '../eurodac/index.js';
import type { SubjectRecord } from '../index/ports.js';
import type { ProbeFinger } from './dependencies.js';
import type { Actor, CallOptions, ImportRecordInput, ImportResult } from './types.js';
import { propagateMark } from './mark-record.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * `POST /v1/records/import`: records transmitted by other member states (or migrated), stored
 * and added to the gallery without a search. A record whose reference is already stored is
 * replaced (same subject id). All are validated and extracted before any is written.
 */
export async function importRecords(ctx: WorkflowContext, records: readonly ImportRecordInput[], actor: Actor, options: CallOptions = {}): Promise<ImportResult> {
  return ctx.idempotent(options.idempotencyKey, 'records-import', records, actor, async () => {
    if (!Array.isArray(records) || records.length === 0) throw new DomainError('AFIS_VALIDATION', 'no records to import');
    const refs = new Set<string>();
    const built: { subject: SubjectRecord; probe: ProbeFinger[]; replaced: boolean; wasMarked: boolean }[] = [];
    for (const r of records) {
      validateMemberState(r.memberState);
      const rule = getCategory(ctx.d.regime, r.category);
      if (!rule.stored) throw new DomainError('AFIS_EURODAC_CATEGORY_INVALID', `category ${rule.digit} records are not stored in regime ${ctx.d.regime.id}`);
      const referenceNumber = validateReferenceNumber(r.referenceNumber, { memberState: r.memberState, category: rule.digit }, ctx.d.regime);
      if (refs.has(referenceNumber)) throw new DomainError('AFIS_VALIDATION', `reference number ${referenceNumber} is given twice`);
      refs.add(referenceNumber);
      validateFingerCoverage(rule, ctx.positionsOf(r.fingers), ctx.missingOf(r.missingFingers));
      const prepared = await ctx.prepare(r.fingers, null);
      const existing = await ctx.d.subjects.getByReference(referenceNumber);
      const subject = ctx.subjectRecord({
        id: existing?.id ?? ctx.newId(), referenceNumber, memberState: r.memberState, category: rule.digit,
        capturedAt: ctx.toMs(r.capturedAt, 'capturedAt'),
        ...(r.sentAt === undefined ? {} : { sentAt: ctx.toMs(r.sentAt, 'sentAt') }),
        ...(r.markedAt === undefined ? {} : { markedAt: ctx.toMs(r.markedAt, 'markedAt') }),
        ...(r.blockedAt === undefined ? {} : { blockedAt: ctx.toMs(r.blockedAt, 'blockedAt') }),
        ...(r.sex === undefined ? {} : { sex: r.sex }),
        ...(r.operatorId === undefined ? {} : { operatorId: r.operatorId }),
        ...(r.place === undefined ? {} : { place: r.place }),
        missingFingers: ctx.missingOf(r.missingFingers),
      }, prepared);
      built.push({ subject, probe: prepared.fingers.map((f) => ({ position: f.position, template: f.template })), replaced: existing !== undefined, wasMarked: existing?.markedAt !== undefined });
    }
    await ctx.d.subjects.putMany(built.map((b) => b.subject));
    for (const b of built) await ctx.d.gallery.put(b.subject.id, b.probe, ctx.galleryMeta(b.subject));
    for (const b of built) {
      await ctx.audit(actor, 'records import', 'record.import', b.subject.referenceNumber, b.replaced ? 'replaced' : 'imported', { memberState: b.subject.memberState, category: b.subject.category });
      // A record that arrives marked by its state marks our records that hit it.
      if (b.subject.markedAt !== undefined && !b.wasMarked && b.subject.memberState !== ctx.d.memberState) {
        await propagateMark(ctx, b.subject.referenceNumber, actor);
      }
    }
    return { imported: built.map((b) => ({ referenceNumber: b.subject.referenceNumber, subjectId: b.subject.id, replaced: b.replaced })) };
  });
}
