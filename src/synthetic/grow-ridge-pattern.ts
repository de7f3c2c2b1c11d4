import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';

/** Oriented filter tables for one canvas width: per (orientation bin, period bin), sparse taps. */
interface FilterTables {
  readonly width: number;
  readonly bins: number;
  /** Across-ridge Gabor taps: start index per table, flat offsets, weights. */
  readonly acrossStart: Int32Array;
  readonly acrossOffset: Int32Array;
  readonly acrossWeight: Float32Array;
  /** Along-ridge Gaussian taps. */
  readonly alongStart: Int32Array;
  readonly alongOffset: Int32Array;
  readonly alongWeight: Float32Array;
  /** Largest reach of any tap, pixels (the border left unfiltered). */
  readonly reach: number;
}

/** Spreads a 1-D kernel along a unit direction onto the pixel grid (bilinear), merging equal offsets. */
function rasterize(dx: number, dy: number, weights: Float64Array, half: number): { offsets: number[]; weights: number[]; reach: number } {
  // offsets as dy · 4096 + dx (|dx|, |dy| < 2048), turned into flat offsets per canvas width later
  const acc = new Map<number, number>();
  let reach = 0;
  for (let t = -half; t <= half; t++) {
    const w = weights[t + half]!;
    const px = t * dx;
    const py = t * dy;
    const x0 = Math.floor(px);
    const y0 = Math.floor(py);
    const fx = px - x0;
    const fy = py - y0;
    const add = (ox: number, oy: number, v: number): void => {
      if (v === 0) return;
      const o = oy * 4096 + ox;
      acc.set(o, (acc.get(o) ?? 0) + v);
      reach = Math.max(reach, Math.abs(ox), Math.abs(oy));
    };
    add(x0, y0, w * (1 - fx) * (1 - fy));
    add(x0 + 1, y0, w * fx * (1 - fy));
    add(x0, y0 + 1, w * (1 - fx) * fy);
    add(x0 + 1, y0 + 1, w * fx * fy);
  }
  const offsets: number[] = [];
  const ws: number[] = [];
  for (const [o, v] of acc) if (Math.abs(v) > 1e-4) { offsets.push(o); ws.push(v); }
  return { offsets, weights: ws, reach };
}

const tableCache = new Map<string, FilterTables>();

/** Packed dy · 4096 + dx → flat offset on a canvas of `width`. */
function unpack(packed: Int32Array, width: number): Int32Array {
  const out = new Int32Array(packed.length);
  for (let k = 0; k < packed.length; k++) {
    const dy = Math.round(packed[k]! / 4096);
    out[k] = dy * width + (packed[k]! - dy * 4096);
  }
  return out;
}

/**
 * The filter tables for a canvas `width`: the kernels are made once per period range and
 * parameters (cached), their flat offsets per width. Not shared across threads.
 */
