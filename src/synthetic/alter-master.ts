import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';
import { findMasterMinutiae } from './find-master-minutiae.js';
import { insideFingerArea } from './draw-finger-area.js';
import type { MasterPrint } from './image-types.js';
import { makeValueNoise } from './make-value-noise.js';

/**
 * Kinds of fingerprint alteration after Yoon, Feng & Jain (2012): obliteration (scars, burns),
 * distortion (a Z-cut whose two flaps are swapped, or a transplanted patch of skin from
 * elsewhere on the finger) and imitation (a central disc cut out and put back rotated).
 */
export type AlterationKind = 'obliteration' | 'z-cut' | 'transplant' | 'central-rotation';
export const ALTERATION_KINDS: readonly AlterationKind[] = ['obliteration', 'z-cut', 'transplant', 'central-rotation'];

/** The altered region of a master: a polygon in the master's frame (pixels) and what was done. */
export interface Alteration {
  readonly kind: AlterationKind;
  /** x0, y0, x1, y1, … (closed). */
  readonly polygon: readonly number[];
  /** Rotation applied to the moved skin (central rotation, transplant), radians; 0 otherwise. */
  readonly rotation: number;
}

/** Even-odd point-in-polygon test. */
export function insidePolygon(poly: readonly number[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 2; i < poly.length; j = i, i += 2) {
    const xi = poly[i]!, yi = poly[i + 1]!, xj = poly[j]!, yj = poly[j + 1]!;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from (x, y) to the polygon's boundary, pixels. */
function distanceToBoundary(poly: readonly number[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 0, j = poly.length - 2; i < poly.length; j = i, i += 2) {
    const ax = poly[j]!, ay = poly[j + 1]!, bx = poly[i]!, by = poly[i + 1]!;
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

function ellipse(cx: number, cy: number, a: number, b: number, tilt: number, n = 24): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    const x = a * Math.cos(t), y = b * Math.sin(t);
    out.push(cx + x * Math.cos(tilt) - y * Math.sin(tilt), cy + x * Math.sin(tilt) + y * Math.cos(tilt));
  }
  return out;
}

/** Bilinear sample of the unaltered ridges; -1 (valley) outside the canvas. */
function sample(m: MasterPrint, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= m.width - 1 || y0 >= m.height - 1) return -1;
  const fx = x - x0, fy = y - y0, a = y0 * m.width + x0, r = m.ridges;
  return (1 - fy) * ((1 - fx) * r[a]! + fx * r[a + 1]!) + fy * ((1 - fx) * r[a + m.width]! + fx * r[a + m.width + 1]!);
}

/**
 * Alters a master the way the skin of a finger is altered: the ridge pattern inside a region is
 * obliterated (scar tissue without ridges), swapped across a Z-cut, replaced by a patch moved
 * from elsewhere, or rotated about the centre; healed cuts leave scar lines along the region's
 * boundary. Every impression of the returned master shows the same alteration. The truth
 * minutiae are read again from the altered pattern (an altered finger's print really has the
 * minutiae its altered ridges make), without those inside obliterated or scarred skin.
 * Pure given the rng state; ≈ the cost of one minutiae reading.
 */
export function alterMaster(
  master: MasterPrint, kind: AlterationKind, rng: Rng, params: SyntheticImageParameters = SYNTHETIC_IMAGE_PARAMETERS,
): { master: MasterPrint; alteration: Alteration } {
  const p = master.pattern;
  const { width, height } = master;
  const ridges = new Float32Array(master.ridges);
  const core = p.cores.length >= 2 ? [p.cores[0]!, p.cores[1]!] : [p.centerX, p.centerY];
  const cx = Math.max(p.centerX - 0.5 * p.halfWidth, Math.min(p.centerX + 0.5 * p.halfWidth, core[0]! + 20 * rng.normal()));
  const cy = Math.max(p.centerY - 0.5 * p.halfHeightAbove, Math.min(p.centerY + 0.5 * p.halfHeightBelow, core[1]! + 20 * rng.normal()));
  let polygon: number[];
  let rotation = 0;
  let scar = 3 + 3 * rng.next();
  // source position (in the unaltered master) of altered pixel (x, y); null = no ridges (scar tissue)
  let source: (x: number, y: number) => [number, number] | null;
  switch (kind) {
    case 'obliteration': {
      polygon = ellipse(cx, cy, 0.25 * p.halfWidth + 40 * rng.next(), 0.2 * p.halfHeightBelow + 40 * rng.next(), Math.PI * rng.next());
      // wobble the burn's outline
      polygon = polygon.map((v, i) => v + 8 * rng.normal() * (i % 2 === 0 ? 1 : 1));
      source = () => null;
      scar = 0;
      break;
    }
    case 'central-rotation': {
      const r = 0.3 * Math.min(p.halfWidth, p.halfHeightBelow) + 25 * rng.next();
      polygon = ellipse(cx, cy, r, r, 0);
      rotation = (rng.next() < 0.5 ? -1 : 1) * (Math.PI / 2 + (Math.PI / 2) * rng.next());
      const c = Math.cos(-rotation), s = Math.sin(-rotation);
      source = (x, y) => [cx + c * (x - cx) - s * (y - cy), cy + s * (x - cx) + c * (y - cy)];
      break;
    }
    case 'transplant': {
      const a = 0.25 * p.halfWidth + 30 * rng.next(), b = 0.2 * p.halfHeightBelow + 30 * rng.next();
      polygon = ellipse(cx, cy, a, b, Math.PI * rng.next(), 16);
      rotation = Math.PI * (rng.next() - 0.5);
      // the graft comes from a lower part of the finger, turned
      const sx = p.centerX + 0.3 * p.halfWidth * (rng.next() - 0.5), sy = p.centerY + 0.55 * p.halfHeightBelow;
      const c = Math.cos(-rotation), s = Math.sin(-rotation);
      source = (x, y) => [sx + c * (x - cx) - s * (y - cy), sy + s * (x - cx) + c * (y - cy)];
      break;
    }
    case 'z-cut': {
      // a Z of three strokes; the two triangular flaps between them trade places
      const w = 0.45 * p.halfWidth, h = 0.35 * p.halfHeightBelow;
      const t = 0.3 * rng.normal();
      const rot = (x: number, y: number): [number, number] => [cx + x * Math.cos(t) - y * Math.sin(t), cy + x * Math.sin(t) + y * Math.cos(t)];
      const A = rot(-w, -h), B = rot(w, -h), C = rot(-w, h), D = rot(w, h);
      polygon = [...A, ...B, ...D, ...C];
      // flap 1: triangle A, B, C (above the diagonal); flap 2: triangle B, D, C. Each maps onto the other by a half turn about the centre
      source = (x, y) => [2 * cx - x, 2 * cy - y];
      rotation = Math.PI;
      break;
    }
  }
  const blotch = makeValueNoise(rng, width, height, 7);
  const x0 = Math.max(0, Math.floor(Math.min(...polygon.filter((_, i) => i % 2 === 0)) - scar - 2));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...polygon.filter((_, i) => i % 2 === 0)) + scar + 2));
  const y0 = Math.max(0, Math.floor(Math.min(...polygon.filter((_, i) => i % 2 === 1)) - scar - 2));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...polygon.filter((_, i) => i % 2 === 1)) + scar + 2));
  const zDiagonal = kind === 'z-cut' ? [polygon[2]!, polygon[3]!, polygon[6]!, polygon[7]!] : null;
  const scarred = (x: number, y: number): boolean => {
    if (scar <= 0) return false;
    if (distanceToBoundary(polygon, x, y) <= scar / 2) return true;
    if (zDiagonal) {
      const [bx, by, ex, ey] = zDiagonal as [number, number, number, number];
      const dx = ex - bx, dy = ey - by;
      const t = Math.max(0, Math.min(1, ((x - bx) * dx + (y - by) * dy) / (dx * dx + dy * dy)));
      return Math.hypot(x - bx - t * dx, y - by - t * dy) <= scar / 2;
    }
    return false;
  };
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      if (scarred(x, y)) { ridges[i] = -1; continue; }
      if (!insidePolygon(polygon, x, y)) continue;
      const s = source(x, y);
      // scar tissue: blotches without ridge structure
      ridges[i] = s ? sample(master, s[0], s[1]) : (blotch[i]! > 0.62 ? 0.6 : -1);
    }
  }
  const altered: MasterPrint = { ...master, ridges, minutiae: master.minutiae };
  const keep = (x: number, y: number): boolean => insideFingerArea(p, x, y, params.minutiaBorder)
    && !(kind === 'obliteration' && insidePolygon(polygon, x, y)) && !(scar > 0 && distanceToBoundary(polygon, x, y) <= scar + 3);
  const minutiae = findMasterMinutiae(ridges, width, height, keep, params);
  return { master: { ...altered, minutiae }, alteration: { kind, polygon: polygon.map((v) => Math.round(v * 10) / 10), rotation: Math.round(rotation * 1e4) / 1e4 } };
}
