import { EURODAC_PARAMETERS } from '../config/parameters.js';
import { DomainError } from '../core/index.js';
import { ageInYears, parseIsoDate } from './dates.js';
import type { CategoryRule } from './regime.js';

/** A finger that is not captured and why (amputated, bandaged, …). */
export interface MissingFinger {
  readonly position: number;
  readonly reason: string;
}

/** Finger positions of ISO/IEC 19794-4 / ANSI/NIST: 1–10 fingers, 11–15 thumbs and slaps. */
export const FINGER_POSITIONS = Object.freeze({ min: 1, maxFinger: 10, max: 15 });

/**
 * Checks that the captured and declared-missing fingers satisfy the category's requirement:
 * positions are integers 1–15 (11–15 are slaps and thumbs, which count for nothing here),
 * no position is both captured and declared missing, each declared finger has a reason, at
 * least one finger is captured, and the required positions are covered (captured or declared).
 * Throws AFIS_VALIDATION for malformed input and AFIS_EURODAC_FINGERS_MISSING (with
 * `details.positions`, the uncovered positions) when fingers are missing undeclared.
 */
export function validateFingerCoverage(rule: CategoryRule, captured: readonly number[], missing: readonly MissingFinger[]): void {
  const bad = (why: string): never => {
    throw new DomainError('AFIS_VALIDATION', why);
  };
  const capturedSet = new Set<number>();
  for (const p of captured) {
    if (!Number.isInteger(p) || p < FINGER_POSITIONS.min || p > FINGER_POSITIONS.max) bad(`finger position ${String(p)} is not 1–15`);
    capturedSet.add(p);
  }
  const missingSet = new Set<number>();
  for (const m of missing) {
    if (!Number.isInteger(m.position) || m.position < FINGER_POSITIONS.min || m.position > FINGER_POSITIONS.maxFinger) {
      bad(`declared missing finger position ${String(m.position)} is not 1–10`);
    }
    if (typeof m.reason !== 'string' || m.reason.trim() === '') bad(`declared missing finger ${m.position} has no reason`);
    if (capturedSet.has(m.position)) bad(`finger ${m.position} is both captured and declared missing`);
    if (missingSet.has(m.position)) bad(`finger ${m.position} is declared missing twice`);
    missingSet.add(m.position);
  }
  const fingersCaptured = [...capturedSet].filter((p) => p <= FINGER_POSITIONS.maxFinger);
  if (fingersCaptured.length === 0) {
    throw new DomainError('AFIS_EURODAC_FINGERS_MISSING', 'no finger (positions 1–10) was captured', { positions: [] });
  }
  const covered = (p: number) => capturedSet.has(p) || missingSet.has(p);
  const uncovered = (positions: readonly number[]) => positions.filter((p) => !covered(p));
  const req = rule.requiredFingers;
  let lacking: number[] = [];
  if (req.kind === 'all') lacking = uncovered(req.positions);
  else if (req.kind === 'all-or') {
    const all = uncovered(req.positions);
    lacking = all.length === 0 ? [] : uncovered(req.fallback);
  } else if (fingersCaptured.length < req.count) {
    throw new DomainError('AFIS_EURODAC_FINGERS_MISSING', `category ${rule.digit} needs at least ${req.count} captured fingers`, { positions: [] });
  }
  if (lacking.length > 0) {
    throw new DomainError(
      'AFIS_EURODAC_FINGERS_MISSING',
      `category ${rule.digit} (${rule.key}) needs fingers ${lacking.join(', ')}: capture them or declare them missing with a reason`,
      { positions: lacking },
    );
  }
}

/**
 * Refuses a person under the category's minimum age (AFIS_EURODAC_UNDER_MINIMUM_AGE). The age
 * is taken from `birthDate` (ISO date) on `at`, or from a stated `age` in years. With neither
 * (603/2013 records carry no birth date) the check is the desk's, and this passes.
 */
export function checkMinimumAge(rule: CategoryRule, person: { birthDate?: string; age?: number }, at: Date): void {
  if (rule.minimumAge === null) return;
  let age: number | undefined;
  if (person.birthDate !== undefined) age = ageInYears(parseIsoDate(person.birthDate, 'birthDate'), at);
  else if (person.age !== undefined) {
    if (!Number.isInteger(person.age) || person.age < 0 || person.age > 150) {
      throw new DomainError('AFIS_VALIDATION', `age ${String(person.age)} is not a whole number of years`);
    }
    age = person.age;
  }
  if (age !== undefined && age < rule.minimumAge) {
    throw new DomainError(
      'AFIS_EURODAC_UNDER_MINIMUM_AGE',
      `category ${rule.digit} (${rule.key}) takes prints from age ${rule.minimumAge}; the person is ${age}`,
      { minimumAge: rule.minimumAge, age },
    );
  }
}

/**
 * Checks that a desk capture's time (epoch ms) is plausible: at most
 * `captureMaxAheadMinutes` after `now` and at most `captureMaxAgeDays` before it
 * (EURODAC_PARAMETERS). AFIS_VALIDATION naming the window otherwise.
 */
export function checkCaptureTime(capturedAt: number, now: number, window: { maxAgeDays: number; maxAheadMinutes: number } = {
  maxAgeDays: EURODAC_PARAMETERS.captureMaxAgeDays, maxAheadMinutes: EURODAC_PARAMETERS.captureMaxAheadMinutes,
}): void {
  const earliest = now - window.maxAgeDays * 86_400_000;
  const latest = now + window.maxAheadMinutes * 60_000;
  if (!Number.isFinite(capturedAt) || capturedAt < earliest || capturedAt > latest) {
    throw new DomainError('AFIS_VALIDATION',
      `capturedAt must lie between ${window.maxAgeDays} days before now and ${window.maxAheadMinutes} minutes after it (${new Date(earliest).toISOString()} – ${new Date(latest).toISOString()})`);
  }
}
