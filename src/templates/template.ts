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
 * Where an impression holds usable print (its valid area): a coarse bitmap over the image in
 * square cells of `cell` pixels (the template's pixels), `columns` = ⌈width / cell⌉ by `rows` =
 * ⌈height / cell⌉, row-major, cell i usable when bit (i & 7) of `bits[i >> 3]` is set. Outside
 * it (background, a smudge, a hole) the print shows nothing, so a minutia of another print that
 * falls there after alignment is not missing from this one (the matcher's `validAreaShare` and `validAreaOverlap`).
 */
export interface ValidArea {
  readonly cell: number;
  readonly columns: number;
  readonly rows: number;
  readonly bits: Uint8Array;
}

/** Whether the valid area holds the point (x, y) (the template's pixels); false outside the grid. */
export function insideValidArea(a: ValidArea, x: number, y: number): boolean {
  const cx = Math.floor(x / a.cell), cy = Math.floor(y / a.cell);
  if (cx < 0 || cy < 0 || cx >= a.columns || cy >= a.rows) return false;
  const i = cy * a.columns + cx;
  return (a.bits[i >> 3] & (1 << (i & 7))) !== 0;
}

/**
 * The print's ridge orientation, coarsely (its orientation map): square cells of `cell` pixels
 * (the template's pixels), `columns` = ⌈width / cell⌉ by `rows` = ⌈height / cell⌉, row-major, one
 * code per cell: 0 = no print there, k = 1 … {@link ORIENTATION_MAP_LEVELS} = ridges along
 * (k − 1) · π / ORIENTATION_MAP_LEVELS radians, counter-clockwise on screen as minutia angles
 * (the Template convention, modulo π). Read by the matcher's `orientationAgreementWeight`: what
 * the orientation field of two prints says about a pairing of their minutiae.
 */
export interface OrientationMap {
  readonly cell: number;
  readonly columns: number;
  readonly rows: number;
  readonly codes: Uint8Array;
}

/** Directions an orientation map resolves over π (4 bits a cell with "no print": 12° steps). */
export const ORIENTATION_MAP_LEVELS = 15;

/**
 * A finger template: the minutiae of one impression and the image geometry they refer to.
 * `quality` is the finger's quality 0–100. `ppi` is the resolution of the coordinates.
 * `validArea`, when present, is where the impression holds usable print (absent: unknown, the
 * matcher then uses the minutiae's hull as before). `orientationMap`, when present, is the print's
 * coarse orientation field (absent: unknown, the matcher does not read the field).
 */
export interface Template {
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  readonly quality: number;
  readonly minutiae: readonly Minutia[];
  readonly validArea?: ValidArea;
  readonly orientationMap?: OrientationMap;
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
  if (t.validArea !== undefined) {
    const a = t.validArea;
    if (!Number.isInteger(a.cell) || a.cell < 1 || a.cell > 255) bad(`valid area cell ${a.cell}`);
    else if (a.columns !== Math.ceil(t.width / a.cell) || a.rows !== Math.ceil(t.height / a.cell)) bad(`valid area grid ${a.columns} × ${a.rows} does not cover ${t.width} × ${t.height} in cells of ${a.cell}`);
    else if (!(a.bits instanceof Uint8Array) || a.bits.length !== Math.ceil((a.columns * a.rows) / 8)) bad('valid area bits of the wrong length');
  }
  if (t.orientationMap !== undefined) {
    const o = t.orientationMap;
    if (!Number.isInteger(o.cell) || o.cell < 1 || o.cell > 255) bad(`orientation map cell ${o.cell}`);
    else if (o.columns !== Math.ceil(t.width / o.cell) || o.rows !== Math.ceil(t.height / o.cell)) bad(`orientation map grid ${o.columns} × ${o.rows} does not cover ${t.width} × ${t.height} in cells of ${o.cell}`);
    else if (!(o.codes instanceof Uint8Array) || o.codes.length !== o.columns * o.rows) bad('orientation map codes of the wrong length');
    else if (o.codes.some((c) => c > ORIENTATION_MAP_LEVELS)) bad(`orientation map code above ${ORIENTATION_MAP_LEVELS}`);
  }
  t.minutiae.forEach((m, i) => {
    if (!(m.x >= 0 && m.x < t.width && m.y >= 0 && m.y < t.height)) bad(`minutia ${i} at (${m.x}, ${m.y}) is outside the image`);
    if (!(m.angle >= 0 && m.angle < 2 * Math.PI)) bad(`minutia ${i} angle ${m.angle}`);
    if (m.type !== 'ending' && m.type !== 'bifurcation' && m.type !== 'other') bad(`minutia ${i} type ${String(m.type)}`);
    if (!(m.quality >= 0 && m.quality <= 100)) bad(`minutia ${i} quality ${m.quality}`);
  });
  return t;
}
