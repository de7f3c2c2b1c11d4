/**
 * The shape of a Eurodac regime: its categories and their rules as data. The tables of the
 * two regimes live in `regime-603-2013.ts` and `regime-2024-1358.ts`; code reads the tables
 * and never branches on a regime's name.
 */

export type RegimeId = '603/2013' | '2024/1358';

/** A calendar period (added in UTC; a 29 February start plus 1 year ends on 1 March). */
export interface Period {
  readonly years?: number;
  readonly months?: number;
  readonly days?: number;
}

/** What a transaction of a category is for; decides which records a search may see. */
export type Purpose = 'asylum' | 'migration-control' | 'law-enforcement' | 'access-request';

/** Finger positions 1–10 (ISO/ANSI: 1 right thumb … 5 right little, 6 left thumb … 10 left little). */
export const ALL_TEN_FINGERS: readonly number[] = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
export const INDEX_FINGERS: readonly number[] = Object.freeze([2, 7]);

/**
 * Which fingers a capture of the category must cover. A finger is covered when it is captured
 * or declared missing (amputated, bandaged…).
 * - `all`: every position of `positions`.
 * - `all-or`: every position of `positions`, or at least every position of `fallback`.
 * - `at-least`: at least `count` captured fingers, any positions.
 */
export type FingerRequirement =
  | { readonly kind: 'all'; readonly positions: readonly number[] }
  | { readonly kind: 'all-or'; readonly positions: readonly number[]; readonly fallback: readonly number[] }
  | { readonly kind: 'at-least'; readonly count: number };

/**
 * Whose records a comparison looks at.
 * - `other-states`: records sent by other member states.
 * - `own-state-on-request`: our own records, when the transaction asks for it.
 * - `all-states`: every state's records, our own included.
 */
export type ComparisonScope = 'other-states' | 'own-state-on-request' | 'all-states';

/** One line of "searched against": these record categories, within this scope. */
export interface ComparisonRule {
  /** Category digits, or `all-stored` for every category of the regime that is stored. */
  readonly categories: readonly number[] | 'all-stored';
  readonly scope: ComparisonScope;
}

/** Why a record may be erased before its retention ends. */
export type AdvanceErasureReason = 'citizenship' | 'residence-permit' | 'left-territory';

export interface CategoryRule {
  /** The digit that follows the member-state letters in the reference number. */
  readonly digit: number;
  /** Stable machine name (kebab-case). */
  readonly key: string;
  readonly name: string;
  /** Legal basis, e.g. `Art. 9`. */
  readonly article: string;
  readonly purpose: Purpose;
  /** Minimum age in years for taking prints; null where the regulation sets none. */
  readonly minimumAge: number | null;
  /** Whether a transaction of this category enrols the person (stores the record). */
  readonly stored: boolean;
  /** How long a stored record is kept; null for categories that are not stored. */
  readonly retention: Period | null;
  /** Which stored records a transaction of this category is compared against (empty: not searched). */
  readonly searchedAgainst: readonly ComparisonRule[];
  readonly requiredFingers: FingerRequirement;
  /** Whether a record of this category is marked when protection is granted. */
  readonly markable: boolean;
  /** Reasons that erase a record of this category before its retention ends. */
  readonly advanceErasure: readonly AdvanceErasureReason[];
  /** Where the table is less certain than the regulation text, a note saying so. */
  readonly note?: string;
}

export interface Regime {
  readonly id: RegimeId;
  readonly title: string;
  /** ISO date from which the regime applies. */
  readonly appliesFrom: string;
  /** Retention runs from the date the prints were taken (603/2013) or transmitted (recast). */
  readonly retentionFrom: 'taken' | 'transmitted';
  /**
   * How long marked records stay visible to law-enforcement searches after marking; after
   * that they are blocked for law enforcement (they stay visible to asylum comparisons until
   * erased). null: no such blocking; marked data stay available until erasure.
   */
  readonly markedLawEnforcementPeriod: Period | null;
  readonly categories: readonly CategoryRule[];
}
