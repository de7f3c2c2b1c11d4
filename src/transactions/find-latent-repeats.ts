// Latent residue on the platen: a capture that repeats the previous capture's minutiae in place.
import { TRANSACTION_PARAMETERS } from '../config/parameters.js';
import type { Template } from '../templates/index.js';

/** A finger that repeats the previous finger's minutiae where they lie. */
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
  /** The record the finger was captured for (its reference number), where known: its erasure erases the finger's residue too. */
  readonly source?: string;
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
 * without any alignment, many of them, are that residue. The fingers (each pressed on its own,
 * rolled or plain, captured in position order on one scanner) are checked each against the one
 * before it, when both images have the same size (one scanner). With `before`, the last finger of the desk's previous capture, the
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
export function countRepeats(prev: Template, cur: Template, params: LatentRepeatParameters = TRANSACTION_PARAMETERS): number {
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
 * The fingers' templates without the residue's minutiae, for those that lose any. A flagged
 * finger (`latent`, what {@link findLatentRepeats} found for the same `fingers` and the last of
 * `earlier`) loses its minutiae that lie in place on the finger before it: they are the residue's
 * (the finger before left them, or a latent that stays on the platen), not its own. Only the
 * later finger of a pair loses them: in the earlier one they may be its own. With `persistent`,
 * every finger also loses its minutiae that lie in place on each of the two fingers before it,
 * flagged or not: a latent that stays on the platen repeats in every capture, while a true minutia
 * of a finger lies in place on another finger's about once in 300 (on FVC2002, 0.1 per pair of
 * different fingers), so on two of them almost never. `earlier`: the desk's previous capture's
 * last fingers, in capture order (the last one is the finger before this capture's first). Pure.
 */
export function withoutLatentRepeats(
  fingers: readonly LatentFinger[],
  latent: readonly LatentRepeat[],
  params: LatentRepeatParameters & { readonly latentDropPersistent: boolean } = TRANSACTION_PARAMETERS,
  earlier: readonly LatentFinger[] = [],
): Map<number, Template> {
  const sequence = [...earlier, ...[...fingers].sort((a, b) => a.position - b.position)];
  const flagged = new Set(latent.map((l) => l.position));
  const out = new Map<number, Template>();
  for (let k = earlier.length; k < sequence.length; k++) {
    const cur = sequence[k]!.template;
    const prev = k >= 1 ? sequence[k - 1]!.template : undefined;
    if (prev === undefined) continue;
    const onPrev = repeatedMinutiae(prev, cur, params);
    const drop = flagged.has(sequence[k]!.position) ? new Set(onPrev) : new Set<number>();
    if (params.latentDropPersistent && k >= 2) {
      const onBefore = repeatedMinutiae(sequence[k - 2]!.template, cur, params);
      for (const i of onPrev) if (onBefore.has(i)) drop.add(i);
    }
    if (drop.size > 0) out.set(sequence[k]!.position, { ...cur, minutiae: cur.minutiae.filter((_, i) => !drop.has(i)) });
  }
  return out;
}
