import { SYNTHETIC_IMPRESSION_PARAMETERS, type SensorStyle, type SyntheticImpressionParameters } from '../config/parameters.js';
import { type Rng, createRng } from './create-rng.js';
import { makeValueNoise } from './make-value-noise.js';

let normalTable: Float32Array | null = null;

/** 65,536 standard normal draws made once from a fixed seed: per-pixel noise costs one uniform draw. */
function normals(): Float32Array {
  if (!normalTable) {
    const r = createRng(0x6e6f6973);
    normalTable = new Float32Array(65536);
    for (let i = 0; i < normalTable.length; i++) normalTable[i] = r.normal();
  }
  return normalTable;
}

/** What the sensor adds besides the ridges: the frame drawn on optical images, if any. */
export interface SensorDetails {
  readonly frame: boolean;
}

/**
 * Turns ridge contact (`ink`, 0 = valley or no contact … 1 = ridge pressed on the sensor) into
 * an 8-bit grey image as a sensor of the given style shows it (0 black): optical and rolled live
 * scans (light, slightly uneven background, dark ridges, an optional frame on optical images),
 * capacitive (grey background, row offsets, more noise), thermal sweep (low contrast, slices
 * offset by up to a pixel as the finger moved), ink on a card (paper texture). `contrast` scales
 * the ridge darkness. `contact` (1 = skin on the sensor, optional) marks where the skin's own
 * texture adds its noise (`skinNoise`) to the sensor's: real prints are noisier on the finger than
 * on the empty platen (pores, uneven ridge edges and pressure). Pure given the rng state; O(W·H).
 */
export function applySensorModel(
  ink: Float32Array, width: number, height: number, style: SensorStyle, contrast: number, rng: Rng,
  params: SyntheticImpressionParameters = SYNTHETIC_IMPRESSION_PARAMETERS, contact?: Uint8Array,
): { data: Uint8Array; details: SensorDetails } {
  const n = width * height;
  let bg0: number, dark: number, shade: Float32Array | null = null, shadeAmp = 0;
  switch (style) {
    case 'capacitive': bg0 = 185 + 20 * rng.next(); dark = 45 + 30 * rng.next(); break;
    case 'thermal': bg0 = 150 + 25 * rng.next(); dark = 60 + 30 * rng.next(); break;
    case 'ink': bg0 = 232 + 12 * rng.next(); dark = 18 + 30 * rng.next(); shade = makeValueNoise(rng, width, height, 3); shadeAmp = 10; break;
    default: bg0 = 205 + 35 * rng.next(); dark = 25 + 50 * rng.next(); shade = makeValueNoise(rng, width, height, 60); shadeAmp = 8; break;
  }
  // a linear illumination gradient across the sensor
  const gx = (rng.next() - 0.5) * 20;
  const gy = (rng.next() - 0.5) * 20;
  const sigma = params.noise[style];
  const skin = contact ? params.skinNoise[style] * params.skinNoiseScale : 0;
  const rowOffset = new Float32Array(height);
  if (style === 'capacitive') for (let y = 0; y < height; y++) rowOffset[y] = 3 * rng.normal();
  const out = new Uint8Array(n);
  const table = normals();
  let grain: Float32Array | null = null;
  let sensorWhite: Float32Array | null = null;
  if (params.sensorNoiseShare > 0) {
    // the mixed form (off by default): one table index per pixel, drawn as the white noise draws
    // them (so the rng is left where it leaves it); the sensor's white noise reads the entry, the
    // skin's noise the entry half a table away (an independent draw), grained if asked
    sensorWhite = new Float32Array(n);
    const skinDraws = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const k = rng.int(65536);
      sensorWhite[i] = table[k]!;
      skinDraws[i] = table[k ^ 0x8000]!;
    }
    grain = params.noiseGrain > 0 ? grainNormals(skinDraws, width, height, params.noiseGrain) : skinDraws;
  } else if (params.noiseGrain > 0) {
    // grained noise (off by default): the same draws, in the same order, smoothed to the grain
    const draws = new Float32Array(n);
    for (let i = 0; i < n; i++) draws[i] = table[rng.int(65536)]!;
    grain = grainNormals(draws, width, height, params.noiseGrain);
  }
  const sensorSigma = params.sensorNoiseShare * sigma;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const bg = bg0 + gx * (x / width - 0.5) + gy * (y / height - 0.5) + (shade ? shadeAmp * (shade[i]! - 0.5) : 0) + rowOffset[y]!;
      const v = bg - contrast * ink[i]! * (bg - dark) + (sensorWhite
        ? sensorSigma * sensorWhite[i]! + (skin > 0 && contact![i] ? skin * grain![i]! : 0)
        : (skin > 0 && contact![i] ? sigma + skin : sigma) * (grain ? grain[i]! : table[rng.int(65536)]!));
      out[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  let frame = false;
  if (style === 'optical' && rng.next() < params.frameShare) {
    frame = true;
    // the dark edge of the platen: bands along some borders
    const band = 6 + rng.int(10);
    const level = 30 + 40 * rng.next();
    const sides = [rng.next() < 0.7, rng.next() < 0.7, rng.next() < 0.5, rng.next() < 0.5];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if ((sides[0] && x < band) || (sides[1] && x >= width - band) || (sides[2] && y < band) || (sides[3] && y >= height - band)) {
          out[y * width + x] = Math.max(0, Math.min(255, Math.round(level + 6 * rng.normal())));
        }
      }
    }
  }
  if (style === 'thermal') {
    // sweep slices: rows of one slice shift together by −1, 0 or +1 pixel
    const row = new Uint8Array(width);
    for (let y0 = 0; y0 < height; y0 += 12) {
      const s = rng.int(3) - 1;
      if (s === 0) continue;
      for (let y = y0; y < Math.min(height, y0 + 12); y++) {
        row.set(out.subarray(y * width, (y + 1) * width));
        for (let x = 0; x < width; x++) out[y * width + x] = row[Math.max(0, Math.min(width - 1, x - s))]!;
      }
    }
  }
  return { data: out, details: { frame } };
}

/**
 * Standard normal draws (one per pixel, raster order) smoothed by a separable Gaussian of `sigma`
 * pixels (the border replicated) and divided by the smoothing's gain on white noise's deviation,
 * so each value is again of unit variance, now correlated over about `sigma` pixels. Smooths
 * `field` in place and returns it.
 */
function grainNormals(field: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let j = -r; j <= r; j++) sum += k[j + r] = Math.exp(-(j * j) / (2 * sigma * sigma));
  let energy = 0;
  for (let j = 0; j < k.length; j++) {
    k[j] /= sum;
    energy += k[j]! * k[j]!;
  }
  const rows = new Float32Array(field.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let a = 0;
      for (let j = -r; j <= r; j++) a += k[j + r]! * field[y * width + Math.min(width - 1, Math.max(0, x + j))]!;
      rows[y * width + x] = a;
    }
  }
  // white noise of unit variance smoothed by k in both directions has variance energy²
  const gain = 1 / energy;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let a = 0;
      for (let j = -r; j <= r; j++) a += k[j + r]! * rows[Math.min(height - 1, Math.max(0, y + j)) * width + x]!;
      field[y * width + x] = a * gain;
    }
  }
  return field;
}
