import { describe, expect, it } from 'vitest';
import {
  REGIME_603_2013, checkMinimumAge, getCategory, getRegime, type RegimeId, validateFingerCoverage, type MissingFinger,
} from '../../src/eurodac/index.js';
import { AfisError } from '../../src/core/index.js';
import { errorCode } from './helpers.js';

const TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const without = (...ps: number[]) => TEN.filter((p) => !ps.includes(p));
const missing = (...ps: number[]): MissingFinger[] => ps.map((position) => ({ position, reason: 'amputated' }));

describe('required fingers', () => {
  const rows: [number, number[], MissingFinger[], string][] = [
    [1, TEN, [], 'none'],
    [1, without(3), [], 'AFIS_EURODAC_FINGERS_MISSING'],
    [1, without(3), missing(3), 'none'],
    [1, [...TEN, 13, 14], [], 'none'],
    [2, without(1, 6), missing(1, 6), 'none'],
    [2, without(1, 6), missing(1), 'AFIS_EURODAC_FINGERS_MISSING'],
    [3, TEN, [], 'none'],
    [3, [2, 7], [], 'none'],
    [3, [2], missing(7), 'none'],
    [3, [2, 3, 4], [], 'AFIS_EURODAC_FINGERS_MISSING'],
    [4, [7], [], 'none'],
    [4, [13], [], 'AFIS_EURODAC_FINGERS_MISSING'],
    [1, [], missing(...TEN), 'AFIS_EURODAC_FINGERS_MISSING'],
    [1, [0, ...TEN], [], 'AFIS_VALIDATION'],
    [1, [...TEN, 16], [], 'AFIS_VALIDATION'],
    [1, TEN, missing(3), 'AFIS_VALIDATION'],
    [1, without(3), [{ position: 3, reason: '  ' }], 'AFIS_VALIDATION'],
    [1, without(3), [...missing(3), ...missing(3)], 'AFIS_VALIDATION'],
    [1, without(3), missing(13), 'AFIS_VALIDATION'],
  ];
  it.each(rows)('603/2013 category %i, captured %j, declared %j → %s', (cat, captured, declared, expected) => {
    expect(errorCode(() => validateFingerCoverage(getCategory(REGIME_603_2013, cat), captured, declared))).toBe(expected);
  });

  it('names the fingers to capture or declare', () => {
    try {
      validateFingerCoverage(getCategory(REGIME_603_2013, 1), without(4, 9), []);
      expect.unreachable();
    } catch (e) {
      expect((e as AfisError).details).toEqual({ positions: [4, 9] });
    }
    try {
      validateFingerCoverage(getCategory(REGIME_603_2013, 3), [1, 3], []);
      expect.unreachable();
    } catch (e) {
      expect((e as AfisError).details).toEqual({ positions: [2, 7] });
    }
  });
});

describe('minimum age', () => {
  const at = new Date('2025-06-15T10:00:00Z');
  const rows: [RegimeId, number, { birthDate?: string; age?: number }, string][] = [
    ['603/2013', 1, { age: 14 }, 'none'],
    ['603/2013', 1, { age: 13 }, 'AFIS_EURODAC_UNDER_MINIMUM_AGE'],
    ['603/2013', 1, { birthDate: '2011-06-15' }, 'none'],
    ['603/2013', 1, { birthDate: '2011-06-16' }, 'AFIS_EURODAC_UNDER_MINIMUM_AGE'],
    ['603/2013', 2, { age: 10 }, 'AFIS_EURODAC_UNDER_MINIMUM_AGE'],
    ['603/2013', 3, { age: 13 }, 'AFIS_EURODAC_UNDER_MINIMUM_AGE'],
    ['603/2013', 4, { age: 3 }, 'none'],
    ['603/2013', 1, {}, 'none'],
    ['2024/1358', 1, { age: 6 }, 'none'],
    ['2024/1358', 1, { age: 5 }, 'AFIS_EURODAC_UNDER_MINIMUM_AGE'],
    ['2024/1358', 1, { birthDate: '2019-06-16' }, 'AFIS_EURODAC_UNDER_MINIMUM_AGE'],
    ['2024/1358', 2, { age: 13 }, 'none'],
    ['2024/1358', 1, { age: -1 }, 'AFIS_VALIDATION'],
    ['2024/1358', 1, { age: 6.5 }, 'AFIS_VALIDATION'],
    ['2024/1358', 1, { birthDate: '2019-02-30' }, 'AFIS_VALIDATION'],
    ['2024/1358', 1, { birthDate: 'yesterday' }, 'AFIS_VALIDATION'],
  ];
  it.each(rows)('%s category %i, %j → %s', (regime, cat, person, expected) => {
    expect(errorCode(() => checkMinimumAge(getCategory(getRegime(regime), cat), person, at))).toBe(expected);
  });
});
