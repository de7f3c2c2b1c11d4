import type { Estimate } from './bootstrap-error-rates.js';
import { fmrToThreshold, measureCalibration, type ScoreCalibration } from './calibration.js';

/**
 * How well a calibration table's FMR holds on data the table did not see: leave-one-set-out
 * fitting of the score → FMR table ({@link calibrationWithout}) and the realised false match rate
 * and FNMR of its thresholds on the held-out set, overall and per pair-quality band, with 95 %
 * intervals from resampling whole fingers ({@link measureHeldOutCalibration}); optionally with one
 * table per pair-quality band ({@link bandCalibrationsWithout}), each band's pairs judged at their
 * band's thresholds.
 */

/** Images of several sets with every ordered pair compared (the calibration's protocol). */
export interface OrderedScores {
  /** Set index of each image. */
  readonly sets: readonly number[];
  /** Finger label of each image (labels are per set: equal label and set = same finger). */
  readonly fingers: readonly number[];
  /** `scores[a * n + b]`: image a as probe against b (n images); the diagonal is unused. */
  readonly scores: Float64Array;
}

/** The images left out of a fit: a set index (its images), or a test of the image index. */
export type HeldOutImages = number | ((image: number) => boolean);

function heldOutTest(all: OrderedScores, heldOut: HeldOutImages): (image: number) => boolean {
  return typeof heldOut === 'number' ? (a) => all.sets[a] === heldOut : heldOut;
}

/**
 * The calibration table fitted on every set but `heldOut` (or every image `heldOut` does not name): genuine = ordered pairs of impressions
 * of one finger, impostor = ordered pairs of different fingers, across the remaining sets too
 * (as `afis eval calibration` fits the shipped table on all sets).
 */
export function calibrationWithout(all: OrderedScores, heldOut: HeldOutImages, levels?: readonly number[], include?: (a: number, b: number) => boolean): ScoreCalibration {
  const { genuine, impostor } = trainingPairs(all, heldOut, include);
  return measureCalibration(genuine, impostor, levels);
}

function trainingPairs(all: OrderedScores, heldOut: HeldOutImages, include?: (a: number, b: number) => boolean): { genuine: number[]; impostor: number[] } {
  const n = all.sets.length;
  const out = heldOutTest(all, heldOut);
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let a = 0; a < n; a++) {
    if (out(a)) continue;
    for (let b = 0; b < n; b++) {
      if (a === b || out(b) || (include && !include(a, b))) continue;
      const same = all.sets[a] === all.sets[b] && all.fingers[a] === all.fingers[b];
      (same ? genuine : impostor).push(all.scores[a * n + b]);
    }
  }
  return { genuine, impostor };
}

/**
 * Extra training pairs for a mixture table: one set's images under one perturbation (a block of
 * m images compared within the set only, since the suite perturbs each set on its own), and
 * where those images sit among `all`'s images (image i of the block is `all`'s image offset + i,
 * so the same held-out test leaves them out).
 */
export interface ExtraPairs {
  readonly offset: number;
  readonly fingers: readonly number[];
  /** `scores[a * m + b]` for the block's m images, every ordered pair. */
  readonly scores: Float64Array;
  /** Each image's band value (finger quality or minutiae count, as the bands divide), for {@link bandCalibrationsWithout}'s mixture. */
  readonly quality?: readonly number[];
}

/**
 * The table fitted on a mixture: {@link calibrationWithout}'s clean training pairs plus every
 * ordered pair of each extra block whose two images are not held out, pooled as they come (no
 * weighting: every comparison counts once, so the perturbed impostors outnumber the clean ones
 * when several kinds are added). With no extra block it is {@link calibrationWithout}.
 */
export function mixtureCalibrationWithout(all: OrderedScores, heldOut: HeldOutImages, extra: readonly ExtraPairs[], levels?: readonly number[]): ScoreCalibration {
  const { genuine, impostor } = trainingPairs(all, heldOut);
  addExtraPairs(extra, heldOutTest(all, heldOut), genuine, impostor);
  return measureCalibration(genuine, impostor, levels);
}

/**
 * Pushes every ordered pair of the extra blocks whose two images are not `out` onto `genuine` or
 * `impostor` (same finger or not); with `within`, only the pairs whose pair value (the lower of the
 * two images' `quality`) it accepts, which needs each block's `quality`.
 */
