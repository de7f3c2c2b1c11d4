import { describe, expect, it } from 'vitest';
import {
  REGIME_603_2013, REGIME_2024_1358, buildSearchFilter, eraseIfExpired, eraseInAdvance, isBlocked, isExpired,
  lawEnforcementBlockDate, markRecord, propagateMark, recordMatchesFilter, recordVisibility, retentionExpiry,
  type EurodacRecord, type RegimeId, getRegime,
} from '../../src/eurodac/index.js';
import { errorCode } from './helpers.js';

const rec = (over: Partial<EurodacRecord> = {}): EurodacRecord => ({
  referenceNumber: 'FR1000123', memberState: 'FR', category: 1, takenAt: '2020-03-10T09:00:00Z', ...over,
});
const d = (s: string) => new Date(s);

describe('retention', () => {
  const rows: [RegimeId, Partial<EurodacRecord>, string | null][] = [
    ['603/2013', { category: 1 }, '2030-03-10T09:00:00.000Z'],
    ['603/2013', { category: 2 }, '2021-09-10T09:00:00.000Z'],
    // 603/2013 counts from the prints being taken even when transmission was later
    ['603/2013', { category: 2, transmittedAt: '2020-03-12T09:00:00Z' }, '2021-09-10T09:00:00.000Z'],
    ['603/2013', { category: 3 }, null],
    // the recast counts from transmission
    ['2024/1358', { category: 1, transmittedAt: '2020-03-12T09:00:00Z' }, '2030-03-12T09:00:00.000Z'],
    ['2024/1358', { category: 2, transmittedAt: '2020-03-12T09:00:00Z' }, '2025-03-12T09:00:00.000Z'],
    ['2024/1358', { category: 2 }, '2025-03-10T09:00:00.000Z'],
    ['2024/1358', { category: 8 }, '2023-03-10T09:00:00.000Z'],
    ['2024/1358', { category: 7 }, '2025-03-10T09:00:00.000Z'],
    ['2024/1358', { category: 4 }, null],
  ];
  it.each(rows)('%s %j expires at %s', (regime, over, expiry) => {
    expect(retentionExpiry(rec(over), getRegime(regime))?.toISOString() ?? null).toBe(expiry);
  });

  it('isExpired flips exactly at the expiry instant', () => {
    const r = rec({ category: 2 });
    expect(isExpired(r, d('2021-09-10T08:59:59.999Z'), REGIME_603_2013)).toBe(false);
    expect(isExpired(r, d('2021-09-10T09:00:00Z'), REGIME_603_2013)).toBe(true);
    expect(isExpired(rec({ category: 1 }), d('2029-12-31T00:00:00Z'), REGIME_603_2013)).toBe(false);
  });

  it('the sweep erases expired records only', () => {
    const now = d('2022-01-01T00:00:00Z');
    expect(eraseIfExpired(rec({ category: 2 }), now, REGIME_603_2013)).toMatchObject({ erasedAt: now.toISOString(), erasureReason: 'retention-expired' });
    expect(eraseIfExpired(rec({ category: 1 }), now, REGIME_603_2013).erasedAt).toBeUndefined();
  });

  it('a bad stored date is a validation error, not NaN', () => {
    expect(errorCode(() => retentionExpiry(rec({ takenAt: 'last week' }), REGIME_603_2013))).toBe('AFIS_VALIDATION');
  });
});

