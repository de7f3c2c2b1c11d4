import { ConfigError } from '../../core/index.js';
import { MATCHING_PARAMETERS, type ExtractionParameters, type MatchingParameters } from '../../config/parameters.js';
import {
  bandCalibrationsWithout, calibrationWithout, mixtureCalibrationWithout, pairedDifference, compareTemplates, compareTemplatesCovariates, covariateVector, fitTailScaleModel, normaliseScoresByCohort,
  measureHeldOutCalibration, prepareTemplate, rescaleScore, thresholdsOf,
  type TailScaleModel, type ExtraPairs, type HeldOutLevel, type HeldOutSet, type OrderedScores, type PreparedTemplate,
} from '../../matching/index.js';
import { parsePerturbation, perturbImage, PERTURBATION_KINDS } from '../../perturbation/index.js';
import { createRng, mixSeed } from '../../synthetic/index.js';
import type { Template } from '../../templates/index.js';
import { extractEvalSet, readEvalSets, type EvalSet } from './eval-sets.js';

/** The thresholds judged: FMR 1 %, 0.1 %, 0.01 % (the levels the README quotes). */
export const HELD_OUT_LEVELS: readonly number[] = [0.01, 0.001, 0.0001];
/**
 * Default pair-quality bands: the desk's (required recapture below 20, advised below 70) and
 * 90, as bench/RESULTS.md "Quality that predicts utility" derived them from `afis eval erc`.
 */
export const HELD_OUT_BAND_EDGES: readonly number[] = [0, 20, 70, 90];
/** Default minutiae-count bands (`bandBy: 'minutiae'`): the clean FVC2002 B sets' pairs spread over all four. */
export const HELD_OUT_MINUTIAE_BAND_EDGES: readonly number[] = [0, 20, 30, 40];

export interface HeldOutCalibrationOptions {
  /** Perturbation-suite kinds whose held-out sets are also judged (default: every kind; [] for none). */
  readonly kinds?: readonly string[];
  /** Lower edges of the pair bands (ascending; the last band runs to the top of the scale). */
  readonly bandEdges?: readonly number[];
  /**
   * What the bands divide: `quality` (default) the pair's quality, the lower of the two images'
   * finger quality (0–100); `minutiae` the pair's smaller minutiae count (0–255), since a small
   * or damaged print's few minutiae give impostors higher scores than the table expects.
   * The JSON keeps the band's range under `quality` either way.
   */
  readonly bandBy?: 'quality' | 'minutiae';
  /**
   * What the reported bands divide, when not what the tables' bands divide (`bandBy`): e.g. the
   * tables by minutiae band (`byBand`, the shipped form) and the realised FMR reported by quality
   * band. Absent = `bandBy`, with `bandEdges`.
   */
  readonly reportBy?: 'quality' | 'minutiae';
  /** Lower edges of the reported bands, apart from the tables' (default, with `reportBy`: that value's default edges; absent without it: the tables' bands). */
  readonly reportBandEdges?: readonly number[];
  readonly rounds: number;
  /** Perturbation and bootstrap seed (the perturbed images are those `afis eval perturb --seed` makes). */
  readonly seed: number;
  readonly ppi?: number;
  /** Each set's ridge network, a file pattern with {set} (readEvalSets). */
  readonly ridgeModels?: string;
  /** Matching parameters (default: the shipped ones); with `cohortExponent`, each set is its own templates' cohort. */
  readonly matching?: MatchingParameters;
  /** Extraction parameters (default: the shipped ones), for every extraction, clean and perturbed (e.g. `validAreaCell` for a matcher option that reads the valid area). */
  readonly extraction?: ExtractionParameters;
  /**
   * Also fit one table per pair-quality band on the training sets' pairs of that band and judge
   * each held-out pair at its band's thresholds (`levelsByBand` beside `levels`, same bootstrap draws).
   */
  readonly byBand?: boolean;
  /**
   * What is held out: `sets` (default) each set in turn; `fingers` two folds, each holding out
   * half of every set's fingers (by the parity of the finger's rank), so every set and quality
   * band is in the training data (a finger-disjoint, not sensor-disjoint, check).
   */
  readonly split?: 'sets' | 'fingers';
  /**
   * Also fit, per fold, one table on a mixture (off when absent or empty): the fold's clean
   * training pairs plus, for each kind listed, the training sets' images perturbed by it (each
   * set's ordered pairs within itself), and judge it beside the clean table on the same draws
   * (`levelsMixture`, `mixtureMinusSingle`). The fitting images are seeded on their own stream
   * ({@link FIT_SEED_STREAM}), so a kind both fitted and judged is judged on other images; to
   * judge a kind the fit never saw, leave it out of this list.
   */
  readonly fitKinds?: readonly string[];
  /**
   * Also judge the per-pair tail model (pair-fmr-model.ts; issue 12, pairfmr): per fold, fitted on
   * the training sets' clean impostor pairs only (quantile regression at {@link PAIR_MODEL_TAU} of
   * ln score on the pair's covariates), every score rescaled by it, one table fitted on the rescaled
   * training pairs, and the held-out pairs (clean and perturbed) judged on their rescaled scores at
   * its thresholds, beside the clean table on the same draws (`levelsPair`, `pairMinusSingle`).
   * Leave one set out only.
   */
  readonly pairModel?: boolean;
  /** With `byBand`: a band with fewer training impostor comparisons keeps the single table (default {@link BY_BAND_MIN_IMPOSTORS}). */
  readonly minBandImpostors?: number;
  /**
   * With `byBand`: only bands whose lower edge lies below this get their own table; the others keep
   * the single table (or, for the per-band mixture, the mixture table). Default: every band.
   */
  readonly ownBandsBelow?: number;
  readonly progress?: (line: string) => void;
}