export function addExtraPairs(
  extra: readonly ExtraPairs[], out: (image: number) => boolean, genuine: number[], impostor: number[], within?: (pairValue: number) => boolean,
): void {
  for (const x of extra) {
    const m = x.fingers.length, q = x.quality;
    if (x.scores.length !== m * m) throw new RangeError('an extra block needs m × m scores');
    if (within && (!q || q.length !== m)) throw new RangeError('a band mixture needs each extra block\'s image qualities');
    for (let a = 0; a < m; a++) {
      if (out(x.offset + a)) continue;
      for (let b = 0; b < m; b++) {
        if (a === b || out(x.offset + b) || (within && !within(Math.min(q![a]!, q![b]!)))) continue;
        (x.fingers[a] === x.fingers[b] ? genuine : impostor).push(x.scores[a * m + b]!);
      }
    }
  }
}

/** The training pairs of one pair-quality band and the table fitted on them (null: too few to fit). */
export interface BandCalibration {
  readonly quality: readonly [number, number];
  readonly impostor: number;
  readonly genuine: number;
  readonly table: ScoreCalibration | null;
}

/**
 * One score → FMR table per pair-quality band, each fitted as {@link calibrationWithout} on the
 * other sets' ordered pairs whose pair quality (the lower of the two images' `quality`) lies in
 * the band [low, high). A band with fewer than `minImpostors` impostor comparisons, or no genuine
 * one, gets no table (null): its pairs keep the single table's thresholds. With `extra` blocks
 * (each with its images' `quality`), each band's table is fitted on the mixture instead, as
 * {@link mixtureCalibrationWithout}: the band's clean training pairs plus the blocks' pairs of
 * that band whose two images are not held out.
 */
export function bandCalibrationsWithout(
  all: OrderedScores, quality: readonly number[], heldOut: HeldOutImages, bands: ReadonlyArray<readonly [number, number]>, minImpostors: number, levels?: readonly number[],
  extra: readonly ExtraPairs[] = [],
): BandCalibration[] {
  const out = heldOutTest(all, heldOut);
  return bands.map(([low, high]) => {
    const within = (q: number): boolean => q >= low && q < high;
    const { genuine, impostor } = trainingPairs(all, heldOut, (a, b) => within(Math.min(quality[a]!, quality[b]!)));
    addExtraPairs(extra, out, genuine, impostor, within);
    const table = impostor.length >= Math.max(1, minImpostors) && genuine.length > 0 ? measureCalibration(genuine, impostor, levels) : null;
    return { quality: [low, high] as const, impostor: impostor.length, genuine: genuine.length, table };
  });
}

/** One held-out set: its images' ordered scores and the thresholds of a table fitted without it. */
export interface HeldOutSet {
  readonly fingers: readonly number[];
  /** Finger quality of each image (0–100; a failure to enrol is 0); a pair's quality is the lower. */
  readonly quality: readonly number[];
  /** `scores[a * m + b]` for the set's m images, every ordered pair. */
  readonly scores: Float64Array;
  /** Accept thresholds (score ≥), one per level of the options. */
  readonly thresholds: readonly number[];
  /**
   * Per pair-quality band of the options (same order): that band's own thresholds, one per level,
   * for its genuine and impostor pairs; null or absent = the band uses `thresholds`.
   */
  readonly bandThresholds?: ReadonlyArray<readonly number[] | null>;
  /**
   * Per image, the value whose lower one over a pair chooses the pair's band of `bandThresholds`
   * (in the options' `tableBands`) when it is not `quality`: e.g. the minutiae count, when the
   * tables are by minutiae band and the figures are reported by quality band. Absent = `quality`.
   */
  readonly tableValue?: readonly number[];
}

