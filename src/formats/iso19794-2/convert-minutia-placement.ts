import { FORMAT_PARAMETERS } from '../../config/parameters.js';
import type { Minutia, MinutiaType, Template } from '../../templates/index.js';

/**
 * How far a finger minutiae record's placement of a minutia lies behind ours, along the minutia's
 * direction, by type, millimetres. ISO/IEC 19794-2 and INCITS 378 put a bifurcation at the ridge
 * skeleton's fork and an ending at the valley skeleton's fork; our Template puts a bifurcation at
 * the end of the valley between its branches and an ending at the ridge tip, both further along
 * the direction. Zero for both: the record's coordinates are taken as they are.
 */
export interface MinutiaPlacement {
  readonly bifurcationOffsetMm: number;
  readonly endingOffsetMm: number;
}

/** The standards' placement against ours, as measured (see FORMAT_PARAMETERS). */
export const RECORD_PLACEMENT: MinutiaPlacement = Object.freeze({
  bifurcationOffsetMm: FORMAT_PARAMETERS.recordBifurcationOffsetMm,
  endingOffsetMm: FORMAT_PARAMETERS.recordEndingOffsetMm,
});

/** No conversion: records read and written in our own placement. */
export const SAME_PLACEMENT: MinutiaPlacement = Object.freeze({ bifurcationOffsetMm: 0, endingOffsetMm: 0 });

const MM_PER_INCH = 25.4;

/** The offset of one minutia type at `ppi`, pixels (0 for type "other"). */
export function placementOffsetPx(type: MinutiaType, ppi: number, placement: MinutiaPlacement): number {
  const mm = type === 'bifurcation' ? placement.bifurcationOffsetMm : type === 'ending' ? placement.endingOffsetMm : 0;
  return (mm * ppi) / MM_PER_INCH;
}

/**
 * A minutia moved `distance` pixels along its direction (negative: backwards), with the direction
 * `angle` (counter-clockwise, y down) — the angle the record stores, so that reading undoes writing
 * exactly — and clamped into a width × height image. Other fields unchanged.
 */
export function moveAlongDirection(m: Minutia, distance: number, angle: number, width: number, height: number): Minutia {
  if (distance === 0) return m;
  return {
    ...m,
    x: Math.min(width - 1, Math.max(0, m.x + distance * Math.cos(angle))),
    y: Math.min(height - 1, Math.max(0, m.y - distance * Math.sin(angle))),
  };
}

/**
 * A template read in a record's placement moved into ours: every minutia forward along its
 * direction by its type's offset at the template's ppi (clamped into the image).
 */
export function toInternalPlacement(t: Template, placement: MinutiaPlacement = RECORD_PLACEMENT): Template {
  const minutiae = t.minutiae.map((m) => moveAlongDirection(m, placementOffsetPx(m.type, t.ppi, placement), m.angle, t.width, t.height));
  return { ...t, minutiae };
}
