// Latent residue on the platen: a capture that repeats the previous capture's minutiae in place.
import { TRANSACTION_PARAMETERS } from '../config/parameters.js';
import type { Template } from '../templates/index.js';

/** A rolled finger that repeats the previous rolled finger's minutiae where they lie. */
export interface LatentRepeat {
  readonly position: number;
  /** The finger captured before it, whose residue it shows. */
  readonly previous: number;
  /** Its minutiae that lie on the previous finger's, in place. */
  readonly repeats: number;
  /** True when that finger was the last one of the desk's previous capture (the previous applicant's). */
  readonly previousCapture?: boolean;
}

/** A finger to check against: a position and its template. */
export interface LatentFinger {
  readonly position: number;
  readonly template: Template;
}

export interface LatentRepeatParameters {
  readonly latentMinRepeats: number;
  readonly latentRepeatRadius: number;
  readonly latentRepeatAngle: number;
}

/**
 * An optical platen keeps the residue of the last finger pressed on it, and the next capture shows
 * its ridges where they were (bench/RESULTS.md, "ghost"). A finger placed again never lands to
 * within a few pixels and degrees everywhere, so minutiae that lie on the previous capture's
 * without any alignment, many of them, are that residue. The fingers (rolled, captured in position
 * order on one scanner) are checked each against the one before it, when both images have the
 * same size (one scanner). With `before`, the last finger of the desk's previous capture, the
 * first finger is checked against it too (the previous applicant's residue). Pure; O(n · m) per pair.
 */
export function findLatentRepeats(
  fingers: readonly LatentFinger[],
  params: LatentRepeatParameters = TRANSACTION_PARAMETERS,
  before?: LatentFinger,
): LatentRepeat[] {
  const ordered = [...fingers].sort((a, b) => a.position - b.position);
  const out: LatentRepeat[] = [];
  if (before !== undefined && ordered.length > 0) {
    const repeats = countRepeats(before.template, ordered[0]!.template, params);
    if (repeats >= params.latentMinRepeats) out.push({ position: ordered[0]!.position, previous: before.position, repeats, previousCapture: true });
  }
  for (let k = 1; k < ordered.length; k++) {
    const repeats = countRepeats(ordered[k - 1]!.template, ordered[k]!.template, params);
    if (repeats >= params.latentMinRepeats) out.push({ position: ordered[k]!.position, previous: ordered[k - 1]!.position, repeats });
  }
  return out;
}

/** How many of `cur`'s minutiae lie on one of `prev`'s in place (0 for images of different sizes: another scanner). */
function countRepeats(prev: Template, cur: Template, params: LatentRepeatParameters): number {
  return repeatedMinutiae(prev, cur, params).size;
}

/** Indices of `cur`'s minutiae that lie on one of `prev`'s in place (none for images of different sizes). */
function repeatedMinutiae(prev: Template, cur: Template, params: LatentRepeatParameters): Set<number> {
  const out = new Set<number>();
  if (prev.width !== cur.width || prev.height !== cur.height || prev.ppi !== cur.ppi) return out;
  const cosTolerance = Math.cos(params.latentRepeatAngle);
  const r2 = params.latentRepeatRadius * params.latentRepeatRadius;
  cur.minutiae.forEach((m, i) => {
    for (const n of prev.minutiae) {
      const dx = m.x - n.x, dy = m.y - n.y;
      if (dx * dx + dy * dy <= r2 && Math.cos(m.angle - n.angle) >= cosTolerance) { out.add(i); break; }
    }
  });
  return out;
}

/**
 * The templates of the flagged fingers without their repeated minutiae: those are the residue's
 * (the finger before it left them, or a latent that stays on the platen), not this finger's. Only
 * the later finger of a flagged pair loses them: in the earlier one they may be its own. `latent`
 * is what {@link findLatentRepeats} found for the same `fingers` and `before`. Pure.
 */
export function withoutLatentRepeats(
  fingers: readonly LatentFinger[],
  latent: readonly LatentRepeat[],
  params: LatentRepeatParameters = TRANSACTION_PARAMETERS,
  before?: LatentFinger,
): Map<number, Template> {
  const byPosition = new Map(fingers.map((f) => [f.position, f.template] as const));
  const out = new Map<number, Template>();
  for (const l of latent) {
    const cur = byPosition.get(l.position);
    const prev = l.previousCapture === true ? before?.template : byPosition.get(l.previous);
    if (cur === undefined || prev === undefined) continue;
    const drop = repeatedMinutiae(prev, cur, params);
    out.set(l.position, { ...cur, minutiae: cur.minutiae.filter((_, i) => !drop.has(i)) });
  }
  return out;
}
