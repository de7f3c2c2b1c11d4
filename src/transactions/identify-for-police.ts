// A police identification: search only, answered at once, nothing stored.
import { AfisError, DomainError } from '../core/index.js';
import { decideRoute, getCategory, validateFingerCoverage } from '../eurodac/index.js';
import { iso } from './record-views.js';
import type { Actor, CallOptions, PoliceHitView, PoliceIdentificationInput, PoliceIdentificationResult } from './types.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * `POST /v1/police/identifications`: search only, answered at once, nothing stored. Purpose
 * and case number are mandatory. Hits are the automatic comparison's candidates (not
 * examiner-confirmed) with their record status; blocked records are not searched.
 */
export async function identifyForPolice(ctx: WorkflowContext, input: PoliceIdentificationInput, actor: Actor, options: CallOptions = {}): Promise<PoliceIdentificationResult> {
  return ctx.idempotent(options.idempotencyKey, 'police-identification', input, actor, async () => {
    const purposeText = typeof input.purpose === 'string' ? input.purpose.trim() : '';
    const caseNumber = typeof input.caseNumber === 'string' ? input.caseNumber.trim() : '';
    if (purposeText === '') throw new DomainError('AFIS_VALIDATION', 'purpose is mandatory for a police identification');
    if (caseNumber === '') throw new DomainError('AFIS_VALIDATION', 'caseNumber is mandatory for a police identification');
    const rule = getCategory(ctx.d.regime, input.category ?? 4);
    if (rule.purpose !== 'law-enforcement') {
      throw new DomainError('AFIS_EURODAC_CATEGORY_INVALID', `category ${rule.digit} is not a law-enforcement category`);
    }
    validateFingerCoverage(rule, ctx.positionsOf(input.fingers), ctx.missingOf(input.missingFingers));
    const purpose = `law-enforcement: ${purposeText} (case ${caseNumber})`;
    let result: PoliceIdentificationResult;
    try {
      const prepared = await ctx.prepare(input.fingers, null);
      const probe = prepared.fingers.map((f) => ({ position: f.position, template: f.template }));
      const candidates = await ctx.search(probe, rule, false, undefined);
      const hits: PoliceHitView[] = [];
      for (const c of candidates) {
        const subject = await ctx.d.subjects.get(c.subjectId);
        hits.push({
          ...ctx.hitView(c, false),
          status: {
            ...(subject?.markedAt === undefined ? {} : { markedAt: iso(subject.markedAt) }),
            ...(subject?.blockedAt === undefined ? {} : { blockedAt: iso(subject.blockedAt) }),
          },
        });
      }
      const decision = decideRoute({ category: rule.digit, memberState: ctx.d.memberState, purpose: rule.purpose }, candidates.map((c) => ctx.confirmedHit(c)), ctx.d.policy);
      result = { outcome: decision.outcome, route: decision.route, hits };
    } catch (e) {
      await ctx.audit(actor, purpose, 'police.identify', caseNumber, `error:${e instanceof AfisError ? e.code : 'AFIS_INTERNAL'}`);
      throw e;
    }
    await ctx.audit(actor, purpose, 'police.identify', caseNumber, result.outcome, { hits: result.hits.map((h) => h.referenceNumber) });
    return result;
  });
}
