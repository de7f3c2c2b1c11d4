import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { AfisError } from '../../src/core/index.js';
import type { SubjectRecord, SubjectStore } from '../../src/index/index.js';
import type { AfisStore } from '../../src/store/index.js';
import type { AuditEntry, ImportRecordInput, TransactionStore, TransactionStores } from '../../src/transactions/index.js';
import { REGIME_2024_1358, REGIME_603_2013 } from '../../src/eurodac/index.js';
import { decodeTemplate } from '../../src/templates/index.js';
import { ADMIN, DESK, EXAMINER, IndexGallery, POLICE, buildService, rejectCode, tenPrint, type Harness } from './fixture.js';
import { STORE_KINDS, createTestStore, type TestStore } from './test-stores.js';

async function allSubjects(subjects: SubjectStore): Promise<SubjectRecord[]> {
  const out: SubjectRecord[] = [];
  for await (const batch of subjects.scan()) out.push(...batch);
  return out;
}
const published = (store: TransactionStores) => store.results.readAfter(undefined, 10_000);
const auditEntries = (store: TransactionStores): Promise<AuditEntry[]> => store.audit.read({ limit: 10_000 });

/** What a restarted process does before serving: reload the gallery from the store. */
async function loadGallery(subjects: SubjectStore): Promise<IndexGallery> {
  const gallery = new IndexGallery();
  for (const s of await allSubjects(subjects)) {
    gallery.put(s.id, s.fingers.map((f) => ({ position: f.position, template: decodeTemplate(f.template) })), {
      category: s.category, memberState: s.memberState, blocked: false, marked: s.markedAt !== undefined,
    });
  }
  return gallery;
}

/**
 * The examiner's part: confirms the candidates of `transactionId` whose reference is in
 * `genuine` (each must be in the queue) and rejects every other candidate as a false hit (the
 * engine may propose impostors; rejecting them is the examiner's job, tested here too).
 */
async function examine(h: Harness, transactionId: string, genuine: readonly string[]): Promise<number> {
  const queue = (await h.service.listExaminations(EXAMINER)).filter((e) => e.transactionId === transactionId);
  const refs = queue.map((e) => e.candidate.referenceNumber);
  for (const g of genuine) expect(refs).toContain(g);
  let rejected = 0;
  for (const e of queue) {
    const confirm = genuine.includes(e.candidate.referenceNumber);
    if (!confirm) rejected++;
    await h.service.decideExamination(e.examinationId, { decision: confirm ? 'confirmed' : 'rejected', examinerId: 'ex-1' }, EXAMINER);
  }
  return rejected;
}

const FRANCE: ImportRecordInput = {
  referenceNumber: 'FR1000000001', memberState: 'FR', category: 1, capturedAt: '2025-02-01T09:00:00Z', fingers: tenPrint('A', 1),
};
const ITALY: ImportRecordInput = {
  referenceNumber: 'IT2000000001', memberState: 'IT', category: 2, capturedAt: '2026-06-01T09:00:00Z', fingers: tenPrint('B', 1),
};

