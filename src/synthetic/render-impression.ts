import { type GrayImage, createGrayImage } from '../core/index.js';
import {
  SYNTHETIC_IMPRESSION_PARAMETERS, type SensorStyle, type SyntheticImpressionParameters,
} from '../config/parameters.js';
import type { Rng } from './create-rng.js';
import type { MasterPrint } from './image-types.js';
import {
  type ImpressionGeometry, type ImpressionKind, contactRadius, drawImpressionGeometry, mapImageToMaster, mapMasterToImage, skinPositionOf,
} from './distort-skin.js';
import { type SkinCondition, type SkinConditionKind, drawSkinCondition, paintSkinMarks } from './draw-skin-condition.js';
import { applySensorModel, type SensorDetails } from './apply-sensor-model.js';
import { makeValueNoise } from './make-value-noise.js';

/** A ground-truth minutia of an impression (image pixels, Template angle convention). */
export interface TruthMinutia {
  readonly x: number;
  readonly y: number;
  readonly angle: number;
  readonly type: 'ending' | 'bifurcation';
  /**
   * True where the skin condition destroyed it in the image: a ridge break, a crease, or no ridge
   * contact near it (dry skin, low pressure at the contact border).
   */
  readonly destroyed: boolean;
}

/** What is known about an impression, with or without its sensor. */
export interface ImpressionFacts {
  readonly kind: ImpressionKind;
  readonly geometry: ImpressionGeometry;
  readonly condition: SkinCondition;
  /** Visible finger area, 1 per pixel. */
  readonly mask: Uint8Array;
  /** Minutiae visible in the image (those outside the contact area or under a scar are dropped). */
  readonly minutiae: readonly TruthMinutia[];
  /** Singular points that land in the visible area, image pixels. */
  readonly cores: ReadonlyArray<readonly [number, number]>;
  readonly deltas: ReadonlyArray<readonly [number, number]>;
}

/** An impression of a master finger and everything known about it. */
export interface SyntheticImage extends ImpressionFacts {
  readonly image: GrayImage;
  readonly style: SensorStyle;
  readonly sensor: SensorDetails;
}

export interface RenderOptions {
  /** Plain (default) or rolled contact. */
  readonly kind?: ImpressionKind;
  /** Rotation limit in radians (default ±20°). */
  readonly maxRotation?: number;
  /** Force a skin condition instead of drawing one. */
  readonly condition?: SkinConditionKind;
  /** Image size instead of the style's, pixels. */
  readonly canvas?: readonly [number, number];
  /** Allow a partial contact (default true for plain impressions). */
  readonly partial?: boolean;
  /** Rotation added to the drawn one (a slap's finger tilt), radians counter-clockwise. */
  readonly extraRotation?: number;
  /** Contact semi-axes as fractions of the finger's, instead of the plain or rolled ones. */
  readonly contact?: readonly [number, number];
}

/** An impression before the sensor: ridge contact (0–1) per pixel and the truth. */
export interface ContactImpression extends ImpressionFacts {
  readonly width: number;
  readonly height: number;
  readonly ink: Float32Array;
}

const smooth = (e0: number, e1: number, v: number): number => {
  const t = v <= e0 ? 0 : v >= e1 ? 1 : (v - e0) / (e1 - e0);
  return t * t * (3 - 2 * t);
};

/** Box blur of radius r over the pixels, in place (r = 0: nothing). */
function boxBlur(v: Float32Array, width: number, height: number, r: number): void {
  if (r <= 0) return;
  const tmp = new Float32Array(v.length);
  const k = 1 / (2 * r + 1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let d = -r; d <= r; d++) s += v[y * width + Math.max(0, Math.min(width - 1, x + d))]!;
      tmp[y * width + x] = s * k;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let d = -r; d <= r; d++) s += tmp[Math.max(0, Math.min(height - 1, y + d)) * width + x]!;
      v[y * width + x] = s * k;
    }
  }
}

