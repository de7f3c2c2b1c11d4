import { StoreError } from '../core/index.js';
import { encodeMemberState } from './gallery-layout.js';

/**
 * Which subjects a search may compare against (the Eurodac comparison rules): allowed
 * categories and member states (absent = all), alternatives as clauses, and flags that exclude
 * a subject (e.g. blocked). Plain data so it can travel to worker threads and shard processes.
 */
export interface SearchFilter {
  readonly categories?: readonly number[];
  readonly memberStates?: readonly string[];
  /**
   * Alternatives (a subject qualifies if it passes ANY clause, and also `categories` and
   * `memberStates` above when given): the shape of the Eurodac comparison rules, e.g. "categories
   * 1 and 2 of other member states, or category 1 of our own".
   */
  readonly clauses?: readonly SearchClause[];
  /** Subjects with any of these {@link SUBJECT_FLAGS} bits are skipped. */
  readonly excludeFlags?: number;
}

/** One alternative of a filter: these categories, from these member states (or all but these, or any). */
export interface SearchClause {
  readonly categories: readonly number[];
  readonly memberStates: { readonly include: readonly string[] } | { readonly exclude: readonly string[] } | 'any';
}

/** A filter as lookup tables for the scan loop. */
export interface CompiledFilter {
  /** [category] 1 = allowed, or null = every category. */
  readonly categories: Uint8Array | null;
  /** [member state code] 1 = allowed, or null = every member state. */
  readonly memberStates: Uint8Array | null;
  /** [category · 677 + member state code] 1 = allowed by some clause, or null = no clauses. */
  readonly pairs: Uint8Array | null;
  readonly excludeFlags: number;
}

export function compileSearchFilter(filter: SearchFilter = {}): CompiledFilter {
  let categories: Uint8Array | null = null;
  if (filter.categories) {
    categories = new Uint8Array(256);
    for (const c of filter.categories) {
      if (!Number.isInteger(c) || c < 0 || c > 255) throw new StoreError('AFIS_VALIDATION', `search filter: category ${c} is not 0–255`);
      categories[c] = 1;
    }
  }
  let memberStates: Uint8Array | null = null;
  if (filter.memberStates) {
    memberStates = new Uint8Array(677);
    for (const ms of filter.memberStates) {
      const code = encodeMemberState(ms);
      if (code === 0) throw new StoreError('AFIS_VALIDATION', `search filter: member state "${ms}" is not an ISO 3166 alpha-2 code`);
      memberStates[code] = 1;
    }
  }
  let pairs: Uint8Array | null = null;
  if (filter.clauses) {
    pairs = new Uint8Array(256 * 677);
    for (const c of filter.clauses) {
      const ms = c.memberStates;
      const listed = new Uint8Array(677);
      const names = ms === 'any' ? [] : 'include' in ms ? ms.include : ms.exclude;
      for (const name of names) {
        const code = encodeMemberState(name);
        if (code === 0) throw new StoreError('AFIS_VALIDATION', `search filter: member state "${name}" is not an ISO 3166 alpha-2 code`);
        listed[code] = 1;
      }
      for (const cat of c.categories) {
        if (!Number.isInteger(cat) || cat < 0 || cat > 255) throw new StoreError('AFIS_VALIDATION', `search filter: category ${cat} is not 0–255`);
        for (let m = 0; m < 677; m++) {
          const ok = ms === 'any' ? true : 'include' in ms ? listed[m] === 1 : listed[m] === 0;
          if (ok) pairs[cat * 677 + m] = 1;
        }
      }
    }
  }
  return { categories, memberStates, pairs, excludeFlags: (filter.excludeFlags ?? 0) & 0xff };
}
