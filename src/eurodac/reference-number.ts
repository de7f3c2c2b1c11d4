import { EURODAC_PARAMETERS } from '../config/parameters.js';
import { DomainError } from '../core/index.js';
import type { Regime } from './regime.js';
import { getCategory } from './regimes.js';
import { isMemberState } from './member-states.js';

/**
 * A Eurodac reference number: the member state's letters, the category digit, then a national
 * part unique per person and transaction (`BE1` + sequence). It is the only link between a
 * Eurodac record and the national file. A re-sent transaction keeps its number.
 */
export interface ReferenceNumber {
  readonly memberState: string;
  readonly category: number;
  readonly nationalPart: string;
}

const REFERENCE_PATTERN = /^([A-Z]{2})([0-9])([A-Z0-9]+)$/;

function invalid(value: unknown, why: string): never {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 48)) : typeof value;
  throw new DomainError('AFIS_EURODAC_REFERENCE_INVALID', `reference number ${shown}: ${why}`);
}

/**
 * Splits and checks a reference number: participating member state, a digit, then 1 to
 * `maxNationalPartLength` characters A–Z/0–9. When `regime` is given the digit must be one of
 * its categories. Throws AFIS_EURODAC_REFERENCE_INVALID.
 */
export function parseReferenceNumber(
  value: unknown,
  regime?: Regime,
  params: { maxNationalPartLength: number } = EURODAC_PARAMETERS,
): ReferenceNumber {
  if (typeof value !== 'string') invalid(value, 'not a string');
  const m = REFERENCE_PATTERN.exec(value);
  if (m === null) invalid(value, 'expected member-state letters, a category digit and a national part of A–Z/0–9');
  const [, memberState, digit, nationalPart] = m;
  if (!isMemberState(memberState)) invalid(value, `${memberState} is not a participating member state`);
  if (nationalPart.length > params.maxNationalPartLength) invalid(value, `national part longer than ${params.maxNationalPartLength} characters`);
  const category = Number(digit);
  if (regime !== undefined && !regime.categories.some((c) => c.digit === category)) {
    invalid(value, `category digit ${category} is not a category of regime ${regime.id}`);
  }
  return { memberState, category, nationalPart };
}

/** True if {@link parseReferenceNumber} would accept the value. */
export function isReferenceNumber(value: unknown, regime?: Regime): value is string {
  try {
    parseReferenceNumber(value, regime);
    return true;
  } catch {
    return false;
  }
}

/** The string form of a reference (validated the same way as parsing). */
export function formatReferenceNumber(ref: ReferenceNumber, regime?: Regime): string {
  const s = `${ref.memberState}${ref.category}${ref.nationalPart}`;
  parseReferenceNumber(s, regime);
  return s;
}

/**
 * The reference number we issue for the `sequence`-th transaction of a member state and category:
 * `BE` + `1` + the sequence zero-padded to `referenceSequenceDigits` (wider sequences keep all digits).
 * The sequence comes from the store's counter, so a number is never issued twice.
 */
export function referenceFromSequence(
  memberState: string,
  category: number,
  sequence: number | bigint,
  params: { referenceSequenceDigits: number; maxNationalPartLength: number } = EURODAC_PARAMETERS,
): string {
  const n = BigInt(sequence);
  if (n < 0n) invalid(String(sequence), 'sequence is negative');
  if (!Number.isInteger(category) || category < 0 || category > 9) invalid(String(category), 'category is not a digit');
  const national = n.toString().padStart(params.referenceSequenceDigits, '0');
  const s = `${memberState}${category}${national}`;
  parseReferenceNumber(s, undefined, params);
  return s;
}

/**
 * Checks that a reference given with a transaction (a resend after a quality rejection keeps
 * its number) belongs to the transaction's member state and category in the regime.
 */
export function validateReferenceNumber(
  value: unknown,
  expected: { memberState: string; category: number },
  regime: Regime,
): string {
  const ref = parseReferenceNumber(value, regime);
  getCategory(regime, expected.category);
  if (ref.memberState !== expected.memberState) {
    invalid(value, `belongs to member state ${ref.memberState}, not ${expected.memberState}`);
  }
  if (ref.category !== expected.category) {
    invalid(value, `has category digit ${ref.category}, the transaction is category ${expected.category}`);
  }
  return value as string;
}

/** Dublin request types of Regulation 1560/2003 as used in request references. */
export const DUBLIN_REQUEST_TYPES = Object.freeze({ 'take-charge': 1, 'take-back': 2, information: 3 } as const);
export type DublinRequestKind = keyof typeof DUBLIN_REQUEST_TYPES;
export type DublinRequestType = (typeof DUBLIN_REQUEST_TYPES)[DublinRequestKind];

export interface DublinRequestReference {
  readonly requestingMemberState: string;
  readonly requestType: DublinRequestType;
  /** The other state's Eurodac reference the request is based on. */
  readonly otherReference: string;
}

/**
 * A Dublin request reference: the requesting state's letters, the request type digit (1 take
 * charge, 2 take back, 3 information request), then the other state's Eurodac reference,
 * e.g. `BE2FR1000123`.
 */
export function formatDublinRequestReference(requestingMemberState: string, requestType: DublinRequestType, otherReference: string): string {
  if (!isMemberState(requestingMemberState)) invalid(requestingMemberState, 'requesting member state is not participating');
  if (requestType !== 1 && requestType !== 2 && requestType !== 3) invalid(String(requestType), 'request type must be 1, 2 or 3');
  parseReferenceNumber(otherReference);
  return `${requestingMemberState}${requestType}${otherReference}`;
}

/** Parses a Dublin request reference made by {@link formatDublinRequestReference}. */
export function parseDublinRequestReference(value: unknown): DublinRequestReference {
  if (typeof value !== 'string' || !/^[A-Z]{2}[1-3]/.test(value)) invalid(value, 'not a Dublin request reference (letters, request type 1–3, Eurodac reference)');
  const requestingMemberState = value.slice(0, 2);
  if (!isMemberState(requestingMemberState)) invalid(value, `${requestingMemberState} is not a participating member state`);
  const otherReference = value.slice(3);
  parseReferenceNumber(otherReference);
  return { requestingMemberState, requestType: Number(value[2]) as DublinRequestType, otherReference };
}
