import type { ForegroundMask, RawMinutia } from './types.js';

/**
 * Drops the minutiae that lie on residue (`mask.residue`, segment-foreground.ts: a dark flat
 * smudge and a margin around it). The block mask leaves a smudge's partial blocks and its soft
 * rim inside the print; there the enhancement draws the rim's dark band as a ridge circling the
 * smudge, and its endings and forks are not the finger's. Minutiae beside the smudge are kept:
 * cutting the mask there instead moves the border distance over the true minutiae next to it,
 * which costs more (bench/RESULTS.md, issue 12). Returns the input when there is no residue.
 * Pure.
 */
export function dropResidueMinutiae<T extends RawMinutia>(minutiae: T[], mask: ForegroundMask, width: number, height: number): T[] {
  const residue = mask.residue;
  if (!residue) return minutiae;
  return minutiae.filter((m) => {
    const x = Math.min(width - 1, Math.max(0, Math.round(m.x)));
    const y = Math.min(height - 1, Math.max(0, Math.round(m.y)));
    return !residue[y * width + x];
  });
}