describe.each(STORE_KINDS)('the desk-to-Dublin workflow (603/2013) on the %s store', (kind) => {
  let location: TestStore;
  let stores: AfisStore;
  let subjects: SubjectStore;
  let h: Harness;
  let newPersonReference = '';

  afterAll(async () => {
    await h?.service.whenIdle();
    await location?.cleanup();
  });

  beforeAll(async () => {
    location = await createTestStore(kind);
    stores = await location.open();
    subjects = stores.subjects;
    h = await buildService({ stores, subjects });
    const imported = await h.service.importRecords([FRANCE, ITALY], ADMIN);
    expect(imported.imported.map((r) => r.referenceNumber)).toEqual(['FR1000000001', 'IT2000000001']);
  });

  it('a capture of the French applicant: 1-hit confirmed → zaventem, one result naming the French reference', async () => {
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', operatorId: 'op-7', fingers: tenPrint('A', 2) }, DESK);
    expect(accepted.status).toBe('received');
    expect(accepted.referenceNumber).toMatch(/^BE1\d{10,}$/);
    expect(accepted.quality).toHaveLength(10);
    expect(accepted.quality.every((q) => q.accepted)).toBe(true);
    await h.service.whenIdle();
    expect(h.errors).toEqual([]);

    const waiting = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(waiting.status).toBe('awaiting-examiner');
    const queue = (await h.service.listExaminations(EXAMINER)).filter((e) => e.transactionId === accepted.transactionId);
    const french = queue.find((e) => e.candidate.referenceNumber === 'FR1000000001');
    expect(french).toBeDefined();
    const detail = await h.service.getExamination(french!.examinationId, EXAMINER, { images: true });
    expect(detail.fingers).toHaveLength(10);
    const compared = detail.fingers.filter((f) => f.probe && f.candidate);
    expect(compared).toHaveLength(10);
    expect(compared.some((f) => (f.pairs?.length ?? 0) >= 8)).toBe(true);
    // another impression of the same fingers: paired, but not lying in place
    expect(compared.filter((f) => f.residueSuspected)).toEqual([]);
    expect(compared[0].candidate?.image).toBeInstanceOf(Uint8Array);

    const rejected = await examine(h, accepted.transactionId, ['FR1000000001']);
    const decided = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(decided.status).toBe('decided');
    expect(decided.result).toMatchObject({
      outcome: 'hit', route: 'zaventem', ruleId: 'eurodac-1-hit',
      dublin: { requestType: 2, requestReference: 'BE2FR1000000001', otherReference: 'FR1000000001' },
      enrolledReferenceNumber: accepted.referenceNumber, rejectedHits: rejected,
    });
    expect(decided.result?.hits.map((x) => [x.referenceNumber, x.confirmed])).toEqual([['FR1000000001', true]]);

    const stream = await h.service.readResults({ id: 'dublin-key', role: 'dublin' }, undefined);
    expect(stream).toHaveLength(1);
    expect(stream[0].dedupId).toBe(`result:${accepted.transactionId}`);
    const message = await h.decodeResult(stream[0].payload);
    expect(message).toMatchObject({ transactionId: accepted.transactionId, outcome: 'HIT', route: 'zaventem', dublin: { requestType: 2, otherReference: 'FR1000000001' } });
    expect((message.hits as { referenceNumber: string }[]).map((x) => x.referenceNumber)).toEqual(['FR1000000001']);
    // the applicant is enrolled under our reference
    expect((await subjects.getByReference(accepted.referenceNumber))?.category).toBe(1);
  });

  it('a new person: no hit → regular reception, stored as BE1…, nothing on the stream', async () => {
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('C', 1) }, DESK);
    await h.service.whenIdle();
    await examine(h, accepted.transactionId, []);
    const tx = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(tx.status).toBe('decided');
    expect(tx.result).toMatchObject({ outcome: 'no-hit', route: 'regular-reception', hits: [], enrolledReferenceNumber: accepted.referenceNumber });
    expect(tx.result?.dublin).toBeUndefined();
    newPersonReference = accepted.referenceNumber;
    expect(await subjects.getByReference(newPersonReference)).toBeDefined();
    expect(await published(stores)).toHaveLength(1);
  });

  it('a police identification of that person finds it at once, stores nothing', async () => {
    const before = { subjects: await subjects.count(), unfinished: (await stores.transactions.listUnfinished()).length };
    const r = await h.service.identifyForPolice({ purpose: 'identity check at interception', caseNumber: 'BXL-2026-0042', fingers: tenPrint('C', 2) }, POLICE);
    expect(r.outcome).toBe('hit');
    expect(r.route).toBe('police-identified');
    expect(r.hits[0]).toMatchObject({ referenceNumber: newPersonReference, confirmed: false });
    expect({ subjects: await subjects.count(), unfinished: (await stores.transactions.listUnfinished()).length }).toEqual(before);
    const entry = (await auditEntries(stores)).at(-1);
    expect(entry).toMatchObject({ action: 'police.identify', role: 'police', target: 'BXL-2026-0042', outcome: 'hit' });
    expect(entry?.purpose).toContain('identity check at interception');
  });

  it('police identification needs a purpose and a case number', async () => {
    expect(await rejectCode(h.service.identifyForPolice({ purpose: ' ', caseNumber: 'X', fingers: tenPrint('C', 2, [2]) }, POLICE))).toBe('AFIS_VALIDATION');
    expect(await rejectCode(h.service.identifyForPolice({ purpose: 'check', caseNumber: '', fingers: tenPrint('C', 2, [2]) }, POLICE))).toBe('AFIS_VALIDATION');
    expect(await rejectCode(h.service.identifyForPolice({ purpose: 'check', caseNumber: 'X', category: 1, fingers: tenPrint('C', 2, [2]) }, POLICE))).toBe('AFIS_EURODAC_CATEGORY_INVALID');
  });

  it("an examiner's rejection leaves a no-hit result and nothing on the stream", async () => {
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('B', 2) }, DESK);
    await h.service.whenIdle();
    const queue = (await h.service.listExaminations(EXAMINER)).filter((e) => e.transactionId === accepted.transactionId);
    expect(queue.map((e) => e.candidate.referenceNumber)).toContain('IT2000000001');
    for (const e of queue) await h.service.decideExamination(e.examinationId, { decision: 'rejected', examinerId: 'ex-2', comment: 'different pattern' }, EXAMINER);
    const tx = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(tx.result).toMatchObject({ outcome: 'no-hit', route: 'regular-reception', hits: [], rejectedHits: queue.length });
    expect(await published(stores)).toHaveLength(1);
    expect((await auditEntries(stores)).some((e) => e.action === 'examination.decide' && e.outcome === 'rejected' && e.details?.falseHit === true)).toBe(true);
    // deciding twice is refused
    expect(await rejectCode(h.service.decideExamination(queue[0].examinationId, { decision: 'confirmed', examinerId: 'ex-3' }, EXAMINER))).toBe('AFIS_EXAMINATION_ALREADY_DECIDED');
  });

  const footprint = async () => ({
    subjects: await subjects.count(),
    unfinished: (await stores.transactions.listUnfinished()).length,
    accepted: (await auditEntries(stores)).filter((e) => e.action === 'transaction.create' && e.outcome === 'accepted').length,
  });

  it('a truncated image is refused with a 4xx and nothing is stored', async () => {
    const before = await footprint();
    const fingers = tenPrint('D', 1);
    const full = fingers[3].image;
    const broken = [...fingers.slice(0, 3), { ...fingers[3], image: full.subarray(0, Math.floor(full.length / 2)) }, ...fingers.slice(4)];
    let error: unknown;
    try {
      await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: broken }, DESK);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AfisError);
    expect((error as AfisError).status).toBeGreaterThanOrEqual(400);
    expect((error as AfisError).status).toBeLessThan(500);
    expect((error as AfisError).details?.position).toBe(4);
    expect(await footprint()).toEqual(before);
  });

  it('a finger below the quality threshold is refused at once, naming the position', async () => {
    const before = await footprint();
    const blank = new Uint8Array(await sharp({ create: { width: 300, height: 300, channels: 3, background: { r: 200, g: 200, b: 200 } } }).png().toBuffer());
    const fingers = tenPrint('D', 1).map((f) => (f.position === 7 ? { ...f, image: blank } : f));
    let error: AfisError | undefined;
    try {
      await h.service.submitCapture({ category: 1, memberState: 'BE', fingers }, DESK);
    } catch (e) {
      error = e as AfisError;
    }
    expect(error?.code).toBe('AFIS_QUALITY_INSUFFICIENT');
    expect(error?.details?.recapture).toEqual([7]);
    // the same answer says why, with anything else to redo (one list for the desk)
    expect(error?.details?.advice).toContainEqual(expect.objectContaining({ target: 'finger', position: 7, required: true }));
    expect((error?.details?.advice as { required: boolean; position: number }[]).filter((a) => a.required).map((a) => a.position)).toEqual([7]);
    expect(await footprint()).toEqual(before);
  });

  it('intake refuses what the regime does not allow', async () => {
    const nine = tenPrint('D', 1).slice(0, 9);
    expect(await rejectCode(h.service.submitCapture({ category: 1, memberState: 'BE', fingers: nine }, DESK))).toBe('AFIS_EURODAC_FINGERS_MISSING');
    expect(await rejectCode(h.service.submitCapture({ category: 7, memberState: 'BE', fingers: nine }, DESK))).toBe('AFIS_EURODAC_CATEGORY_INVALID');
    expect(await rejectCode(h.service.submitCapture({ category: 1, memberState: 'UK', fingers: nine }, DESK))).toBe('AFIS_EURODAC_MEMBER_STATE_INVALID');
    // a desk registers for our member state only
    expect(await rejectCode(h.service.submitCapture({ category: 1, memberState: 'FR', fingers: nine }, DESK))).toBe('AFIS_EURODAC_MEMBER_STATE_INVALID');
    expect(await rejectCode(h.service.submitCapture({ category: 1, memberState: 'BE', age: 12, fingers: tenPrint('D', 1) }, DESK))).toBe('AFIS_EURODAC_UNDER_MINIMUM_AGE');
    expect(await rejectCode(h.service.submitCapture({ category: 1, memberState: 'BE', referenceNumber: 'BE2000000009', fingers: tenPrint('D', 1) }, DESK))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(await rejectCode(h.service.submitCapture({ category: 1, memberState: 'BE', referenceNumber: newPersonReference, fingers: tenPrint('D', 1) }, DESK))).toBe('AFIS_CONFLICT');
    // nine captured + one declared missing is accepted
    const declared = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: nine, missingFingers: [{ position: 10, reason: 'amputated' }] }, DESK);
    await h.service.whenIdle();
    await examine(h, declared.transactionId, []);
    expect((await h.service.getTransaction(declared.transactionId, DESK)).result?.route).toBe('regular-reception');
  });

  it('a re-sent capture keeps the reference number it was given', async () => {
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', referenceNumber: 'BE10000777001', fingers: tenPrint('D', 2) }, DESK);
    expect(accepted.referenceNumber).toBe('BE10000777001');
    await h.service.whenIdle();
    await examine(h, accepted.transactionId, []);
    expect((await h.service.getTransaction(accepted.transactionId, DESK)).referenceNumber).toBe('BE10000777001');
  });

  it('1:1 verification against a reference number', async () => {
    const same = await h.service.verify({ referenceNumber: 'FR1000000001', fingers: tenPrint('A', 2, [1, 2, 7]) }, DESK);
    expect(same.match).toBe(true);
    expect(same.fingerScores).toHaveLength(3);
    const other = await h.service.verify({ referenceNumber: 'FR1000000001', fingers: tenPrint('C', 2, [1, 2, 7]) }, DESK);
    expect(other.match).toBe(false);
    expect(other.score).toBeLessThan(other.threshold);
    expect(await rejectCode(h.service.verify({ referenceNumber: 'FR1999999999', fingers: tenPrint('A', 2, [1]) }, DESK))).toBe('AFIS_RECORD_NOT_FOUND');
  });

  it('marking: a later capture hitting a marked French record goes to regular reception with an information request', async () => {
    const status = await h.service.markRecord({ referenceNumber: 'FR1000000001', reason: 'protection-granted' }, ADMIN);
    expect(status.markedAt).toBe(new Date(h.clock.now).toISOString());
    // our enrolment of the first capture hit the French record: marked too
    const ours = (await allSubjects(subjects)).find((s) => s.memberState === 'BE' && (s.extra?.hitReferences as string[] | undefined)?.includes('FR1000000001'));
    expect(ours?.markedAt).toBe(h.clock.now);
    expect((await auditEntries(stores)).some((e) => e.action === 'record.mark' && e.outcome === 'hit-on-marked-record')).toBe(true);
    // the same person at the desk again (the same capture images: a re-registration)
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('A', 2) }, DESK);
    await h.service.whenIdle();
    // the French record and our own enrolment of the first capture
    const firstEnrolment = (await allSubjects(subjects)).find((s) => (s.extra?.hitReferences as string[] | undefined)?.includes('FR1000000001'));
    await examine(h, accepted.transactionId, ['FR1000000001', firstEnrolment!.referenceNumber]);
    const tx = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(tx.result).toMatchObject({ outcome: 'hit', route: 'regular-reception', ruleId: 'protection-granted-elsewhere', dublin: { requestType: 3, otherReference: 'FR1000000001' } });
    expect(tx.result?.hits.map((x) => x.referenceNumber).sort()).toEqual([firstEnrolment!.referenceNumber, 'FR1000000001'].sort());
  });

  it('advance erasure removes the record from store and gallery', async () => {
    expect(await rejectCode(h.service.eraseRecord({ referenceNumber: newPersonReference, reason: 'residence-permit' }, ADMIN))).toBe('AFIS_CONFLICT');
    const erased = await h.service.eraseRecord({ referenceNumber: newPersonReference, reason: 'citizenship' }, ADMIN);
    expect(erased.erasedAt).toBeDefined();
    expect(await subjects.getByReference(newPersonReference)).toBeUndefined();
    const r = await h.service.identifyForPolice({ purpose: 'check', caseNumber: 'BXL-2026-0043', fingers: tenPrint('C', 2) }, POLICE);
    expect(r.hits.map((x) => x.referenceNumber)).not.toContain(newPersonReference);
  });

  it('the retention sweep erases the category-2 record after 18 months', async () => {
    const italian = await subjects.getByReference('IT2000000001');
    expect(h.gallery.gallery.has(italian!.id)).toBe(true);
    h.clock.now = Date.parse('2027-12-02T10:00:00Z');
    const swept = await h.service.sweepRetention(ADMIN);
    expect(swept.erased).toEqual(['IT2000000001']);
    expect(await subjects.getByReference('IT2000000001')).toBeUndefined();
    expect(h.gallery.gallery.has(italian!.id)).toBe(false);
  });

  it('three years after marking, marked records are blocked for law enforcement but stay for asylum searches', async () => {
    const before = await h.service.identifyForPolice({ purpose: 'check', caseNumber: 'BXL-2027-0001', fingers: tenPrint('A', 2) }, POLICE);
    expect(before.hits.map((x) => x.referenceNumber)).toContain('FR1000000001');
    h.clock.now = Date.parse('2029-11-21T10:00:00Z');
    const swept = await h.service.sweepRetention(ADMIN);
    expect(swept.blocked).toContain('FR1000000001');
    expect((await subjects.getByReference('FR1000000001'))?.blockedAt).toBe(Date.parse('2029-11-20T10:00:00Z'));
    const after = await h.service.identifyForPolice({ purpose: 'check', caseNumber: 'BXL-2029-0001', fingers: tenPrint('A', 2) }, POLICE);
    expect(after.hits.map((x) => x.referenceNumber)).not.toContain('FR1000000001');
    // an asylum search still sees the marked record
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('A', 2) }, DESK);
    await h.service.whenIdle();
    const queue = (await h.service.listExaminations(EXAMINER)).filter((e) => e.transactionId === accepted.transactionId);
    expect(queue.map((e) => e.candidate.referenceNumber)).toContain('FR1000000001');
  });

  it('every operation is in the audit log and the chain verifies', async () => {
    const entries = await auditEntries(stores);
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['record.import', 'transaction.create', 'transaction.search', 'transaction.decide', 'examination.list', 'examination.read', 'examination.decide', 'police.identify', 'verification', 'record.mark', 'record.erase', 'record.block', 'results.read']) {
      expect(actions, a).toContain(a);
    }
    for (const e of entries) {
      expect(e.actor).not.toBe('');
      expect(e.purpose).not.toBe('');
    }
    expect((await stores.audit.verifyChain()).ok).toBe(true);
  });
});

