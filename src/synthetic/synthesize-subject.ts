import type { GrayImage } from '../core/index.js';
import {
  SENSOR_STYLES, SYNTHETIC_IMAGE_PARAMETERS, SYNTHETIC_IMPRESSION_PARAMETERS, type SensorStyle, type SyntheticImageParameters,
  type SyntheticImpressionParameters,
} from '../config/parameters.js';
import { createRng, mixSeed } from './create-rng.js';
import { generateMasterPrint } from './generate-master-print.js';
import type { MasterPrint } from './image-types.js';
import { renderImpression, type SyntheticImage } from './render-impression.js';
import { describeGroundTruth, type ImpressionTruth } from './describe-ground-truth.js';
import { ALTERATION_KINDS, type Alteration, alterMaster } from './alter-master.js';
import { SLAP_POSITIONS, type SyntheticSlap, composeSlap } from './compose-slap.js';
import { mapMasterToImage } from './distort-skin.js';

/** Styles `afis synth` accepts: one sensor, or a mix drawn per impression. */
export type SynthStyle = SensorStyle | 'mixed';
export const SYNTH_STYLES: readonly SynthStyle[] = [...SENSOR_STYLES, 'mixed'];

export interface SubjectOptions {
  /** Impressions of the subject's series finger (the F_I images). */
  readonly impressions: number;
  readonly style: SynthStyle;
  /** Make the person's ten rolled fingers (for the ANSI/NIST transaction). */
  readonly tenPrint: boolean;
  /** Make the three slaps (right four, left four, two thumbs) from plain impressions. */
  readonly slaps?: boolean;
  /** Probability that a finger's skin is altered (0 … 1, default 0), drawn per finger. */
  readonly altered?: number;
  /**
   * Which capture of the person the ten-print and slaps are (1, 2, …; default 1): the same
   * fingers, new impressions. Encounter 2 of a person is a mated search of encounter 1.
   */
  readonly encounter?: number;
  /**
   * Generator settings of the master prints over SYNTHETIC_IMAGE_PARAMETERS (omitted = the
   * defaults): a model trained on synthetic prints is reproduced with the settings it was trained
   * with when the defaults move on (see masterParameters).
   */
  readonly master?: Readonly<Record<string, number>>;
  /**
   * Semi-axes of the series' plain contact areas as fractions of the finger's semi-axes (width,
   * height), instead of SYNTHETIC_IMPRESSION_PARAMETERS.plainContact (0.95, 0.92 since 2026-12-04;
   * 0.8, 0.78 before, which training scripts pin); rolled and ink impressions, the ten-print and
   * the slaps keep theirs. Omitted = the default (same pixels). Real FVC2002 DB1–3 plain prints
   * cover 1.85 cm² (median foreground) against 1.37 synthetic with 0.8 × 0.78; with a generator
   * setting that gives a realistic count of central minutiae (R96), 0.95 × 0.92 brings the area
   * and the finger quality score nearer real (bench/RESULTS.md, sense2's and sense3's sections).
   */
  readonly plainContact?: readonly [number, number];
  /**
   * Impression settings over SYNTHETIC_IMPRESSION_PARAMETERS (numeric settings only, by name) for
   * the series and the rolled ten-print (the slaps keep the defaults); omitted = the defaults.
   */
  readonly impression?: Readonly<Record<string, number>>;
}

/**
 * `defaults` with `overrides` (numeric settings only, by name) laid over them. Throws on a name the
 * defaults do not hold as a number or a value that is not a finite number, so a pinned setting
 * cannot silently do nothing; `what` names the settings in the message ("master", "impression").
 */