/** The largest ridge contact (ink) within `r` pixels of (x, y). O(r²). */
function ridgeContactNear(ink: Float32Array, width: number, height: number, x: number, y: number, r: number): number {
  let hi = 0;
  const xi = Math.round(x), yi = Math.round(y);
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const u = xi + dx, v = yi + dy;
      if (dx * dx + dy * dy > r * r || u < 0 || v < 0 || u >= width || v >= height) continue;
      hi = Math.max(hi, ink[v * width + u]!);
    }
  }
  return hi;
}

/** Bilinear sample of a master field; 0 outside. */
function sample(f: Float32Array, width: number, height: number, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= width - 1 || y0 >= height - 1) return 0;
  const fx = x - x0, fy = y - y0;
  const a = y0 * width + x0;
  return (1 - fy) * ((1 - fx) * f[a]! + fx * f[a + 1]!) + fy * ((1 - fx) * f[a + width]! + fx * f[a + width + 1]!);
}

/**
 * Renders one impression of a master (SFinGe's second stage) and carries its ground truth
 * along: the geometry (contact, rotation, translation, Cappelli–Maio–Maltoni distortion), the
 * skin condition (dry, wet, low contrast, scars and creases; pressure falls off toward the
 * contact border), the sensor (style), and the master's minutiae and singular points mapped
 * through the same transformation. Output is 8-bit grey at 500 ppi.
 * Deterministic given the rng state. Cost: O(W·H), ≈ 20–40 ms for a 400 × 480 image.
 */
export function renderImpression(
  master: MasterPrint, style: SensorStyle, rng: Rng, options: RenderOptions = {},
  params: SyntheticImpressionParameters = SYNTHETIC_IMPRESSION_PARAMETERS,
): SyntheticImage {
  const c = renderContact(master, style, rng, options, params);
  const sensor = applySensorModel(c.ink, c.width, c.height, style, c.condition.contrast, rng, params, c.mask);
  return {
    image: createGrayImage(c.width, c.height, sensor.data),
    style, kind: c.kind, geometry: c.geometry, condition: c.condition, sensor: sensor.details, mask: c.mask, minutiae: c.minutiae,
    cores: c.cores, deltas: c.deltas,
  };
}

/**
 * The contact part of {@link renderImpression}: geometry, skin condition, ridge contact per pixel
 * and the truth mapped into the image, before any sensor (slaps compose several of these on one
 * platen). Deterministic given the rng state.
 */
