// Reading transactions and the published results (desk, Dublin unit, examiners).
import { DomainError } from '../core/index.js';
import type { PublishedResult } from './ports.js';
import type { Actor, TransactionView } from './types.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * `GET /v1/transactions?since=`: transactions created at or after `since` (epoch ms), newest
 * first, at most `limit`; a desk sees only those its key submitted (the day's list of a desk).
 */
export async function listTransactions(ctx: WorkflowContext, actor: Actor, options: { since: number; limit?: number }): Promise<TransactionView[]> {
  const recent = await ctx.d.stores.transactions.listRecent(options);
  const visible = actor.role === 'desk' ? recent.filter((tx) => ctx.requester(tx).id === actor.id) : recent;
  await ctx.audit(actor, 'transaction status', 'transaction.list', undefined, `${visible.length}`, { since: options.since });
  return visible.map((tx) => ctx.toView(tx));
}

export async function getTransaction(ctx: WorkflowContext, id: string, actor: Actor): Promise<TransactionView> {
  const tx = await ctx.d.stores.transactions.get(id);
  if (!tx) throw new DomainError('AFIS_TRANSACTION_NOT_FOUND', `no transaction ${JSON.stringify(id.slice(0, 80))}`);
  await ctx.audit(actor, 'transaction status', 'transaction.read', id, tx.status);
  return ctx.toView(tx);
}

export async function readResults(ctx: WorkflowContext, actor: Actor, after: string | undefined, limit?: number): Promise<PublishedResult[]> {
  const results = await ctx.d.stores.results.readAfter(after, limit);
  await ctx.audit(actor, 'dublin procedure', 'results.read', after, `${results.length}`);
  return results;
}
