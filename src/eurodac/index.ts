/**
 * The Eurodac domain: regimes (603/2013 and the 2024/1358 recast) as data tables, member
 * states, reference numbers, capture requirements, record status (marking, blocking, advance
 * erasure, retention), search filters from the comparison rules, and routing by a policy
 * file. Pure: no I/O, no clock (callers pass `now`), no imports beyond core and config.
 */
export * from './regime.js';
export { REGIME_603_2013 } from './regime-603-2013.js';
export { REGIME_2024_1358 } from './regime-2024-1358.js';
export * from './regimes.js';
export * from './member-states.js';
export * from './dates.js';
export * from './reference-number.js';
export * from './validate-capture.js';
export * from './record-status.js';
export * from './search-filter.js';
export * from './routing-policy.js';
export * from './decide-route.js';
