import { beforeAll, describe, expect, it } from 'vitest';
import { AfisError } from '../../src/core/index.js';
import type { Template } from '../../src/templates/index.js';
import { prepareFingers, type FingerInput } from '../../src/transactions/index.js';
import { checkFingerSequence, decideSequence } from '../../src/transactions/index.js';
import { composeSlaps } from '../helpers/slaps.js';
import { DESK, MATCHER, SEGMENT_SLAP, buildService, cachedExtract, tenPrint } from './fixture.js';
import { personFinger } from '../helpers/persons.js';
import { MemorySubjectStore, memoryTransactionStores } from './memory-stores.js';
import { decodeCapture } from '../../src/capture/index.js';
import { compareTemplateGrid } from '../../src/matching/index.js';
import { TRANSACTION_PARAMETERS } from '../../src/config/parameters.js';

/** Templates that are only labels: the comparison reads the score from a table. */
const t = (label: string): Template => ({ label } as unknown as Template);
const table = (scores: Record<string, number>) => (a: Template, b: Template): number =>
  scores[`${(a as unknown as { label: string }).label}-${(b as unknown as { label: string }).label}`] ?? 0;

describe('checkFingerSequence (the decision)', () => {
  const rolled = new Map([[2, t('r2')], [3, t('r3')], [4, t('r4')]]);
  const plain = new Map([[2, t('p2')], [3, t('p3')], [4, t('p4')]]);

  it('confirms rolled prints that match their own plain finger', () => {
    const check = checkFingerSequence(rolled, plain, table({ 'r2-p2': 50, 'r3-p3': 60, 'r4-p4': 40, 'r2-p3': 5 }), 20);
    expect(check).toEqual({ checked: [2, 3, 4], confirmed: [2, 3, 4], unconfirmed: [], swapped: [] });
  });

  it('names the pair when a rolled print matches another box better than its own', () => {
    const check = checkFingerSequence(rolled, plain, table({ 'r2-p3': 55, 'r3-p2': 48, 'r4-p4': 40, 'r2-p2': 3, 'r3-p3': 4 }), 20);
    expect(check.swapped).toEqual([[2, 3]]);
    expect(check.confirmed).toEqual([4]);
    // One half of the swap is enough to name it.
    const half = checkFingerSequence(rolled, plain, table({ 'r2-p3': 55, 'r4-p4': 40 }), 20);
    expect(half.swapped).toEqual([[2, 3]]);
    expect(half.unconfirmed).toEqual([3]);
  });

  it('calls a print that matches nothing unconfirmed, not swapped', () => {
    const check = checkFingerSequence(rolled, plain, table({ 'r2-p2': 50, 'r3-p3': 60, 'r4-p2': 12 }), 20);
    expect(check.unconfirmed).toEqual([4]);
    expect(check.swapped).toEqual([]);
  });

  it('refuses swaps with AFIS_SEQUENCE_MISMATCH unless the desk overrides with a reason', () => {
    const check = { checked: [2, 3, 4], confirmed: [4], unconfirmed: [], swapped: [[2, 3]] as const };
    let error: unknown;
    try { decideSequence(check, undefined); } catch (e) { error = e; }
    expect((error as AfisError).code).toBe('AFIS_SEQUENCE_MISMATCH');
    expect((error as AfisError).details).toEqual({ positions: [[2, 3]], unconfirmed: [] });
    expect(decideSequence(check, { reason: 'scanner boxes mislabelled, checked by hand' }).overridden).toBe(true);
    expect(() => decideSequence(check, { reason: ' ' })).toThrow(/reason/);
  });
});

