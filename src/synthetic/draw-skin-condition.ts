import { SYNTHETIC_IMPRESSION_PARAMETERS, type SyntheticImpressionParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';

/** The state of the skin and the pressure for one impression. */
export type SkinConditionKind = 'normal' | 'dry' | 'wet' | 'low-contrast';
export const SKIN_CONDITIONS: readonly SkinConditionKind[] = ['normal', 'dry', 'wet', 'low-contrast'];

/** A white line across the print (a scar or a crease): a quadratic curve in image pixels and its width. */
export interface SkinMark {
  readonly kind: 'scar' | 'crease';
  /** x0, y0, x1, y1 (control point), x2, y2. */
  readonly curve: readonly number[];
  readonly width: number;
}

/**
 * Skin condition of one impression. `threshold` moves the ridge/valley boundary (positive: thin,
 * broken ridges of dry skin; negative: merged ridges of wet skin), `breaks` is the share of ridge
 * length lost to dryness, `contrast` scales the ridge darkness (1 normal), `blur` smooths wet prints.
 */
export interface SkinCondition {
  readonly kind: SkinConditionKind;
  readonly threshold: number;
  readonly breaks: number;
  readonly contrast: number;
  readonly blur: number;
  readonly marks: readonly SkinMark[];
}

/** A point of the contact area: uniform in an ellipse around (cx, cy) with semi-axes a, b. */
function pointIn(rng: Rng, cx: number, cy: number, a: number, b: number): [number, number] {
  const t = 2 * Math.PI * rng.next();
  const r = Math.sqrt(rng.next());
  return [cx + a * r * Math.cos(t), cy + b * r * Math.sin(t)];
}

/**
 * Draws the skin condition (dry, wet, low contrast or normal, by the configured shares, or the
 * one asked for) and the scars and creases crossing an impression centred at (cx, cy) with
 * contact semi-axes a, b (image pixels). Pure given the rng state.
 */
export function drawSkinCondition(
  rng: Rng, cx: number, cy: number, a: number, b: number, forced?: SkinConditionKind,
  params: SyntheticImpressionParameters = SYNTHETIC_IMPRESSION_PARAMETERS,
): SkinCondition {
  let kind: SkinConditionKind = 'normal';
  const u = rng.next();
  if (u < params.dryShare) kind = 'dry';
  else if (u < params.dryShare + params.wetShare) kind = 'wet';
  else if (u < params.dryShare + params.wetShare + params.lowContrastShare) kind = 'low-contrast';
  if (forced) kind = forced;
  const severity = 0.5 + 0.5 * rng.next();
  const marks: SkinMark[] = [];
  if (rng.next() < params.scarShare) {
    const [x0, y0] = pointIn(rng, cx, cy, a, b);
    const [x2, y2] = pointIn(rng, cx, cy, a, b);
    const [x1, y1] = pointIn(rng, (x0 + x2) / 2, (y0 + y2) / 2, a / 3, b / 3);
    marks.push({ kind: 'scar', curve: [x0, y0, x1, y1, x2, y2], width: 4 + 6 * rng.next() });
  }
  if (rng.next() < params.creaseShare) {
    const n = 1 + rng.int(3);
    for (let k = 0; k < n; k++) {
      const [xm, ym] = pointIn(rng, cx, cy + 0.3 * b, 0.8 * a, 0.6 * b);
      const t = 0.5 * rng.normal();
      const len = 30 + 90 * rng.next();
      const dx = Math.cos(t) * len / 2, dy = Math.sin(t) * len / 2;
      marks.push({ kind: 'crease', curve: [xm - dx, ym - dy, xm + 4 * rng.normal(), ym + 4 * rng.normal(), xm + dx, ym + dy], width: 1.5 + 2 * rng.next() });
    }
  }
  switch (kind) {
    case 'dry': return { kind, threshold: 0.3 + 0.35 * severity, breaks: 0.15 + 0.3 * severity, contrast: 0.85, blur: 0, marks };
    case 'wet': return { kind, threshold: -0.35 - 0.35 * severity, breaks: 0, contrast: 0.9, blur: Math.round(params.wetBlurScale * (1 + Math.round(severity))), marks };
    case 'low-contrast': return { kind, threshold: 0.1 * rng.normal(), breaks: 0.03, contrast: 0.25 + 0.2 * rng.next(), blur: 0, marks };
    default: return { kind, threshold: params.normalThresholdSpread * rng.normal(), breaks: 0.03 * rng.next(), contrast: 0.9 + 0.1 * rng.next(), blur: 0, marks };
  }
}

/**
 * Paints marks into a width × height map (1 on a mark), as discs stamped along each curve.
 * Returns the map; O(length × width²) per mark.
 */
export function paintSkinMarks(marks: readonly SkinMark[], width: number, height: number): Uint8Array {
  const map = new Uint8Array(width * height);
  for (const m of marks) {
    const [x0, y0, x1, y1, x2, y2] = m.curve as [number, number, number, number, number, number];
    const len = Math.hypot(x1 - x0, y1 - y0) + Math.hypot(x2 - x1, y2 - y1);
    const steps = Math.max(2, Math.ceil(len));
    const r = m.width / 2;
    const r2 = r * r;
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      const px = (1 - t) * (1 - t) * x0 + 2 * (1 - t) * t * x1 + t * t * x2;
      const py = (1 - t) * (1 - t) * y0 + 2 * (1 - t) * t * y1 + t * t * y2;
      for (let y = Math.max(0, Math.floor(py - r)); y <= Math.min(height - 1, Math.ceil(py + r)); y++) {
        for (let x = Math.max(0, Math.floor(px - r)); x <= Math.min(width - 1, Math.ceil(px + r)); x++) {
          if ((x - px) ** 2 + (y - py) ** 2 <= r2) map[y * width + x] = 1;
        }
      }
    }
  }
  return map;
}
