// The step machine of a capture: search, examinations, then the decision; resumed after a restart.
import { AfisError, DomainError } from '../core/index.js';
import { getCategory } from '../eurodac/index.js';
import type { JsonObject, JsonValue, TransactionRecord } from './ports.js';
import { decodeProbeBundle } from './probe-bundle.js';
import { idempotencyStoreKey } from './run-idempotent.js';
import { candidateFromJson, candidateToJson } from './record-views.js';
import { finalizeTransaction } from './finalize-transaction.js';
import { KIND_CAPTURE, KIND_CENTRAL, isTransmitted, type WorkflowContext } from './workflow-context.js';
import { refuseTransaction } from './refuse-transaction.js';
import { answerCentralTransaction } from './answer-central-transaction.js';

/** Guards the step loop of one transaction against a store that never converges. */
const MAX_STEPS_PER_ADVANCE = 12;

/**
 * Completes every unfinished transaction after a restart: searches what was not searched,
 * opens missing examinations, routes and publishes what all examiners decided (publication is
 * deduplicated, so nothing goes out twice) and completes idempotency keys whose answer was
 * lost. Returns the ids it advanced. Call once at start-up, before serving.
 */
export async function resumeUnfinished(ctx: WorkflowContext): Promise<{ resumed: string[] }> {
  const unfinished = await ctx.d.stores.transactions.listUnfinished();
  const resumed: string[] = [];
  for (const tx of unfinished) {
    if (tx.kind !== KIND_CAPTURE && tx.kind !== KIND_CENTRAL) continue;
    const key = typeof tx.request.idempotencyKey === 'string' ? tx.request.idempotencyKey : undefined;
    if (key !== undefined) {
      const storeKey = idempotencyStoreKey('capture', ctx.requester(tx), key);
      const k = await ctx.d.stores.idempotency.get(storeKey);
      if (k && k.response === undefined) {
        await ctx.d.stores.idempotency.complete(storeKey, { status: 200, body: ctx.acceptedOf(tx) as unknown as JsonValue });
      }
    }
    try {
      await advanceTransaction(ctx, tx.id);
      resumed.push(tx.id);
    } catch (e) {
      ctx.d.onBackgroundError?.(e, tx.id);
    }
  }
  return { resumed };
}

export async function whenIdle(ctx: WorkflowContext): Promise<void> {
  while (ctx.inflight.size > 0) await Promise.allSettled([...ctx.inflight]);
}

export function scheduleAdvance(ctx: WorkflowContext, id: string): void {
  const p: Promise<void> = advanceTransaction(ctx, id)
    .catch((e: unknown) => ctx.d.onBackgroundError?.(e, id))
    .finally(() => ctx.inflight.delete(p));
  ctx.inflight.add(p);
}

export async function advanceTransaction(ctx: WorkflowContext, id: string): Promise<void> {
  for (let i = 0; i < MAX_STEPS_PER_ADVANCE; i++) {
    const tx = await ctx.d.stores.transactions.get(id, { probe: true });
    if (!tx || tx.status === 'decided') return;
    if (tx.kind === KIND_CENTRAL) {
      await answerCentralTransaction(ctx, tx);
      continue;
    }
    const searched = tx.steps.find((s) => s.step === 'searched');
    if (searched === undefined) {
      await runSearch(ctx, tx);
      continue;
    }
    const local = ((searched.detail?.candidates ?? []) as JsonObject[]).map(candidateFromJson);
    const has = (step: string) => tx.steps.some((s) => s.step === step);
    // the old form of this step is the status alone
    if (local.length > 0 && !has('examinations-opened') && tx.status !== 'awaiting-examiner') {
      await openExaminations(ctx, tx, local.map(candidateToJson), 'examinations-opened');
      continue;
    }
    let fromCentral: JsonObject[] = [];
    if (isTransmitted(tx)) {
      // a transmitted capture is decided once the central system's reply is in
      const replied = tx.steps.find((s) => s.step === 'central-replied');
      if (replied === undefined) return;
      if (replied.detail?.outcome === 'rejected') {
        await refuseTransaction(ctx, tx, replied.detail.rejection as JsonObject);
        continue;
      }
      fromCentral = (replied.detail?.candidates ?? []) as JsonObject[];
      if (fromCentral.length > 0 && !has('central-examinations-opened')) {
        await openExaminations(ctx, tx, fromCentral, 'central-examinations-opened');
        continue;
      }
    }
    const exams = local.length + fromCentral.length === 0 ? [] : await ctx.d.stores.examinations.listByTransaction(id);
    if (exams.some((e) => e.status === 'pending')) return;
    await finalizeTransaction(ctx, tx, exams);
  }
}

async function runSearch(ctx: WorkflowContext, tx: TransactionRecord): Promise<void> {
  let current = tx;
  if (current.status === 'received') {
    const r = await ctx.d.stores.transactions.compareAndSet(tx.id, tx.version, { status: 'searching', appendSteps: [{ step: 'search-started', at: ctx.now() }] });
    if (!r.ok) return;
    current = r.record;
  }
  if (!tx.probe) throw new DomainError('AFIS_STORE_CORRUPT', `transaction ${tx.id} lost its probe before the search`);
  const rule = getCategory(ctx.d.regime, Number(tx.request.category));
  const probe = decodeProbeBundle(tx.probe).map((f) => ({ position: f.position, template: ctx.d.templates.decode(f.template) }));
  // with a central system the national search looks at our own records only (the central one compares with the other states)
  const candidates = await ctx.search(probe, rule, tx.request.compareOwnData === true || isTransmitted(tx), tx.id, { ownOnly: isTransmitted(tx) });
  const r = await ctx.d.stores.transactions.compareAndSet(tx.id, current.version, {
    appendSteps: [{ step: 'searched', at: ctx.now(), detail: { candidates: candidates.map(candidateToJson) } }],
  });
  if (r.ok) {
    await ctx.audit(ctx.requester(tx), ctx.purposeOf(rule), 'transaction.search', tx.id, candidates.length > 0 ? 'candidates' : 'no-candidates',
      { candidates: candidates.map((c) => c.referenceNumber) });
  }
}

async function openExaminations(ctx: WorkflowContext, tx: TransactionRecord, candidates: readonly JsonObject[], step: string): Promise<void> {
  const at = ctx.now();
  for (const c of candidates) {
    try {
      await ctx.d.stores.examinations.create({ id: `${tx.id}:${String(c.subjectId)}`, transactionId: tx.id, candidate: c, createdAt: at });
    } catch (e) {
      // Created before a restart: keep the first one.
      if (!(e instanceof AfisError && e.code === 'AFIS_CONFLICT')) throw e;
    }
  }
  await ctx.d.stores.transactions.compareAndSet(tx.id, tx.version, {
    status: 'awaiting-examiner', appendSteps: [{ step, at, detail: { count: candidates.length } }],
  });
}
