import type { ImpressionTruth } from './describe-ground-truth.js';
import { type PointedMinutia, pairTruthMinutiae } from './pair-truth-minutiae.js';

/** What an extractor found in one image, in plain data (pixels, radians, Template convention). */
export interface ExtractedImage {
  readonly minutiae: readonly PointedMinutia[];
  /** The extractor's foreground, 1 per pixel (width × height of the image). */
  readonly mask: Uint8Array;
  /** Ridge direction the extractor estimated at a pixel, radians [0, π) counter-clockwise on screen; NaN where it has none. */
  readonly orientationAt: (x: number, y: number) => number;
}

/** Counts of one image, summed over images by {@link summarizeExtractionScores}. */
export interface ExtractionCounts {
  readonly images: number;
  /** Truth minutiae counted for recall (not destroyed), and those found. */
  readonly truth: number;
  readonly truthFound: number;
  /** Extracted minutiae, and those that match a truth minutia (destroyed ones included). */
  readonly extracted: number;
  readonly extractedCorrect: number;
  readonly positionErrorSum: number;
  readonly directionErrorSum: number;
  readonly pairs: number;
  readonly maskIoUSum: number;
  readonly orientationErrorSum: number;
  readonly orientationBlocks: number;
}

/** The figures `afis eval extraction --json` prints (fractions, pixels, degrees). */
export interface ExtractionScores {
  readonly images: number;
  readonly precision: number;
  readonly recall: number;
  readonly positionErrorPx: number;
  readonly directionErrorDeg: number;
  readonly maskIoU: number;
  readonly orientationErrorDeg: number;
}

const DEG = 180 / Math.PI;

/**
 * Scores one extraction against the truth: minutiae paired one to one within `maxDistance`
 * pixels and `maxAngle` radians (15 px and 30°, the usual criterion); recall over the truth
 * minutiae the skin did not destroy; precision over the extracted minutiae (a minutia matching
 * a destroyed truth minutia is correct: it is there); mean position and direction error of the
 * pairs; intersection over union of the foreground masks; mean orientation error (degrees, 0–90)
 * at the centres of the truth's foreground orientation blocks. O(T·E + W·H).
 */
export function scoreExtraction(truth: ImpressionTruth, found: ExtractedImage, maxDistance = 15, maxAngle = Math.PI / 6): ExtractionCounts {
  const pairing = pairTruthMinutiae(truth.minutiae, found.minutiae, maxDistance, maxAngle);
  let truthFound = 0;
  for (const [t] of pairing.pairs) if (!truth.minutiae[t]!.destroyed) truthFound++;
  const { width, height } = truth;
  let inter = 0, union = 0;
  const B = truth.mask.block;
  for (let y = 0; y < height; y++) {
    const row = truth.mask.rows[Math.floor(y / B)]!;
    for (let x = 0; x < width; x++) {
      const t = row.charCodeAt(Math.floor(x / B)) === 49;
      const e = found.mask[y * width + x] === 1;
      if (t && e) inter++;
      if (t || e) union++;
    }
  }
  let orientationErrorSum = 0, orientationBlocks = 0;
  const O = truth.orientation.block;
  truth.orientation.degrees.forEach((row, by) => row.forEach((deg, bx) => {
    if (deg < 0) return;
    const x = Math.min(width - 1, bx * O + O / 2), y = Math.min(height - 1, by * O + O / 2);
    const est = found.orientationAt(x, y);
    if (!Number.isFinite(est)) return;
    let d = Math.abs(est * DEG - deg) % 180;
    if (d > 90) d = 180 - d;
    orientationErrorSum += d;
    orientationBlocks++;
  }));
  return {
    images: 1,
    truth: truth.minutiae.filter((m) => !m.destroyed).length,
    truthFound,
    extracted: found.minutiae.length,
    extractedCorrect: pairing.pairs.length,
    positionErrorSum: pairing.distances.reduce((s, d) => s + d, 0),
    directionErrorSum: pairing.angleErrors.reduce((s, d) => s + d * DEG, 0),
    pairs: pairing.pairs.length,
    maskIoUSum: union ? inter / union : 1,
    orientationErrorSum,
    orientationBlocks,
  };
}

/** Sums counts of several images. */
export function addExtractionCounts(a: ExtractionCounts, b: ExtractionCounts): ExtractionCounts {
  const out: Record<string, number> = {};
  for (const k of Object.keys(a) as Array<keyof ExtractionCounts>) out[k] = a[k] + b[k];
  return out as unknown as ExtractionCounts;
}

/** The figures of summed counts: pooled precision and recall, mean errors, mean IoU. */
export function summarizeExtractionScores(c: ExtractionCounts): ExtractionScores {
  const r = (v: number, d = 4): number => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : 0);
  return {
    images: c.images,
    precision: r(c.extracted ? c.extractedCorrect / c.extracted : 0),
    recall: r(c.truth ? c.truthFound / c.truth : 0),
    positionErrorPx: r(c.pairs ? c.positionErrorSum / c.pairs : 0, 2),
    directionErrorDeg: r(c.pairs ? c.directionErrorSum / c.pairs : 0, 2),
    maskIoU: r(c.images ? c.maskIoUSum / c.images : 0),
    orientationErrorDeg: r(c.orientationBlocks ? c.orientationErrorSum / c.orientationBlocks : 0, 2),
  };
}
