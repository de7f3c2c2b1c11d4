import type { ExtractionParameters } from '../config/parameters.js';
import { forEachClosePair, sampleBlockMap } from './filters.js';
import { distanceToBackground } from './segment-foreground.js';
import type { FloatImage, ForegroundMask, FrequencyField, OrientationField } from './types.js';

/**
 * Per-minutia features of the learned reliability (a logistic model, issue 12 parts 3–4), in
 * this order. Each is cheap and read from the analysis the extraction already made:
 * - `coherence`: orientation coherence 0–1 at the minutia (block map, bilinear);
 * - `ridgeShare`: ridge evidence 0–1 of the contrast-normalised grey (frequency.share);
 * - `logContrast`: log(1 + raw grey standard deviation of the block) (mask.contrast);
 * - `agreement`: correlation −1…1 of the contrast-normalised grey with the enhanced image in a
 *   square of one ridge period around the minutia (the filter drew ridges the grey has);
 * - `enhancedRms`: RMS of the enhanced image there (clipped to ±2);
 * - `edgeDistance`: distance to the mask's background or the image side / 48 px (capped at 1);
 * - `nearestDistance`: distance to the nearest other minutia / 40 px (capped at 1);
 * - `neighbours`: other minutiae within 25 px / 5;
 * - `period`: local ridge period / 10 px;
 * - `bifurcation`: 1 for a bifurcation, 0 for an ending;
 * - `quality`: the minutia's quality / 100 (coherence × clarity × border);
 * - `density`: the print's minutiae per 10,000 px of foreground / 10 (the same for every minutia of a print).
 */
export const MINUTIA_FEATURE_NAMES = [
  'coherence', 'ridgeShare', 'logContrast', 'agreement', 'enhancedRms', 'edgeDistance',
  'nearestDistance', 'neighbours', 'period', 'bifurcation', 'quality', 'density',
] as const;
export const MINUTIA_FEATURE_COUNT = MINUTIA_FEATURE_NAMES.length;

/** The parameter holding each feature's weight (`minutiaLogit` + the capitalised name); the intercept is `minutiaLogitBias`. */
export const MINUTIA_LOGIT_PARAMETERS = [
  'minutiaLogitCoherence', 'minutiaLogitRidgeShare', 'minutiaLogitLogContrast', 'minutiaLogitAgreement',
  'minutiaLogitEnhancedRms', 'minutiaLogitEdgeDistance', 'minutiaLogitNearestDistance', 'minutiaLogitNeighbours',
  'minutiaLogitPeriod', 'minutiaLogitBifurcation', 'minutiaLogitQuality', 'minutiaLogitDensity',
] as const satisfies ReadonlyArray<keyof ExtractionParameters>;

/** What the features are read from: the analysis of one image. */
export interface ReliabilitySource {
  readonly mask: ForegroundMask;
  readonly normalized: FloatImage;
  readonly enhanced: FloatImage;
  readonly orientation: OrientationField;
  readonly frequency: FrequencyField;
}

/** A minutia to rate: pixels, type and quality 0–100. */
export interface RatedPoint {
  readonly x: number;
  readonly y: number;
  /** 'bifurcation' counts as one; anything else ('ending', a template's 'other') as an ending. */
  readonly type: string;
  readonly quality: number;
}

/**
 * The features of {@link MINUTIA_FEATURE_NAMES} for each minutia, row-major [n, F]. Positions
 * are rounded to the pixel first, so the template's rounded minutiae give the same features as
 * the extraction's own. Cost: about (2·period)² + 97² pixel reads per minutia and n² / cell
 * pairs for the neighbours; pure.
 */
