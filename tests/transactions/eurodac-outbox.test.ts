/**
 * The national side of the Eurodac link in one process (issue 16): the outbox entry written with
 * the capture, delivery with retries and back-off, the deadlines and their alerts, idempotent
 * replies. The central system is a scripted double of the network (failures on demand); the
 * store is the real embedded one, the workflow the real one on synthetic persons.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEurodacTransaction } from '../../src/formats/index.js';
import { openStore, type AfisStore } from '../../src/store/index.js';
import type { CentralLink, CentralReply, ReplyPoll, TransmitOutcome } from '../../src/transactions/index.js';
import { DESK, EXAMINER, buildService, tenPrint, type Harness } from './fixture.js';

class ScriptedCentral implements CentralLink {
  readonly received: string[] = [];
  failures = 0;
  readonly replies = new Map<string, CentralReply>();
  async transmit(m: { id: string; payload: Uint8Array }): Promise<TransmitOutcome> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('connection refused (test)');
    }
    const duplicate = this.received.includes(m.id);
    this.received.push(m.id);
    return { outcome: duplicate ? 'duplicate' : 'accepted' };
  }
  async fetchReply(id: string): Promise<ReplyPoll> {
    const reply = this.replies.get(id);
    if (reply) return { state: 'answered', reply };
    return this.received.includes(id) ? { state: 'pending' } : { state: 'unknown' };
  }
}

const H = 3_600_000;

describe('Eurodac outbox (national side)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-outbox-'));
  let store: AfisStore;
  let h: Harness;
  const central = new ScriptedCentral();
  const alerts: Array<{ kind: string; transactionId: string }> = [];

  beforeAll(async () => {
    store = openStore({ kind: 'embedded', dir, durability: 'committed' });
    await store.ready();
    h = await buildService({ stores: store, subjects: store.subjects, extra: { central, onEurodacAlert: (a) => alerts.push(a) } });
  });
  afterAll(async () => {
    await h.service.whenIdle();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const actions = async (target: string) => (await store.audit.read({ limit: 1000 })).filter((e) => e.target === target).map((e) => `${e.action}:${e.outcome}`);

  it('writes the Eurodac transaction into the outbox with the capture; retries with back-off; marks it delivered only when acknowledged', async () => {
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('A', 1), operatorId: 'op-1' }, DESK);
    await h.service.whenIdle();
    const entry = await store.outbox.get(accepted.transactionId, { payload: true });
    expect(entry).toMatchObject({ attempts: 0, dueBy: h.clock.now + 72 * H, detail: { referenceNumber: accepted.referenceNumber } });
    const sent = readEurodacTransaction(entry!.payload!);
    expect(sent).toMatchObject({ transactionId: accepted.transactionId, referenceNumber: accepted.referenceNumber, category: 1, memberState: 'BE', operatorId: 'op-1', resend: false });
    expect(sent.fingers.map((f) => f.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // searched nationally, but not decided: it waits for the central reply
    expect((await h.service.getTransaction(accepted.transactionId, DESK)).status).not.toBe('decided');

    central.failures = 3;
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await h.service.deliverToCentral();
      const e = (await store.outbox.get(accepted.transactionId))!;
      delays.push(e.nextAttemptAt - h.clock.now);
      expect(e.deliveredAt).toBeUndefined();
      h.clock.now = e.nextAttemptAt;
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    const state = await h.service.deliverToCentral();
    expect(central.received).toEqual([accepted.transactionId]);
    expect(state).toMatchObject({ awaitingReply: 1, waitingTransmission: 0 });
    const view = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(view.eurodac).toMatchObject({ state: 'awaiting-reply', attempts: 4 });
    expect(await actions(accepted.transactionId)).toEqual(expect.arrayContaining(['eurodac.transmit:error', 'eurodac.transmit:accepted']));

    // the reply: no hit → decided, enrolled nationally
    central.replies.set(accepted.transactionId, { transactionId: accepted.transactionId, referenceNumber: accepted.referenceNumber, memberState: 'BE', outcome: 'no-hit', hits: [], repliedAt: new Date(h.clock.now).toISOString() });
    h.clock.now += 60_000;
    await h.service.deliverToCentral();
    const done = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(done).toMatchObject({ status: 'decided', result: { outcome: 'no-hit', enrolledReferenceNumber: accepted.referenceNumber }, eurodac: { state: 'answered' } });
    // a duplicate reply changes nothing
    expect(await h.service.takeCentralReply(central.replies.get(accepted.transactionId)!)).toBe('duplicate');
    expect((await actions(accepted.transactionId)).filter((a) => a.startsWith('eurodac.reply'))).toEqual(['eurodac.reply:no-hit']);
  }, 120_000);

  it('a hit in the reply opens an examination with the other record\'s data and prints; confirmed, it routes and publishes once', async () => {
    const first = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('B', 1) }, DESK);
    await h.service.whenIdle();
    await h.service.deliverToCentral();
    // the other state's record as the central system sends it: FR's prints of person B
    const frFingers = tenPrint('B', 2);
    const templates = await Promise.all(frFingers.map(async (f) => {
      const { decodeCapture } = await import('../../src/capture/index.js');
      const { cachedExtract } = await import('./fixture.js');
      const { encodeTemplate } = await import('../../src/templates/index.js');
      return { position: f.position, template: Buffer.from(encodeTemplate(cachedExtract(await decodeCapture(f.image)))).toString('base64'), image: Buffer.from(f.image).toString('base64'), imageFormat: 'wsq' };
    }));
    const reply: CentralReply = {
      transactionId: first.transactionId, referenceNumber: first.referenceNumber, memberState: 'BE', outcome: 'hit', repliedAt: new Date(h.clock.now).toISOString(),
      hits: [{ referenceNumber: 'FR1000000077', memberState: 'FR', category: 1, capturedAt: '2026-10-01T08:00:00.000Z', marked: false, score: 80, fingerScores: [], fingers: templates }],
    };
    expect(await h.service.takeCentralReply(reply)).toBe('applied');
    expect(await h.service.takeCentralReply(reply)).toBe('duplicate');
    const exams = (await h.service.listExaminations(EXAMINER)).filter((e) => e.transactionId === first.transactionId);
    expect(exams.map((e) => e.candidate.referenceNumber)).toEqual(['FR1000000077']);
    const detail = await h.service.getExamination(exams[0]!.examinationId, EXAMINER);
    // the examiner compares our capture with the FR prints: every finger scores, and well
    expect(detail.fingers.filter((f) => (f.score ?? 0) > 20).length).toBeGreaterThanOrEqual(8);
    await h.service.decideExamination(exams[0]!.examinationId, { decision: 'confirmed', examinerId: 'ex-1' }, EXAMINER);
    const done = await h.service.getTransaction(first.transactionId, DESK);
    expect(done.result).toMatchObject({ outcome: 'hit', route: 'zaventem', hits: [{ referenceNumber: 'FR1000000077', memberState: 'FR' }] });
    const published = (await store.results.readAfter(undefined, 100)).filter((r) => r.dedupId === `result:${first.transactionId}`);
    expect(published).toHaveLength(1);
  }, 120_000);

  it('raises each deadline alert once: no delivery in 72 hours, no reply by its deadline', async () => {
    const late = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('C', 1) }, DESK);
    await h.service.whenIdle();
    central.failures = 1_000;
    h.clock.now += 72 * H + 1;
    let state = await h.service.deliverToCentral();
    await h.service.deliverToCentral();
    expect(state.transmissionOverdue).toBe(1);
    expect(alerts.filter((a) => a.transactionId === late.transactionId)).toEqual([{ kind: 'transmission-overdue', transactionId: late.transactionId, referenceNumber: late.referenceNumber }]);
    expect((await h.service.getTransaction(late.transactionId, DESK)).eurodac).toMatchObject({ state: 'waiting-transmission', overdue: 'transmission' });

    central.failures = 0;
    h.clock.now += 24 * H;
    await h.service.deliverToCentral();
    h.clock.now += 24 * H + 1;
    state = await h.service.deliverToCentral();
    await h.service.deliverToCentral();
    expect(state.replyOverdue).toBe(1);
    expect(alerts.filter((a) => a.transactionId === late.transactionId).map((a) => a.kind)).toEqual(['transmission-overdue', 'reply-overdue']);
    expect((await h.service.getTransaction(late.transactionId, DESK)).eurodac).toMatchObject({ state: 'awaiting-reply', overdue: 'reply' });
    expect((await actions(late.transactionId)).filter((a) => a.includes('overdue'))).toEqual(['eurodac.transmission-overdue:alert', 'eurodac.reply-overdue:alert']);
  }, 120_000);
});

describe('without a central system', () => {
  it('writes no outbox entry and decides at once, as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-outbox-none-'));
    const store = openStore({ kind: 'embedded', dir, durability: 'committed' });
    try {
      const h = await buildService({ stores: store, subjects: store.subjects });
      const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('D', 1) }, DESK);
      await h.service.whenIdle();
      expect(await store.outbox.listOpen()).toEqual([]);
      const view = await h.service.getTransaction(accepted.transactionId, DESK);
      expect(view).toMatchObject({ status: 'decided', result: { outcome: 'no-hit' } });
      expect(view.eurodac).toBeUndefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a crash between a transmission and the outbox write', () => {
  it('loses no attempt from the audit trail: each is audited before the outbox records it, and a repeat after the crash is audited again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-outbox-crash-'));
    const store = openStore({ kind: 'embedded', dir, durability: 'committed' });
    try {
      const central = new ScriptedCentral();
      const h = await buildService({ stores: store, subjects: store.subjects, extra: { central } });
      const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('A', 1) }, DESK);
      await h.service.whenIdle();
      const id = accepted.transactionId;
      const actions = async () => (await store.audit.read({ limit: 1000 })).filter((e) => e.target === id).map((e) => `${e.action}:${e.outcome}`);
      // the process "dies" right after the network call: the outbox write never happens
      const outbox = store.outbox;
      const update = outbox.update.bind(outbox);
      const crashOnce = async (): Promise<void> => {
        outbox.update = async () => { throw new Error('killed between the transmission and the outbox write (test)'); };
        try {
          await h.service.deliverToCentral();
        } finally {
          outbox.update = update;
        }
      };

      central.failures = 1;
      await crashOnce();
      expect((await store.outbox.get(id))!.attempts).toBe(0);
      expect(await actions()).toContain('eurodac.transmit:error');

      await crashOnce();
      expect(central.received).toEqual([id]);
      expect((await store.outbox.get(id))!.deliveredAt).toBeUndefined();
      expect((await actions()).filter((a) => a.startsWith('eurodac.transmit'))).toEqual(['eurodac.transmit:error', 'eurodac.transmit:accepted']);

      // after the "restart" the entry is sent again; the central side answers duplicate, and that is audited too
      await h.service.deliverToCentral();
      expect(central.received).toEqual([id, id]);
      expect((await store.outbox.get(id))!.deliveredAt).toBeDefined();
      expect((await actions()).filter((a) => a.startsWith('eurodac.transmit'))).toEqual(['eurodac.transmit:error', 'eurodac.transmit:accepted', 'eurodac.transmit:duplicate']);
      await h.service.whenIdle();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
