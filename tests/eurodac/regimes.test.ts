import { describe, expect, it } from 'vitest';
import {
  REGIMES, REGIME_603_2013, REGIME_2024_1358, buildSearchFilter, getCategory, getRegime, matchesClauses,
  regimeForDate, storedCategoryDigits, flattenSearchFilter, MEMBER_STATES, type Regime, type RegimeId,
} from '../../src/eurodac/index.js';
import { AfisError } from '../../src/core/index.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof AfisError) return e.code;
    throw e;
  }
  return 'none';
};

describe('category tables', () => {
  // regime, digit, minimum age, stored, retention
  const rows: [RegimeId, number, number | null, boolean, { years?: number; months?: number } | null][] = [
    ['603/2013', 1, 14, true, { years: 10 }],
    ['603/2013', 2, 14, true, { months: 18 }],
    ['603/2013', 3, 14, false, null],
    ['603/2013', 4, null, false, null],
    ['603/2013', 5, null, false, null],
    ['603/2013', 9, null, false, null],
    ['2024/1358', 1, 6, true, { years: 10 }],
    ['2024/1358', 2, 6, true, { years: 5 }],
    ['2024/1358', 3, 6, true, { years: 5 }],
    ['2024/1358', 4, null, false, null],
    ['2024/1358', 6, 6, true, { years: 5 }],
    ['2024/1358', 7, 6, true, { years: 5 }],
    ['2024/1358', 8, 6, true, { years: 3 }],
    ['2024/1358', 0, 6, true, { years: 5 }],
  ];
  it.each(rows)('%s category %i: minimum age %s, stored %s, retention %j', (regime, digit, age, stored, retention) => {
    const c = getCategory(getRegime(regime), digit);
    expect(c.minimumAge).toBe(age);
    expect(c.stored).toBe(stored);
    expect(c.retention).toEqual(retention);
  });

  it('every category has a unique digit and a legal article', () => {
    for (const r of Object.values(REGIMES)) {
      const digits = r.categories.map((c) => c.digit);
      expect(new Set(digits).size).toBe(digits.length);
      for (const c of r.categories) expect(c.article).toMatch(/Art|Chapter/);
    }
  });

  it('tables are frozen', () => {
    expect(Object.isFrozen(REGIME_603_2013.categories[0].searchedAgainst)).toBe(true);
    expect(() => { (REGIME_603_2013.categories[0] as { minimumAge: number | null }).minimumAge = 1; }).toThrow();
  });

  it('unknown categories and regimes are refused with stable codes', () => {
    expect(code(() => getCategory(REGIME_603_2013, 6))).toBe('AFIS_EURODAC_CATEGORY_INVALID');
    expect(code(() => getCategory(REGIME_603_2013, '1x'))).toBe('AFIS_EURODAC_CATEGORY_INVALID');
    expect(code(() => getCategory(REGIME_603_2013, null))).toBe('AFIS_EURODAC_CATEGORY_INVALID');
    expect(getCategory(REGIME_603_2013, '1').digit).toBe(1);
    expect(code(() => getRegime('2725/2000'))).toBe('AFIS_CONFIG_INVALID');
    expect(getRegime('2024/1358')).toBe(REGIME_2024_1358);
  });

  it('the regime by date switches on 12 June 2026', () => {
    expect(regimeForDate(new Date('2026-06-11T23:59:59Z')).id).toBe('603/2013');
    expect(regimeForDate(new Date('2026-06-12T00:00:00Z')).id).toBe('2024/1358');
    expect(code(() => regimeForDate(new Date('2010-01-01T00:00:00Z')))).toBe('AFIS_CONFIG_INVALID');
  });

  it('stored categories', () => {
    expect(storedCategoryDigits(REGIME_603_2013)).toEqual([1, 2]);
    expect(storedCategoryDigits(REGIME_2024_1358)).toEqual([0, 1, 2, 3, 6, 7, 8]);
  });
});

