import { TemplateError } from '../core/errors.js';

/** Kind of a minutia. `other` exists for interchange records that say so (ISO type 0). */
export type MinutiaType = 'ending' | 'bifurcation' | 'other';

/**
 * One minutia.
 * - `x`, `y`: pixels at the template's resolution (500 ppi for templates we extract), origin at
 *   the top-left corner, y pointing down.
 * - `angle`: radians in [0, 2π), counter-clockwise from the positive x axis as seen on screen
 *   (so direction θ points to (cos θ, −sin θ) in image coordinates) — the ISO/IEC 19794-2
 *   convention. For an ending it points from the ending along its ridge (into the ridge body);
 *   for a bifurcation, from the fork point along the valley that opens between the two
 *   branches (the direction the branches head, away from the single ridge). Codecs convert
 *   other conventions at the border.
 * - `quality`: 0–100, how reliable this minutia is (100 best).
 */
export interface Minutia {
  readonly x: number;
  readonly y: number;
  readonly angle: number;
  readonly type: MinutiaType;
  readonly quality: number;
}

/**
 * A finger template: the minutiae of one impression and the image geometry they refer to.
 * `quality` is the finger's quality 0–100. `ppi` is the resolution of the coordinates.
 */
export interface Template {
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly quality: number;
  readonly minutiae: readonly Minutia[];
}

/** Most minutiae a template may hold (ISO/IEC 19794-2 allows 255 per view). */
export const MAX_MINUTIAE = 255;

/** Checks a template's invariants; throws AFIS_TEMPLATE_INVALID naming the first violation. */
export function validateTemplate(t: Template): Template {
  const bad = (why: string): never => {
    throw new TemplateError('AFIS_TEMPLATE_INVALID', `invalid template: ${why}`);
  };
  if (!Number.isInteger(t.width) || t.width <= 0 || t.width > 65535) bad(`width ${t.width}`);
  if (!Number.isInteger(t.height) || t.height <= 0 || t.height > 65535) bad(`height ${t.height}`);
  if (!(t.ppi > 0 && t.ppi <= 10000)) bad(`ppi ${t.ppi}`);
  if (!(t.quality >= 0 && t.quality <= 100)) bad(`quality ${t.quality}`);
  if (t.minutiae.length > MAX_MINUTIAE) bad(`${t.minutiae.length} minutiae (at most ${MAX_MINUTIAE})`);
  t.minutiae.forEach((m, i) => {
    if (!(m.x >= 0 && m.x < t.width && m.y >= 0 && m.y < t.height)) bad(`minutia ${i} at (${m.x}, ${m.y}) is outside the image`);
    if (!(m.angle >= 0 && m.angle < 2 * Math.PI)) bad(`minutia ${i} angle ${m.angle}`);
    if (m.type !== 'ending' && m.type !== 'bifurcation' && m.type !== 'other') bad(`minutia ${i} type ${String(m.type)}`);
    if (!(m.quality >= 0 && m.quality <= 100)) bad(`minutia ${i} quality ${m.quality}`);
  });
  return t;
}