describe.each(STORE_KINDS)('idempotency and restart on the %s store', (kind) => {
  const locations: TestStore[] = [];
  afterAll(async () => {
    for (const l of locations) await l.cleanup();
  });
  const fresh = async (): Promise<{ location: TestStore; store: AfisStore }> => {
    const location = await createTestStore(kind);
    locations.push(location);
    return { location, store: await location.open() };
  };

  it('a retried capture with the same key returns the first answer; a different body is a conflict', async () => {
    const { store } = await fresh();
    const h = await buildService({ stores: store, subjects: store.subjects });
    const input = { category: 1, memberState: 'BE', fingers: tenPrint('D', 2) };
    const a = await h.service.submitCapture(input, DESK, { idempotencyKey: 'scanner-7:0001' });
    const b = await h.service.submitCapture(input, DESK, { idempotencyKey: 'scanner-7:0001' });
    expect(b).toEqual(a);
    await h.service.whenIdle();
    expect(await store.subjects.count()).toBe(1);
    expect((await auditEntries(store)).filter((e) => e.action === 'transaction.create')).toHaveLength(1);
    expect(await rejectCode(h.service.submitCapture({ ...input, fingers: tenPrint('D', 1) }, DESK, { idempotencyKey: 'scanner-7:0001' }))).toBe('AFIS_IDEMPOTENCY_CONFLICT');
  });

  it('two re-sends racing with one reference number: one is enrolled, none is left unfinished', async () => {
    const { store } = await fresh();
    const h = await buildService({ stores: store, subjects: store.subjects });
    const send = () => h.service.submitCapture({ category: 1, memberState: 'BE', referenceNumber: 'BE10000555001', fingers: tenPrint('C', 1) }, DESK);
    const outcomes = await Promise.allSettled([send(), send()]);
    await h.service.whenIdle();
    expect(h.errors).toEqual([]);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as AfisError).code).toBe('AFIS_CONFLICT');
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    for (const o of outcomes) {
      if (o.status !== 'fulfilled') continue;
      await examine(h, o.value.transactionId, []);
    }
    expect(await store.transactions.listUnfinished()).toEqual([]);
    expect((await allSubjects(store.subjects)).filter((x) => x.referenceNumber === 'BE10000555001')).toHaveLength(1);
  });

  it('a transaction interrupted before its search is completed by resumeUnfinished after a restart', async () => {
    const { location, store } = await fresh();
    const first = await buildService({ stores: store, subjects: store.subjects });
    await first.service.importRecords([FRANCE], ADMIN);
    first.gallery.failNextSearches = 1;
    const accepted = await first.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('A', 2) }, DESK);
    await first.service.whenIdle();
    expect(first.errors).toHaveLength(1);
    expect((await store.transactions.get(accepted.transactionId))?.status).toBe('searching');
    await store.close();

    // restart: the store re-opened from its location, the gallery reloaded from it
    const reopened = await location.open();
    const second = await buildService({ stores: reopened, subjects: reopened.subjects, gallery: await loadGallery(reopened.subjects) });
    const { resumed } = await second.service.resumeUnfinished();
    expect(resumed).toEqual([accepted.transactionId]);
    await examine(second, accepted.transactionId, ['FR1000000001']);
    expect((await second.service.getTransaction(accepted.transactionId, DESK)).result?.route).toBe('zaventem');
    expect(await published(reopened)).toHaveLength(1);
  });

  it('a crash between publication and the decision record does not publish twice', async () => {
    const { location, store } = await fresh();
    // the process "dies" on the write that records the decision, after the result went out
    let crashed = false;
    const transactions: TransactionStore = {
      create: (t) => store.transactions.create(t),
      get: (id, o) => store.transactions.get(id, o),
      listUnfinished: (o) => store.transactions.listUnfinished(o),
      listRecent: (o) => store.transactions.listRecent(o),
      compareAndSet: async (id, version, patch) => {
        if (patch.status === 'decided' && !crashed) {
          crashed = true;
          throw new Error('process killed (test)');
        }
        return store.transactions.compareAndSet(id, version, patch);
      },
    };
    const crashing: TransactionStores = { transactions, examinations: store.examinations, idempotency: store.idempotency, results: store.results, audit: store.audit };
    const h = await buildService({ stores: crashing, subjects: store.subjects });
    await h.service.importRecords([FRANCE], ADMIN);
    const accepted = await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('A', 2) }, DESK, { idempotencyKey: 'desk-3:0042' });
    await h.service.whenIdle();
    const queue = await h.service.listExaminations(EXAMINER);
    expect(queue.map((e) => e.candidate.referenceNumber)).toEqual(['FR1000000001']);
    await h.service.decideExamination(queue[0].examinationId, { decision: 'confirmed', examinerId: 'ex-1' }, EXAMINER);
    expect(h.errors).toHaveLength(1);
    expect((await store.transactions.get(accepted.transactionId))?.status).toBe('awaiting-examiner');
    expect(await published(store)).toHaveLength(1);
    await store.close();

    const reopened = await location.open();
    const restarted = await buildService({ stores: reopened, subjects: reopened.subjects, gallery: await loadGallery(reopened.subjects) });
    await restarted.service.resumeUnfinished();
    const tx = await restarted.service.getTransaction(accepted.transactionId, DESK);
    expect(tx.status).toBe('decided');
    expect(tx.result?.route).toBe('zaventem');
    expect(await published(reopened)).toHaveLength(1);
    expect((await allSubjects(reopened.subjects)).filter((s) => s.memberState === 'BE')).toHaveLength(1);
    // the retried request still gets its first answer
    const again = await restarted.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('A', 2) }, DESK, { idempotencyKey: 'desk-3:0042' });
    expect(again.transactionId).toBe(accepted.transactionId);
    expect((await reopened.audit.verifyChain()).ok).toBe(true);
  });
});