/** The quantile the per-pair tail model fits (`pairModel`), fixed before any held-out FMR was seen (bench/RESULTS.md, pairfmr). */
export const PAIR_MODEL_TAU = 0.995;

/** Seed stream of the fitting mixture's perturbed images (`mixSeed(seed, FIT_SEED_STREAM, kind index, set, image)`), apart from the judged ones'. */
export const FIT_SEED_STREAM = 0xf17;

/** Training impostor comparisons a band needs for its own table (at 1,000, FMR 0.1 % rests on one pair). */
export const BY_BAND_MIN_IMPOSTORS = 1000;

/**
 * The fitting mixture's perturbed blocks: each set's images under each fit kind, seeded on the fit
 * stream (`mixSeed(seed, FIT_SEED_STREAM, kind index, set, image)`), every ordered pair within the
 * set scored. `offset` places a block's images among all sets' images (for the held-out test).
 * Shared by the held-out mixture (`--held-out --fit-kinds`) and the shipped table's fit
 * (`--fit-kinds` alone), so the two are one form.
 */
export function fitKindBlocks(
  sets: readonly EvalSet[], fitKinds: readonly string[], seed: number, matching: MatchingParameters,
  extraction?: ExtractionParameters, progress?: (line: string) => void, bandValues?: (templates: ReadonlyArray<Template | null>) => number[],
): ExtraPairs[] {
  for (const k of fitKinds) {
    if (!parsePerturbation(k)) throw new ConfigError('AFIS_CLI_USAGE', `--fit-kinds: unknown perturbation "${k}" (one of ${PERTURBATION_KINDS.join(', ')}, or several joined by +)`);
  }
  const parameters = extraction ? { parameters: extraction } : {};
  const offsets = sets.map((_, k) => sets.slice(0, k).reduce((n, s) => n + s.fingers.length, 0));
  const extra: ExtraPairs[] = [];
  for (const [kindIndex, kind] of fitKinds.entries()) {
    progress?.(`fit ${kind}\n`);
    sets.forEach((s, k) => {
      const templates = extractEvalSet(s, { ...parameters, transform: (image, i) => perturbImage(image, kind, mixSeed(seed, FIT_SEED_STREAM, kindIndex, k, i)).image }).templates;
      extra.push({ offset: offsets[k]!, fingers: s.fingers, scores: orderedScores(templates, s.fingers, s.fingers.map(() => 0), matching), ...(bandValues ? { quality: bandValues(templates) } : {}) });
    });
  }
  return extra;
}

