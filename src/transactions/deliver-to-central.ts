// The outbox to the central system: delivery with retries and back-off, reply polls, deadline alerts.
import { AfisError } from '../core/index.js';
import type { CentralLink } from './dependencies.js';
import type { JsonObject, OutboxEntry, OutboxPatch } from './ports.js';
import { LINK_ACTOR, takeCentralReply } from './take-central-reply.js';
import type { WorkflowContext } from './workflow-context.js';

/** What the outbox holds after one pass, for the metrics. */
export interface LinkState {
  /** Not yet acknowledged by the central system. */
  readonly waitingTransmission: number;
  /** Delivered, reply not yet taken. */
  readonly awaitingReply: number;
  /** Past the 72-hour transmission deadline and still not delivered. */
  readonly transmissionOverdue: number;
  /** Past the reply deadline without a reply. */
  readonly replyOverdue: number;
}

const PURPOSE = 'eurodac transmission';

const messageOf = (err: unknown): string => (err instanceof AfisError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err));

/** The delay before attempt `n + 1` after `n` failures: base × 2^(n−1), at most `max`. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
}

/**
 * One pass over the open outbox entries: delivers what is due (an entry is marked delivered
 * only after the central system acknowledged it, so a crash in between sends it again and the
 * central side, which deduplicates by transaction id, answers `duplicate`), asks for the
 * replies of delivered ones, and raises each deadline alert once. Several processes may run
 * passes over one store: updates are compare-and-set, and a second delivery is a duplicate.
 * Cost: one store read per open entry, plus the network calls that are due.
 */
export async function deliverToCentral(ctx: WorkflowContext): Promise<LinkState> {
  const link = ctx.d.central;
  const outbox = ctx.d.stores.outbox;
  const state = { waitingTransmission: 0, awaitingReply: 0, transmissionOverdue: 0, replyOverdue: 0 };
  if (!link || !outbox) return state;
  for (const entry of await outbox.listOpen()) {
    const now = ctx.now();
    let e = await checkDeadlines(ctx, entry, now);
    if (e.nextAttemptAt <= now) {
      try {
        e = e.deliveredAt === undefined ? await transmit(ctx, link, e) : await poll(ctx, link, e);
      } catch (err) {
        ctx.d.onBackgroundError?.(err, e.id);
      }
    }
    if (e.closedAt !== undefined) continue;
    if (e.deliveredAt === undefined) {
      state.waitingTransmission++;
      if (now > e.dueBy) state.transmissionOverdue++;
    } else {
      state.awaitingReply++;
      if (now > Number(e.detail.replyDueBy ?? Infinity)) state.replyOverdue++;
    }
  }
  return state;
}

async function update(ctx: WorkflowContext, e: OutboxEntry, patch: OutboxPatch): Promise<OutboxEntry | undefined> {
  const r = await ctx.d.stores.outbox!.update(e.id, e.version, patch);
  // another process moved it on: its pass handles it
  return r.ok ? r.entry : undefined;
}

async function transmit(ctx: WorkflowContext, link: CentralLink, e: OutboxEntry): Promise<OutboxEntry> {
  const full = await ctx.d.stores.outbox!.get(e.id, { payload: true });
  if (!full?.payload) return e;
  const attempt = e.attempts + 1;
  const referenceNumber = String(e.detail.referenceNumber ?? '');
  let outcome;
  try {
    outcome = await link.transmit({ id: e.id, contentType: e.contentType, payload: full.payload });
  } catch (err) {
    const now = ctx.now();
    // audited before the outbox records the attempt (here and below): a crash between the two
    // then repeats the attempt and audits it again, rather than losing it from the trail
    await ctx.audit(LINK_ACTOR, PURPOSE, 'eurodac.transmit', e.id, 'error', { referenceNumber, attempt, error: messageOf(err).slice(0, 200) });
    const next = await update(ctx, e, { attempts: attempt, nextAttemptAt: now + backoffMs(attempt, ctx.settings.retryBaseMs, ctx.settings.retryMaxMs), lastError: messageOf(err) });
    return next ?? e;
  }
  const now = ctx.now();
  if (outcome.outcome === 'refused') {
    // the central system refused the message itself: final; the desk re-sends a new capture
    await ctx.audit(LINK_ACTOR, PURPOSE, 'eurodac.transmit', e.id, 'refused', { referenceNumber, attempt, code: outcome.code, bytes: full.payload.length });
    const next = await update(ctx, e, { attempts: attempt, deliveredAt: now, lastError: `${outcome.code}: ${outcome.message}` });
    await takeCentralReply(ctx, {
      transactionId: e.id, referenceNumber, memberState: ctx.d.memberState, outcome: 'rejected', hits: [], repliedAt: new Date(now).toISOString(),
      rejection: { reason: 'format', code: outcome.code, message: outcome.message },
    });
    return (await ctx.d.stores.outbox!.get(e.id)) ?? next ?? e;
  }
  await ctx.audit(LINK_ACTOR, PURPOSE, 'eurodac.transmit', e.id, outcome.outcome, { referenceNumber, attempt, bytes: full.payload.length });
  const next = await update(ctx, e, {
    attempts: attempt, deliveredAt: now, lastError: null, nextAttemptAt: now + ctx.settings.replyPollMs,
    detail: { replyDueBy: now + ctx.settings.replyDeadlineMs, polls: 0 },
  });
  if (!next) return e;
  await appendStep(ctx, e.id, 'transmitted', { attempt, duplicate: outcome.outcome === 'duplicate' });
  return next;
}

