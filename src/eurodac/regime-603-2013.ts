import { ALL_TEN_FINGERS, INDEX_FINGERS, type Regime } from './regime.js';

/**
 * Regulation (EU) No 603/2013 (in force since 20 July 2015). Articles: 9 applicants, 14
 * irregular border crossing, 17 illegally staying, 20 and 21 law-enforcement and Europol
 * requests, 29 data-subject access. Retention: Art. 12 (10 years) and Art. 16 (18 months),
 * from the date the prints were taken. Marked data (Art. 18) stay available to law
 * enforcement for 3 years after marking, then are blocked for that purpose.
 */
export const REGIME_603_2013: Regime = deepFreeze({
  id: '603/2013',
  title: 'Regulation (EU) No 603/2013',
  appliesFrom: '2015-07-20',
  retentionFrom: 'taken',
  markedLawEnforcementPeriod: { years: 3 },
  categories: [
    {
      digit: 1, key: 'applicant', name: 'applicant for international protection', article: 'Art. 9',
      purpose: 'asylum', minimumAge: 14, stored: true, retention: { years: 10 },
      searchedAgainst: [
        { categories: [1], scope: 'other-states' },
        { categories: [1], scope: 'own-state-on-request' },
        { categories: [2], scope: 'other-states' },
        { categories: [2], scope: 'own-state-on-request' },
      ],
      requiredFingers: { kind: 'all', positions: ALL_TEN_FINGERS },
      markable: true, advanceErasure: ['citizenship'],
    },
    {
      digit: 2, key: 'irregular-border-crossing', name: 'apprehended crossing an external border irregularly', article: 'Art. 14',
      purpose: 'migration-control', minimumAge: 14, stored: true, retention: { months: 18 },
      // Not searched on arrival; later category-1 searches find it.
      searchedAgainst: [],
      requiredFingers: { kind: 'all', positions: ALL_TEN_FINGERS },
      markable: true, advanceErasure: ['citizenship', 'residence-permit', 'left-territory'],
      note: 'Marking of category-2 data on protection granted (Art. 18(3)) is modelled as allowed.',
    },
    {
      digit: 3, key: 'illegally-staying', name: 'found illegally staying', article: 'Art. 17',
      purpose: 'migration-control', minimumAge: 14, stored: false, retention: null,
      searchedAgainst: [
        { categories: [1], scope: 'other-states' },
        { categories: [1], scope: 'own-state-on-request' },
      ],
      requiredFingers: { kind: 'all-or', positions: ALL_TEN_FINGERS, fallback: INDEX_FINGERS },
      markable: false, advanceErasure: [],
    },
    {
      digit: 4, key: 'law-enforcement', name: 'law-enforcement request', article: 'Art. 20',
      purpose: 'law-enforcement', minimumAge: null, stored: false, retention: null,
      searchedAgainst: [{ categories: [1, 2], scope: 'all-states' }],
      requiredFingers: { kind: 'at-least', count: 1 },
      markable: false, advanceErasure: [],
    },
    {
      digit: 5, key: 'europol', name: 'Europol request', article: 'Art. 21',
      purpose: 'law-enforcement', minimumAge: null, stored: false, retention: null,
      searchedAgainst: [{ categories: [1, 2], scope: 'all-states' }],
      requiredFingers: { kind: 'at-least', count: 1 },
      markable: false, advanceErasure: [],
    },
    {
      digit: 9, key: 'access-request', name: 'data-subject access request', article: 'Art. 29',
      purpose: 'access-request', minimumAge: null, stored: false, retention: null,
      searchedAgainst: [{ categories: [1, 2], scope: 'all-states' }],
      requiredFingers: { kind: 'at-least', count: 1 },
      markable: false, advanceErasure: [],
      note: 'Comparison scope of an access request is modelled as every stored record of the person.',
    },
  ],
});

/** Freezes a plain data tree so a regime table cannot be changed at run time. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