export interface HeldOutOptions {
  /** Nominal FMR of each threshold (fractions), in the order of `HeldOutSet.thresholds`. */
  readonly levels: readonly number[];
  /** Pair-quality bands [low, high) for the per-band FMR. */
  readonly bands: ReadonlyArray<readonly [number, number]>;
  /** The bands `bandThresholds` are indexed by, on `tableValue`, when they are not `bands` (absent = `bands`). */
  readonly tableBands?: ReadonlyArray<readonly [number, number]>;
  readonly rounds: number;
  /** Uniform in [0, 1), seeded by the caller. */
  readonly random: () => number;
  /**
   * Called after each bootstrap draw with the pooled realised FMR and FNMR of every level
   * ([fmr of level 0, fnmr of level 0, fmr of level 1, …]; NaN where the draw has no pair), so a
   * caller that runs two sets of thresholds on the same draws (same seed) can take their paired
   * difference draw by draw.
   */
  readonly onDraw?: (pooled: readonly number[]) => void;
}

/**
 * How a realised FMR compares with its nominal level: `unsafe` when the whole interval lies
 * above it, `conservative` when wholly below, `holds` otherwise; `too few pairs` when fewer than
 * three distinct impostor pairs would reach the threshold at the nominal level (the interval of
 * a handful of pairs says nothing, and no false match is then expected anyway).
 */
export type CalibrationVerdict = 'holds' | 'conservative' | 'unsafe' | 'too few pairs';

export interface HeldOutBand {
  readonly quality: readonly [number, number];
  /** Ordered impostor comparisons whose pair quality lies in the band. */
  readonly impostor: number;
  readonly falseMatches: number;
  readonly fmr: Estimate;
  readonly verdict: CalibrationVerdict;
  /** Ordered genuine comparisons whose pair value lies in the band (whole sample, no interval). */
  readonly genuine: number;
  /** Of them, those below the threshold (false non-matches). */
  readonly falseNonMatches: number;
}

export interface HeldOutLevel {
  /** Nominal FMR of the threshold. */
  readonly level: number;
  readonly impostor: number;
  readonly falseMatches: number;
  /** Realised FMR, pooled over the held-out sets (each at its own table's threshold). */
  readonly fmr: Estimate;
  readonly verdict: CalibrationVerdict;
  readonly genuine: number;
  readonly fnmr: Estimate;
  /** Each held-out set alone (intervals from the same draws). */
  readonly perSet: ReadonlyArray<{ readonly threshold: number; readonly falseMatches: number; readonly impostor: number; readonly fmr: Estimate; readonly fnmr: Estimate }>;
  readonly bands: readonly HeldOutBand[];
}

/** Per set: comparisons aggregated by ordered pair of fingers, so a bootstrap draw is a weighted sum. */
interface FingerTables {
  readonly F: number;
  /** [(f * F + g) * B + band] ordered impostor comparisons of fingers f ≠ g. */
  readonly total: Float64Array;
  /** [((f * F + g) * B + band) * L + level] of them at or above the level's threshold. */
  readonly hits: Float64Array;
  /** [f] ordered genuine comparisons of finger f; [f * L + level] of them below the threshold. */
  readonly genuine: Float64Array;
  readonly misses: Float64Array;
  /** [band] ordered genuine comparisons in the band; [band * L + level] of them below the threshold. */
  readonly genuineByBand: Float64Array;
  readonly missesByBand: Float64Array;
}

function bandOf(q: number, bands: HeldOutOptions['bands']): number {
  for (let b = 0; b < bands.length; b++) if (q >= bands[b]![0] && q < bands[b]![1]) return b;
  return -1;
}

function tabulate(set: HeldOutSet, bands: HeldOutOptions['bands'], tableBands: HeldOutOptions['bands'], L: number): FingerTables {
  const labels = [...new Set(set.fingers)].sort((a, b) => a - b);
  const index = new Map(labels.map((l, i) => [l, i]));
  const F = labels.length, B = bands.length + 1; // last band: quality outside every band
  const m = set.fingers.length;
  const total = new Float64Array(F * F * B), hits = new Float64Array(F * F * B * L);
  const genuine = new Float64Array(F), misses = new Float64Array(F * L);
  const genuineByBand = new Float64Array(B), missesByBand = new Float64Array(B * L);
  for (let a = 0; a < m; a++) {
    const fa = index.get(set.fingers[a]!)!;
    for (let b = 0; b < m; b++) {
      if (a === b) continue;
      const fb = index.get(set.fingers[b]!)!;
      const s = set.scores[a * m + b]!;
      const band = bandOf(Math.min(set.quality[a]!, set.quality[b]!), bands);
      const tv = set.tableValue;
      const tableBand = tv ? bandOf(Math.min(tv[a]!, tv[b]!), tableBands) : band;
      const thresholds = (tableBand >= 0 ? set.bandThresholds?.[tableBand] : null) ?? set.thresholds;
      if (fa === fb) {
        genuine[fa]++;
        const gb = band < 0 ? B - 1 : band;
        genuineByBand[gb]++;
        for (let l = 0; l < L; l++) if (s < thresholds[l]!) { misses[fa * L + l]++; missesByBand[gb * L + l]++; }
        continue;
      }
      const cell = (fa * F + fb) * B + (band < 0 ? B - 1 : band);
      total[cell]++;
      for (let l = 0; l < L; l++) if (s >= thresholds[l]!) hits[cell * L + l]++;
    }
  }
  return { F, total, hits, genuine, misses, genuineByBand, missesByBand };
}

