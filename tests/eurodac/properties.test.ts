import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AfisError } from '../../src/core/index.js';
import {
  DEFAULT_ROUTING_POLICY, REGIME_603_2013, REGIME_2024_1358, decideRoute, formatReferenceNumber, parseDublinRequestReference,
  parseIsoDate, parseReferenceNumber, parseRoutingPolicy, referenceFromSequence, validateMemberState, MEMBER_STATES,
} from '../../src/eurodac/index.js';

/** Runs f; any exception other than an AfisError fails the property. */
const onlyAfisErrors = (f: () => unknown): boolean => {
  try {
    f();
  } catch (e) {
    if (!(e instanceof AfisError)) throw e;
  }
  return true;
};

describe('bad input only ever gives an AfisError', () => {
  it('parsers of references, dates, member states and policies', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      onlyAfisErrors(() => parseReferenceNumber(v, REGIME_603_2013));
      onlyAfisErrors(() => parseDublinRequestReference(v));
      onlyAfisErrors(() => parseIsoDate(v, 'x'));
      onlyAfisErrors(() => validateMemberState(v));
      onlyAfisErrors(() => parseRoutingPolicy(v));
      return true;
    }), { numRuns: 500 });
  });
  it('strings shaped almost like references', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Z]{2}[0-9][A-Z0-9-]{0,40}$/), (s) => onlyAfisErrors(() => parseReferenceNumber(s, REGIME_2024_1358))), { numRuns: 500 });
  });
});

describe('round trips', () => {
  const states = MEMBER_STATES.map((m) => m.code);
  it('issued references parse back to their parts', () => {
    fc.assert(fc.property(fc.constantFrom(...states), fc.constantFrom(1, 2, 3), fc.bigInt({ min: 0n, max: 10n ** 20n }), (ms, cat, seq) => {
      const ref = referenceFromSequence(ms, cat, seq);
      const parsed = parseReferenceNumber(ref, REGIME_603_2013);
      expect(parsed.memberState).toBe(ms);
      expect(parsed.category).toBe(cat);
      expect(BigInt(parsed.nationalPart)).toBe(seq);
      expect(formatReferenceNumber(parsed)).toBe(ref);
    }), { numRuns: 300 });
  });
});

describe('routing invariants', () => {
  const hitArb = fc.record({
    memberState: fc.constantFrom('BE', 'FR', 'IT', 'DE'),
    category: fc.constantFrom(1, 2, 3, 6),
    marked: fc.boolean(),
    national: fc.integer({ min: 1, max: 99999 }),
    day: fc.integer({ min: 1, max: 28 }),
  }).map((h) => ({
    referenceNumber: `${h.memberState}${h.category}${h.national}`, memberState: h.memberState, category: h.category, marked: h.marked,
    takenAt: `2024-02-${String(h.day).padStart(2, '0')}T00:00:00Z`, score: h.national % 97,
  }));
  it('every hit is reported, the outcome follows the hits, and the route does not depend on their order', () => {
    fc.assert(fc.property(fc.uniqueArray(hitArb, { selector: (h) => h.referenceNumber, maxLength: 6 }), (hits) => {
      const tx = { category: 1, memberState: 'BE', purpose: 'asylum' as const };
      const d = decideRoute(tx, hits, DEFAULT_ROUTING_POLICY);
      const r = decideRoute(tx, [...hits].reverse(), DEFAULT_ROUTING_POLICY);
      expect(d.hits).toHaveLength(hits.length);
      expect(d.outcome).toBe(hits.length > 0 ? 'hit' : 'no-hit');
      expect(r.route).toBe(d.route);
      expect(r.ruleId).toBe(d.ruleId);
      expect(r.dublin).toEqual(d.dublin);
      if (d.dublin) expect(d.dublin.otherMemberState).not.toBe('BE');
      // a Eurodac 1-hit exists exactly when the route is zaventem
      const oneHit = hits.some((h) => h.memberState !== 'BE' && h.category === 1 && !h.marked);
      expect(d.route === 'zaventem').toBe(oneHit);
    }), { numRuns: 500 });
  });
});
