// A capture the central system refused: back to the desk with the reason, nothing enrolled or published.
import { getCategory } from '../eurodac/index.js';
import type { JsonObject, TransactionRecord } from './ports.js';
import { iso } from './record-views.js';
import type { WorkflowContext } from './workflow-context.js';

/** Route of a refused capture: the desk recaptures and re-sends it under the same reference. */
export const ROUTE_RECAPTURE = 'recapture';

/**
 * Decides a transmitted capture the central system refused (quality, sequence, format): its
 * result is `outcome: rejected` with the reason and the time until which the desk may re-send
 * under the same reference number; the person is not enrolled (so the reference stays free for
 * the re-send) and nothing goes to the Dublin unit.
 */
export async function refuseTransaction(ctx: WorkflowContext, tx: TransactionRecord, rejection: JsonObject): Promise<void> {
  const rule = getCategory(ctx.d.regime, Number(tx.request.category));
  const at = ctx.now();
  const result: JsonObject = {
    outcome: 'rejected', hits: [], route: ROUTE_RECAPTURE, ruleId: 'central-rejection', inform: [], decidedAt: iso(at), rejectedHits: 0,
    rejection, resendBefore: iso(tx.createdAt + ctx.settings.resendWindowMs),
  };
  const r = await ctx.d.stores.transactions.compareAndSet(tx.id, tx.version, {
    status: 'decided', result, probe: null, appendSteps: [{ step: 'refused-by-central', at, detail: { code: String(rejection.code ?? '') } }],
  });
  if (!r.ok) return;
  await ctx.audit(ctx.requester(tx), ctx.purposeOf(rule), 'transaction.decide', tx.id, 'rejected', {
    reason: String(rejection.reason ?? ''), code: String(rejection.code ?? ''),
  });
}