function filterTables(width: number, pmin: number, pmax: number, params: SyntheticImageParameters): FilterTables {
  const key = `${pmin}:${pmax}:${params.orientationBins}:${params.periodBins}:${params.growthSigmaAcross}:${params.growthSigmaAlong}`;
  const cached = tableCache.get(key);
  if (cached) return cached.width === width ? cached : { ...cached, width, acrossOffset: unpack(cached.acrossOffset, width), alongOffset: unpack(cached.alongOffset, width) };
  const NO = params.orientationBins;
  const NP = params.periodBins;
  const acrossStart: number[] = [0];
  const acrossOffset: number[] = [];
  const acrossWeight: number[] = [];
  const alongStart: number[] = [0];
  const alongOffset: number[] = [];
  const alongWeight: number[] = [];
  let reach = 0;
  for (let o = 0; o < NO; o++) {
    const th = (o * Math.PI) / NO;
    const c = Math.cos(th);
    const s = Math.sin(th);
    for (let pb = 0; pb < NP; pb++) {
      const period = pmin + ((pmax - pmin) * pb) / (NP - 1);
      // across the ridge: an even Gabor profile without DC, scaled so a matching sinusoid passes with gain 1
      const sa = params.growthSigmaAcross * period;
      const ha = Math.ceil(2.2 * sa);
      const wa = new Float64Array(2 * ha + 1);
      let sum = 0;
      let env = 0;
      for (let t = -ha; t <= ha; t++) {
        const g = Math.exp((-t * t) / (2 * sa * sa));
        wa[t + ha] = g * Math.cos((2 * Math.PI * t) / period);
        sum += wa[t + ha]!;
        env += g;
      }
      let resp = 0;
      for (let t = -ha; t <= ha; t++) {
        const g = Math.exp((-t * t) / (2 * sa * sa));
        wa[t + ha] = wa[t + ha]! - (sum / env) * g;
        resp += wa[t + ha]! * Math.cos((2 * Math.PI * t) / period);
      }
      for (let k = 0; k < wa.length; k++) wa[k] = wa[k]! / resp;
      const across = rasterize(-s, c, wa, ha);
      // along the ridge: a Gaussian that joins ridge fragments and keeps them straight
      const sl = params.growthSigmaAlong * period;
      const hl = Math.ceil(2 * sl);
      const wl = new Float64Array(2 * hl + 1);
      let tot = 0;
      for (let t = -hl; t <= hl; t++) tot += wl[t + hl] = Math.exp((-t * t) / (2 * sl * sl));
      for (let k = 0; k < wl.length; k++) wl[k] = wl[k]! / tot;
      const along = rasterize(c, s, wl, hl);
      acrossOffset.push(...across.offsets);
      acrossWeight.push(...across.weights);
      acrossStart.push(acrossOffset.length);
      alongOffset.push(...along.offsets);
      alongWeight.push(...along.weights);
      alongStart.push(alongOffset.length);
      reach = Math.max(reach, across.reach, along.reach);
    }
  }
  const tables: FilterTables = {
    width: 0, bins: NO * NP,
    acrossStart: Int32Array.from(acrossStart), acrossOffset: Int32Array.from(acrossOffset), acrossWeight: Float32Array.from(acrossWeight),
    alongStart: Int32Array.from(alongStart), alongOffset: Int32Array.from(alongOffset), alongWeight: Float32Array.from(alongWeight),
    reach: reach + 1,
  };
  if (tableCache.size > 16) tableCache.clear();
  tableCache.set(key, tables);
  return { ...tables, width, acrossOffset: unpack(tables.acrossOffset, width), alongOffset: unpack(tables.alongOffset, width) };
}

/** One sparse oriented filtering pass over the pixels listed in `active`. */
function filterPass(src: Float32Array, dst: Float32Array, active: Int32Array, bin: Uint16Array, start: Int32Array, offset: Int32Array, weight: Float32Array): void {
  for (let a = 0; a < active.length; a++) {
    const i = active[a]!;
    const k = bin[i]!;
    let s = 0;
    for (let e = start[k]!, end = start[k + 1]!; e < end; e++) s += weight[e]! * src[i + offset[e]!]!;
    dst[i] = s;
  }
}

/** Assigns each active pixel its filter table (orientation bin × period bin). */
function binPixels(
  width: number, height: number, reach: number, orientation: Float32Array, period: Float32Array, region: Uint8Array,
  pmin: number, pmax: number, params: SyntheticImageParameters,
): { active: Int32Array; bin: Uint16Array } {
  const NO = params.orientationBins;
  const NP = params.periodBins;
  const bin = new Uint16Array(width * height);
  const list: number[] = [];
  for (let y = reach; y < height - reach; y++) {
    for (let x = reach; x < width - reach; x++) {
      const i = y * width + x;
      if (!region[i]) continue;
      list.push(i);
      const ob = Math.round((orientation[i]! / Math.PI) * NO) % NO;
      const pb = Math.max(0, Math.min(NP - 1, Math.round(((period[i]! - pmin) / (pmax - pmin)) * (NP - 1))));
      bin[i] = ob * NP + pb;
    }
  }
  return { active: Int32Array.from(list), bin };
}

