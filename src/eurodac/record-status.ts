import { DomainError } from '../core/index.js';
import { addPeriod, parseIsoDate } from './dates.js';
import type { AdvanceErasureReason, Purpose, Regime } from './regime.js';
import { getCategory } from './regimes.js';

export type MarkReason = 'protection-granted' | 'hit-on-marked-record';
export type ErasureReason = AdvanceErasureReason | 'retention-expired' | 'false-hit';

/**
 * The Eurodac part of a subject record: what decides whether it is kept, marked, blocked or
 * erased and which searches may see it. Dates are ISO 8601 strings (UTC) so a record can be
 * stored as JSON unchanged.
 */
export interface EurodacRecord {
  readonly referenceNumber: string;
  /** Member state of origin (ISO 3166 alpha-2). */
  readonly memberState: string;
  /** Category digit in the regime. */
  readonly category: number;
  /** When the prints were taken. */
  readonly takenAt: string;
  /** When the record was transmitted (sent); the recast counts retention from here. */
  readonly transmittedAt?: string;
  readonly markedAt?: string;
  readonly markReason?: MarkReason;
  /** An explicit block (e.g. received as blocked from another state); blocks law-enforcement searches. */
  readonly blockedAt?: string;
  readonly erasedAt?: string;
  readonly erasureReason?: ErasureReason;
}

/** When the record's retention ends (it is erased from then on); null for a category that is not stored. */
export function retentionExpiry(record: EurodacRecord, regime: Regime): Date | null {
  const rule = getCategory(regime, record.category);
  if (!rule.stored || rule.retention === null) return null;
  // The recast counts from transmission; a record without a transmission date counts from
  // when its prints were taken (never later than transmission, so never kept too long).
  const from = regime.retentionFrom === 'transmitted' && record.transmittedAt !== undefined
    ? record.transmittedAt
    : record.takenAt;
  return addPeriod(parseIsoDate(from, 'record date'), rule.retention);
}

/** True once the retention period has run out (`now` ≥ expiry). A non-stored category is always expired. */
export function isExpired(record: EurodacRecord, now: Date, regime: Regime): boolean {
  const expiry = retentionExpiry(record, regime);
  return expiry === null || now.getTime() >= expiry.getTime();
}

export function isErased(record: EurodacRecord, now: Date): boolean {
  return record.erasedAt !== undefined && parseIsoDate(record.erasedAt, 'erasedAt').getTime() <= now.getTime();
}

/**
 * When a marked record stops being available to law-enforcement searches (marking date plus
 * the regime's period), or the explicit block date, whichever is first; null if neither applies.
 */
export function lawEnforcementBlockDate(record: EurodacRecord, regime: Regime): Date | null {
  const dates: Date[] = [];
  if (record.blockedAt !== undefined) dates.push(parseIsoDate(record.blockedAt, 'blockedAt'));
  if (record.markedAt !== undefined && regime.markedLawEnforcementPeriod !== null) {
    dates.push(addPeriod(parseIsoDate(record.markedAt, 'markedAt'), regime.markedLawEnforcementPeriod));
  }
  if (dates.length === 0) return null;
  return dates.reduce((a, b) => (a.getTime() <= b.getTime() ? a : b));
}

/** True if the record is blocked for law-enforcement comparisons at `now`. */
export function isBlocked(record: EurodacRecord, now: Date, regime: Regime): boolean {
  const at = lawEnforcementBlockDate(record, regime);
  return at !== null && now.getTime() >= at.getTime();
}

export function isMarked(record: EurodacRecord, now: Date): boolean {
  return record.markedAt !== undefined && parseIsoDate(record.markedAt, 'markedAt').getTime() <= now.getTime();
}

export type Visibility = 'visible' | 'erased' | 'expired' | 'blocked';

/**
 * Whether a search made for `purpose` may see the record at `now`: erased and expired records
 * are seen by nobody; blocked records (marked data after the law-enforcement period, or an
 * explicit block) are not seen by law enforcement; asylum and migration-control comparisons
 * still see marked records until erasure, so a hit on protection granted elsewhere is reported.
 */
export function recordVisibility(record: EurodacRecord, purpose: Purpose, now: Date, regime: Regime): Visibility {
  if (isErased(record, now)) return 'erased';
  if (isExpired(record, now, regime)) return 'expired';
  if (purpose === 'law-enforcement' && isBlocked(record, now, regime)) return 'blocked';
  return 'visible';
}

export function isVisibleTo(record: EurodacRecord, purpose: Purpose, now: Date, regime: Regime): boolean {
  return recordVisibility(record, purpose, now, regime) === 'visible';
}

function conflict(record: EurodacRecord, why: string): never {
  throw new DomainError('AFIS_CONFLICT', `record ${record.referenceNumber}: ${why}`);
}

/**
 * Marks a record: the member state that grants protection marks its record
 * (`protection-granted`); other states whose records hit it mark theirs (`hit-on-marked-record`).
 * Marking twice keeps the first date. Refused (AFIS_CONFLICT) for a category that is not
 * markable or a record that is erased or expired.
 */
export function markRecord(record: EurodacRecord, at: Date, reason: MarkReason, regime: Regime): EurodacRecord {
  if (!getCategory(regime, record.category).markable) conflict(record, `category ${record.category} records are not marked in regime ${regime.id}`);
  if (isErased(record, at)) conflict(record, 'is erased');
  if (isExpired(record, at, regime)) conflict(record, 'has expired');
  if (record.markedAt !== undefined) return record;
  return { ...record, markedAt: at.toISOString(), markReason: reason };
}

/**
 * Our records to mark after another state marked `markedRecord`: those of our records that hit
 * it, as found by the caller from the hit history. Records already marked keep their date.
 */
export function propagateMark(ownRecordsThatHit: readonly EurodacRecord[], at: Date, regime: Regime): EurodacRecord[] {
  return ownRecordsThatHit
    .filter((r) => getCategory(regime, r.category).markable && !isErased(r, at) && !isExpired(r, at, regime))
    .map((r) => markRecord(r, at, 'hit-on-marked-record', regime));
}

/**
 * Erases a record before its retention ends: on citizenship of a member state (every stored
 * category), and for the categories that allow it, on a residence permit or departure.
 * Erasing an erased record keeps the first erasure. A reason the category does not allow is
 * AFIS_CONFLICT.
 */
export function eraseInAdvance(record: EurodacRecord, reason: AdvanceErasureReason, at: Date, regime: Regime): EurodacRecord {
  const rule = getCategory(regime, record.category);
  if (!rule.advanceErasure.includes(reason)) {
    conflict(record, `advance erasure for ${reason} does not apply to category ${record.category} (${rule.key}) in regime ${regime.id}`);
  }
  if (record.erasedAt !== undefined) return record;
  return { ...record, erasedAt: at.toISOString(), erasureReason: reason };
}

/** The erased form of an expired record (for the retention sweep); an unexpired one is returned unchanged. */
export function eraseIfExpired(record: EurodacRecord, now: Date, regime: Regime): EurodacRecord {
  if (record.erasedAt !== undefined || !isExpired(record, now, regime)) return record;
  return { ...record, erasedAt: now.toISOString(), erasureReason: 'retention-expired' };
}
