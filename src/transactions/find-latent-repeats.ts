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
 * same size (one scanner). Pure; O(n · m) per pair.
 */
export function findLatentRepeats(
  fingers: ReadonlyArray<{ readonly position: number; readonly template: Template }>,
  params: LatentRepeatParameters = TRANSACTION_PARAMETERS,
): LatentRepeat[] {
  const ordered = [...fingers].sort((a, b) => a.position - b.position);
  const cosTolerance = Math.cos(params.latentRepeatAngle);
  const r2 = params.latentRepeatRadius * params.latentRepeatRadius;
  const out: LatentRepeat[] = [];
  for (let k = 1; k < ordered.length; k++) {
    const prev = ordered[k - 1]!.template, cur = ordered[k]!.template;
    if (prev.width !== cur.width || prev.height !== cur.height || prev.ppi !== cur.ppi) continue;
    let repeats = 0;
    for (const m of cur.minutiae) {
      for (const n of prev.minutiae) {
        const dx = m.x - n.x, dy = m.y - n.y;
        if (dx * dx + dy * dy <= r2 && Math.cos(m.angle - n.angle) >= cosTolerance) { repeats++; break; }
      }
    }
    if (repeats >= params.latentMinRepeats) out.push({ position: ordered[k]!.position, previous: ordered[k - 1]!.position, repeats });
  }
  return out;
}
