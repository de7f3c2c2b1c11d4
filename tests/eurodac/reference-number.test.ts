import { describe, expect, it } from 'vitest';
import {
  MEMBER_STATES, REGIME_603_2013, REGIME_2024_1358, formatDublinRequestReference, isMemberState,
  isReferenceNumber, parseDublinRequestReference, parseReferenceNumber, referenceFromSequence,
  validateMemberState, validateReferenceNumber,
} from '../../src/eurodac/index.js';
import { errorCode } from './helpers.js';

describe('member states', () => {
  it('are the 27 EU states and the four associated states', () => {
    expect(MEMBER_STATES).toHaveLength(31);
    for (const ms of ['BE', 'FR', 'DE', 'IT', 'GR', 'DK', 'IE', 'IS', 'NO', 'CH', 'LI']) expect(isMemberState(ms)).toBe(true);
    expect(MEMBER_STATES.find((m) => m.code === 'DK')?.basis).toBe('eu-agreement');
    expect(MEMBER_STATES.find((m) => m.code === 'IE')?.basis).toBe('eu-opt-in');
  });
  it.each(['GB', 'EL', 'be', 'BEL', 'US', 'XX', '', 'B'])('%j is refused', (ms) => {
    expect(errorCode(() => validateMemberState(ms))).toBe('AFIS_EURODAC_MEMBER_STATE_INVALID');
  });
  it('non-strings are refused', () => {
    expect(errorCode(() => validateMemberState(32))).toBe('AFIS_EURODAC_MEMBER_STATE_INVALID');
    expect(errorCode(() => validateMemberState(undefined))).toBe('AFIS_EURODAC_MEMBER_STATE_INVALID');
  });
});

describe('reference numbers', () => {
  it.each([
    ['BE10000000042', 'BE', 1, '0000000042'],
    ['FR1ABC123', 'FR', 1, 'ABC123'],
    ['IT2X', 'IT', 2, 'X'],
    ['CH9000001', 'CH', 9, '000001'],
  ])('%s parses', (s, memberState, category, nationalPart) => {
    expect(parseReferenceNumber(s, REGIME_603_2013)).toEqual({ memberState, category, nationalPart });
  });

  it.each([
    ['', 'empty'],
    ['BE1', 'no national part'],
    ['BE', 'no digit'],
    ['be1000', 'lower-case letters'],
    ['XX1000', 'not a member state'],
    ['GB1000', 'the United Kingdom left'],
    ['BEX000', 'no category digit'],
    ['BE1-000', 'punctuation'],
    ['BE1 000', 'space'],
    ['BE1' + '9'.repeat(29), 'national part too long'],
    ['BE6000', 'digit not a category of 603/2013'],
  ])('%j is invalid (%s)', (s) => {
    expect(errorCode(() => parseReferenceNumber(s, REGIME_603_2013))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(isReferenceNumber(s, REGIME_603_2013)).toBe(false);
  });

  it('digit 6 is a category under the recast', () => {
    expect(parseReferenceNumber('BE6000', REGIME_2024_1358).category).toBe(6);
  });

  it('non-strings are invalid', () => {
    expect(errorCode(() => parseReferenceNumber(1234))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(errorCode(() => parseReferenceNumber(null))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
  });

  it('we issue BE + category digit + zero-padded sequence', () => {
    expect(referenceFromSequence('BE', 1, 42)).toBe('BE10000000042');
    expect(referenceFromSequence('BE', 2, 12345678901234n)).toBe('BE212345678901234');
    expect(errorCode(() => referenceFromSequence('BE', 1, -1))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(errorCode(() => referenceFromSequence('BE', 12, 1))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(errorCode(() => referenceFromSequence('UK', 1, 1))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
  });

  it('a re-sent transaction keeps its reference if it matches member state and category', () => {
    expect(validateReferenceNumber('BE10000000042', { memberState: 'BE', category: 1 }, REGIME_603_2013)).toBe('BE10000000042');
    expect(errorCode(() => validateReferenceNumber('FR10000000042', { memberState: 'BE', category: 1 }, REGIME_603_2013))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(errorCode(() => validateReferenceNumber('BE20000000042', { memberState: 'BE', category: 1 }, REGIME_603_2013))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
  });
});

describe('Dublin request references', () => {
  it.each([
    ['BE', 1, 'IT2000777', 'BE1IT2000777'],
    ['BE', 2, 'FR1ABC', 'BE2FR1ABC'],
    ['BE', 3, 'DE1X9', 'BE3DE1X9'],
  ] as const)('%s type %i on %s → %s', (ms, type, other, expected) => {
    expect(formatDublinRequestReference(ms, type, other)).toBe(expected);
    expect(parseDublinRequestReference(expected)).toEqual({ requestingMemberState: ms, requestType: type, otherReference: other });
  });
  it('bad parts are refused', () => {
    expect(errorCode(() => formatDublinRequestReference('BE', 4 as 1, 'FR1A'))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(errorCode(() => formatDublinRequestReference('BE', 1, 'nonsense'))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(errorCode(() => parseDublinRequestReference('BE4FR1A'))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
    expect(errorCode(() => parseDublinRequestReference('BE2'))).toBe('AFIS_EURODAC_REFERENCE_INVALID');
  });
});