async function poll(ctx: WorkflowContext, link: CentralLink, e: OutboxEntry): Promise<OutboxEntry> {
  const polls = Number(e.detail.polls ?? 0) + 1;
  let answer;
  try {
    answer = await link.fetchReply(e.id);
  } catch (err) {
    const next = await update(ctx, e, { nextAttemptAt: ctx.now() + backoffMs(polls, ctx.settings.replyPollMs, ctx.settings.retryMaxMs), lastError: messageOf(err), detail: { polls } });
    return next ?? e;
  }
  const now = ctx.now();
  if (answer.state === 'pending') {
    return (await update(ctx, e, { nextAttemptAt: now + backoffMs(polls, ctx.settings.replyPollMs, ctx.settings.retryMaxMs), lastError: null, detail: { polls } })) ?? e;
  }
  if (answer.state === 'unknown') {
    // the central system does not have it (never stored, or lost): deliver it again
    await ctx.audit(LINK_ACTOR, PURPOSE, 'eurodac.transmit', e.id, 'unknown-at-central', { referenceNumber: String(e.detail.referenceNumber ?? '') });
    return (await update(ctx, e, { deliveredAt: null, nextAttemptAt: now, detail: { polls } })) ?? e;
  }
  // recorded once, and the entry closed, by takeCentralReply (a reply taken before closes it too)
  await takeCentralReply(ctx, answer.reply);
  return (await ctx.d.stores.outbox!.get(e.id)) ?? e;
}

/** Raises the transmission and reply deadline alerts, once each (audit, callback; visible on the transaction). */
async function checkDeadlines(ctx: WorkflowContext, e: OutboxEntry, now: number): Promise<OutboxEntry> {
  let kind: 'transmission-overdue' | 'reply-overdue' | undefined;
  if (e.deliveredAt === undefined && now > e.dueBy && e.detail.transmissionOverdueAt === undefined) kind = 'transmission-overdue';
  else if (e.deliveredAt !== undefined && now > Number(e.detail.replyDueBy ?? Infinity) && e.detail.replyOverdueAt === undefined) kind = 'reply-overdue';
  if (kind === undefined) return e;
  const detail: JsonObject = kind === 'transmission-overdue' ? { transmissionOverdueAt: now } : { replyOverdueAt: now };
  const next = await update(ctx, e, { detail });
  if (!next) return e;
  const referenceNumber = String(e.detail.referenceNumber ?? '');
  await ctx.audit(LINK_ACTOR, PURPOSE, `eurodac.${kind}`, e.id, 'alert', { referenceNumber, dueBy: kind === 'transmission-overdue' ? e.dueBy : Number(e.detail.replyDueBy) });
  ctx.d.onEurodacAlert?.({ kind, transactionId: e.id, referenceNumber });
  return next;
}

async function appendStep(ctx: WorkflowContext, id: string, step: string, detail: JsonObject): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const tx = await ctx.d.stores.transactions.get(id);
    if (!tx) return;
    const r = await ctx.d.stores.transactions.compareAndSet(id, tx.version, { appendSteps: [{ step, at: ctx.now(), detail }] });
    if (r.ok) return;
  }
}
