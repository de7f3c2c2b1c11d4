import type { Purpose, Regime } from './regime.js';
import { comparisonCategories, getCategory } from './regimes.js';
import { recordVisibility, type EurodacRecord } from './record-status.js';

/**
 * One clause of a search filter: a record qualifies when its category is in `categories` and
 * its member state passes `memberStates` (`include`: only these; `exclude`: all but these).
 */
export interface SearchClause {
  readonly categories: readonly number[];
  readonly memberStates: { readonly include: readonly string[] } | { readonly exclude: readonly string[] } | 'any';
}

/**
 * Which gallery records a search may compare against: a record qualifies if it passes ANY
 * clause and is visible for `purpose` at `asOf` (not erased, not expired, and for law
 * enforcement not blocked). An empty clause list means the category is not searched.
 */
export interface SearchFilter {
  readonly purpose: Purpose;
  readonly clauses: readonly SearchClause[];
  /** ISO date-time the visibility rules are evaluated at. */
  readonly asOf: string;
  /** Whether records blocked for law enforcement are excluded (true for law-enforcement searches). */
  readonly excludeBlocked: boolean;
}

export interface SearchRequest {
  /** Category digit of the transaction. */
  readonly category: number;
  /** Member state making the search (ours). */
  readonly memberState: string;
  /** Whether to apply the "own data on request" comparisons. */
  readonly compareOwnData: boolean;
  readonly now: Date;
}

/**
 * The category's comparison rules as a filter over gallery metadata (category, member state,
 * status dates). Pure; cost is proportional to the size of the rule table.
 */
export function buildSearchFilter(regime: Regime, request: SearchRequest): SearchFilter {
  const rule = getCategory(regime, request.category);
  const clauses: SearchClause[] = [];
  for (const c of rule.searchedAgainst) {
    const categories = comparisonCategories(regime, c);
    if (c.scope === 'own-state-on-request' && !request.compareOwnData) continue;
    const memberStates: SearchClause['memberStates'] =
      c.scope === 'other-states' ? { exclude: [request.memberState] }
        : c.scope === 'own-state-on-request' ? { include: [request.memberState] }
          : 'any';
    clauses.push({ categories, memberStates });
  }
  return {
    purpose: rule.purpose,
    clauses: mergeClauses(clauses),
    asOf: request.now.toISOString(),
    excludeBlocked: rule.purpose === 'law-enforcement',
  };
}

/** Clauses over the same categories for own and other states together cover every state. */
function mergeClauses(clauses: SearchClause[]): SearchClause[] {
  const key = (c: SearchClause) => [...c.categories].sort((a, b) => a - b).join(',');
  const out: SearchClause[] = [];
  for (const c of clauses) {
    const twin = out.findIndex((o) => key(o) === key(c) && complementary(o.memberStates, c.memberStates));
    if (twin >= 0) out[twin] = { categories: out[twin].categories, memberStates: 'any' };
    else out.push(c);
  }
  return out;
}

function complementary(a: SearchClause['memberStates'], b: SearchClause['memberStates']): boolean {
  if (a === 'any' || b === 'any') return false;
  const inc = 'include' in a ? a : 'include' in b ? b : null;
  const exc = 'exclude' in a ? a : 'exclude' in b ? b : null;
  return inc !== null && exc !== null && inc.include.length === exc.exclude.length &&
    inc.include.every((s) => exc.exclude.includes(s));
}

/** True if the record passes one of the filter's clauses (category and member state only). */
export function matchesClauses(filter: SearchFilter, record: { category: number; memberState: string }): boolean {
  return filter.clauses.some((c) => {
    if (!c.categories.includes(record.category)) return false;
    if (c.memberStates === 'any') return true;
    return 'include' in c.memberStates
      ? c.memberStates.include.includes(record.memberState)
      : !c.memberStates.exclude.includes(record.memberState);
  });
}

/** The full test: clauses and visibility (erased, expired, blocked for law enforcement). */
export function recordMatchesFilter(filter: SearchFilter, record: EurodacRecord, regime: Regime): boolean {
  return matchesClauses(filter, record) && recordVisibility(record, filter.purpose, new Date(filter.asOf), regime) === 'visible';
}

/**
 * A single-clause superset of the filter for a gallery that filters by one category set and one
 * member-state set (e.g. the 1:N index's metadata filter): the union of the clauses'
 * categories and member states (`undefined` = any state). The caller must re-check each
 * candidate with {@link recordMatchesFilter}, since a union of products can admit a few
 * combinations no clause allows. An unsearched category gives `categories: []`.
 */
export function flattenSearchFilter(filter: SearchFilter, participating: readonly string[]): {
  categories: number[];
  memberStates: string[] | undefined;
  excludeBlocked: boolean;
} {
  const categories = [...new Set(filter.clauses.flatMap((c) => c.categories))].sort((a, b) => a - b);
  let states: Set<string> | undefined = new Set();
  for (const c of filter.clauses) {
    if (c.memberStates === 'any') {
      states = undefined;
      break;
    }
    const ms = c.memberStates;
    const add = 'include' in ms ? ms.include : participating.filter((s) => !ms.exclude.includes(s));
    for (const s of add) states.add(s);
  }
  return {
    categories,
    memberStates: states === undefined ? undefined : [...states].sort(),
    excludeBlocked: filter.excludeBlocked,
  };
}

/**
 * The part of a filter that looks at one member state's records only: what a national system
 * searches itself when the central system does the comparison with the other states (an
 * earlier application in this state is a subsequent application). Pure.
 */
export function restrictToMemberState(filter: SearchFilter, memberState: string): SearchFilter {
  const clauses: SearchClause[] = [];
  for (const c of filter.clauses) {
    const ms = c.memberStates;
    const keeps = ms === 'any' || ('include' in ms ? ms.include.includes(memberState) : !ms.exclude.includes(memberState));
    if (keeps) clauses.push({ categories: c.categories, memberStates: { include: [memberState] } });
  }
  return { ...filter, clauses };
}
