import { ALL_TEN_FINGERS, INDEX_FINGERS, type ComparisonRule, type Regime } from './regime.js';
import { deepFreeze } from './regime-603-2013.js';

/** The recast compares every searched category against all stored categories of other states. */
const AGAINST_ALL_STORED: readonly ComparisonRule[] = [
  { categories: 'all-stored', scope: 'other-states' },
  { categories: 'all-stored', scope: 'own-state-on-request' },
];

const RECAST_DIGIT_NOTE =
  'Digit provisional: the recast categories beyond 1–5 and 9 have digits set by eu-LISA\'s interface documents, not by the regulation.';

/**
 * Regulation (EU) 2024/1358 (the recast; applies from 12 June 2026). Minimum age 6.
 * Retention (Art. 29) runs from transmission: applicants 10 years; admitted under
 * resettlement/humanitarian admission 5 years, refused or discontinued admission 3 years;
 * irregular crossing, illegally staying, search-and-rescue and temporary protection 5 years
 * (domain.md; the temporary-protection period is the least certain row). Everything except
 * status updates and admission-procedure registrations (Art. 18(1), not recorded, not a
 * category here) is compared against all stored categories of other member states. Marked
 * data (Art. 31) are kept under the applicants' retention and not blocked for law enforcement.
 */
export const REGIME_2024_1358: Regime = deepFreeze({
  id: '2024/1358',
  title: 'Regulation (EU) 2024/1358',
  appliesFrom: '2026-06-12',
  retentionFrom: 'transmitted',
  markedLawEnforcementPeriod: null,
  categories: [
    {
      digit: 1, key: 'applicant', name: 'applicant for international protection', article: 'Art. 15',
      purpose: 'asylum', minimumAge: 6, stored: true, retention: { years: 10 },
      searchedAgainst: AGAINST_ALL_STORED,
      requiredFingers: { kind: 'all', positions: ALL_TEN_FINGERS },
      markable: true, advanceErasure: ['citizenship'],
    },
    {
      digit: 2, key: 'irregular-border-crossing', name: 'apprehended crossing an external border irregularly', article: 'Art. 22',
      purpose: 'migration-control', minimumAge: 6, stored: true, retention: { years: 5 },
      searchedAgainst: AGAINST_ALL_STORED,
      requiredFingers: { kind: 'all', positions: ALL_TEN_FINGERS },
      markable: true, advanceErasure: ['citizenship', 'residence-permit', 'left-territory'],
    },
    {
      digit: 3, key: 'illegally-staying', name: 'found illegally staying', article: 'Art. 23',
      purpose: 'migration-control', minimumAge: 6, stored: true, retention: { years: 5 },
      searchedAgainst: AGAINST_ALL_STORED,
      requiredFingers: { kind: 'all-or', positions: ALL_TEN_FINGERS, fallback: INDEX_FINGERS },
      markable: true, advanceErasure: ['citizenship', 'residence-permit', 'left-territory'],
    },
    {
      digit: 4, key: 'law-enforcement', name: 'law-enforcement request', article: 'Chapter VI',
      purpose: 'law-enforcement', minimumAge: null, stored: false, retention: null,
      searchedAgainst: [{ categories: 'all-stored', scope: 'all-states' }],
      requiredFingers: { kind: 'at-least', count: 1 },
      markable: false, advanceErasure: [],
    },
    {
      digit: 5, key: 'europol', name: 'Europol request', article: 'Chapter VI',
      purpose: 'law-enforcement', minimumAge: null, stored: false, retention: null,
      searchedAgainst: [{ categories: 'all-stored', scope: 'all-states' }],
      requiredFingers: { kind: 'at-least', count: 1 },
      markable: false, advanceErasure: [],
    },
    {
      digit: 6, key: 'search-and-rescue', name: 'disembarked following a search-and-rescue operation', article: 'Art. 24',
      purpose: 'migration-control', minimumAge: 6, stored: true, retention: { years: 5 },
      searchedAgainst: AGAINST_ALL_STORED,
      requiredFingers: { kind: 'all', positions: ALL_TEN_FINGERS },
      markable: true, advanceErasure: ['citizenship', 'residence-permit', 'left-territory'],
      note: RECAST_DIGIT_NOTE,
    },
    {
      digit: 7, key: 'resettlement-admitted', name: 'admitted under resettlement or humanitarian admission', article: 'Arts 18(2)(a), 20',
      purpose: 'asylum', minimumAge: 6, stored: true, retention: { years: 5 },
      searchedAgainst: AGAINST_ALL_STORED,
      requiredFingers: { kind: 'all', positions: ALL_TEN_FINGERS },
      markable: true, advanceErasure: ['citizenship'],
      note: RECAST_DIGIT_NOTE,
    },
    {
      digit: 8, key: 'resettlement-refused', name: 'admission refused or procedure discontinued', article: 'Art. 18(2)(b), (c)',
      purpose: 'asylum', minimumAge: 6, stored: true, retention: { years: 3 },
      searchedAgainst: AGAINST_ALL_STORED,
      requiredFingers: { kind: 'all', positions: ALL_TEN_FINGERS },
      markable: false, advanceErasure: ['citizenship'],
      note: RECAST_DIGIT_NOTE,
    },
    {
      digit: 0, key: 'temporary-protection', name: 'beneficiary of temporary protection', article: 'Art. 26',
      purpose: 'migration-control', minimumAge: 6, stored: true, retention: { years: 5 },
      searchedAgainst: AGAINST_ALL_STORED,
      requiredFingers: { kind: 'all', positions: ALL_TEN_FINGERS },
      markable: false, advanceErasure: ['citizenship', 'residence-permit', 'left-territory'],
      note: `${RECAST_DIGIT_NOTE} Retention per domain.md (5 years); check Art. 29 before production.`,
    },
    {
      digit: 9, key: 'access-request', name: 'data-subject access request', article: 'Art. 43',
      purpose: 'access-request', minimumAge: null, stored: false, retention: null,
      searchedAgainst: [{ categories: 'all-stored', scope: 'all-states' }],
      requiredFingers: { kind: 'at-least', count: 1 },
      markable: false, advanceErasure: [],
      note: 'Article number of the recast access right not verified.',
    },
  ],
});