/**
 * Realised FMR and FNMR of held-out thresholds, pooled over the sets, per set and per pair-quality
 * band. The interval resamples whole fingers (in every set independently, with replacement; two
 * draws of one finger are neither genuine nor impostor), thresholds fixed: it is the uncertainty
 * of the realised rate of these thresholds, not of the table's fit. Figures are fractions.
 */
export function measureHeldOutCalibration(sets: readonly HeldOutSet[], options: HeldOutOptions): HeldOutLevel[] {
  const L = options.levels.length, B = options.bands.length + 1;
  for (const s of sets) {
    if (s.thresholds.length !== L || s.bandThresholds?.some((t) => t !== null && t.length !== L)) throw new RangeError('one threshold per level');
    if (s.bandThresholds && s.bandThresholds.length !== (options.tableBands ?? options.bands).length) throw new RangeError('one band threshold list per band');
    if (s.tableValue && s.tableValue.length !== s.fingers.length) throw new RangeError('one table value per image');
  }
  const tables = sets.map((s) => tabulate(s, options.bands, options.tableBands ?? options.bands, L));
  // figures of one set under finger weights: per level [false matches, impostor, misses, genuine]
  // then per band [hits, total]; the pooled figures are the sum over the sets
  const width = 4 + 2 * B;
  const figures = (t: FingerTables, c: Float64Array): Float64Array => {
    const out = new Float64Array(L * width);
    for (let f = 0; f < t.F; f++) {
      if (!c[f]) continue;
      for (let l = 0; l < L; l++) {
        out[l * width + 2] += c[f]! * t.misses[f * L + l]!;
        out[l * width + 3] += c[f]! * t.genuine[f]!;
      }
      for (let g = 0; g < t.F; g++) {
        if (g === f || !c[g]) continue;
        const w = c[f]! * c[g]!;
        for (let band = 0; band < B; band++) {
          const cell = (f * t.F + g) * B + band;
          const n = t.total[cell]!;
          if (!n) continue;
          for (let l = 0; l < L; l++) {
            const h = w * t.hits[cell * L + l]!;
            out[l * width] += h;
            out[l * width + 1] += w * n;
            out[l * width + 4 + 2 * band] += h;
            out[l * width + 5 + 2 * band] += w * n;
          }
        }
      }
    }
    return out;
  };
  const sum = (parts: readonly Float64Array[]): Float64Array => {
    const out = new Float64Array(L * width);
    for (const p of parts) for (let i = 0; i < out.length; i++) out[i] += p[i]!;
    return out;
  };
  const ratio = (v: Float64Array, i: number): number => (v[i + 1]! > 0 ? v[i]! / v[i + 1]! : NaN);
  const perSetFull = tables.map((t) => figures(t, new Float64Array(t.F).fill(1)));
  const full = sum(perSetFull);
  // bootstrap: the ratios of each draw; per level, slots [pooled FMR, pooled FNMR, bands…, per set FMR, FNMR…]
  const S = sets.length, per = 2 + B + 2 * S;
  const samples: number[][] = Array.from({ length: L * per }, () => []);
  for (let r = 0; r < options.rounds; r++) {
    const parts = tables.map((t) => {
      const c = new Float64Array(t.F);
      for (let i = 0; i < t.F; i++) c[Math.floor(options.random() * t.F)]++;
      return figures(t, c);
    });
    const v = sum(parts);
    if (options.onDraw) options.onDraw(Array.from({ length: 2 * L }, (_, i) => ratio(v, (i >> 1) * width + 2 * (i & 1))));
    for (let l = 0; l < L; l++) {
      const o = l * width;
      const put = (i: number, x: number): void => void (Number.isFinite(x) && samples[l * per + i]!.push(x));
      put(0, ratio(v, o));
      put(1, ratio(v, o + 2));
      for (let band = 0; band < B; band++) put(2 + band, ratio(v, o + 4 + 2 * band));
      parts.forEach((p, k) => { put(2 + B + 2 * k, ratio(p, o)); put(3 + B + 2 * k, ratio(p, o + 2)); });
    }
  }
  const estimate = (value: number, i: number): Estimate => {
    const s = Float64Array.from(samples[i]!).sort();
    const at = (q: number): number => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : value);
    return { value, low: at(0.025), high: at(0.975) };
  };
  const verdict = (level: number, impostor: number, e: Estimate): CalibrationVerdict => {
    if ((level * impostor) / 2 < 3) return 'too few pairs';
    return e.low > level ? 'unsafe' : e.high < level ? 'conservative' : 'holds';
  };
  return options.levels.map((level, l) => {
    const o = l * width;
    const fmr = estimate(ratio(full, o), l * per);
    return {
      level, impostor: full[o + 1]!, falseMatches: full[o]!, fmr, verdict: verdict(level, full[o + 1]!, fmr),
      genuine: full[o + 3]!, fnmr: estimate(ratio(full, o + 2), l * per + 1),
      perSet: perSetFull.map((v, k) => ({
        threshold: sets[k]!.thresholds[l]!, falseMatches: v[o]!, impostor: v[o + 1]!,
        fmr: estimate(ratio(v, o), l * per + 2 + B + 2 * k), fnmr: estimate(ratio(v, o + 2), l * per + 3 + B + 2 * k),
      })),
      bands: options.bands.map((q, band) => {
        const impostor = full[o + 5 + 2 * band]!;
        const e = estimate(ratio(full, o + 4 + 2 * band), l * per + 2 + band);
        const genuine = tables.reduce((n, t) => n + t.genuineByBand[band]!, 0);
        const falseNonMatches = tables.reduce((n, t) => n + t.missesByBand[band * L + l]!, 0);
        return { quality: q, impostor, falseMatches: full[o + 4 + 2 * band]!, fmr: e, verdict: impostor ? verdict(level, impostor, e) : 'too few pairs', genuine, falseNonMatches };
      }),
    };
  });
}

