import { DomainError } from '../core/index.js';
import type { Period } from './regime.js';

/**
 * Parses an ISO 8601 date (`2024-05-01`, taken as UTC midnight) or date-time with an explicit
 * zone (`2024-05-01T10:00:00Z`, `…+02:00`). Anything else is AFIS_VALIDATION naming `field`.
 */
export function parseIsoDate(value: unknown, field: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new DomainError('AFIS_VALIDATION', `${field} is not a valid date`);
    return value;
  }
  const m = typeof value === 'string'
    ? /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(value)
    : null;
  const d = m ? new Date(m[4] === undefined ? `${value as string}T00:00:00Z` : (value as string)) : new Date(NaN);
  // Date rolls 2024-02-31 over to March; a real calendar day must survive a round trip.
  const calendarOk = m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (Number.isNaN(d.getTime()) || !calendarOk) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
    throw new DomainError('AFIS_VALIDATION', `${field} ${shown} is not an ISO 8601 date or date-time with zone`);
  }
  return d;
}

/** `start` plus a calendar period, in UTC (month ends roll over: 31 Jan + 1 month = 3 Mar in a non-leap year). */
export function addPeriod(start: Date, period: Period): Date {
  const d = new Date(start.getTime());
  if (period.years) d.setUTCFullYear(d.getUTCFullYear() + period.years);
  if (period.months) d.setUTCMonth(d.getUTCMonth() + period.months);
  if (period.days) d.setUTCDate(d.getUTCDate() + period.days);
  return d;
}

/** Whole years between `birth` and `at` (the age on that day), in UTC. */
export function ageInYears(birth: Date, at: Date): number {
  let age = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday = at.getUTCMonth() < birth.getUTCMonth() ||
    (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

function isCalendarDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
