import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING_POLICY, decideRoute, parseRoutingPolicy, routesOf, type ConfirmedHit, type RoutingTransaction,
} from '../../src/eurodac/index.js';
import { errorCode } from './helpers.js';

const applicant: RoutingTransaction = { category: 1, memberState: 'BE', purpose: 'asylum' };
const police: RoutingTransaction = { category: 4, memberState: 'BE', purpose: 'law-enforcement' };

const hit = (referenceNumber: string, over: Partial<ConfirmedHit> = {}): ConfirmedHit => ({
  referenceNumber,
  memberState: referenceNumber.slice(0, 2),
  category: Number(referenceNumber[2]),
  marked: false,
  takenAt: '2024-01-10T10:00:00Z',
  score: 80,
  ...over,
});

describe("domain.md's routing table", () => {
  // transaction, confirmed hits, route, rule, Dublin request type, Dublin request reference, linked own record
  const rows: [string, RoutingTransaction, ConfirmedHit[], string, string, number | null, string | null, string | null][] = [
    ['cat 1, 1-hit on another state\'s cat-1 record', applicant, [hit('FR1000123')],
      'zaventem', 'eurodac-1-hit', 2, 'BE2FR1000123', null],
    ['cat 1, hit on another state\'s cat-2 record', applicant, [hit('IT2000777')],
      'regular-reception', 'irregular-entry-elsewhere', 1, 'BE1IT2000777', null],
    ['cat 1, hit on a marked record', applicant, [hit('DE1000555', { marked: true })],
      'regular-reception', 'protection-granted-elsewhere', 3, 'BE3DE1000555', null],
    ['cat 1, hit only on our own earlier cat-1 record', applicant, [hit('BE10000000042')],
      'subsequent-application', 'subsequent-application', null, null, 'BE10000000042'],
    ['cat 1, no hit', applicant, [],
      'regular-reception', 'applicant-no-hit', null, null, null],
    ['police, hit', police, [hit('BE10000000042'), hit('FR1000123')],
      'police-identified', 'police-hit', null, null, null],
    ['police, no hit', police, [],
      'police-no-hit', 'police-no-hit', null, null, null],
  ];
  it.each(rows)('%s → %s', (_name, tx, hits, route, ruleId, requestType, requestReference, linked) => {
    const d = decideRoute(tx, hits, DEFAULT_ROUTING_POLICY);
    expect(d.outcome).toBe(hits.length > 0 ? 'hit' : 'no-hit');
    expect(d.route).toBe(route);
    expect(d.ruleId).toBe(ruleId);
    expect(d.dublin?.requestType ?? null).toBe(requestType);
    expect(d.dublin?.requestReference ?? null).toBe(requestReference);
    expect(d.linkedReferenceNumber ?? null).toBe(linked);
    expect(d.hits).toHaveLength(hits.length);
    expect(d.policyId).toBe('be-ibz-default');
  });

  it('marked and protection-granted: Dublin unit and asylum authority are informed', () => {
    const d = decideRoute(applicant, [hit('DE1000555', { marked: true })], DEFAULT_ROUTING_POLICY);
    expect(d.inform).toEqual(['dublin-unit', 'asylum-authority']);
    expect(d.dublin).toEqual({
      requestType: 3, requestKind: 'information', otherMemberState: 'DE', otherReference: 'DE1000555', requestReference: 'BE3DE1000555',
    });
  });
});

