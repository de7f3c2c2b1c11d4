import { SENSOR_STYLES, type SensorStyle } from '../config/parameters.js';
import { createRng, mixSeed } from './create-rng.js';
import { generateMasterPrint } from './generate-master-print.js';
import type { MasterPrint } from './image-types.js';
import { renderImpression, type SyntheticImage } from './render-impression.js';
import { describeGroundTruth, type ImpressionTruth } from './describe-ground-truth.js';

/** Styles `afis synth` accepts: one sensor, or a mix drawn per impression. */
export type SynthStyle = SensorStyle | 'mixed';
export const SYNTH_STYLES: readonly SynthStyle[] = [...SENSOR_STYLES, 'mixed'];

export interface SubjectOptions {
  /** Impressions of the subject's series finger (the F_I images). */
  readonly impressions: number;
  readonly style: SynthStyle;
  /** Make the person's ten rolled fingers (for the ANSI/NIST transaction). */
  readonly tenPrint: boolean;
}

/** One rendered impression and its truth. */
export interface RenderedImpression {
  readonly image: SyntheticImage;
  readonly truth: ImpressionTruth;
}

/** A synthetic person: one finger's impression series and, optionally, ten rolled fingers. */
export interface SyntheticSubject {
  readonly subject: number;
  /** ANSI/NIST position (1–10) of the finger whose impressions form the series. */
  readonly seriesPosition: number;
  readonly impressions: readonly RenderedImpression[];
  /** Index 0–9 = positions 1–10, rolled live-scan impressions; empty without `tenPrint`. */
  readonly rolled: readonly RenderedImpression[];
}

// stream tags so that masters, impressions and rolled prints draw from independent sequences
const MASTER = 0x6d617374;
const IMPRESSION = 0x696d7000;
const ROLLED = 0x726f6c6c;

/** The master of finger `position` (1–10) of person `subject` in population `seed`. Random access. */
export function syntheticMasterPrint(seed: number, subject: number, position: number): MasterPrint {
  return generateMasterPrint(createRng(mixSeed(seed, subject, position, MASTER)), position);
}

/** The finger a subject's impression series is taken from: positions cycle over the ten fingers. */
export function seriesPositionOf(subject: number): number {
  return ((subject - 1) % 10 + 10) % 10 + 1;
}

/**
 * Synthesises person `subject` (1, 2, …) of population `seed`: masters of the needed fingers,
 * `impressions` impressions of the series finger (style per impression when mixed), and the ten
 * rolled fingers. Deterministic: the same (seed, subject, options) gives the same pixels and
 * truth on any thread, independent of the other subjects. Cost: ≈ 0.3 s per master on one core
 * plus ≈ 40 ms per impression.
 */
export function synthesizeSubject(seed: number, subject: number, options: SubjectOptions): SyntheticSubject {
  const seriesPosition = seriesPositionOf(subject);
  const masters = new Map<number, MasterPrint>();
  const masterOf = (p: number): MasterPrint => {
    let m = masters.get(p);
    if (!m) { m = syntheticMasterPrint(seed, subject, p); masters.set(p, m); }
    return m;
  };
  const impressions: RenderedImpression[] = [];
  const series = masterOf(seriesPosition);
  for (let k = 1; k <= options.impressions; k++) {
    const rng = createRng(mixSeed(seed, subject, seriesPosition, IMPRESSION + k));
    const style = options.style === 'mixed' ? SENSOR_STYLES[rng.int(SENSOR_STYLES.length)]! : options.style;
    const image = renderImpression(series, style, rng);
    impressions.push({ image, truth: describeGroundTruth(series, image) });
  }
  const rolled: RenderedImpression[] = [];
  if (options.tenPrint) {
    for (let p = 1; p <= 10; p++) {
      const m = masterOf(p);
      const image = renderImpression(m, 'rolled', createRng(mixSeed(seed, subject, p, ROLLED)), { kind: 'rolled' });
      rolled.push({ image, truth: describeGroundTruth(m, image) });
    }
  }
  return { subject, seriesPosition, impressions, rolled };
}