export function renderContact(
  master: MasterPrint, style: SensorStyle, rng: Rng, options: RenderOptions = {},
  params: SyntheticImpressionParameters = SYNTHETIC_IMPRESSION_PARAMETERS,
): ContactImpression {
  const kind: ImpressionKind = options.kind ?? (style === 'rolled' || style === 'ink' ? 'rolled' : 'plain');
  const g = drawImpressionGeometry(rng, master, style, kind, {
    ...(options.maxRotation !== undefined ? { maxRotation: options.maxRotation } : {}),
    ...(options.canvas ? { canvas: options.canvas } : {}),
    ...(options.partial !== undefined ? { partial: options.partial } : {}),
    ...(options.extraRotation !== undefined ? { extraRotation: options.extraRotation } : {}),
    ...(options.contact ? { contact: options.contact } : {}),
  }, params);
  const { width, height } = g;
  const condition = drawSkinCondition(rng, g.imageX, g.imageY, g.contactA, g.contactB, options.condition, params);
  const marks = paintSkinMarks(condition.marks, width, height);
  const breaks = condition.breaks > 0 ? makeValueNoise(rng, width, height, 5) : null;
  const blotch = style === 'ink' ? makeValueNoise(rng, width, height, 22) : null;
  // ragged ridges (off by default: no draw, so every later draw is as before)
  const jitter = params.ridgeJitter > 0 ? makeValueNoise(rng, width, height, params.ridgeJitterSpacing) : null;
  // its amplitude per impression: ridgeJitter × (1 ± ridgeJitterSpread), uniform (skin differs between fingers and days)
  const jitterAmplitude = jitter ? (params.ridgeJitterSpread > 0 ? 1 + params.ridgeJitterSpread * (2 * rng.next() - 1) : 1) * params.ridgeJitter : 0;
  const ink = new Float32Array(width * height);
  const mask = new Uint8Array(width * height);
  const mw = master.width, mh = master.height;
  // the mapping is smooth: evaluate it exactly on a 4-pixel lattice and interpolate in between
  const step = 4;
  const gw = Math.ceil((width - 1) / step) + 2;
  const gh = Math.ceil((height - 1) / step) + 2;
  const lr = new Float32Array(gw * gh), lx = new Float32Array(gw * gh), ly = new Float32Array(gw * gh);
  {
    const q = new Float64Array(2);
    const m = new Float64Array(2);
    for (let j = 0; j < gh; j++) {
      for (let i = 0; i < gw; i++) {
        skinPositionOf(g, i * step, j * step, q);
        lr[j * gw + i] = contactRadius(g, q[0]!, q[1]!);
        mapImageToMaster(g, i * step, j * step, m);
        lx[j * gw + i] = m[0]!;
        ly[j * gw + i] = m[1]!;
      }
    }
  }
  for (let v = 0; v < height; v++) {
    const fj = v / step;
    const j0 = Math.floor(fj);
    const wy = fj - j0;
    for (let u = 0; u < width; u++) {
      const fi = u / step;
      const i0 = Math.floor(fi);
      const wx = fi - i0;
      const a = j0 * gw + i0;
      const w00 = (1 - wx) * (1 - wy), w10 = wx * (1 - wy), w01 = (1 - wx) * wy, w11 = wx * wy;
      const r = w00 * lr[a]! + w10 * lr[a + 1]! + w01 * lr[a + gw]! + w11 * lr[a + gw + 1]!;
      if (r >= 1) continue;
      const fx = w00 * lx[a]! + w10 * lx[a + 1]! + w01 * lx[a + gw]! + w11 * lx[a + gw + 1]!;
      const fy = w00 * ly[a]! + w10 * ly[a + 1]! + w01 * ly[a + gw]! + w11 * ly[a + gw + 1]!;
      const mx = Math.round(fx), my = Math.round(fy);
      if (mx < 0 || my < 0 || mx >= mw || my >= mh || !master.mask[my * mw + mx]) continue;
      const i = v * width + u;
      mask[i] = 1;
      const val = sample(master.ridges, mw, mh, fx, fy);
      // less pressure toward the contact border: thinner, fainter ridges
      let t = condition.threshold + 0.6 * smooth(0.7, 1, r);
      if (blotch) t += 0.9 * (blotch[i]! - 0.5);
      if (jitter) t += 2 * jitterAmplitude * (jitter[i]! - 0.5);
      let c = smooth(-0.3, 0.3, val - t);
      if (breaks && breaks[i]! < condition.breaks) c *= (breaks[i]! / condition.breaks) ** 2;
      if (marks[i]) c = 0;
      ink[i] = c;
    }
  }
  boxBlur(ink, width, height, condition.blur);
  // ground truth through the same mapping
  const inside = (x: number, y: number): boolean => {
    const xi = Math.round(x), yi = Math.round(y);
    return xi >= 0 && yi >= 0 && xi < width && yi < height && mask[yi * width + xi] === 1;
  };
  const b = params.visibleBorder;
  const visible = (x: number, y: number): boolean => inside(x, y) && inside(x - b, y) && inside(x + b, y) && inside(x, y - b) && inside(x, y + b);
  const nearMark = (x: number, y: number, kindOf: 'scar' | 'crease'): boolean => condition.marks.some((mk) => {
    if (mk.kind !== kindOf) return false;
    const [x0, y0, x1, y1, x2, y2] = mk.curve as [number, number, number, number, number, number];
    for (let s = 0; s <= 40; s++) {
      const t = s / 40;
      const px = (1 - t) * (1 - t) * x0 + 2 * (1 - t) * t * x1 + t * t * x2;
      const py = (1 - t) * (1 - t) * y0 + 2 * (1 - t) * t * y1 + t * t * y2;
      if ((px - x) ** 2 + (py - y) ** 2 <= (mk.width / 2 + 3) ** 2) return true;
    }
    return false;
  });
  const minutiae: TruthMinutia[] = [];
  const p = new Float64Array(2);
  const a = new Float64Array(2);
  const mm = master.minutiae;
  for (let k = 0; k < mm.count; k++) {
    mapMasterToImage(g, mm.x[k]!, mm.y[k]!, p);
    const x = p[0]!, y = p[1]!;
    if (!visible(x, y) || nearMark(x, y, 'scar')) continue;
    const th = mm.angle[k]!;
    mapMasterToImage(g, mm.x[k]! + 4 * Math.cos(th), mm.y[k]! - 4 * Math.sin(th), a);
    let angle = Math.atan2(-(a[1]! - y), a[0]! - x);
    if (angle < 0) angle += 2 * Math.PI;
    if (angle >= 2 * Math.PI) angle = 0;
    const i = Math.round(y) * width + Math.round(x);
    const broken = breaks !== null && breaks[i]! < condition.breaks * 0.8;
    // dry skin and the pressure falling off toward the contact border can lift the ridges off the
    // sensor altogether: a minutia is there only when its ridge touched (ink at ridge level near it)
    const untouched = ridgeContactNear(ink, width, height, x, y, params.visibleContactRadius) < 0.5;
    minutiae.push({
      x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, angle: Math.round(angle * 1e4) / 1e4,
      type: mm.type[k] === 2 ? 'bifurcation' : 'ending',
      destroyed: broken || untouched || nearMark(x, y, 'crease'),
    });
  }
  const mapPoints = (pts: Float32Array): Array<readonly [number, number]> => {
    const out: Array<readonly [number, number]> = [];
    for (let k = 0; k < pts.length; k += 2) {
      mapMasterToImage(g, pts[k]!, pts[k + 1]!, p);
      if (inside(p[0]!, p[1]!)) out.push([Math.round(p[0]! * 10) / 10, Math.round(p[1]! * 10) / 10]);
    }
    return out;
  };
  return {
    width, height, kind, geometry: g, condition, ink, mask, minutiae,
    cores: mapPoints(master.pattern.cores), deltas: mapPoints(master.pattern.deltas),
  };
}

