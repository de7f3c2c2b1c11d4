import { StoreError } from '../core/index.js';
import { encodeMemberState } from './gallery-layout.js';

/**
 * Which subjects a search may compare against (the Eurodac comparison rules): allowed
 * categories and member states (absent = all), and flags that exclude a subject (e.g. blocked).
 * Plain data so it can travel to worker threads and shard processes.
 */
export interface SearchFilter {
  readonly categories?: readonly number[];
  readonly memberStates?: readonly string[];
  /** Subjects with any of these {@link SUBJECT_FLAGS} bits are skipped. */
  readonly excludeFlags?: number;
}

/** A filter as lookup tables for the scan loop. */
export interface CompiledFilter {
  /** [category] 1 = allowed, or null = every category. */
  readonly categories: Uint8Array | null;
  /** [member state code] 1 = allowed, or null = every member state. */
  readonly memberStates: Uint8Array | null;
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
  return { categories, memberStates, excludeFlags: (filter.excludeFlags ?? 0) & 0xff };
}