function withNumericOverrides<T extends object>(defaults: T, overrides: Readonly<Record<string, number>> | undefined, what: string): T {
  if (!overrides || Object.keys(overrides).length === 0) return defaults;
  const known = defaults as unknown as Readonly<Record<string, unknown>>;
  for (const [k, v] of Object.entries(overrides)) {
    if (typeof known[k] !== 'number') throw new RangeError(`no numeric ${what} setting "${k}"`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${what} setting "${k}" must be a finite number`);
  }
  return Object.freeze({ ...defaults, ...overrides });
}

/** The master generator's parameters with `overrides` over the defaults ({@link withNumericOverrides}). */
export function masterParameters(overrides?: Readonly<Record<string, number>>): SyntheticImageParameters {
  return withNumericOverrides(SYNTHETIC_IMAGE_PARAMETERS, overrides, 'master');
}

/** The impression settings with `overrides` over the defaults ({@link withNumericOverrides}). */
export function impressionParameters(overrides?: Readonly<Record<string, number>>): SyntheticImpressionParameters {
  return withNumericOverrides(SYNTHETIC_IMPRESSION_PARAMETERS, overrides, 'impression');
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
  /** Right four, left four, two thumbs; empty without `slaps`. */
  readonly slaps: readonly SyntheticSlap[];
  /** Altered fingers: position → alteration in the master's frame. */
  readonly alterations: ReadonlyArray<{ readonly position: number; readonly alteration: Alteration }>;
}

// stream tags so that masters, impressions and rolled prints draw from independent sequences
const MASTER = 0x6d617374;
const IMPRESSION = 0x696d7000;
const ROLLED = 0x726f6c6c;
const ALTER = 0x616c7472;
const SLAP = 0x736c6170;

/** The master of finger `position` (1–10) of person `subject` in population `seed`. Random access. */
export function syntheticMasterPrint(seed: number, subject: number, position: number, params: SyntheticImageParameters = SYNTHETIC_IMAGE_PARAMETERS): MasterPrint {
  return generateMasterPrint(createRng(mixSeed(seed, subject, position, MASTER)), position, params);
}

/** The finger a subject's impression series is taken from: positions cycle over the ten fingers. */
export function seriesPositionOf(subject: number): number {
  return ((subject - 1) % 10 + 10) % 10 + 1;
}

/**
 * Synthesises person `subject` (1, 2, …) of population `seed`: masters of the needed fingers,
 * `impressions` impressions of the series finger (style per impression when mixed), and the ten
 * rolled fingers, the three slaps, and alterations of some fingers. Deterministic: the same (seed, subject, options) gives the same pixels and
 * truth on any thread, independent of the other subjects. Cost: ≈ 0.3 s per master on one core
 * plus ≈ 40 ms per impression.
 */
export function synthesizeSubject(seed: number, subject: number, options: SubjectOptions): SyntheticSubject {
  const seriesPosition = seriesPositionOf(subject);
  const encounter = options.encounter ?? 1;
  const params = masterParameters(options.master);
  const taking = impressionParameters(options.impression);
  if (options.plainContact && !(options.plainContact.length === 2 && options.plainContact.every((v) => Number.isFinite(v) && v > 0 && v <= 1.5))) {
    throw new RangeError('plainContact must be two fractions in (0, 1.5]');
  }
  const masters = new Map<number, MasterPrint>();
  const alterations = new Map<number, Alteration>();
  const masterOf = (p: number): MasterPrint => {
    let m = masters.get(p);
    if (!m) {
      m = syntheticMasterPrint(seed, subject, p, params);
      // whether this finger's skin is altered is a property of the person: drawn once per finger
      const rng = createRng(mixSeed(seed, subject, p, ALTER));
      if (rng.next() < (options.altered ?? 0)) {
        const a = alterMaster(m, ALTERATION_KINDS[rng.int(ALTERATION_KINDS.length)]!, rng);
        m = a.master;
        alterations.set(p, a.alteration);
      }
      masters.set(p, m);
    }
    return m;
  };
  const truthOf = (m: MasterPrint, image: SyntheticImage): ImpressionTruth => {
    const a = alterations.get(m.pattern.position);
    if (!a) return describeGroundTruth(m, image);
    // the altered region as the impression shows it
    const q = new Float64Array(2);
    const polygon: number[] = [];
    for (let i = 0; i < a.polygon.length; i += 2) {
      mapMasterToImage(image.geometry, a.polygon[i]!, a.polygon[i + 1]!, q);
      polygon.push(Math.round(q[0]! * 10) / 10, Math.round(q[1]! * 10) / 10);
    }
    return describeGroundTruth(m, image, { alteration: { kind: a.kind, polygon, rotation: a.rotation } });
  };
  const impressions: RenderedImpression[] = [];
  const series = masterOf(seriesPosition);
  for (let k = 1; k <= options.impressions; k++) {
    const rng = createRng(mixSeed(seed, subject, seriesPosition, IMPRESSION + k));
    const style = options.style === 'mixed' ? SENSOR_STYLES[rng.int(SENSOR_STYLES.length)]! : options.style;
    const plain = style !== 'rolled' && style !== 'ink';
    const image = renderImpression(series, style, rng, options.plainContact && plain ? { contact: options.plainContact } : {}, taking);
    impressions.push({ image, truth: truthOf(series, image) });
  }
  const rolled: RenderedImpression[] = [];
  if (options.tenPrint) {
    for (let p = 1; p <= 10; p++) {
      const m = masterOf(p);
      const image = renderImpression(m, 'rolled', createRng(mixSeed(seed, subject, p, ROLLED + encounter - 1)), { kind: 'rolled' }, taking);
      rolled.push({ image, truth: truthOf(m, image) });
    }
  }
  const slaps: SyntheticSlap[] = [];
  if (options.slaps) {
    for (let p = 1; p <= 10; p++) masterOf(p);
    for (const sp of SLAP_POSITIONS) slaps.push(composeSlap(masters, sp, createRng(mixSeed(seed, subject, sp, SLAP + encounter - 1))));
  }
  return { subject, seriesPosition, impressions, rolled, slaps, alterations: [...alterations].map(([position, alteration]) => ({ position, alteration })) };
}

/**
 * The ten fingers of a synthetic person as images, for benchmarks whose templates must come
 * through the real extractor: impression 0 is the rolled set (the enrolment), impressions 1, 2, …
 * plain optical impressions (later encounters). Index 0–9 = positions 1–10. Deterministic from
 * (seed, subject, impression). Cost: ten masters and ten impressions (≈ 2 s on one core).
 */
export function syntheticTenPrintImages(seed: number, subject: number, impression: number): GrayImage[] {
  const out: GrayImage[] = [];
  for (let p = 1; p <= 10; p++) {
    const m = syntheticMasterPrint(seed, subject, p);
    const rng = createRng(mixSeed(seed, subject, p, impression === 0 ? ROLLED : IMPRESSION + impression));
    out.push(renderImpression(m, impression === 0 ? 'rolled' : 'optical', rng, impression === 0 ? { kind: 'rolled' } : {}).image);
  }
  return out;
}