describe('several hits', () => {
  // hits, route, rule, Dublin basis reference
  const rows: [string, ConfirmedHit[], string, string, string | null][] = [
    ['1-hit beats a cat-2 hit', [hit('IT2000777'), hit('FR1000123')], 'zaventem', 'eurodac-1-hit', 'FR1000123'],
    ['1-hit beats a marked hit', [hit('DE1000555', { marked: true }), hit('FR1000123')], 'zaventem', 'eurodac-1-hit', 'FR1000123'],
    ['1-hit beats our own record', [hit('BE10000000042'), hit('FR1000123')], 'zaventem', 'eurodac-1-hit', 'FR1000123'],
    ['cat-2 hit beats a marked hit', [hit('DE1000555', { marked: true }), hit('IT2000777')], 'regular-reception', 'irregular-entry-elsewhere', 'IT2000777'],
    ['own record and a cat-2 hit elsewhere: take charge, not subsequent', [hit('BE10000000042'), hit('IT2000777')], 'regular-reception', 'irregular-entry-elsewhere', 'IT2000777'],
    ['two 1-hits: the earliest registration is the basis',
      [hit('FR1000123', { takenAt: '2024-03-01T00:00:00Z', score: 99 }), hit('NL1000888', { takenAt: '2023-11-01T00:00:00Z', score: 40 })],
      'zaventem', 'eurodac-1-hit', 'NL1000888'],
    ['two 1-hits taken the same day: the stronger score', [hit('FR1000123', { score: 50 }), hit('NL1000888', { score: 90 })], 'zaventem', 'eurodac-1-hit', 'NL1000888'],
    ['own cat-1 and own cat-2 records: linked, regular reception', [hit('BE10000000042'), hit('BE20000000007')], 'regular-reception', 'known-here', null],
  ];
  it.each(rows)('%s', (_name, hits, route, ruleId, basis) => {
    const d = decideRoute(applicant, hits, DEFAULT_ROUTING_POLICY);
    expect(d.route).toBe(route);
    expect(d.ruleId).toBe(ruleId);
    expect(d.dublin?.otherReference ?? null).toBe(basis);
    // every hit is reported, in the order given, each with the rule it alone triggers
    expect(d.hits.map((h) => h.referenceNumber)).toEqual(hits.map((h) => h.referenceNumber));
  });

  it('each hit is classified on its own', () => {
    const d = decideRoute(applicant, [hit('BE10000000042'), hit('IT2000777'), hit('FR1000123'), hit('DE1000555', { marked: true })], DEFAULT_ROUTING_POLICY);
    expect(d.hits.map((h) => [h.referenceNumber, h.origin, h.ruleId, h.route])).toEqual([
      ['BE10000000042', 'own', 'subsequent-application', 'subsequent-application'],
      ['IT2000777', 'other', 'irregular-entry-elsewhere', 'regular-reception'],
      ['FR1000123', 'other', 'eurodac-1-hit', 'zaventem'],
      ['DE1000555', 'other', 'protection-granted-elsewhere', 'regular-reception'],
    ]);
  });

  it('own earlier record linked: the earliest one', () => {
    const d = decideRoute(applicant, [hit('BE10000000050', { takenAt: '2025-01-01T00:00:00Z' }), hit('BE10000000042', { takenAt: '2021-01-01T00:00:00Z' })], DEFAULT_ROUTING_POLICY);
    expect(d.route).toBe('subsequent-application');
    expect(d.linkedReferenceNumber).toBe('BE10000000042');
  });
});

describe('other categories under the default policy', () => {
  const rows: [RoutingTransaction, ConfirmedHit[], string, number | null][] = [
    [{ category: 3, memberState: 'BE', purpose: 'migration-control' }, [hit('FR1000123')], 'immigration-office', 2],
    [{ category: 3, memberState: 'BE', purpose: 'migration-control' }, [], 'immigration-office', null],
    [{ category: 2, memberState: 'BE', purpose: 'migration-control' }, [], 'border-registration', null],
    // recast: a category-1 search hits another state's search-and-rescue record
    [applicant, [hit('IT6000321')], 'regular-reception', 3],
    // category 9 is not in the policy: the fallback applies
    [{ category: 9, memberState: 'BE', purpose: 'access-request' }, [hit('BE10000000042')], 'manual-review', null],
    [{ category: 9, memberState: 'BE', purpose: 'access-request' }, [], 'no-action', null],
  ];
  it.each(rows)('%j with %j → %s', (tx, hits, route, requestType) => {
    const d = decideRoute(tx, hits, DEFAULT_ROUTING_POLICY);
    expect(d.route).toBe(route);
    expect(d.dublin?.requestType ?? null).toBe(requestType);
  });
  it('the fallback is named', () => {
    expect(decideRoute({ category: 9, memberState: 'BE', purpose: 'access-request' }, [], DEFAULT_ROUTING_POLICY).ruleId).toBe('fallback:no-hit');
  });
});

