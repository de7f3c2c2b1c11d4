import { TWO_PI } from '../core/index.js';
import type { Minutia, Template } from '../templates/index.js';
import { SYNTHETIC_PARAMETERS, type SyntheticParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';
import { ridgeOrientationAt, type MasterFinger } from './generate-master-finger.js';

/**
 * One synthetic capture of a master finger, as an extractor would report it: flat arrays in
 * the captured image's frame (pixels at 500 ppi, origin top-left, y down; Template angle
 * convention). Minutiae are sorted by quality, best first.
 */
export interface SyntheticImpression {
  readonly width: number;
  readonly height: number;
  /** Capture quality 0–100. */
  readonly quality: number;
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly angle: Float32Array;
  /** 1 ending, 2 bifurcation. */
  readonly type: Uint8Array;
  /** Per-minutia quality 0–100. */
  readonly minutiaQuality: Uint8Array;
}

const wrap = (a: number): number => {
  const r = a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
};

/**
 * Makes an impression of `master`: the capture covers an elliptic part of the finger placed and
 * rotated at random (partial overlap), the skin is distorted elastically (a few smooth Gaussian
 * displacement bumps), and the extractor's errors depend on a per-capture quality q: true
 * minutiae are missed (more often near the border), positions and directions get noise, types
 * flip, and spurious minutiae appear along the ridge flow.
 * Cost: O(master minutiae) (a few µs). Deterministic given the rng state.
 */
export function generateImpression(master: MasterFinger, rng: Rng, params: SyntheticParameters = SYNTHETIC_PARAMETERS): SyntheticImpression {
  // capture quality: mostly good, a tail of poor captures
  const poor = rng.next() < params.poorShare;
  let q = poor ? params.poorMean + 0.1 * rng.normal() : params.qualityMean + params.qualitySigma * rng.normal();
  q = Math.min(0.98, Math.max(0.15, q));
  const bad = 1 - q;
  const [ia, ib] = params.impressionSemiAxes;
  const ea = ia * (1 + params.impressionSizeSpread * rng.normal());
  const eb = ib * (1 + params.impressionSizeSpread * rng.normal());
  const ox = params.placementSigma * rng.normal();
  const oy = params.placementSigma * rng.normal();
  const rot = params.rotationSigma * rng.normal();
  const cosR = Math.cos(rot);
  const sinR = Math.sin(rot);
  const margin = params.imageMargin;
  const width = Math.ceil(2 * ea + 2 * margin);
  const height = Math.ceil(2 * eb + 2 * margin);
  const cxImg = width / 2;
  const cyImg = height / 2;
  // elastic distortion in the finger frame
  const nb = params.distortionBumps;
  const bump = new Float64Array(nb * 4);
  for (let k = 0; k < nb; k++) {
    bump[4 * k] = ox + ea * (2 * rng.next() - 1);
    bump[4 * k + 1] = oy + eb * (2 * rng.next() - 1);
    bump[4 * k + 2] = params.distortionSigma * rng.normal();
    bump[4 * k + 3] = params.distortionSigma * rng.normal();
  }
  const inv2r2 = 1 / (2 * params.distortionRadius * params.distortionRadius);
  // finger frame → image frame: distort, move the capture centre to the image centre, rotate
  const mapX = (fx: number, fy: number): number => {
    let dx = fx;
    let dy = fy;
    for (let k = 0; k < nb; k++) {
      const w = Math.exp(-((fx - bump[4 * k]) ** 2 + (fy - bump[4 * k + 1]) ** 2) * inv2r2);
      dx += w * bump[4 * k + 2];
      dy += w * bump[4 * k + 3];
    }
    mapTmpY = sinR * (dx - ox) + cosR * (dy - oy) + cyImg;
    return cosR * (dx - ox) - sinR * (dy - oy) + cxImg;
  };
  let mapTmpY = 0;
  const cap = master.count + 40;
  const x = new Float32Array(cap);
  const y = new Float32Array(cap);
  const angle = new Float32Array(cap);
  const type = new Uint8Array(cap);
  const mq = new Uint8Array(cap);
  const posSigma = params.positionNoiseBase + params.positionNoiseSlope * bad;
  const angSigma = params.angleNoiseBase + params.angleNoiseSlope * bad;
  const miss = params.missBase + params.missSlope * bad;
  const flip = params.typeFlipBase + params.typeFlipSlope * bad;
  // inside test in the image frame: the capture ellipse is axis-aligned there
  const border = (px: number, py: number): number => {
    const u = (px - cxImg) / ea;
    const v = (py - cyImg) / eb;
    return Math.sqrt(u * u + v * v); // < 1 inside
  };
  const band = params.borderBand / Math.min(ea, eb);
  let n = 0;
  for (let i = 0; i < master.count; i++) {
    const fx = master.x[i];
    const fy = master.y[i];
    const px = mapX(fx, fy);
    const py = mapTmpY;
    const r = border(px, py);
    if (r >= 1) continue;
    if (rng.next() < (r > 1 - band ? Math.max(miss, params.borderLoss) : miss)) continue;
    // the direction after distortion: map a point a few pixels along the minutia direction
    const th = master.angle[i];
    const qx = mapX(fx + 6 * Math.cos(th), fy - 6 * Math.sin(th));
    const qy = mapTmpY;
    const th2 = Math.atan2(-(qy - py), qx - px);
    const nx = px + posSigma * rng.normal();
    const ny = py + posSigma * rng.normal();
    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
    x[n] = nx;
    y[n] = ny;
    angle[n] = wrap(th2 + angSigma * rng.normal());
    type[n] = rng.next() < flip ? 3 - master.type[i] : master.type[i];
    mq[n] = Math.max(1, Math.min(100, Math.round(100 * q + 12 * rng.normal() - (r > 1 - band ? 20 : 0))));
    n++;
  }
  // spurious minutiae: along the ridge flow (as broken ridges and bridges are), lower quality
  const spurious = Math.min(cap - n, rng.poisson(params.spuriousBase + params.spuriousSlope * bad));
  for (let s = 0; s < spurious; s++) {
    const u = 2 * Math.PI * rng.next();
    const rr = Math.sqrt(rng.next()) * 0.95;
    const px = cxImg + ea * rr * Math.cos(u);
    const py = cyImg + eb * rr * Math.sin(u);
    // back to the finger frame (ignoring distortion) to read the flow there
    const fx = cosR * (px - cxImg) + sinR * (py - cyImg) + ox;
    const fy = -sinR * (px - cxImg) + cosR * (py - cyImg) + oy;
    const o = ridgeOrientationAt(master, fx, fy) - rot;
    x[n] = px;
    y[n] = py;
    angle[n] = wrap(o + (rng.next() < 0.5 ? 0 : Math.PI) + 2 * angSigma * rng.normal());
    type[n] = rng.next() < 0.5 ? 1 : 2;
    mq[n] = Math.max(1, Math.min(100, Math.round(100 * q - 25 + 15 * rng.normal())));
    n++;
  }
  // best quality first, stable among equals: a counting sort over the 101 quality levels
  const start = new Int32Array(102);
  for (let i = 0; i < n; i++) start[100 - mq[i] + 1]++;
  for (let v = 1; v < 102; v++) start[v] += start[v - 1];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[100 - mq[i]]++] = i;
  const out = {
    width,
    height,
    quality: Math.round(100 * q),
    count: n,
    x: new Float32Array(n),
    y: new Float32Array(n),
    angle: new Float32Array(n),
    type: new Uint8Array(n),
    minutiaQuality: new Uint8Array(n),
  };
  for (let k = 0; k < n; k++) {
    const i = order[k];
    out.x[k] = x[i];
    out.y[k] = y[i];
    out.angle[k] = angle[i];
    out.type[k] = type[i];
    out.minutiaQuality[k] = mq[i];
  }
  return out;
}

/** The impression as a {@link Template} (500 ppi). */
export function impressionToTemplate(imp: SyntheticImpression): Template {
  const minutiae: Minutia[] = new Array(imp.count);
  for (let i = 0; i < imp.count; i++) {
    minutiae[i] = {
      // float32 rounding may land exactly on the border: keep coordinates inside the image
      x: Math.min(imp.x[i], imp.width - 0.01),
      y: Math.min(imp.y[i], imp.height - 0.01),
      angle: imp.angle[i] >= TWO_PI ? 0 : imp.angle[i],
      type: imp.type[i] === 2 ? 'bifurcation' : 'ending',
      quality: imp.minutiaQuality[i],
    };
  }
  return { width: imp.width, height: imp.height, ppi: 500, quality: imp.quality, minutiae };
}