/** Filters, amplifies and clips `img` in place `iterations` times. */
function iterate(img: Float32Array, active: Int32Array, bin: Uint16Array, t: FilterTables, iterations: number, gain: number): void {
  const tmp = new Float32Array(img.length);
  for (let it = 0; it < iterations; it++) {
    filterPass(img, tmp, active, bin, t.acrossStart, t.acrossOffset, t.acrossWeight);
    filterPass(tmp, img, active, bin, t.alongStart, t.alongOffset, t.alongWeight);
    for (let a = 0; a < active.length; a++) {
      const i = active[a]!;
      const v = gain * img[i]!;
      img[i] = v > 1 ? 1 : v < -1 ? -1 : v;
    }
  }
}

/**
 * Grows the ridge pattern of a master (SFinGe, Cappelli, Maio & Maltoni): a few random seeds
 * are filtered again and again by a Gabor filter tuned to the local ridge direction and period,
 * each result amplified and clipped to [-1, 1], until ridges cover the canvas and settle. Ridge
 * endings and bifurcations appear where growth fronts from different seeds meet out of phase
 * and where the period or the flow changes, as in SFinGe. The filter is separated into an
 * across-ridge Gabor profile and an along-ridge Gaussian (both bilinear on the pixel grid).
 * Growth runs at half resolution (the pattern is smooth: periods of 3.5–6 px are still well
 * sampled) and the result is brought to full resolution and settled by a few more iterations.
 *
 * `orientation` is the ridge direction per pixel (radians in [0, π), y down); `period` the ridge
 * period per pixel; `region` (1 = grow here) limits the work to the finger area and its margin.
 * Returns values in [-1, 1], positive on ridges; pixels closer than the filter reach to the canvas
 * border stay 0. Pure given the rng state; filter tables are cached per thread.
 */
export function growRidgePattern(
  width: number, height: number, orientation: Float32Array, period: Float32Array, region: Uint8Array, rng: Rng,
  params: SyntheticImageParameters = SYNTHETIC_IMAGE_PARAMETERS,
): Float32Array {
  // half resolution: every second pixel, periods halved
  const hw = Math.floor(width / 2);
  const hh = Math.floor(height / 2);
  const ho = new Float32Array(hw * hh);
  const hp = new Float32Array(hw * hh);
  const hr = new Uint8Array(hw * hh);
  for (let y = 0; y < hh; y++) {
    for (let x = 0; x < hw; x++) {
      const i = 2 * y * width + 2 * x;
      ho[y * hw + x] = orientation[i]!;
      hp[y * hw + x] = period[i]! / 2;
      hr[y * hw + x] = region[i]!;
    }
  }
  const halfTables = filterTables(hw, params.periodMin / 2, params.periodMax / 2, params);
  const half = binPixels(hw, hh, halfTables.reach, ho, hp, hr, params.periodMin / 2, params.periodMax / 2, params);
  const small = new Float32Array(hw * hh);
  const seeds = Math.max(1, Math.round((4 * half.active.length / 10000) * params.growthSeedDensity));
  for (let k = 0; k < seeds; k++) small[half.active[rng.int(half.active.length)]!] = rng.next() < 0.5 ? 1 : -1;
  iterate(small, half.active, half.bin, halfTables, params.growthIterations, params.growthGain);
  // up to full resolution (bilinear), then settle the pattern at its own scale
  const img = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(hh - 1.001, y / 2);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(hw - 1.001, x / 2);
      const x0 = Math.floor(fx);
      const wx = fx - x0;
      const a = y0 * hw + x0;
      img[y * width + x] = (1 - wy) * ((1 - wx) * small[a]! + wx * small[a + 1]!) + wy * ((1 - wx) * small[a + hw]! + wx * small[a + hw + 1]!);
    }
  }
  if (params.growthRefinements > 0) {
    const tables = filterTables(width, params.periodMin, params.periodMax, params);
    const full = binPixels(width, height, tables.reach, orientation, period, region, params.periodMin, params.periodMax, params);
    iterate(img, full.active, full.bin, tables, params.growthRefinements, params.growthGain);
  }
  for (let i = 0; i < img.length; i++) if (!region[i]) img[i] = 0;
  return img;
}