/**
 * The ridge orientation of an impression at image pixel (u, v), from the master's field through
 * the impression's mapping (radians in [0, π), Template convention: counter-clockwise on screen).
 */
export function impressionOrientationAt(master: MasterPrint, g: ImpressionGeometry, u: number, v: number): number {
  const m0 = new Float64Array(2), mx = new Float64Array(2), my = new Float64Array(2);
  mapImageToMaster(g, u, v, m0);
  mapImageToMaster(g, u + 1, v, mx);
  mapImageToMaster(g, u, v + 1, my);
  const xi = Math.max(0, Math.min(master.width - 1, Math.round(m0[0]!)));
  const yi = Math.max(0, Math.min(master.height - 1, Math.round(m0[1]!)));
  const th = master.orientation[yi * master.width + xi]!;
  // the image direction whose image under the backward map's Jacobian J is the master direction: J⁻¹·(cos θ, sin θ)
  const j11 = mx[0]! - m0[0]!, j21 = mx[1]! - m0[1]!, j12 = my[0]! - m0[0]!, j22 = my[1]! - m0[1]!;
  const det = j11 * j22 - j12 * j21;
  const c = Math.cos(th), s = Math.sin(th);
  const dx = (j22 * c - j12 * s) / det;
  const dy = (-j21 * c + j11 * s) / det;
  let o = Math.atan2(-dy, dx) % Math.PI;
  if (o < 0) o += Math.PI;
  return o;
}