/**
 * The paired difference b − a of two runs' pooled figures drawn on the same bootstrap draws
 * ({@link HeldOutOptions.onDraw} of each): per level, the FMR and FNMR difference with the 95 %
 * interval of the draws' differences (draws where either run has no pair are skipped). It is
 * the interval of the change, which is narrower than the two runs' own intervals when both move
 * with the same fingers.
 */
export function pairedDifference(a: HeldOutLevel[], b: HeldOutLevel[], drawsA: ReadonlyArray<readonly number[]>, drawsB: ReadonlyArray<readonly number[]>): Array<{ level: number; fmr: Estimate; fnmr: Estimate }> {
  if (a.length !== b.length || drawsA.length !== drawsB.length) throw new RangeError('the two runs must have the same levels and draws');
  const interval = (value: number, slot: number): Estimate => {
    const d: number[] = [];
    for (let r = 0; r < drawsA.length; r++) {
      const x = drawsB[r]![slot]! - drawsA[r]![slot]!;
      if (Number.isFinite(x)) d.push(x);
    }
    const s = Float64Array.from(d).sort();
    const at = (q: number): number => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : value);
    return { value, low: at(0.025), high: at(0.975) };
  };
  return a.map((l, i) => ({
    level: l.level,
    fmr: interval(b[i]!.fmr.value - l.fmr.value, 2 * i),
    fnmr: interval(b[i]!.fnmr.value - l.fnmr.value, 2 * i + 1),
  }));
}

/** The thresholds of `levels` in a table (accept when score ≥), as the service sets them. */
export function thresholdsOf(cal: ScoreCalibration, levels: readonly number[]): number[] {
  return levels.map((l) => fmrToThreshold(l, cal));
}