describe('the recast regime (2024/1358) is configuration', () => {
  let location: TestStore;
  afterAll(async () => {
    await location?.cleanup();
  });

  it('category 2 is searched against all stored categories of other states, and children from 6 are registered', async () => {
    location = await createTestStore('embedded');
    const store = await location.open();
    const h = await buildService({ stores: store, subjects: store.subjects, regime: REGIME_2024_1358 });
    await h.service.importRecords([{ ...FRANCE, capturedAt: '2026-07-01T09:00:00Z' }], ADMIN);
    // 603/2013 would refuse a 7-year-old (minimum age 14); the recast takes prints from 6
    const accepted = await h.service.submitCapture({ category: 2, memberState: 'BE', age: 7, fingers: tenPrint('A', 2) }, DESK);
    await h.service.whenIdle();
    await examine(h, accepted.transactionId, ['FR1000000001']);
    const tx = await h.service.getTransaction(accepted.transactionId, DESK);
    expect(tx.result).toMatchObject({ outcome: 'hit', route: 'border-registration', enrolledReferenceNumber: accepted.referenceNumber });
    expect(accepted.referenceNumber).toMatch(/^BE2/);
    const enrolled = await store.subjects.getByReference(accepted.referenceNumber);
    // recast retention of category 2: 5 years from transmission
    expect(enrolled?.retentionUntil).toBe(Date.parse('2031-11-20T10:00:00Z'));
    expect(await rejectCode(h.service.submitCapture({ category: 1, memberState: 'BE', age: 5, fingers: tenPrint('A', 2) }, DESK))).toBe('AFIS_EURODAC_UNDER_MINIMUM_AGE');
  });

  it('under 603/2013 the same category-2 capture is stored without a search', async () => {
    const other = await createTestStore('embedded');
    try {
      const store = await other.open();
      const h = await buildService({ stores: store, subjects: store.subjects, regime: REGIME_603_2013 });
      await h.service.importRecords([FRANCE], ADMIN);
      const accepted = await h.service.submitCapture({ category: 2, memberState: 'BE', fingers: tenPrint('A', 2) }, DESK);
      await h.service.whenIdle();
      const tx = await h.service.getTransaction(accepted.transactionId, DESK);
      expect(tx.result).toMatchObject({ outcome: 'no-hit', route: 'border-registration' });
      expect(h.gallery.searches).toBe(0);
      expect((await store.subjects.getByReference(accepted.referenceNumber))?.retentionUntil).toBe(Date.parse('2028-05-20T10:00:00Z'));
    } finally {
      await other.cleanup();
    }
  });
});