describe('comparison rules', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  const states = ['BE', 'FR'];
  /** The set of "state:category" a search of `digit` may compare against, over BE/FR and every digit. */
  const reach = (regime: Regime, digit: number, compareOwnData: boolean): string[] => {
    const filter = buildSearchFilter(regime, { category: digit, memberState: 'BE', compareOwnData, now });
    const out: string[] = [];
    for (const ms of states) for (let c = 0; c <= 9; c++) if (matchesClauses(filter, { category: c, memberState: ms })) out.push(`${ms}:${c}`);
    return out;
  };
  const rows: [RegimeId, number, boolean, string[]][] = [
    // 603/2013: category 1 vs category 1 of others (own on request) and category 2
    ['603/2013', 1, false, ['FR:1', 'FR:2']],
    ['603/2013', 1, true, ['BE:1', 'BE:2', 'FR:1', 'FR:2']],
    // category 2 is not searched on arrival
    ['603/2013', 2, true, []],
    // category 3 vs category 1, not stored
    ['603/2013', 3, false, ['FR:1']],
    ['603/2013', 3, true, ['BE:1', 'FR:1']],
    // law enforcement vs categories 1 and 2 of every state
    ['603/2013', 4, false, ['BE:1', 'BE:2', 'FR:1', 'FR:2']],
    ['603/2013', 5, false, ['BE:1', 'BE:2', 'FR:1', 'FR:2']],
    // recast: everything vs all stored categories of other member states
    ['2024/1358', 1, false, ['FR:0', 'FR:1', 'FR:2', 'FR:3', 'FR:6', 'FR:7', 'FR:8']],
    ['2024/1358', 2, false, ['FR:0', 'FR:1', 'FR:2', 'FR:3', 'FR:6', 'FR:7', 'FR:8']],
    ['2024/1358', 3, false, ['FR:0', 'FR:1', 'FR:2', 'FR:3', 'FR:6', 'FR:7', 'FR:8']],
    ['2024/1358', 0, false, ['FR:0', 'FR:1', 'FR:2', 'FR:3', 'FR:6', 'FR:7', 'FR:8']],
    ['2024/1358', 1, true, ['BE:0', 'BE:1', 'BE:2', 'BE:3', 'BE:6', 'BE:7', 'BE:8', 'FR:0', 'FR:1', 'FR:2', 'FR:3', 'FR:6', 'FR:7', 'FR:8']],
    ['2024/1358', 4, false, ['BE:0', 'BE:1', 'BE:2', 'BE:3', 'BE:6', 'BE:7', 'BE:8', 'FR:0', 'FR:1', 'FR:2', 'FR:3', 'FR:6', 'FR:7', 'FR:8']],
  ];
  it.each(rows)('%s category %i (own data %s) reaches %j', (regime, digit, own, expected) => {
    expect(reach(getRegime(regime), digit, own)).toEqual(expected);
  });

  it('own and other clauses over the same categories merge into one any-state clause', () => {
    const f = buildSearchFilter(REGIME_603_2013, { category: 1, memberState: 'BE', compareOwnData: true, now });
    expect(f.clauses).toEqual([{ categories: [1], memberStates: 'any' }, { categories: [2], memberStates: 'any' }]);
    expect(f.purpose).toBe('asylum');
    expect(f.excludeBlocked).toBe(false);
    expect(f.asOf).toBe(now.toISOString());
    const le = buildSearchFilter(REGIME_603_2013, { category: 4, memberState: 'BE', compareOwnData: false, now });
    expect(le.excludeBlocked).toBe(true);
    expect(le.purpose).toBe('law-enforcement');
  });
});

describe('flattening a filter for the gallery', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  const states = MEMBER_STATES.map((m) => m.code);
  it('other states only: every participating state but ours', () => {
    const f = flattenSearchFilter(buildSearchFilter(REGIME_603_2013, { category: 1, memberState: 'BE', compareOwnData: false, now }), states);
    expect(f.categories).toEqual([1, 2]);
    expect(f.memberStates).toHaveLength(30);
    expect(f.memberStates).not.toContain('BE');
    expect(f.excludeBlocked).toBe(false);
  });
  it('own data too: any state', () => {
    const f = flattenSearchFilter(buildSearchFilter(REGIME_603_2013, { category: 1, memberState: 'BE', compareOwnData: true, now }), states);
    expect(f).toEqual({ categories: [1, 2], memberStates: undefined, excludeBlocked: false });
  });
  it('an unsearched category has no categories', () => {
    const f = flattenSearchFilter(buildSearchFilter(REGIME_603_2013, { category: 2, memberState: 'BE', compareOwnData: true, now }), states);
    expect(f.categories).toEqual([]);
  });
});