/**
 * The matching parameters a calibration is fitted or judged with: as given, with the score not
 * equated through the band tables (`calibrationByMinutiae` 0), since those tables and the single
 * one are fitted on the raw scores; the band form is judged as bands (`--by-band`).
 */
export function rawScoring(params: MatchingParameters): MatchingParameters {
  return params.calibrationByMinutiae === 0 ? params : Object.freeze({ ...params, calibrationByMinutiae: 0 });
}

/** Every ordered pair; `fingers` and `sets` of each template name its cohort (cohort-normalisation.ts). */
export function orderedScores(templates: ReadonlyArray<Template | null>, fingers: readonly number[], sets: readonly number[], params: MatchingParameters): Float64Array {
  const n = templates.length;
  const prepared: Array<PreparedTemplate | null> = templates.map((t) => (t ? prepareTemplate(t, params) : null));
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const pa = prepared[a];
    if (!pa) continue;
    for (let b = 0; b < n; b++) {
      const pb = prepared[b];
      if (a !== b && pb) scores[a * n + b] = compareTemplates(pa, pb, params);
    }
  }
  normaliseScoresByCohort(scores, fingers, sets, prepared.map((p) => p !== null), false, params);
  return scores;
}

/**
 * {@link orderedScores} with each ordered pair's covariate vector (pair-fmr-model.ts, three per
 * pair at [(a * n + b) * 3]; NaN where either template failed to enrol). The scores are the same.
 */
function orderedScoresWithCovariates(templates: ReadonlyArray<Template | null>, fingers: readonly number[], sets: readonly number[], params: MatchingParameters): { scores: Float64Array; x: Float64Array } {
  const n = templates.length;
  const prepared: Array<PreparedTemplate | null> = templates.map((t) => (t ? prepareTemplate(t, params) : null));
  const scores = new Float64Array(n * n), x = new Float64Array(n * n * 3).fill(NaN);
  for (let a = 0; a < n; a++) {
    const pa = prepared[a];
    if (!pa) continue;
    for (let b = 0; b < n; b++) {
      const pb = prepared[b];
      if (a === b || !pb) continue;
      const c = compareTemplatesCovariates(pa, pb, params);
      scores[a * n + b] = c.score;
      x.set(covariateVector(c), (a * n + b) * 3);
    }
  }
  normaliseScoresByCohort(scores, fingers, sets, prepared.map((p) => p !== null), false, params);
  return { scores, x };
}

/** Every score of an m × m block rescaled by the model (pair-fmr-model.ts). */
function rescaleBlock(scores: Float64Array, x: Float64Array, model: TailScaleModel): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = rescaleScore(scores[i]!, [x[3 * i]!, x[3 * i + 1]!, x[3 * i + 2]!], model);
  return out;
}

const r7 = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 1e7) / 1e7 : null);

function levelJson(l: HeldOutLevel) {
  const e = (x: { value: number; low: number; high: number }) => ({ value: r7(x.value), low: r7(x.low), high: r7(x.high) });
  return {
    level: l.level, impostor: l.impostor, falseMatches: l.falseMatches, fmr: e(l.fmr), verdict: l.verdict, genuine: l.genuine, fnmr: e(l.fnmr),
    perSet: l.perSet.map((s) => ({ threshold: Math.round(s.threshold * 1000) / 1000, falseMatches: s.falseMatches, impostor: s.impostor, fmr: e(s.fmr), fnmr: e(s.fnmr) })),
    bands: l.bands.map((b) => ({ quality: b.quality, impostor: b.impostor, falseMatches: b.falseMatches, fmr: e(b.fmr), verdict: b.verdict, genuine: b.genuine, falseNonMatches: b.falseNonMatches })),
  };
}