describe('the policy is data', () => {
  it('the default file parses and names the contract routes', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('../../src/eurodac/policies/routing-policy-default.json', import.meta.url), 'utf8'));
    expect(parseRoutingPolicy(json)).toEqual(DEFAULT_ROUTING_POLICY);
    expect(routesOf(DEFAULT_ROUTING_POLICY)).toEqual(expect.arrayContaining(['zaventem', 'regular-reception', 'subsequent-application']));
    expect(Object.isFrozen(DEFAULT_ROUTING_POLICY.rules[0].when)).toBe(true);
  });

  it('reordering rules changes the winner (order is strength)', () => {
    const json = JSON.parse(readFileSync(new URL('../../src/eurodac/policies/routing-policy-default.json', import.meta.url), 'utf8')) as { rules: unknown[] };
    const [first, second] = json.rules;
    json.rules[0] = second;
    json.rules[1] = first;
    const swapped = parseRoutingPolicy(json);
    expect(decideRoute(applicant, [hit('IT2000777'), hit('FR1000123')], swapped).route).toBe('regular-reception');
  });

  it('a custom policy: all 1-hits to a dedicated route, Dublin take back', () => {
    const p = parseRoutingPolicy({
      id: 'custom', version: 2,
      rules: [{ id: 'any-hit-fr', when: { anyHit: { memberStates: ['FR'] } }, then: { route: 'france-desk', dublinRequest: 'take-back' } }],
      fallback: { hit: { route: 'other' }, noHit: { route: 'none' } },
    });
    expect(decideRoute(applicant, [hit('FR1000123')], p)).toMatchObject({ route: 'france-desk', dublin: { requestReference: 'BE2FR1000123' } });
    expect(decideRoute(applicant, [hit('IT1000123')], p)).toMatchObject({ route: 'other', ruleId: 'fallback:hit' });
  });

  const bad: [string, unknown][] = [
    ['not an object', 3],
    ['missing fallback', { id: 'p', version: 1, rules: [] }],
    ['unknown key (typo)', { id: 'p', version: 1, rules: [{ id: 'r', when: { anyHits: {} }, then: { route: 'x' } }], fallback: { hit: { route: 'a' }, noHit: { route: 'b' } } }],
    ['bad route name', { id: 'p', version: 1, rules: [], fallback: { hit: { route: 'Zaventem Centre' }, noHit: { route: 'b' } } }],
    ['bad dublin request', { id: 'p', version: 1, rules: [{ id: 'r', when: {}, then: { route: 'x', dublinRequest: 'take-over' } }], fallback: { hit: { route: 'a' }, noHit: { route: 'b' } } }],
    ['duplicate ids', { id: 'p', version: 1, rules: [{ id: 'r', when: {}, then: { route: 'x' } }, { id: 'r', when: {}, then: { route: 'y' } }], fallback: { hit: { route: 'a' }, noHit: { route: 'b' } } }],
    ['no-hit with hit conditions', { id: 'p', version: 1, rules: [{ id: 'r', when: { outcome: 'no-hit', anyHit: {} }, then: { route: 'x' } }], fallback: { hit: { route: 'a' }, noHit: { route: 'b' } } }],
    ['category not a digit', { id: 'p', version: 1, rules: [{ id: 'r', when: { transactionCategories: [10] }, then: { route: 'x' } }], fallback: { hit: { route: 'a' }, noHit: { route: 'b' } } }],
    ['bad purpose', { id: 'p', version: 1, rules: [{ id: 'r', when: { purposes: ['police'] }, then: { route: 'x' } }], fallback: { hit: { route: 'a' }, noHit: { route: 'b' } } }],
    ['version 0', { id: 'p', version: 0, rules: [], fallback: { hit: { route: 'a' }, noHit: { route: 'b' } } }],
  ];
  it.each(bad)('%s is refused with AFIS_CONFIG_INVALID', (_name, input) => {
    expect(errorCode(() => parseRoutingPolicy(input))).toBe('AFIS_CONFIG_INVALID');
  });
});