export function measureMinutiaFeatures(source: ReliabilitySource, points: readonly RatedPoint[]): Float64Array {
  const n = points.length;
  const F = MINUTIA_FEATURE_COUNT;
  const out = new Float64Array(n * F);
  if (n === 0) return out;
  const { width, height } = source.normalized;
  const mask = source.mask.pixels;
  let foreground = 0;
  for (let i = 0; i < mask.length; i++) foreground += mask[i]!;
  const density = n / Math.max(1, foreground / 10000) / 10;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = Math.min(width - 1, Math.max(0, Math.round(points[i]!.x)));
    ys[i] = Math.min(height - 1, Math.max(0, Math.round(points[i]!.y)));
  }
  const nearest = new Float64Array(n).fill(40);
  const neighbours = new Float64Array(n);
  forEachClosePair(xs, ys, 40, (i, j, d2) => {
    const d = Math.sqrt(d2);
    if (d < nearest[i]!) nearest[i] = d;
    if (d < nearest[j]!) nearest[j] = d;
    if (d < 25) { neighbours[i]!++; neighbours[j]!++; }
  });
  const og = source.orientation.grid, fg = source.frequency.grid, mg = source.mask.grid;
  const norm = source.normalized.data, enh = source.enhanced.data;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!, y = ys[i]!;
    const p = points[i]!;
    let period = sampleBlockMap(source.frequency.period, fg.cols, fg.rows, fg.blockSize, x, y);
    if (!(period >= 4)) period = 4;
    if (period > 16) period = 16;
    // grey against enhanced over one period each side: Pearson correlation on the print's pixels
    const h = Math.round(period);
    let sg = 0, se = 0, sgg = 0, see = 0, sge = 0, k = 0;
    for (let yy = Math.max(0, y - h); yy <= Math.min(height - 1, y + h); yy++) {
      const o = yy * width;
      for (let xx = Math.max(0, x - h); xx <= Math.min(width - 1, x + h); xx++) {
        if (!mask[o + xx]) continue;
        let g = norm[o + xx]!;
        g = g > 4 ? 4 : g < -4 ? -4 : g;
        let e = enh[o + xx]!;
        e = e > 2 ? 2 : e < -2 ? -2 : e;
        sg += g; se += e; sgg += g * g; see += e * e; sge += g * e; k++;
      }
    }
    let agreement = 0, rms = 0;
    if (k > 1) {
      const vg = sgg / k - (sg / k) ** 2, ve = see / k - (se / k) ** 2;
      agreement = vg > 1e-9 && ve > 1e-9 ? (sge / k - (sg / k) * (se / k)) / Math.sqrt(vg * ve) : 0;
      rms = Math.sqrt(see / k);
    }
    const row = i * F;
    out[row] = sampleBlockMap(source.orientation.coherence, og.cols, og.rows, og.blockSize, x, y);
    out[row + 1] = sampleBlockMap(source.frequency.share, fg.cols, fg.rows, fg.blockSize, x, y);
    out[row + 2] = Math.log1p(Math.max(0, sampleBlockMap(source.mask.contrast, mg.cols, mg.rows, mg.blockSize, x, y)));
    out[row + 3] = agreement;
    out[row + 4] = rms;
    out[row + 5] = Math.min(1, distanceToBackground(mask, width, height, x, y, 48) / 48);
    out[row + 6] = Math.min(1, nearest[i]! / 40);
    out[row + 7] = neighbours[i]! / 5;
    out[row + 8] = period / 10;
    out[row + 9] = p.type === 'bifurcation' ? 1 : 0;
    out[row + 10] = p.quality / 100;
    out[row + 11] = density;
  }
  return out;
}

/** The logistic weights held in the parameters: [bias, one per feature]. */
export function minutiaLogitWeights(params: ExtractionParameters): Float64Array {
  const w = new Float64Array(MINUTIA_FEATURE_COUNT + 1);
  w[0] = params.minutiaLogitBias;
  MINUTIA_LOGIT_PARAMETERS.forEach((name, f) => { w[f + 1] = params[name]; });
  return w;
}

/** Probability 0–1 that each minutia is true: σ(bias + Σ w·feature), features row-major [n, F]. */
export function minutiaProbabilities(features: Float64Array, weights: ArrayLike<number>): Float64Array {
  const F = MINUTIA_FEATURE_COUNT;
  const n = features.length / F;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = weights[0]!;
    for (let f = 0; f < F; f++) z += weights[f + 1]! * features[i * F + f]!;
    p[i] = 1 / (1 + Math.exp(-z));
  }
  return p;
}

/**
 * The learned minutia reliability as an extraction stage (issue 12, parts 3–4): a logistic
 * model on {@link measureMinutiaFeatures}, its weights in the `minutiaLogit*` parameters. With
 * `minutiaLogitDropBelow` > 0 a minutia whose probability is below it is dropped; with
 * `minutiaLogitAsQuality` 1 each kept minutia's quality becomes round(100·p) (the matcher weighs
 * by quality when `minutiaWeightFloor` < 1). Both 0 (the default): the list is returned as it
 * is and nothing is computed. No weights ship: the defaults are 0 (p = 0.5 everywhere); the
 * fold models of bench/extraction/real-minutia-folds.mjs are set through the parameters.
 * Order is kept. Cost: the features (well under 1 ms for 50 minutiae) and F multiply-adds each.
 */
export function rateMinutiaReliability<T extends RatedPoint>(minutiae: T[], source: ReliabilitySource, params: ExtractionParameters): T[] {
  const drop = params.minutiaLogitDropBelow;
  const asQuality = params.minutiaLogitAsQuality > 0;
  if ((!(drop > 0) && !asQuality) || minutiae.length === 0) return minutiae;
  const p = minutiaProbabilities(measureMinutiaFeatures(source, minutiae), minutiaLogitWeights(params));
  const kept: T[] = [];
  minutiae.forEach((m, i) => {
    if (drop > 0 && p[i]! < drop) return;
    kept.push(asQuality ? { ...m, quality: Math.round(100 * p[i]!) } : m);
  });
  return kept;
}