/**
 * `afis eval calibration --held-out`: leave-one-set-out calibration. For each set, the score → FMR
 * table is fitted on the other sets (every ordered pair, across sets too, as the shipped table
 * is fitted on all of them) and its thresholds for FMR 1 %, 0.1 % and 0.01 % are applied to the
 * held-out set's own ordered pairs; the realised FMR and FNMR are pooled over the folds, with
 * 95 % intervals from resampling whole fingers, overall and per pair-quality band (the lower of
 * the two fingers' qualities). The same thresholds (fitted on clean prints) are then judged on
 * each held-out set with every image perturbed by a suite kind, seeded per image as `afis eval
 * perturb` does (kind index within the list, set, image), as a proxy for other capture
 * conditions. A file that fails to enrol has quality 0 and scores 0. With `byBand`, each fold also
 * fits one table per pair-quality band (training pairs of that band only; too sparse a band keeps
 * the single table) and every held-out genuine and impostor pair is judged at its band's thresholds.
 */
export async function evaluateHeldOutCalibration(specs: readonly string[], options: HeldOutCalibrationOptions) {
  const kinds = options.kinds ?? PERTURBATION_KINDS;
  const fitKinds = options.fitKinds ?? [];
  for (const k of [...kinds, ...fitKinds]) {
    if (!parsePerturbation(k)) throw new ConfigError('AFIS_CLI_USAGE', `--kinds: unknown perturbation "${k}" (one of ${PERTURBATION_KINDS.join(', ')}, or several joined by +)`);
  }
  const bandBy = options.bandBy ?? 'quality';
  const top = bandBy === 'minutiae' ? 255 : 100;
  const edges = options.bandEdges ?? (bandBy === 'minutiae' ? HELD_OUT_MINUTIAE_BAND_EDGES : HELD_OUT_BAND_EDGES);
  if (edges.length === 0 || edges.some((e, i) => !(e >= 0 && e <= top) || (i > 0 && e <= edges[i - 1]!))) {
    throw new ConfigError('AFIS_CLI_USAGE', `--bands: ascending ${bandBy === 'minutiae' ? 'minutiae-count' : 'quality'} edges 0–${top}, got ${edges.join(',')}`);
  }
  const bands = edges.map((lo, i) => [lo, i + 1 < edges.length ? edges[i + 1]! : top + 1] as const);
  // the reported bands: the tables' own, or (reportBy) another value's
  const reportBy = options.reportBy ?? bandBy;
  const apart = reportBy !== bandBy || options.reportBandEdges !== undefined;
  const reportTop = reportBy === 'minutiae' ? 255 : 100;
  const reportEdges = apart ? options.reportBandEdges ?? (reportBy === 'minutiae' ? HELD_OUT_MINUTIAE_BAND_EDGES : HELD_OUT_BAND_EDGES) : edges;
  if (reportEdges.length === 0 || reportEdges.some((e, i) => !(e >= 0 && e <= reportTop) || (i > 0 && e <= reportEdges[i - 1]!))) {
    throw new ConfigError('AFIS_CLI_USAGE', `--report-bands: ascending ${reportBy === 'minutiae' ? 'minutiae-count' : 'quality'} edges 0–${reportTop}, got ${reportEdges.join(',')}`);
  }
  const reportBands = apart ? reportEdges.map((lo, i) => [lo, i + 1 < reportEdges.length ? reportEdges[i + 1]! : reportTop + 1] as const) : bands;
  const sets = await readEvalSets(specs, options.ppi, options.ridgeModels);
  if (sets.length < 2) throw new ConfigError('AFIS_CLI_USAGE', '--held-out needs at least two folders (each is held out in turn)');
  options.progress?.('clean\n');
  const parameters = options.extraction ? { parameters: options.extraction } : {};
  const clean = sets.map((s) => extractEvalSet(s, parameters).templates);
  // raw scores: the tables are fitted on them, and the band form is judged by `byBand` (calibrationByMinutiae off)
  const matching = rawScoring(options.matching ?? MATCHING_PARAMETERS);
  const setOf = sets.flatMap((s, k) => s.fingers.map(() => k));
  const fingersOf = sets.flatMap((s) => s.fingers);
  const pairModel = options.pairModel === true;
  if (pairModel && (options.split ?? 'sets') !== 'sets') throw new ConfigError('AFIS_CLI_USAGE', '--pair-model: leave one set out only (--split sets)');
  const cleanScored = pairModel ? orderedScoresWithCovariates(clean.flat(), fingersOf, setOf, matching) : { scores: orderedScores(clean.flat(), fingersOf, setOf, matching), x: null };
  const all: OrderedScores = { sets: setOf, fingers: fingersOf, scores: cleanScored.scores };
  // each image's band value: its finger quality or its minutiae count (0 for a failure to enrol)
  const valueOf = (by: 'quality' | 'minutiae') => (ts: ReadonlyArray<Template | null>): number[] => ts.map((t) => (t ? (by === 'minutiae' ? t.minutiae.length : t.quality) : 0));
  const quality = valueOf(bandBy);
  const reported = valueOf(reportBy);
  /** A held-out block's per-image values: reported by `reportBy`, its tables chosen by `bandBy` when they differ. */
  const values = (ts: ReadonlyArray<Template | null>): { q: number[]; tv?: number[] } => (apart ? { q: reported(ts), tv: quality(ts) } : { q: quality(ts) });
  const allQuality = clean.flatMap(quality);
  const minBandImpostors = options.minBandImpostors ?? BY_BAND_MIN_IMPOSTORS;
  // fold of each image: its set, or (split by fingers) the parity of its finger's rank within its set
  const bySets = (options.split ?? 'sets') === 'sets';
  const rankParity = (fingers: readonly number[]): number[] => {
    const labels = [...new Set(fingers)].sort((a, b) => a - b);
    return fingers.map((f) => labels.indexOf(f) % 2);
  };
  const foldOf = bySets ? setOf : sets.flatMap((s) => rankParity(s.fingers));
  const foldLabels = bySets ? sets.map((s) => s.label) : ['fingers of even rank in every set', 'fingers of odd rank in every set'];
  // the fitting mixture's perturbed blocks: each set's images under each fit kind, on the fit seed stream
  const offsets = sets.map((_, k) => sets.slice(0, k).reduce((n, s) => n + s.fingers.length, 0));
  const extra = fitKindBlocks(sets, fitKinds, options.seed, matching, options.extraction, options.progress, quality);
  // a band judged at its own table's thresholds (`ownBandsBelow`): the others keep the single (or mixture) table's
  const own = (b: { quality: readonly [number, number] }): boolean => options.ownBandsBelow === undefined || b.quality[0] < options.ownBandsBelow;
  const folds = foldLabels.map((label, j) => {
    const out = (a: number): boolean => foldOf[a] === j;
    const table = calibrationWithout(all, out);
    const mixture = extra.length ? mixtureCalibrationWithout(all, out, extra) : null;
    const byBand = options.byBand ? bandCalibrationsWithout(all, allQuality, out, bands, minBandImpostors) : null;
    // with both: one table per band fitted on the band's mixture (clean and perturbed training pairs)
    const byBandMixture = options.byBand && extra.length ? bandCalibrationsWithout(all, allQuality, out, bands, minBandImpostors, undefined, extra) : null;
    // the per-pair tail model: fitted on the training sets' clean impostor pairs, then one table on the rescaled training pairs
    let pair: { model: TailScaleModel; table: ReturnType<typeof calibrationWithout>; thresholds: number[] } | null = null;
    if (pairModel) {
      const n = all.sets.length, xs = cleanScored.x!;
      const scores: number[] = [], covariates: number[][] = [];
      for (let a = 0; a < n; a++) {
        if (out(a)) continue;
        for (let b = 0; b < n; b++) {
          if (a === b || out(b) || (all.sets[a] === all.sets[b] && all.fingers[a] === all.fingers[b])) continue;
          const v = [xs[(a * n + b) * 3]!, xs[(a * n + b) * 3 + 1]!, xs[(a * n + b) * 3 + 2]!];
          if (v.some((c) => !Number.isFinite(c))) continue; // a failure to enrol shows nothing of the pair
          scores.push(all.scores[a * n + b]!);
          covariates.push(v);
        }
      }
      const model = fitTailScaleModel(scores, covariates, PAIR_MODEL_TAU);
      const rescaled: OrderedScores = { ...all, scores: rescaleBlock(all.scores, xs, model) };
      const pairTable = calibrationWithout(rescaled, out);
      pair = { model, table: pairTable, thresholds: thresholdsOf(pairTable, HELD_OUT_LEVELS) };
    }
    return {
      pair,
      heldOut: label, table, thresholds: thresholdsOf(table, HELD_OUT_LEVELS),
      mixture, mixtureThresholds: mixture ? thresholdsOf(mixture, HELD_OUT_LEVELS) : null,
      byBand, bandThresholds: byBand?.map((b) => (b.table && own(b) ? thresholdsOf(b.table, HELD_OUT_LEVELS) : null)),
      byBandMixture, bandMixtureThresholds: byBandMixture?.map((b) => (b.table && own(b) ? thresholdsOf(b.table, HELD_OUT_LEVELS) : null)),
    };
  });
  /** A set's held-out parts: the whole set (split by sets), or each finger fold's images of it; m × m ordered scores. */
  const heldOutParts = (k: number, fingers: readonly number[], v: { q: readonly number[]; tv?: readonly number[] }, scores: Float64Array, x?: Float64Array | null): Array<{ fold: number; set: HeldOutSet; pairScores?: Float64Array }> => {
    const pair = folds[k]?.pair;
    const { q, tv } = v;
    if (bySets) return [{ fold: k, set: { fingers, quality: q, ...(tv ? { tableValue: tv } : {}), scores, thresholds: folds[k]!.thresholds }, ...(pair && x ? { pairScores: rescaleBlock(scores, x, pair.model) } : {}) }];
    const m = fingers.length, parity = rankParity(fingers);
    return [0, 1].map((j) => {
      const images = parity.flatMap((p, i) => (p === j ? [i] : []));
      const sub = new Float64Array(images.length * images.length);
      images.forEach((a, x) => images.forEach((b, y) => { sub[x * images.length + y] = scores[a * m + b]!; }));
      return { fold: j, set: { fingers: images.map((i) => fingers[i]!), quality: images.map((i) => q[i]!), ...(tv ? { tableValue: images.map((i) => tv[i]!) } : {}), scores: sub, thresholds: folds[j]!.thresholds } };
    });
  };
  // the held-out set's ordered pairs are a block of the all-sets matrix
  const n = all.sets.length;
  const cleanParts = sets.flatMap((s, k) => {
    const m = s.fingers.length, o = offsets[k]!;
    const scores = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) scores[a * m + b] = all.scores[(o + a) * n + o + b]!;
    let x: Float64Array | null = null;
    if (cleanScored.x) {
      x = new Float64Array(m * m * 3);
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) x.set(cleanScored.x.subarray(((o + a) * n + o + b) * 3, ((o + a) * n + o + b) * 3 + 3), (a * m + b) * 3);
    }
    return heldOutParts(k, s.fingers, values(clean[k]!), scores, x);
  });
  const run = (held: HeldOutSet[], stream: number, draws?: number[][]) =>
    measureHeldOutCalibration(held, { levels: HELD_OUT_LEVELS, bands: reportBands, ...(apart ? { tableBands: bands } : {}), rounds: options.rounds, random: createRng(mixSeed(options.seed, 0xca1, stream)).next, ...(draws ? { onDraw: (d) => void draws.push([...d]) } : {}) });
  // with byBand, the per-band thresholds are judged on the same bootstrap draws (same stream) as
  // the single table's, so their paired difference (per-band − single) has its own interval
  // so does the mixture table's (mixture − single)
  type LevelJson = ReturnType<typeof levelJson>;
  type Change = { level: number; fmr: ReturnType<typeof e>; fnmr: ReturnType<typeof e> };
  const e = (x: { value: number; low: number; high: number }) => ({ value: r7(x.value), low: r7(x.low), high: r7(x.high) });
  const measure = (parts: ReadonlyArray<{ fold: number; set: HeldOutSet; pairScores?: Float64Array }>, stream: number): {
    levels: LevelJson[]; levelsByBand?: LevelJson[]; byBandMinusSingle?: Change[]; levelsMixture?: LevelJson[]; mixtureMinusSingle?: Change[];
    levelsByBandMixture?: LevelJson[]; byBandMixtureMinusMixture?: Change[]; levelsPair?: LevelJson[]; pairMinusSingle?: Change[];
  } => {
    if (!options.byBand && !extra.length && !pairModel) return { levels: run(parts.map((p) => p.set), stream).map(levelJson) };
    const drawsSingle: number[][] = [];
    const single = run(parts.map((p) => p.set), stream, drawsSingle);
    const against = (other: HeldOutLevel[], draws: number[][]) =>
      pairedDifference(single, other, drawsSingle, draws).map((d) => ({ level: d.level, fmr: e(d.fmr), fnmr: e(d.fnmr) }));
    let byBand = {};
    if (options.byBand) {
      const drawsBand: number[][] = [];
      const banded = run(parts.map((p) => ({ ...p.set, bandThresholds: folds[p.fold]!.bandThresholds! })), stream, drawsBand);
      byBand = { levelsByBand: banded.map(levelJson), byBandMinusSingle: against(banded, drawsBand) };
    }
    let mixture = {};
    if (extra.length) {
      const drawsMixture: number[][] = [];
      const mixed = run(parts.map((p) => ({ ...p.set, thresholds: folds[p.fold]!.mixtureThresholds! })), stream, drawsMixture);
      mixture = { levelsMixture: mixed.map(levelJson), mixtureMinusSingle: against(mixed, drawsMixture) };
      if (options.byBand) {
        // the band mixture against the mixture (the shipped form), on the same draws; a band without its own table keeps the mixture's thresholds
        const drawsBandMixture: number[][] = [];
        const bandMixed = run(parts.map((p) => ({ ...p.set, thresholds: folds[p.fold]!.mixtureThresholds!, bandThresholds: folds[p.fold]!.bandMixtureThresholds! })), stream, drawsBandMixture);
        mixture = {
          ...mixture, levelsByBandMixture: bandMixed.map(levelJson),
          byBandMixtureMinusMixture: pairedDifference(mixed, bandMixed, drawsMixture, drawsBandMixture).map((d) => ({ level: d.level, fmr: e(d.fmr), fnmr: e(d.fnmr) })),
        };
      }
    }
    let pairJudged = {};
    if (pairModel) {
      const drawsPair: number[][] = [];
      const judged = run(parts.map((p) => ({ ...p.set, scores: p.pairScores!, thresholds: folds[p.fold]!.pair!.thresholds })), stream, drawsPair);
      pairJudged = { levelsPair: judged.map(levelJson), pairMinusSingle: against(judged, drawsPair) };
    }
    return { levels: single.map(levelJson), ...byBand, ...mixture, ...pairJudged };
  };
  const perturbations = [];
  for (const [kindIndex, kind] of kinds.entries()) {
    options.progress?.(`${kind}\n`);
    let failedToEnrol = 0;
    const parts = sets.flatMap((s, k) => {
      const templates = extractEvalSet(s, { ...parameters, transform: (image, i) => perturbImage(image, kind, mixSeed(options.seed, kindIndex, k, i)).image }).templates;
      failedToEnrol += templates.filter((t) => !t).length;
      if (pairModel) {
        const scored = orderedScoresWithCovariates(templates, s.fingers, s.fingers.map(() => 0), matching);
        return heldOutParts(k, s.fingers, values(templates), scored.scores, scored.x);
      }
      return heldOutParts(k, s.fingers, values(templates), orderedScores(templates, s.fingers, s.fingers.map(() => 0), matching));
    });
    perturbations.push({ kind, failedToEnrol, ...measure(parts, 1 + kindIndex) });
  }
  return {
    protocol: bySets
      ? 'leave one set out: table fitted on the other sets (all ordered pairs, across sets too), thresholds at FMR 1 %, 0.1 %, 0.01 % applied to the held-out set\'s ordered pairs; pooled over folds; 95 % intervals resample whole fingers, thresholds fixed; pair quality = lower of the two'
      : 'two folds of fingers: table fitted on every set\'s fingers of the other rank parity (all ordered pairs, across sets too), thresholds applied to each set\'s held-out fingers\' ordered pairs; pooled; 95 % intervals resample whole fingers, thresholds fixed; pair quality = lower of the two',
    split: bySets ? 'sets' : 'fingers',
    sets: sets.map((s) => s.label),
    rounds: options.rounds,
    seed: options.seed,
    bandBy,
    bands: bands.map(([lo, hi]) => [lo, Math.min(top, hi)]),
    ...(apart ? { reportBy, reportBands: reportBands.map(([lo, hi]) => [lo, Math.min(reportTop, hi)]) } : {}),
    folds: folds.map((f) => ({
      heldOut: f.heldOut, impostorComparisons: f.table.impostorComparisons, genuineComparisons: f.table.genuineComparisons,
      thresholds: f.thresholds.map((t) => Math.round(t * 1000) / 1000),
      ...(f.pair ? {
        pair: {
          tau: f.pair.model.tau, intercept: r7(f.pair.model.intercept), beta: f.pair.model.beta.map(r7), centre: f.pair.model.centre.map(r7),
          low: f.pair.model.low.map(r7), high: f.pair.model.high.map(r7), impostorPairs: f.pair.model.pairs,
          thresholds: f.pair.thresholds.map((t) => Math.round(t * 1000) / 1000),
        },
      } : {}),
      ...(f.mixture ? {
        mixture: { impostorComparisons: f.mixture.impostorComparisons, genuineComparisons: f.mixture.genuineComparisons, thresholds: f.mixtureThresholds!.map((t) => Math.round(t * 1000) / 1000) },
      } : {}),
      ...(f.byBandMixture ? {
        byBandMixture: f.byBandMixture.map((b, i) => ({
          quality: [b.quality[0], Math.min(top, b.quality[1])], impostorComparisons: b.impostor, genuineComparisons: b.genuine,
          thresholds: f.bandMixtureThresholds![i] ? f.bandMixtureThresholds![i]!.map((t) => Math.round(t * 1000) / 1000) : null,
        })),
      } : {}),
      ...(f.byBand ? {
        byBand: f.byBand.map((b, i) => ({
          quality: [b.quality[0], Math.min(top, b.quality[1])], impostorComparisons: b.impostor, genuineComparisons: b.genuine,
          thresholds: f.bandThresholds![i] ? f.bandThresholds![i]!.map((t) => Math.round(t * 1000) / 1000) : null,
        })),
      } : {}),
    })),
    ...(options.byBand ? { minBandImpostors, ...(options.ownBandsBelow !== undefined ? { ownBandsBelow: options.ownBandsBelow } : {}) } : {}),
    ...(extra.length ? { fitKinds, fitSeedStream: FIT_SEED_STREAM } : {}),
    ...(pairModel ? { pairModel: { tau: PAIR_MODEL_TAU, covariates: ['ln smaller minutiae count', 'ln(1 + common-area minutiae)', 'common-area mean minutia quality / 100'] } } : {}),
    clean: { failedToEnrol: clean.flat().filter((t) => !t).length, ...measure(cleanParts, 0) },
    perturbations,
  };
}
