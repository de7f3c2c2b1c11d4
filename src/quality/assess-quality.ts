import { AfisError, type GrayImage } from '../core/index.js';
import { QUALITY_PARAMETERS, type QualityParameters } from '../config/parameters.js';
import { analyzeFingerprint, extractTemplate, measureQualityFeatures, scoreFingerQuality, type FingerQualityFeatures } from '../extraction/index.js';
import type { Template } from '../templates/index.js';

/** Why a capture should be taken again; stable identifiers the desk can translate. */
export type CaptureIssue = 'blank' | 'too-small' | 'no-print' | 'small-area' | 'saturated' | 'few-minutiae' | 'low-quality';

export interface QualityAssessment {
  /** Finger quality 0–100 (100 best); 0 when no print was found. */
  readonly score: number;
  /** True when the capture can be enrolled as it is (no issue). */
  readonly acceptable: boolean;
  /** What is wrong, worst first; empty when acceptable. */
  readonly issues: readonly CaptureIssue[];
  /** The features the score was made from (absent when no print was found). */
  readonly features?: FingerQualityFeatures;
  /** Minutiae counted (from the given template or a fresh extraction). */
  readonly minutiae: number;
}

/**
 * Quality of one finger capture at 500 ppi and the checks a desk runs before accepting it:
 * blank or tiny image, no print, too little print area, saturation, too few minutiae, low
 * quality. The score combines NFIQ-2-like features (orientation certainty, local clarity,
 * frequency consistency, foreground area, minutiae near the centre); see
 * `scoreFingerQuality`. Pass the template if it was already extracted to avoid extracting
 * twice. Never throws for a bad image: a capture without a print gets score 0 and an issue.
 * Cost: one image analysis (≈ the extraction's first half) plus an extraction if no template
 * is given. Pure and thread-safe.
 */
export function assessQuality(image: GrayImage, template?: Template, params: QualityParameters = QUALITY_PARAMETERS): QualityAssessment {
  const issues: CaptureIssue[] = [];
  const { data } = image;
  let s = 0;
  let s2 = 0;
  let saturated = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    s += v;
    s2 += v * v;
    if (v === 0 || v === 255) saturated++;
  }
  const mean = s / data.length;
  const sd = Math.sqrt(Math.max(0, s2 / data.length - mean * mean));
  if (sd < params.blankContrast) return { score: 0, acceptable: false, issues: ['blank'], minutiae: 0 };
  let analysis;
  try {
    analysis = analyzeFingerprint(image);
  } catch (err) {
    if (err instanceof AfisError && err.code === 'AFIS_EXTRACTION_FAILED') {
      const tiny = image.width < 64 || image.height < 64;
      return { score: 0, acceptable: false, issues: [tiny ? 'too-small' : 'no-print'], minutiae: 0 };
    }
    throw err;
  }
  const t = template ?? extractTemplate(image);
  // the features count central minutiae from raw minutiae; a template's are equivalent here
  const features = measureQualityFeatures(analysis, t.minutiae.map((m) => ({ x: m.x, y: m.y, direction: 0, type: 'ending', ridgeLength: 0, quality: m.quality })));
  const score = scoreFingerQuality(features);
  if (features.foregroundPixels < params.minForegroundPixels) issues.push('small-area');
  if (saturated / data.length > params.maxSaturatedShare) issues.push('saturated');
  if (t.minutiae.length < params.minMinutiae) issues.push('few-minutiae');
  if (score < params.minAcceptableScore) issues.push('low-quality');
  return { score, acceptable: issues.length === 0, issues, features, minutiae: t.minutiae.length };
}