describe('marking and blocking', () => {
  it('marking keeps the first date and refuses what cannot be marked', () => {
    const m = markRecord(rec(), d('2022-01-01T00:00:00Z'), 'protection-granted', REGIME_603_2013);
    expect(m).toMatchObject({ markedAt: '2022-01-01T00:00:00.000Z', markReason: 'protection-granted' });
    expect(markRecord(m, d('2023-01-01T00:00:00Z'), 'protection-granted', REGIME_603_2013)).toBe(m);
    expect(errorCode(() => markRecord(rec({ category: 3 }), d('2022-01-01T00:00:00Z'), 'protection-granted', REGIME_603_2013))).toBe('AFIS_CONFLICT');
    expect(errorCode(() => markRecord(rec({ category: 3 }), d('2022-01-01T00:00:00Z'), 'protection-granted', REGIME_2024_1358))).toBe('none');
    expect(errorCode(() => markRecord(rec({ erasedAt: '2021-01-01T00:00:00Z' }), d('2022-01-01T00:00:00Z'), 'protection-granted', REGIME_603_2013))).toBe('AFIS_CONFLICT');
    // category 2 kept 18 months under 603/2013: expired by then
    expect(errorCode(() => markRecord(rec({ category: 2 }), d('2022-01-01T00:00:00Z'), 'protection-granted', REGIME_603_2013))).toBe('AFIS_CONFLICT');
  });

  it('states whose records hit a marked record mark theirs', () => {
    const ours = [
      rec({ referenceNumber: 'BE1000001', memberState: 'BE' }),
      rec({ referenceNumber: 'BE1000002', memberState: 'BE', erasedAt: '2021-01-01T00:00:00Z' }),
    ];
    const marked = propagateMark(ours, d('2022-01-01T00:00:00Z'), REGIME_603_2013);
    expect(marked.map((r) => [r.referenceNumber, r.markReason])).toEqual([['BE1000001', 'hit-on-marked-record']]);
  });

  it('603/2013 blocks marked data for law enforcement three years after marking; the recast does not', () => {
    const m = rec({ markedAt: '2021-05-01T00:00:00Z' });
    expect(lawEnforcementBlockDate(m, REGIME_603_2013)?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(lawEnforcementBlockDate(m, REGIME_2024_1358)).toBeNull();
    expect(isBlocked(m, d('2024-04-30T23:59:59Z'), REGIME_603_2013)).toBe(false);
    expect(isBlocked(m, d('2024-05-01T00:00:00Z'), REGIME_603_2013)).toBe(true);
    expect(isBlocked(m, d('2029-01-01T00:00:00Z'), REGIME_2024_1358)).toBe(false);
    // an explicit block counts at once
    expect(isBlocked(rec({ blockedAt: '2022-01-01T00:00:00Z' }), d('2022-01-02T00:00:00Z'), REGIME_2024_1358)).toBe(true);
  });
});

describe('visibility to searches', () => {
  const marked = rec({ markedAt: '2021-05-01T00:00:00Z', markReason: 'protection-granted' });
  const rows: [string, EurodacRecord, 'asylum' | 'law-enforcement', string, string][] = [
    ['plain record, asylum', rec(), 'asylum', '2022-01-01T00:00:00Z', 'visible'],
    ['plain record, law enforcement', rec(), 'law-enforcement', '2022-01-01T00:00:00Z', 'visible'],
    ['marked, asylum search after 3 years', marked, 'asylum', '2025-01-01T00:00:00Z', 'visible'],
    ['marked, law enforcement within 3 years', marked, 'law-enforcement', '2024-01-01T00:00:00Z', 'visible'],
    ['marked, law enforcement after 3 years', marked, 'law-enforcement', '2024-06-01T00:00:00Z', 'blocked'],
    ['erased', rec({ erasedAt: '2021-01-01T00:00:00Z', erasureReason: 'citizenship' }), 'asylum', '2022-01-01T00:00:00Z', 'erased'],
    ['erasure in the future is not yet effective', rec({ erasedAt: '2023-01-01T00:00:00Z' }), 'asylum', '2022-01-01T00:00:00Z', 'visible'],
    ['expired', rec({ category: 2 }), 'asylum', '2022-01-01T00:00:00Z', 'expired'],
  ];
  it.each(rows)('%s → %s', (_name, record, purpose, now, expected) => {
    expect(recordVisibility(record, purpose, d(now), REGIME_603_2013)).toBe(expected);
  });

  it('the search filter combines comparison rules and visibility', () => {
    const now = d('2024-06-01T00:00:00Z');
    const le = buildSearchFilter(REGIME_603_2013, { category: 4, memberState: 'BE', compareOwnData: false, now });
    const asylum = buildSearchFilter(REGIME_603_2013, { category: 1, memberState: 'BE', compareOwnData: false, now });
    expect(recordMatchesFilter(le, marked, REGIME_603_2013)).toBe(false);
    expect(recordMatchesFilter(asylum, marked, REGIME_603_2013)).toBe(true);
    expect(recordMatchesFilter(asylum, rec({ memberState: 'BE', referenceNumber: 'BE1000001' }), REGIME_603_2013)).toBe(false);
    expect(recordMatchesFilter(le, rec({ memberState: 'BE', referenceNumber: 'BE1000001' }), REGIME_603_2013)).toBe(true);
  });
});

describe('advance erasure', () => {
  const at = d('2022-01-01T00:00:00Z');
  const rows: [RegimeId, number, 'citizenship' | 'residence-permit' | 'left-territory', string][] = [
    ['603/2013', 1, 'citizenship', 'none'],
    ['603/2013', 1, 'residence-permit', 'AFIS_CONFLICT'],
    ['603/2013', 1, 'left-territory', 'AFIS_CONFLICT'],
    ['603/2013', 2, 'citizenship', 'none'],
    ['603/2013', 2, 'residence-permit', 'none'],
    ['603/2013', 2, 'left-territory', 'none'],
    ['603/2013', 3, 'citizenship', 'AFIS_CONFLICT'],
    ['2024/1358', 3, 'left-territory', 'none'],
    ['2024/1358', 1, 'residence-permit', 'AFIS_CONFLICT'],
  ];
  it.each(rows)('%s category %i for %s → %s', (regime, category, reason, expected) => {
    expect(errorCode(() => eraseInAdvance(rec({ category }), reason, at, getRegime(regime)))).toBe(expected);
  });
  it('records the date and reason once', () => {
    const e = eraseInAdvance(rec(), 'citizenship', at, REGIME_603_2013);
    expect(e).toMatchObject({ erasedAt: at.toISOString(), erasureReason: 'citizenship' });
    expect(eraseInAdvance(e, 'citizenship', d('2023-01-01T00:00:00Z'), REGIME_603_2013)).toBe(e);
    expect(recordVisibility(e, 'law-enforcement', at, REGIME_603_2013)).toBe('erased');
  });
});
