import { DomainError } from '../core/index.js';
import type { Template } from '../templates/index.js';
import type { SequenceView } from './types.js';

/** What the rolled/plain comparison found (ANSI/NIST positions 1–10). */
export interface SequenceCheck {
  /** Positions whose rolled print was compared with at least one plain finger. */
  readonly checked: readonly number[];
  /** Rolled print matches the plain finger of its own position (and none better). */
  readonly confirmed: readonly number[];
  /** Rolled print matches no plain finger: a poor print or a wrong finger; recapture advised. */
  readonly unconfirmed: readonly number[];
  /**
   * Pairs [a, b] (a < b) where the rolled print of one matches the plain finger of the other better
   * than its own: the fingers were put in the wrong boxes.
   */
  readonly swapped: readonly (readonly [number, number])[];
}

/**
 * The sequence check of a ten-print: every rolled finger is compared with every plain finger
 * (from the slaps or given plain); a rolled print that does not match its own position's plain
 * finger (score below `threshold`) while it matches another position's (score ≥ `threshold`
 * and above its own) was captured in the wrong box. `threshold` is a 1:1 score set in FMR terms
 * by the caller (a rolled print reaching it against a wrong finger is that rare per comparison).
 * Cost: rolled × plain comparisons (≤ 100). Pure apart from `compare`.
 */
export function checkFingerSequence(
  rolled: ReadonlyMap<number, Template>, plain: ReadonlyMap<number, Template>,
  compare: (probe: Template, candidate: Template) => number, threshold: number,
): SequenceCheck {
  const checked: number[] = [];
  const confirmed: number[] = [];
  const unconfirmed: number[] = [];
  const pairs = new Map<string, [number, number]>();
  const plainPositions = [...plain.keys()].sort((a, b) => a - b);
  for (const [position, template] of [...rolled].sort((a, b) => a[0] - b[0])) {
    if (plainPositions.length === 0) break;
    checked.push(position);
    const ownPlain = plain.get(position);
    const own = ownPlain === undefined ? -Infinity : compare(template, ownPlain);
    let other = -Infinity;
    let otherPosition = 0;
    for (const p of plainPositions) {
      if (p === position) continue;
      const s = compare(template, plain.get(p)!);
      if (s > other) { other = s; otherPosition = p; }
    }
    if (other >= threshold && other > own) {
      const pair: [number, number] = position < otherPosition ? [position, otherPosition] : [otherPosition, position];
      pairs.set(pair.join(','), pair);
    } else if (own >= threshold) {
      confirmed.push(position);
    } else if (ownPlain !== undefined) {
      unconfirmed.push(position);
    }
  }
  const swapped = [...pairs.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { checked, confirmed, unconfirmed, swapped };
}

/**
 * The desk's answer to a sequence check: swapped pairs refuse the capture with
 * AFIS_SEQUENCE_MISMATCH (`details.positions` = the pairs, `details.unconfirmed` = prints that
 * match nothing) unless the desk overrides with a reason; otherwise the check as reported.
 */
export function decideSequence(check: SequenceCheck, override: { readonly reason: string } | undefined): SequenceView {
  if (check.swapped.length > 0 && override === undefined) {
    const pairs = check.swapped.map(([a, b]) => `${a} and ${b}`).join(', ');
    throw new DomainError('AFIS_SEQUENCE_MISMATCH', `rolled fingers look swapped: ${pairs}; swap or recapture them`, {
      positions: check.swapped.map((p) => [...p]), unconfirmed: [...check.unconfirmed],
    });
  }
  if (override !== undefined && (typeof override.reason !== 'string' || override.reason.trim().length < 3)) {
    throw new DomainError('AFIS_VALIDATION', 'a sequence override needs a reason');
  }
  return {
    checked: check.checked, confirmed: check.confirmed, unconfirmed: check.unconfirmed, swapped: check.swapped,
    overridden: check.swapped.length > 0,
  };
}
