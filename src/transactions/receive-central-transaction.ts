// Central side (`afis central`): a member state's transaction is received and stored once.
import { AfisError, DomainError } from '../core/index.js';
import { getCategory, validateMemberState, validateReferenceNumber } from '../eurodac/index.js';
import { readEurodacTransaction } from '../formats/index.js';
import type { CentralReply } from './dependencies.js';
import { scheduleAdvance } from './advance-transaction.js';
import type { Actor } from './types.js';
import { KIND_CENTRAL, type WorkflowContext } from './workflow-context.js';

const PURPOSE = 'eurodac central comparison';

/** The central system's id of a member state's transaction: the state and its own id. */
export function centralTransactionId(memberState: string, transactionId: string): string {
  return `${memberState}-${transactionId}`;
}

/**
 * `POST /v1/central/transactions`: an ANSI/NIST-ITL transaction in the Eurodac profile.
 * Checks its data against the regime (member state, category, reference), stores it (the file
 * itself, until it is answered) and answers at once; the comparison and the reply follow in the
 * background. A transaction id received before is a `duplicate`: nothing changes, so a member
 * state may re-deliver after a crash. Throws AFIS_ANSI_NIST_INVALID and the Eurodac codes for a
 * transaction it refuses outright (the sender treats these as a format rejection).
 */
export async function receiveCentralTransaction(ctx: WorkflowContext, bytes: Uint8Array, actor: Actor): Promise<{ transactionId: string; status: 'accepted' | 'duplicate' }> {
  let e;
  try {
    e = readEurodacTransaction(bytes);
    validateMemberState(e.memberState);
    const rule = getCategory(ctx.d.regime, e.category);
    if (rule.purpose === 'law-enforcement') throw new DomainError('AFIS_EURODAC_CATEGORY_INVALID', `category ${rule.digit} is not sent as a registration`);
    validateReferenceNumber(e.referenceNumber, { memberState: e.memberState, category: e.category }, ctx.d.regime);
  } catch (err) {
    await ctx.audit(actor, PURPOSE, 'central.receive', undefined, `refused:${err instanceof AfisError ? err.code : 'AFIS_INTERNAL'}`);
    throw err;
  }
  const id = centralTransactionId(e.memberState, e.transactionId);
  const at = ctx.now();
  try {
    await ctx.d.stores.transactions.create({
      id, kind: KIND_CENTRAL, status: 'received', referenceNumber: e.referenceNumber, createdAt: at, probe: bytes,
      request: {
        transactionId: e.transactionId, memberState: e.memberState, category: e.category, referenceNumber: e.referenceNumber,
        capturedAt: e.takenAt, sentAt: e.sentAt, resend: e.resend, actor: { id: actor.id, role: actor.role },
        missingFingers: e.missingFingers.map((m) => ({ position: m.position, reason: m.reason })),
        ...(e.operatorId === undefined ? {} : { operatorId: e.operatorId }),
        ...(e.sex === undefined ? {} : { sex: e.sex }),
        ...(e.place === undefined ? {} : { place: e.place }),
      },
      steps: [{ step: 'received', at }],
    });
  } catch (err) {
    if (!(err instanceof AfisError && err.code === 'AFIS_CONFLICT')) throw err;
    await ctx.audit(actor, PURPOSE, 'central.receive', id, 'duplicate', { referenceNumber: e.referenceNumber });
    return { transactionId: e.transactionId, status: 'duplicate' };
  }
  await ctx.audit(actor, PURPOSE, 'central.receive', id, 'accepted', { referenceNumber: e.referenceNumber, category: e.category, fingers: e.fingers.length, bytes: bytes.length });
  scheduleAdvance(ctx, id);
  return { transactionId: e.transactionId, status: 'accepted' };
}

/** `GET /v1/central/transactions/:memberState/:id/reply`: the reply, or `pending`. AFIS_TRANSACTION_NOT_FOUND when never received. */
export async function readCentralReply(ctx: WorkflowContext, memberState: string, transactionId: string, actor: Actor): Promise<{ state: 'pending' } | { state: 'answered'; reply: CentralReply }> {
  const id = centralTransactionId(memberState, transactionId);
  const tx = await ctx.d.stores.transactions.get(id);
  if (!tx || tx.kind !== KIND_CENTRAL) throw new DomainError('AFIS_TRANSACTION_NOT_FOUND', `no transaction ${JSON.stringify(transactionId.slice(0, 80))} of ${memberState}`);
  if (tx.status !== 'decided' || tx.result === undefined) return { state: 'pending' };
  await ctx.audit(actor, PURPOSE, 'central.reply-read', id, String(tx.result.outcome));
  return { state: 'answered', reply: tx.result as unknown as CentralReply };
}
