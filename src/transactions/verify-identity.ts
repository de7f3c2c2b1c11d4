// A 1:1 verification against one stored record.
import { DomainError } from '../core/index.js';
import { isBlocked, isExpired } from '../eurodac/index.js';
import { toEurodacRecord } from './record-views.js';
import type { Actor, FingerScore, VerificationInput, VerificationResult } from './types.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * `POST /v1/verifications`: 1:1 of the given fingers against the record with that reference
 * (same positions), fused; `match` when the fused score reaches the verification threshold.
 * An erased, expired or unknown reference is AFIS_RECORD_NOT_FOUND.
 */
export async function verifyIdentity(ctx: WorkflowContext, input: VerificationInput, actor: Actor): Promise<VerificationResult> {
  const purpose = input.purpose?.trim() || `1:1 verification (${actor.role})`;
  const subject = typeof input.referenceNumber === 'string' ? await ctx.d.subjects.getByReference(input.referenceNumber) : undefined;
  const now = new Date(ctx.now());
  if (!subject || isExpired(toEurodacRecord(subject), now, ctx.d.regime) || subject.erasedAt !== undefined ||
    (actor.role === 'police' && isBlocked(toEurodacRecord(subject), now, ctx.d.regime))) {
    await ctx.audit(actor, purpose, 'verification', String(input.referenceNumber).slice(0, 64), 'not-found');
    throw new DomainError('AFIS_RECORD_NOT_FOUND', `no record with reference number ${JSON.stringify(String(input.referenceNumber).slice(0, 64))}`);
  }
  const prepared = await ctx.prepare(input.fingers, null);
  const fingerScores: FingerScore[] = [];
  const perFinger: (number | null)[] = [];
  const minutiae: number[] = [];
  for (const f of prepared.fingers) {
    const stored = subject.fingers.find((s) => s.position === f.position);
    if (!stored) continue;
    const candidate = ctx.d.templates.decode(stored.template);
    const score = ctx.d.matcher.compare(f.template, candidate);
    fingerScores.push({ position: f.position, score });
    perFinger.push(score);
    minutiae.push(Math.min(f.template.minutiae.length, candidate.minutiae.length));
  }
  const score = ctx.d.matcher.fuse(perFinger, minutiae);
  const threshold = ctx.d.matcher.verificationThreshold?.(fingerScores.length) ?? ctx.settings.verificationThreshold;
  const result: VerificationResult = { referenceNumber: subject.referenceNumber, match: fingerScores.length > 0 && score >= threshold, score, threshold, fingerScores };
  await ctx.audit(actor, purpose, 'verification', subject.referenceNumber, result.match ? 'match' : 'no-match', { score });
  return result;
}