describe('sequence check of a synthetic ten-print (person D: FVC2002 DB4, SFinGe)', () => {
  const rolled = tenPrint('D', 1);
  let slaps: FingerInput[];
  let swappedSlaps: FingerInput[];
  beforeAll(async () => {
    slaps = await composeSlaps((p) => personFinger('D', p, 2));
    // The right slap as captured shows the fingers the rolled boxes 2 and 3 should hold, crossed.
    swappedSlaps = await composeSlaps((p) => personFinger('D', p === 2 ? 3 : p === 3 ? 2 : p, 2));
  }, 60_000);

  it('cuts the slaps and finds no swap in a correct capture', async () => {
    const prepared = await prepareFingers([...rolled, ...slaps], {
      decodeImage: (b, o) => decodeCapture(b, o.ppi ? { ppi: o.ppi } : {}), extractTemplate: cachedExtract, minQuality: null,
      segmentSlap: SEGMENT_SLAP, sequence: { compare: MATCHER.compare, threshold: MATCHER.scoreAtFmr!(1e-4) },
    });
    expect(prepared.fingers.map((f) => f.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(prepared.slaps?.map((s) => [s.position, s.fingers.length, s.missing.length])).toEqual([[13, 4, 0], [14, 4, 0], [15, 2, 0]]);
    // No false alarm; the fingertips cut from the composed slaps are small, so not every rolled
    // print reaches the FMR 1e-4 score against its plain one (those are listed, not refused).
    expect(prepared.sequence?.swapped).toEqual([]);
    expect(prepared.sequence?.checked).toHaveLength(10);
    expect(prepared.sequence?.confirmed.length).toBeGreaterThanOrEqual(5);
    expect(prepared.sequence!.confirmed.length + prepared.sequence!.unconfirmed.length).toBe(10);
  }, 60_000);

  it('reads the same check from a grid of all scores at once (the matcher on the workers), calling no single comparison', async () => {
    const options = {
      decodeImage: (b: Uint8Array, o: { ppi?: number }) => decodeCapture(b, o.ppi ? { ppi: o.ppi } : {}), extractTemplate: cachedExtract, minQuality: null,
      segmentSlap: SEGMENT_SLAP,
    };
    const threshold = MATCHER.scoreAtFmr!(1e-4);
    const one = await prepareFingers([...rolled, ...swappedSlaps], { ...options, sequence: { compare: MATCHER.compare, threshold } });
    let single = 0, grids = 0;
    const grid = await prepareFingers([...rolled, ...swappedSlaps], {
      ...options,
      sequence: {
        compare: (a, b) => { single++; return MATCHER.compare(a, b); },
        compareGrid: (p, c) => { grids++; return compareTemplateGrid(p, c); },
        threshold,
      },
    });
    expect(grid.sequence).toEqual(one.sequence);
    expect(grid.sequence?.swapped).toEqual([[2, 3]]);
    expect([single, grids]).toEqual([0, 1]);
  }, 60_000);

  it('refuses a capture whose rolled boxes 2 and 3 are crossed, before anything is stored; an audited override keeps it', async () => {
    const stores = memoryTransactionStores();
    const h = await buildService({ stores, subjects: new MemorySubjectStore() });
    const input = { category: 1, memberState: 'BE', age: 30, fingers: [...rolled, ...swappedSlaps] };
    let error: unknown;
    try { await h.service.submitCapture(input, DESK); } catch (e) { error = e; }
    expect((error as AfisError).code).toBe('AFIS_SEQUENCE_MISMATCH');
    expect((error as AfisError).details?.positions).toEqual([[2, 3]]);
    expect(await stores.transactions.listRecent({ since: 0 })).toHaveLength(0);

    const accepted = await h.service.submitCapture({ ...input, sequenceOverride: { reason: 'fingers 2 and 3 fused since birth; slap taken as is' } }, DESK);
    expect(accepted.sequence?.overridden).toBe(true);
    expect(accepted.sequence?.swapped).toEqual([[2, 3]]);
    // one list of what to redo: each rolled print no slap confirmed, each slap cut with low confidence
    for (const p of accepted.sequence!.unconfirmed) {
      expect(accepted.recapture).toContainEqual(expect.objectContaining({ target: 'finger', position: p, required: false, reasons: expect.arrayContaining(['not-confirmed-by-slap']) }));
    }
    for (const s of accepted.slaps ?? []) {
      const advised = accepted.recapture.some((a) => a.target === 'slap' && a.position === s.position);
      expect(advised, `slap ${s.position} at confidence ${s.confidence}`).toBe(s.confidence < TRANSACTION_PARAMETERS.minSlapConfidence || s.missing.length > 0);
    }
    expect(accepted.recapture.every((a) => !a.required)).toBe(true);
    const audit = await stores.audit.read({ limit: 100 });
    const override = audit.find((a) => a.action === 'transaction.sequence-override');
    expect(override?.details).toMatchObject({ reason: 'fingers 2 and 3 fused since birth; slap taken as is', positions: [[2, 3]] });
    await h.service.whenIdle();
  }, 60_000);
});
