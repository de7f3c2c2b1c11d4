/**
 * The Eurodac link end to end (issue 16): two national services (BE and FR, each with its own
 * embedded store) and one `afis central`, as real processes over real HTTP (the built
 * `bin/afis.js`; `npm test` builds first). Synthetic test persons only (tests/helpers/persons.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { personFinger, personTenPrint, type Person } from '../helpers/persons.js';
import { killService, startService, until, type ServiceProcess } from '../helpers/service-process.js';

const NATIONAL_KEYS = 'desk:desk-key-link,examiner:examiner-key-link,dublin:dublin-key-link,auditor:auditor-key-link';
const CENTRAL_KEYS = 'member-state:member-state-key-link,auditor:auditor-key-link';
const H = (role: string) => ({ authorization: `Bearer ${role}-key-link`, 'content-type': 'application/json' });

interface View {
  status: string; referenceNumber: string;
  result?: { outcome: string; route: string; hits: Array<{ referenceNumber: string; memberState: string; category: number }>; dublin?: { requestType: number; otherReference: string }; rejection?: { reason: string; code: string; positions: number[] }; resendBefore?: string; linkedReferenceNumber?: string; enrolledReferenceNumber?: string };
  eurodac?: { state: string; attempts: number; transmitDueBy: string; lastError?: string; resendOf?: string };
}
interface AuditEntry { action: string; target?: string; outcome: string; at: number }

const tenPrint = (person: Person, imp: number) =>
  personTenPrint(person, imp).map((f) => ({ position: f.position, image: Buffer.from(f.image).toString('base64'), ppi: f.ppi }));

/**
 * Finger 1 of `person` blurred until few ridges survive: our desk accepts it (quality 37 for person C,
 * impression 1: above the desk's required 20, below its advice level 70, so it is advised, not
 * refused), the central threshold (65) refuses it. Its genuine scores (9–15) are below the FMR 1 %
 * threshold: the quality is right to call it poor. A washed-out copy (contrast × 0.25, blur 1.2)
 * does not serve: it still matches its mates (scores 159–330), so its high quality (92) is right.
 */
async function washedOutFinger(person: Person, imp: number): Promise<string> {
  const img = await decodeCapture(personFinger(person, 1, imp));
  const png = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).blur(4.5).png().toBuffer();
  return png.toString('base64');
}

