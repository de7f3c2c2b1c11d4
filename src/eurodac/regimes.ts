import { ConfigError, DomainError } from '../core/index.js';
import type { CategoryRule, ComparisonRule, Regime, RegimeId } from './regime.js';
import { REGIME_603_2013 } from './regime-603-2013.js';
import { REGIME_2024_1358 } from './regime-2024-1358.js';

/** Both regimes, by id. Which one applies is configuration (`EURODAC_PARAMETERS.regime`). */
export const REGIMES: Readonly<Record<RegimeId, Regime>> = Object.freeze({
  '603/2013': REGIME_603_2013,
  '2024/1358': REGIME_2024_1358,
});

export function isRegimeId(id: unknown): id is RegimeId {
  return typeof id === 'string' && Object.hasOwn(REGIMES, id);
}

/** The regime with that id; an unknown id is a configuration error (AFIS_CONFIG_INVALID). */
export function getRegime(id: string): Regime {
  if (!isRegimeId(id)) throw new ConfigError('AFIS_CONFIG_INVALID', `unknown Eurodac regime ${JSON.stringify(id)}; expected one of ${Object.keys(REGIMES).join(', ')}`);
  return REGIMES[id];
}

/** The regime whose `appliesFrom` is the latest one not after `date` (for a date-driven switch). */
export function regimeForDate(date: Date): Regime {
  const day = date.toISOString().slice(0, 10);
  let best: Regime | undefined;
  for (const r of Object.values(REGIMES)) {
    if (r.appliesFrom <= day && (best === undefined || r.appliesFrom > best.appliesFrom)) best = r;
  }
  if (best === undefined) throw new ConfigError('AFIS_CONFIG_INVALID', `no Eurodac regime applies on ${day}`);
  return best;
}

/** The category rule with that digit; otherwise AFIS_EURODAC_CATEGORY_INVALID. Accepts a digit string. */
export function getCategory(regime: Regime, category: unknown): CategoryRule {
  const digit = typeof category === 'string' && /^[0-9]$/.test(category) ? Number(category) : category;
  const rule = typeof digit === 'number' ? regime.categories.find((c) => c.digit === digit) : undefined;
  if (rule === undefined) {
    const shown = typeof category === 'number' || typeof category === 'string' ? JSON.stringify(category).slice(0, 20) : typeof category;
    const known = regime.categories.map((c) => c.digit).join(', ');
    throw new DomainError('AFIS_EURODAC_CATEGORY_INVALID', `category ${shown} is not a category of regime ${regime.id} (${known})`);
  }
  return rule;
}

/** Digits of the categories the regime stores, ascending. */
export function storedCategoryDigits(regime: Regime): number[] {
  return regime.categories.filter((c) => c.stored).map((c) => c.digit).sort((a, b) => a - b);
}

/** The category digits one comparison rule names (expanding `all-stored`). */
export function comparisonCategories(regime: Regime, rule: ComparisonRule): number[] {
  return rule.categories === 'all-stored' ? storedCategoryDigits(regime) : [...rule.categories];
}

/** Whether transactions of the category are compared against the gallery at all. */
export function isSearched(category: CategoryRule): boolean {
  return category.searchedAgainst.length > 0;
}
