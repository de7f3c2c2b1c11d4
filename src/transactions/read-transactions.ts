// Reading transactions and the published results (desk, Dublin unit, examiners).
import { DomainError } from '../core/index.js';
import type { JsonObject, PublishedResult, TransactionRecord } from './ports.js';
import { iso } from './record-views.js';
import type { Actor, EurodacLinkView, TransactionView } from './types.js';
import { isTransmitted, type WorkflowContext } from './workflow-context.js';

/**
 * `GET /v1/transactions?since=`: transactions created at or after `since` (epoch ms), newest
 * first, at most `limit`; a desk sees only those its key submitted (the day's list of a desk).
 */
export async function listTransactions(ctx: WorkflowContext, actor: Actor, options: { since: number; limit?: number }): Promise<TransactionView[]> {
  const recent = await ctx.d.stores.transactions.listRecent(options);
  const visible = actor.role === 'desk' ? recent.filter((tx) => ctx.requester(tx).id === actor.id) : recent;
  await ctx.audit(actor, 'transaction status', 'transaction.list', undefined, `${visible.length}`, { since: options.since });
  return Promise.all(visible.map((tx) => viewWithLink(ctx, tx)));
}

export async function getTransaction(ctx: WorkflowContext, id: string, actor: Actor): Promise<TransactionView> {
  const tx = await ctx.d.stores.transactions.get(id);
  if (!tx) throw new DomainError('AFIS_TRANSACTION_NOT_FOUND', `no transaction ${JSON.stringify(id.slice(0, 80))}`);
  await ctx.audit(actor, 'transaction status', 'transaction.read', id, tx.status);
  return viewWithLink(ctx, tx);
}

/** The transaction view, with where it stands with the central system when it was transmitted. */
async function viewWithLink(ctx: WorkflowContext, tx: TransactionRecord): Promise<TransactionView> {
  const view = ctx.toView(tx);
  if (!isTransmitted(tx) || !ctx.d.stores.outbox) return view;
  const e = await ctx.d.stores.outbox.get(tx.id);
  if (!e) return view;
  const now = ctx.now();
  const replyDueBy = typeof e.detail.replyDueBy === 'number' ? e.detail.replyDueBy : undefined;
  const answeredAt = typeof e.detail.answeredAt === 'number' ? e.detail.answeredAt : undefined;
  const state: EurodacLinkView['state'] = e.deliveredAt === undefined ? 'waiting-transmission'
    : e.closedAt !== undefined ? (e.detail.outcome === 'rejected' ? 'refused' : 'answered') : 'awaiting-reply';
  const overdue = state === 'waiting-transmission' && now > e.dueBy ? 'transmission' as const
    : state === 'awaiting-reply' && replyDueBy !== undefined && now > replyDueBy ? 'reply' as const : undefined;
  const resendOf = (tx.request.eurodac as JsonObject).resendOf;
  const eurodac: EurodacLinkView = {
    state, transmitDueBy: iso(e.dueBy), attempts: e.attempts,
    ...(e.deliveredAt === undefined ? {} : { transmittedAt: iso(e.deliveredAt) }),
    ...(replyDueBy === undefined ? {} : { replyDueBy: iso(replyDueBy) }),
    ...(answeredAt === undefined ? {} : { answeredAt: iso(answeredAt) }),
    ...(e.closedAt === undefined ? { nextAttemptAt: iso(e.nextAttemptAt) } : {}),
    ...(e.lastError === undefined ? {} : { lastError: e.lastError }),
    ...(overdue === undefined ? {} : { overdue }),
    ...(typeof resendOf === 'string' ? { resendOf } : {}),
  };
  return { ...view, eurodac };
}

export async function readResults(ctx: WorkflowContext, actor: Actor, after: string | undefined, limit?: number): Promise<PublishedResult[]> {
  const results = await ctx.d.stores.results.readAfter(after, limit);
  await ctx.audit(actor, 'dublin procedure', 'results.read', after, `${results.length}`);
  return results;
}