describe('Eurodac link: BE and FR national services and afis central, real processes', () => {
  const root = mkdtempSync(join(tmpdir(), 'afis-eurodac-link-'));
  const dirs = { central: join(root, 'central'), BE: join(root, 'be'), FR: join(root, 'fr') };
  const children: ChildProcess[] = [];
  let central: ServiceProcess;
  let centralPort: number;
  const nations: Record<'BE' | 'FR', ServiceProcess> = {} as never;

  const startCentral = async (port = 0) => {
    const s = await startService(dirs.central, { AFIS_API_KEYS: CENTRAL_KEYS, AFIS_CENTRAL_MIN_QUALITY: '65' }, 'central', port, 90_000);
    children.push(s.child);
    return s;
  };
  const startNation = async (ms: 'BE' | 'FR') => {
    const s = await startService(dirs[ms], {
      AFIS_API_KEYS: NATIONAL_KEYS, AFIS_MEMBER_STATE: ms, AFIS_CENTRAL_URL: `http://127.0.0.1:${centralPort}`, AFIS_CENTRAL_API_KEY: 'member-state-key-link',
    }, 'serve', 0, 90_000);
    children.push(s.child);
    nations[ms] = s;
    return s;
  };

  beforeAll(async () => {
    central = await startCentral();
    centralPort = Number(new URL(central.base).port);
    await Promise.all([startNation('BE'), startNation('FR')]);
  }, 200_000);

  // a failure shows what the processes said last (a crash in a child is otherwise only 'fetch failed')
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    const tail = (name: string, p?: ServiceProcess) => p ? `--- ${name} (exit ${p.child.exitCode ?? p.child.signalCode ?? 'running'}):\n${p.log().slice(-3000)}\n` : '';
    process.stderr.write(tail('central', central) + tail('BE', nations.BE) + tail('FR', nations.FR));
  });

  afterAll(async () => {
    // through the helper, which then knows these exits are the test's own
    await Promise.all(children.map(killService));
    rmSync(root, { recursive: true, force: true });
  });

  const capture = async (ms: 'BE' | 'FR', body: Record<string, unknown>) => {
    const r = await fetch(`${nations[ms].base}/v1/transactions`, { method: 'POST', headers: H('desk'), body: JSON.stringify({ category: 1, memberState: ms, ...body }) });
    const json = await r.json() as { transactionId: string; referenceNumber: string; code?: string };
    return { ...json, http: r.status };
  };
  const view = async (ms: 'BE' | 'FR', id: string) => (await (await fetch(`${nations[ms].base}/v1/transactions/${id}`, { headers: H('desk') })).json()) as View;
  const decided = (ms: 'BE' | 'FR', id: string, ms_ = 180_000) => until(`${ms} ${id} decided`, async () => {
    const v = await view(ms, id);
    return v.status === 'decided' ? v : undefined;
  }, ms_);
  const pendingExams = async (ms: 'BE' | 'FR', id: string) => {
    const list = await (await fetch(`${nations[ms].base}/v1/examinations?status=pending`, { headers: H('examiner') })).json() as { examinations: Array<{ examinationId: string; transactionId: string; candidate: { referenceNumber: string; memberState: string } }> };
    return list.examinations.filter((e) => e.transactionId === id);
  };
  const decide = async (ms: 'BE' | 'FR', examinationId: string, decision: 'confirmed' | 'rejected') => {
    const r = await fetch(`${nations[ms].base}/v1/examinations/${examinationId}/decision`, { method: 'POST', headers: H('examiner'), body: JSON.stringify({ decision, examinerId: 'examiner-be-1' }) });
    expect(r.status, await r.clone().text()).toBe(200);
  };
  const audit = async (base: string): Promise<AuditEntry[]> => {
    const out: AuditEntry[] = [];
    for (let from = 1; ; from += 1000) {
      const page = (await (await fetch(`${base}/v1/audit?fromSeq=${from}&limit=1000`, { headers: H('auditor') })).json()) as { entries: AuditEntry[] };
      out.push(...page.entries);
      if (page.entries.length < 1000) return out;
    }
  };
  const count = (entries: AuditEntry[], action: string, target: string, outcome?: string) =>
    entries.filter((e) => e.action === action && e.target === target && (outcome === undefined || e.outcome === outcome)).length;

  it('a person captured in FR, later in BE: BE\'s reply carries the FR 1-hit, the examiner confirms, route zaventem, one Dublin result', async () => {
    const fr = await capture('FR', { fingers: tenPrint('A', 1), operatorId: 'fr-officer-2' });
    expect(fr.http).toBe(202);
    const frView = await decided('FR', fr.transactionId);
    expect(frView.result).toMatchObject({ outcome: 'no-hit', enrolledReferenceNumber: fr.referenceNumber });
    // the outbox entry closes right after the reply was taken
    await until('FR\'s outbox entry closed', async () => ((await view('FR', fr.transactionId)).eurodac?.state === 'answered' ? true : undefined), 60_000);
    expect((await view('FR', fr.transactionId)).eurodac).toMatchObject({ state: 'answered', attempts: 1 });

    const be = await capture('BE', { fingers: tenPrint('A', 2), operatorId: 'be-officer-7' });
    expect(be.http).toBe(202);
    const exams = await until('the central hit in BE\'s examiner queue', async () => {
      const e = await pendingExams('BE', be.transactionId);
      return e.length > 0 ? e : undefined;
    }, 180_000);
    expect(exams.map((e) => e.candidate)).toEqual([expect.objectContaining({ referenceNumber: fr.referenceNumber, memberState: 'FR' })]);
    // the examiner sees both sides: the central reply brought the FR prints
    const detail = await (await fetch(`${nations.BE.base}/v1/examinations/${exams[0]!.examinationId}`, { headers: H('examiner') })).json() as { fingers: Array<{ score: number | null }> };
    expect(detail.fingers.filter((f) => f.score !== null).length).toBe(10);
    const picture = await fetch(`${nations.BE.base}/v1/records/${fr.referenceNumber}/fingers/3/image?examination=${encodeURIComponent(exams[0]!.examinationId)}`, { headers: { authorization: 'Bearer examiner-key-link' } });
    expect([picture.status, picture.headers.get('content-type')]).toEqual([200, 'image/png']);
    await decide('BE', exams[0]!.examinationId, 'confirmed');
    const beView = await decided('BE', be.transactionId);
    expect(beView.result).toMatchObject({ outcome: 'hit', route: 'zaventem', hits: [{ referenceNumber: fr.referenceNumber, memberState: 'FR', category: 1 }], dublin: { requestType: 2, otherReference: fr.referenceNumber } });

    const results = await (await fetch(`${nations.BE.base}/v1/results`, { headers: H('dublin') })).json() as { results: Array<{ result: { transactionId: string; route: string; hits: Array<{ referenceNumber: string; memberState: string }> } }> };
    const mine = results.results.filter((r) => r.result.transactionId === be.transactionId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.result).toMatchObject({ route: 'zaventem', hits: [{ referenceNumber: fr.referenceNumber, memberState: 'FR' }] });
    // FR had no hit: nothing for its Dublin unit
    const frResults = await (await fetch(`${nations.FR.base}/v1/results`, { headers: H('dublin') })).json() as { results: unknown[] };
    expect(frResults.results).toHaveLength(0);
  }, 300_000);

  let refusedReference = '';
  it('a quality rejection sends the capture back to the desk; the re-send within the window keeps the reference', async () => {
    const fingers = tenPrint('C', 1);
    const first = await capture('BE', { fingers: [{ ...fingers[0]!, image: await washedOutFinger('C', 1) }, ...fingers.slice(1)] });
    expect(first.http).toBe(202);
    const refused = await decided('BE', first.transactionId);
    expect(refused.result).toMatchObject({ outcome: 'rejected', route: 'recapture', rejection: { reason: 'quality', code: 'AFIS_QUALITY_INSUFFICIENT', positions: [1] } });
    expect(Date.parse(refused.result!.resendBefore!)).toBeGreaterThan(Date.now() + 47 * 3_600_000);
    refusedReference = first.referenceNumber;

    const again = await capture('BE', { fingers, referenceNumber: refusedReference });
    expect(again.http, JSON.stringify(again)).toBe(202);
    expect(again.referenceNumber).toBe(refusedReference);
    const resent = await decided('BE', again.transactionId);
    expect(resent.result).toMatchObject({ outcome: 'no-hit', enrolledReferenceNumber: refusedReference });
    expect(resent.eurodac).toMatchObject({ resendOf: first.transactionId });

    // a reference the central system never refused is not a re-send
    const stranger = await capture('BE', { fingers: tenPrint('C', 3), referenceNumber: 'BE1999999999' });
    expect([stranger.http, stranger.code]).toEqual([422, 'AFIS_EURODAC_RESEND_REFUSED']);
  }, 300_000);

  it('a BE subsequent application is found by BE\'s national search alone', async () => {
    const be = await capture('BE', { fingers: tenPrint('C', 2) });
    const exams = await until('the national hit', async () => {
      const e = await pendingExams('BE', be.transactionId);
      const v = await view('BE', be.transactionId);
      // the central reply (no hit: central compares with the other states) is in before the decision
      return e.length > 0 && v.eurodac?.state === 'answered' ? e : undefined;
    }, 180_000);
    expect(exams.map((e) => e.candidate)).toEqual([expect.objectContaining({ referenceNumber: refusedReference, memberState: 'BE' })]);
    await decide('BE', exams[0]!.examinationId, 'confirmed');
    const v = await decided('BE', be.transactionId);
    expect(v.result).toMatchObject({ outcome: 'hit', route: 'subsequent-application', linkedReferenceNumber: refusedReference });
    const reply = await (await fetch(`${central.base}/v1/central/transactions/BE/${be.transactionId}/reply`, { headers: H('member-state') })).json() as { state: string; reply: { outcome: string; hits: unknown[] } };
    expect(reply).toMatchObject({ state: 'answered', reply: { outcome: 'no-hit', hits: [] } });
  }, 300_000);

  it('kill -9 of BE between capture and transmission: after restart the capture is transmitted once and answered once', async () => {
    await killService(central.child);
    const be = await capture('BE', { fingers: tenPrint('D', 1) });
    expect(be.http).toBe(202);
    await until('a failed delivery attempt', async () => {
      const v = await view('BE', be.transactionId);
      return v.eurodac?.state === 'waiting-transmission' && v.eurodac.attempts >= 1 ? v : undefined;
    }, 120_000);
    await killService(nations.BE.child);
    central = await startCentral(centralPort);
    await startNation('BE');
    const v = await decided('BE', be.transactionId);
    expect(v.result).toMatchObject({ outcome: 'no-hit' });
    const c = await audit(central.base);
    expect(count(c, 'central.receive', `BE-${be.transactionId}`, 'accepted')).toBe(1);
    expect(count(c, 'central.reply', `BE-${be.transactionId}`)).toBe(1);
    const b = await audit(nations.BE.base);
    expect(count(b, 'eurodac.transmit', be.transactionId, 'accepted')).toBe(1);
    expect(count(b, 'eurodac.transmit', be.transactionId, 'error')).toBeGreaterThanOrEqual(1);
    expect(count(b, 'eurodac.reply', be.transactionId)).toBe(1);
  }, 300_000);

  it('kill -9 of central between receipt and reply: after restart the capture is answered once', async () => {
    const be = await capture('BE', { fingers: tenPrint('B', 1) });
    expect(be.http).toBe(202);
    await until('the delivery', async () => ((await view('BE', be.transactionId)).eurodac?.state === 'awaiting-reply' ? true : undefined), 120_000);
    await killService(central.child);
    const killedAt = Date.now();
    central = await startCentral(centralPort);
    const v = await decided('BE', be.transactionId);
    expect(v.result).toMatchObject({ outcome: 'no-hit' });
    const c = await audit(central.base);
    const id = `BE-${be.transactionId}`;
    expect(count(c, 'central.receive', id, 'accepted')).toBe(1);
    const replies = c.filter((e) => e.action === 'central.reply' && e.target === id);
    expect(replies).toHaveLength(1);
    // answered by the restarted central, so the kill did fall between receipt and reply
    expect(replies[0]!.at).toBeGreaterThan(killedAt);
    const b = await audit(nations.BE.base);
    expect(count(b, 'eurodac.reply', be.transactionId)).toBe(1);
  }, 300_000);
});
