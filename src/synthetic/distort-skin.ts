import type { Rng } from './create-rng.js';
import type { MasterPrint } from './image-types.js';
import {
  SYNTHETIC_IMPRESSION_PARAMETERS, type SensorStyle, type SyntheticImpressionParameters,
} from '../config/parameters.js';

/** Plain (pressed) or rolled (nail to nail) contact. */
export type ImpressionKind = 'plain' | 'rolled';

/**
 * Where and how a finger touched the sensor: the contact area on the finger, the rigid move of
 * the print into the image, and the elastic skin distortion of Cappelli, Maio & Maltoni (2001):
 * inside a rigid core (around the contact centre) the skin does not move; outside it the skin is
 * dragged by a small rotation and shift, the more the farther from the core (brake function
 * 1 − exp(−d² / 2k²) of the distance d to the core). Distances in pixels, angles in radians.
 */
export interface ImpressionGeometry {
  readonly width: number;
  readonly height: number;
  /** Contact centre on the finger (master frame) and where it lands in the image. */
  readonly contactX: number;
  readonly contactY: number;
  readonly imageX: number;
  readonly imageY: number;
  /** Contact semi-axes (pixels) and the boundary's wobble (harmonics 2–4: amplitude, phase pairs). */
  readonly contactA: number;
  readonly contactB: number;
  readonly wobble: Float64Array;
  /** Rotation of the print in the image (counter-clockwise on screen). */
  readonly rotation: number;
  /** Distortion: rigid core semi-axes, brake constant k, twist of the outer skin, its shift. */
  readonly rigidA: number;
  readonly rigidB: number;
  readonly brake: number;
  readonly twist: number;
  readonly shiftX: number;
  readonly shiftY: number;
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/**
 * Draws an impression's geometry: contact size and placement (rolled: nearly the whole finger
 * width, less rotation), rotation (±`rotationLimit`, or `maxRotation` when given), translation,
 * partial contact (the finger partly off the sensor) and the distortion parameters. Pure given
 * the rng state.
 */
export function drawImpressionGeometry(
  rng: Rng, master: MasterPrint, style: SensorStyle, kind: ImpressionKind,
  options: { maxRotation?: number; canvas?: readonly [number, number]; partial?: boolean; extraRotation?: number; contact?: readonly [number, number] } = {},
  params: SyntheticImpressionParameters = SYNTHETIC_IMPRESSION_PARAMETERS,
): ImpressionGeometry {
  const [width, height] = (options.canvas ?? params.imageSize[style]) as readonly [number, number];
  const p = master.pattern;
  const rolled = kind === 'rolled';
  const frac = options.contact ?? (rolled ? params.rolledContact : params.plainContact);
  const spread = (): number => 1 + params.contactSpread * clamp(rng.normal(), -2, 2);
  const contactA = p.halfWidth * frac[0]! * spread();
  const contactB = 0.5 * (p.halfHeightAbove + p.halfHeightBelow) * frac[1]! * spread();
  const place = rolled ? params.placementSigma / 3 : params.placementSigma;
  const contactX = p.centerX + place * clamp(rng.normal(), -2.5, 2.5);
  // plain prints are pressed with the pad, a little above the centre of the finger area
  const contactY = p.centerY + (rolled ? 0 : -0.1 * p.halfHeightAbove) + place * clamp(rng.normal(), -2.5, 2.5);
  const limit = options.maxRotation ?? params.rotationLimit;
  const rotation = (options.extraRotation ?? 0) + clamp((rolled ? params.rotationSigma / 3 : params.rotationSigma) * rng.normal(), -limit, limit)
    + (options.maxRotation !== undefined && options.maxRotation > params.rotationLimit ? (2 * rng.next() - 1) * (options.maxRotation - params.rotationLimit) : 0);
  let imageX = width / 2 + params.translationSigma * clamp(rng.normal(), -2, 2);
  let imageY = height / 2 + params.translationSigma * clamp(rng.normal(), -2, 2);
  if (!rolled && rng.next() < params.partialShare && options.partial !== false) {
    const dir = 2 * Math.PI * rng.next();
    imageX += Math.cos(dir) * params.partialShift * contactA * 2 * (0.5 + 0.5 * rng.next());
    imageY += Math.sin(dir) * params.partialShift * contactB * 2 * (0.5 + 0.5 * rng.next());
  }
  const wobble = new Float64Array(6);
  for (let h = 0; h < 3; h++) {
    wobble[2 * h] = 0.035 * rng.normal();
    wobble[2 * h + 1] = 2 * Math.PI * rng.next();
  }
  return {
    width, height, contactX, contactY, imageX, imageY, contactA, contactB, wobble, rotation,
    rigidA: contactA * params.rigidCore, rigidB: contactB * params.rigidCore,
    brake: params.distortionBrake,
    twist: params.distortionTwist * clamp(rng.normal(), -2.5, 2.5),
    shiftX: params.distortionShift * clamp(rng.normal(), -2.5, 2.5),
    shiftY: params.distortionShift * clamp(rng.normal(), -2.5, 2.5),
  };
}

/** The distortion displacement at an undistorted skin point q (master frame): Δ(q) · brake(d(q)). */
function displacement(g: ImpressionGeometry, qx: number, qy: number, out: Float64Array): void {
  const dx = qx - g.contactX;
  const dy = qy - g.contactY;
  // distance to the rigid ellipse, approximated along the ray from its centre
  const r = Math.sqrt((dx * dx) / (g.rigidA * g.rigidA) + (dy * dy) / (g.rigidB * g.rigidB));
  if (r <= 1) { out[0] = 0; out[1] = 0; return; }
  const d = (1 - 1 / r) * Math.sqrt(dx * dx + dy * dy);
  const b = 1 - Math.exp((-d * d) / (2 * g.brake * g.brake));
  const c = Math.cos(g.twist), s = Math.sin(g.twist);
  // T(q) − q for T = rotation by the twist about the contact centre, then the shift
  out[0] = b * (c * dx - s * dy - dx + g.shiftX);
  out[1] = b * (s * dx + c * dy - dy + g.shiftY);
}

/**
 * Image pixel (u, v) → master point: undo the rigid move, then apply the skin distortion (skin
 * at undistorted position q shows the master's pattern from q + Δ(q)·brake). Writes x, y to `out`.
 */
export function mapImageToMaster(g: ImpressionGeometry, u: number, v: number, out: Float64Array): void {
  const c = Math.cos(g.rotation), s = Math.sin(g.rotation);
  const du = u - g.imageX;
  const dv = v - g.imageY;
  // image rotation is counter-clockwise on screen (y down): inverse is the transpose
  const qx = g.contactX + c * du - s * dv;
  const qy = g.contactY + s * du + c * dv;
  displacement(g, qx, qy, out);
  out[0] = qx + out[0]!;
  out[1] = qy + out[1]!;
}

/** Undistorted skin position (before the rigid move) of image pixel (u, v). */
export function skinPositionOf(g: ImpressionGeometry, u: number, v: number, out: Float64Array): void {
  const c = Math.cos(g.rotation), s = Math.sin(g.rotation);
  const du = u - g.imageX;
  const dv = v - g.imageY;
  out[0] = g.contactX + c * du - s * dv;
  out[1] = g.contactY + s * du + c * dv;
}

/**
 * Master point → image pixel: the inverse of {@link mapImageToMaster}, by fixed-point iteration
 * on the distortion (a contraction: the displacement changes slowly, a few pixels over the brake
 * length). Writes u, v to `out`.
 */
export function mapMasterToImage(g: ImpressionGeometry, mx: number, my: number, out: Float64Array): void {
  let qx = mx, qy = my;
  const d = new Float64Array(2);
  for (let k = 0; k < 12; k++) {
    displacement(g, qx, qy, d);
    const nx = mx - d[0]!, ny = my - d[1]!;
    const moved = Math.abs(nx - qx) + Math.abs(ny - qy);
    qx = nx; qy = ny;
    if (moved < 1e-3) break;
  }
  const c = Math.cos(g.rotation), s = Math.sin(g.rotation);
  const dx = qx - g.contactX, dy = qy - g.contactY;
  out[0] = g.imageX + c * dx + s * dy;
  out[1] = g.imageY - s * dx + c * dy;
}

/** Normalised radius of an undistorted skin point in the contact area (< 1 inside), with the boundary wobble. */
export function contactRadius(g: ImpressionGeometry, qx: number, qy: number): number {
  const dx = (qx - g.contactX) / g.contactA;
  const dy = (qy - g.contactY) / g.contactB;
  const r = Math.sqrt(dx * dx + dy * dy);
  const t = Math.atan2(dy, dx);
  let w = 1;
  for (let h = 0; h < 3; h++) w += g.wobble[2 * h]! * Math.cos((h + 2) * t + g.wobble[2 * h + 1]!);
  return r / w;
}
