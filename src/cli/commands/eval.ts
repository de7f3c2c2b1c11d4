import type { Command } from 'commander';
import { join } from 'node:path';
import { ConfigError, isFailureToEnrol } from '../../core/errors.js';
import { type CliIo, parsePositiveInt } from '../context.js';
import { registerEvalExtraction } from './eval-extraction.js';
import { loadFingerFile } from './match.js';
import { crossValidateFolders, parameterOverrides } from './eval-cross-validation.js';
import { listSet, parseSetSpec, readEvalSets, setRidgeModels } from './eval-sets.js';
import { withRidgeModel } from '../../extraction/index.js';
import { evaluatePerturbations } from './eval-perturbation.js';
import { EXTRA_PERTURBATION_KINDS } from '../../perturbation/index.js';
import { evaluateErrorVersusReject } from './eval-error-reject.js';
import { BY_BAND_MIN_IMPOSTORS, FIT_SEED_STREAM, PAIR_MODEL_TAU, evaluateHeldOutCalibration, fitKindBlocks, rawScoring, HELD_OUT_BAND_EDGES, HELD_OUT_LEVELS, HELD_OUT_MINUTIAE_BAND_EDGES } from './eval-calibration.js';
import {
  CALIBRATION_FMR_LEVELS, addExtraPairs, compareTemplates, compareTemplatesCovariates, covariateVector, fitTailScaleModel, rescaleScore, computeErrorRates, listFvcComparisons, measureCalibration, median, prepareTemplate,
  type ExtraPairs, type FvcImage, type PreparedTemplate,
} from '../../matching/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../config/parameters.js';
import type { Template } from '../../templates/index.js';

/** One finger file of a set, loaded (or failed to enrol). */
interface LoadedSet {
  readonly dir: string;
  readonly images: FvcImage[];
  readonly names: string[];
  readonly prepared: Array<PreparedTemplate | null>;
  readonly failed: string[];
  readonly extractMs: number[];
}

/**
 * Loads every file of a set (images are extracted, template files read). A file that cannot be
 * enrolled (no usable fingerprint, unreadable) is a failure to enrol: its comparisons score 0.
 */
async function loadSet(dir: string, ppi?: number, matching: MatchingParameters = MATCHING_PARAMETERS): Promise<LoadedSet> {
  const { names, images } = await listSet(dir);
  const prepared: Array<PreparedTemplate | null> = [];
  const failed: string[] = [];
  const extractMs: number[] = [];
  for (const name of names) {
    try {
      const f = await loadFingerFile(join(dir, name), ppi !== undefined ? { ppi } : {});
      if (f.extractMs !== undefined) extractMs.push(f.extractMs);
      prepared.push(prepareTemplate(f.template, matching));
    } catch (err) {
      if (!isFailureToEnrol(err) || err.code === 'AFIS_FILE_NOT_FOUND') throw err;
      failed.push(name);
      prepared.push(null);
    }
  }
  return { dir, images, names, prepared, failed, extractMs };
}

function scorePairs(set: LoadedSet, pairs: ReadonlyArray<readonly [number, number]>, times?: number[]): number[] {
  const out = new Array<number>(pairs.length);
  for (let k = 0; k < pairs.length; k++) {
    const a = set.prepared[pairs[k][0]], b = set.prepared[pairs[k][1]];
    if (!a || !b) { out[k] = 0; continue; }
    const t0 = performance.now();
    out[k] = compareTemplates(a, b);
    if (times) times.push((performance.now() - t0) * 1000);
  }
  return out;
}

const r5 = (v: number): number => Math.round(v * 1e5) / 1e5;
const r1 = (v: number): number => (Number.isFinite(v) ? Math.round(v * 10) / 10 : v);

/** The FVC protocol on one folder, as the object `afis eval fvc --json` prints (contract.md). */
export async function evaluateFvcFolder(dir: string, options: { ppi?: number } = {}): Promise<Record<string, unknown>> {
  // DIR@PPI declares the folder's resolution, as in the other eval commands
  const spec = parseSetSpec(dir, options.ppi);
  const set = await loadSet(spec.dir, spec.ppi);
  const cmp = listFvcComparisons(set.images);
  const times: number[] = [];
  const genuine = scorePairs(set, cmp.genuine, times);
  const impostor = scorePairs(set, cmp.impostor, times);
  const allImpostor = scorePairs(set, cmp.allPairsImpostor, times);
  const fvc = computeErrorRates(genuine, impostor);
  const all = computeErrorRates(genuine, allImpostor);
  return {
    dataset: dir,
    images: set.names.length,
    genuine: genuine.length,
    impostor: impostor.length,
    failedToEnrol: set.failed.length,
    eer: r5(fvc.eer), fmr100: r5(fvc.fmr100), fmr1000: r5(fvc.fmr1000), zeroFmr: r5(fvc.zeroFmr),
    extractMsMedian: set.extractMs.length ? r1(median(set.extractMs)) : null,
    compareUsMedian: times.length ? Math.round(median(times) * 100) / 100 : null,
    allPairs: { impostor: allImpostor.length, eer: r5(all.eer), fmr100: r5(all.fmr100), fmr1000: r5(all.fmr1000), zeroFmr: r5(all.zeroFmr) },
    ...(set.failed.length ? { failedFiles: set.failed } : {}),
  };
}

/**
 * The score → FMR table of several sets at once: genuine = every ordered pair of impressions of
 * the same finger; impostor = every ordered pair of images of different fingers, across sets too
 * (fingers of different folders are different fingers). Both directions are compared because a
 * comparison is not exactly symmetric (4 FVC2002 B sets: 2,240 genuine, 99,840 impostor). With
 * `fitKinds` (`--fit-kinds`, the shipped table's form since calmix) every ordered pair within each
 * set with its images under each listed perturbation (seeded by `seed` on the fit's stream, as the
 * held-out mixture is) joins those pairs unweighted: with the five shipped kinds, 215,040 impostor
 * and 13,440 genuine comparisons. With `minutiaeBands` (lower edges of the pair's smaller minutiae
 * count, `--band-by minutiae --by-band` without `--held-out`) also one table per band, fitted on
 * that band's pairs (of the mixture, with `fitKinds`), as SCORE_CALIBRATION_BY_MINUTIAE is shipped
 * (a band with fewer than `minBandImpostors` impostor comparisons, or no genuine one, or from
 * `ownBandsBelow` up, gets null: it keeps the single table). The single table is the same with or
 * without bands. Every score is the raw one (`rawScoring`: not equated through the band tables).
 */
export async function measureCalibrationFolders(dirs: readonly string[], options: { ppi?: number; ridgeModels?: string; minutiaeBands?: readonly number[]; minBandImpostors?: number; pairModel?: boolean; matching?: MatchingParameters; fitKinds?: readonly string[]; seed?: number; ownBandsBelow?: number; progress?: (line: string) => void } = {}) {
  const fitKinds = options.fitKinds ?? [];
  if (fitKinds.length && options.pairModel) throw new ConfigError('AFIS_CLI_USAGE', '--fit-kinds fits the single table and the band tables: not with --pair-model');
  const sets: LoadedSet[] = [];
  const models = setRidgeModels(options.ridgeModels, dirs);
  // the tables are fitted on the raw scores (not equated through the band tables)
  const matching = rawScoring(options.matching ?? MATCHING_PARAMETERS);
  for (const [k, d] of dirs.entries()) {
    // DIR@PPI declares one folder's resolution (FVC2002 DB2 is 569 ppi and its TIFFs do not say)
    const spec = parseSetSpec(d, options.ppi);
    sets.push(await withRidgeModel(models[k], () => loadSet(spec.dir, spec.ppi, matching)));
  }
  const all: Array<{ finger: string; t: PreparedTemplate | null }> = [];
  sets.forEach((s, si) => s.prepared.forEach((t, k) => all.push({ finger: `${si}:${s.images[k].finger}`, t })));
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let a = 0; a < all.length; a++) {
    for (let b = 0; b < all.length; b++) {
      if (a === b) continue;
      const ta = all[a].t, tb = all[b].t;
      const s = ta && tb ? compareTemplates(ta, tb, matching) : 0;
      (all[a].finger === all[b].finger ? genuine : impostor).push(s);
    }
  }
  // the mixture (`--fit-kinds`, the shipped form since calmix): every ordered pair within each set
  // under each listed kind joins the clean pairs, unweighted, as the held-out mixture is fitted
  let mixture: { mixture?: { fitKinds: string[]; seed: number; fitSeedStream: number; cleanImpostorComparisons: number; cleanGenuineComparisons: number } } = {};
  let blocks: ExtraPairs[] = [];
  if (fitKinds.length) {
    const seed = options.seed ?? 1;
    const evalSets = await readEvalSets(dirs, options.ppi, options.ridgeModels);
    const clean = { impostor: impostor.length, genuine: genuine.length };
    // each perturbed image's band value is the count prepareTemplate keeps, as the clean pairs' below and the matcher's
    const counts = (ts: ReadonlyArray<Template | null>): number[] => ts.map((t) => (t ? Math.min(t.minutiae.length, matching.maxMinutiae, 255) : 0));
    blocks = fitKindBlocks(evalSets, fitKinds, seed, matching, undefined, options.progress, options.minutiaeBands ? counts : undefined);
    addExtraPairs(blocks, () => false, genuine, impostor);
    mixture = { mixture: { fitKinds: [...fitKinds], seed, fitSeedStream: FIT_SEED_STREAM, cleanImpostorComparisons: clean.impostor, cleanGenuineComparisons: clean.genuine } };
  }
  const cal = measureCalibration(genuine, impostor);
  // the per-pair tail model (`--pair-model`, pair-fmr-model.ts): fitted on every impostor pair
  // both of whose templates enrolled, then one table on the rescaled scores of every pair (as
  // SCORE_CALIBRATION_BY_PAIR is shipped); the single table is the same with or without it
  let byPair = {};
  if (options.pairModel) {
    const pairs: Array<{ score: number; x: number[] | null; genuine: boolean }> = [];
    for (let a = 0; a < all.length; a++) {
      for (let b = 0; b < all.length; b++) {
        if (a === b) continue;
        const ta = all[a].t, tb = all[b].t;
        const c = ta && tb ? compareTemplatesCovariates(ta, tb, matching) : null;
        pairs.push({ score: c ? c.score : 0, x: c ? covariateVector(c) : null, genuine: all[a].finger === all[b].finger });
      }
    }
    const fit = pairs.filter((p) => !p.genuine && p.x !== null);
    const model = fitTailScaleModel(fit.map((p) => p.score), fit.map((p) => p.x!), PAIR_MODEL_TAU);
    const rescaled = (p: (typeof pairs)[number]): number => (p.x ? rescaleScore(p.score, p.x, model) : p.score);
    const table = measureCalibration(pairs.filter((p) => p.genuine).map(rescaled), pairs.filter((p) => !p.genuine).map(rescaled));
    byPair = { byPair: { model, table } };
  }
  const edges = options.minutiaeBands;
  if (!edges) return { ...cal, failedToEnrol: sets.reduce((n, s) => n + s.failed.length, 0), sets: dirs, ...byPair, ...mixture };
  // the same ordered pairs again, by band of the smaller kept minutiae count (a failure to enrol scores 0 in band 0)
  const bandOf = (c: number): number => { let b = 0; for (let i = 0; i < edges.length; i++) if (c >= edges[i]!) b = i; return b; };
  const byBand = edges.map(() => ({ genuine: [] as number[], impostor: [] as number[] }));
  let gi = 0, ii = 0; // the scores above were pushed in this order
  for (let a = 0; a < all.length; a++) {
    for (let b = 0; b < all.length; b++) {
      if (a === b) continue;
      const ta = all[a].t, tb = all[b].t;
      const band = byBand[bandOf(Math.min(ta ? ta.count : 0, tb ? tb.count : 0))]!;
      if (all[a].finger === all[b].finger) band.genuine.push(genuine[gi++]!); else band.impostor.push(impostor[ii++]!);
    }
  }
  // the mixture's perturbed pairs by the same band (`--fit-kinds`)
  byBand.forEach((band, i) => addExtraPairs(blocks, () => false, band.genuine, band.impostor, (c) => bandOf(c) === i));
  const minImpostors = Math.max(1, options.minBandImpostors ?? BY_BAND_MIN_IMPOSTORS);
  // `--own-bands-below N`: a band from N up keeps the single table
  const own = (i: number): boolean => options.ownBandsBelow === undefined || edges[i]! < options.ownBandsBelow;
  return {
    ...cal, failedToEnrol: sets.reduce((n, s) => n + s.failed.length, 0), sets: dirs, ...mixture,
    byMinutiae: {
      edges: [...edges], minBandImpostors: minImpostors, ...(options.ownBandsBelow !== undefined ? { ownBandsBelow: options.ownBandsBelow } : {}),
      bands: byBand.map((b, i) => ({
        minutiae: [edges[i]!, i + 1 < edges.length ? edges[i + 1]! : null], impostorComparisons: b.impostor.length, genuineComparisons: b.genuine.length,
        // only the levels the band resolves (at least one impostor allowed above the threshold): a
        // band holds a quarter of the pairs, and finer levels would all sit on its highest impostor
        table: own(i) && b.impostor.length >= minImpostors && b.genuine.length > 0 ? measureCalibration(b.genuine, b.impostor, CALIBRATION_FMR_LEVELS.filter((f) => f * b.impostor.length >= 1)) : null,
      })),
    },
  };
}

function pct(v: unknown): string {
  return typeof v === 'number' ? `${(v * 100).toFixed(2)} %` : String(v);
}

/** An estimate with its interval as printed: `value [low, high]` in per cent. */
function ci(e: { value: number | null; low: number | null; high: number | null }): string {
  return `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`;
}

/** `--ridge-models`, as calibration, cv, perturb and erc take it (eval-sets.ts `setRidgeModels`). */
const RIDGE_MODELS_HELP = 'each folder\'s ridge network instead of the shipped one: a file pattern with {set}, the folder\'s name (e.g. fold-{set}-int8.onnx for networks trained leave one set out; int8 files run as ridgeNetInt8 1 runs the shipped one)';

/** The options every run over folders takes alike: --ppi when given and, unless --json, progress lines on stderr. */
function folderRunOptions(opts: { ppi?: string; ridgeModels?: string; json?: boolean }, io: CliIo): { ppi?: number; ridgeModels?: string; progress?: (line: string) => void } {
  return {
    ...(opts.ppi !== undefined ? { ppi: parsePositiveInt('--ppi', opts.ppi) } : {}),
    ...(opts.ridgeModels !== undefined ? { ridgeModels: opts.ridgeModels } : {}),
    ...(opts.json ? {} : { progress: (line: string) => io.stderr(line) }),
  };
}

/** {@link folderRunOptions} with the bootstrap's --rounds and --seed (calibration --held-out, cv, perturb). */
function bootstrapRunOptions(
  opts: { rounds: string; seed: string; ppi?: string; ridgeModels?: string; json?: boolean },
  io: CliIo,
): { rounds: number; seed: number; ppi?: number; ridgeModels?: string; progress?: (line: string) => void } {
  return { rounds: parseNonNegativeInt('--rounds', opts.rounds), seed: parseNonNegativeInt('--seed', opts.seed), ...folderRunOptions(opts, io) };
}

export function registerEval(program: Command, io: CliIo): void {
  const ev = program.command('eval').description('accuracy evaluations');
  ev.command('fvc')
    .description('the FVC protocol on a folder of F_I.ext images (finger F, impression I); template files work too')
    .argument('<dir>', 'folder of images or template files; DIR@PPI declares its resolution (e.g. DB2_B@569)')
    .option('--json', 'print one JSON object')
    .option('--ppi <n>', 'resolution of the images when their files do not say (raw, or TIFFs such as FVC2002 DB2\'s)')
    .action(async (dir: string, opts: { json?: boolean; ppi?: string }) => {
      const r = await evaluateFvcFolder(dir, opts.ppi !== undefined ? { ppi: parsePositiveInt('--ppi', opts.ppi) } : {});
      if (opts.json) {
        io.stdout(JSON.stringify(r) + '\n');
        return;
      }
      const all = r.allPairs as Record<string, number>;
      io.stdout(
        `${dir}: ${r.images} images, ${r.failedToEnrol} failed to enrol, ${r.genuine} genuine\n` +
          `protocol   impostor  EER        FMR100     FMR1000    ZeroFMR\n` +
          `FVC        ${String(r.impostor).padEnd(9)} ${pct(r.eer).padEnd(10)} ${pct(r.fmr100).padEnd(10)} ${pct(r.fmr1000).padEnd(10)} ${pct(r.zeroFmr)}\n` +
          `all pairs  ${String(all.impostor).padEnd(9)} ${pct(all.eer).padEnd(10)} ${pct(all.fmr100).padEnd(10)} ${pct(all.fmr1000).padEnd(10)} ${pct(all.zeroFmr)}\n` +
          `extraction median ${r.extractMsMedian ?? '-'} ms, comparison median ${r.compareUsMedian} µs\n`,
      );
    });
  ev.command('calibration')
    .description('score → FMR table from all impostor pairs of one or more FVC folders (cross-folder pairs included); with --held-out, how its FMR holds on a set it did not see')
    .argument('<dirs...>', 'folders of F_I.ext images or template files; DIR@PPI declares a folder\'s resolution (e.g. DB2_B@569)')
    .option('--held-out', 'leave one set out: fit the table on the other sets, report the realised FMR and FNMR of its FMR 1 %, 0.1 %, 0.01 % thresholds on the held-out set (95 % intervals over whole fingers), per pair-quality band, clean and perturbed')
    .option('--kinds <list>', 'with --held-out: perturbation-suite kinds also judged, comma-separated, or "none" (default: all)')
    .option('--bands <edges>', `with --held-out: lower edges of the pair bands (default: ${HELD_OUT_BAND_EDGES.join(',')} by quality, ${HELD_OUT_MINUTIAE_BAND_EDGES.join(',')} by minutiae)`)
    .option('--band-by <what>', 'with --held-out: what the bands divide: "quality" (the lower finger quality of the pair) or "minutiae" (the smaller minutiae count of the pair)', 'quality')
    .option('--report-by <what>', 'with --held-out: what the reported bands divide when not what the tables\' bands divide (--band-by), e.g. --band-by minutiae --by-band (the shipped form) reported by "quality"')
    .option('--report-bands <edges>', `with --held-out: lower edges of the reported bands, apart from the tables' (--bands), by --report-by or else by --band-by (default: ${HELD_OUT_BAND_EDGES.join(',')} by quality, ${HELD_OUT_MINUTIAE_BAND_EDGES.join(',')} by minutiae)`)
    .option('--by-band', 'with --held-out: also one table per pair-quality band (fitted on the training sets\' pairs of that band), each held-out pair judged at its band\'s thresholds; with --fit-kinds also per-band tables of the mixture, judged against the mixture table')
    .option('--own-bands-below <n>', 'with --by-band: only bands whose lower edge lies below n get their own table; the others keep the single (or, per-band mixture, the mixture) table (default: every band)')
    .option('--min-band-impostors <n>', 'with --by-band: training impostor comparisons a band needs for its own table (else it keeps the single table)', String(BY_BAND_MIN_IMPOSTORS))
    .option('--fit-kinds <list>', 'the table fitted on the clean pairs plus each set\'s images perturbed by these kinds (comma-separated; every ordered pair within the set, unweighted), seeded by --seed: the shipped table\'s form (src/matching/calibration-table.ts); with --held-out, that table per fold beside the clean one on the same draws (other images than --kinds judges) (default: none)')
    .option('--pair-model', 'with --held-out: also the per-pair tail model (fitted per fold on the training sets\' clean impostor pairs: the score rescaled by the pair\'s minutiae count, common-area count and clarity, one table on the rescaled scores), judged beside the clean table on the same draws; without --held-out: the model and its table fitted on every set (`byPair` in the JSON, as SCORE_CALIBRATION_BY_PAIR is shipped)')
    .option('--split <how>', 'with --held-out: "sets" (each set held out in turn) or "fingers" (two folds, each half of every set\'s fingers)', 'sets')
    .option('--rounds <n>', 'with --held-out: bootstrap rounds', '1000')
    .option('--seed <n>', 'perturbation seed of --fit-kinds and, with --held-out, of the judged kinds and the bootstrap (the images of `afis eval perturb --seed N`)', '1')
    .option('--ppi <n>', 'resolution of every folder without @PPI, when its files do not say')
    .option('--ridge-models <pattern>', RIDGE_MODELS_HELP)
    .option('--set <name=value>', 'a matching parameter changed for this run (repeatable), e.g. orientationAgreementWeight=0 (how SCORE_CALIBRATION_WITHOUT_MAP is measured); with --held-out an extraction parameter too, e.g. cohortExponent=1', (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', 'print one JSON object')
    .action(async (dirs: string[], opts: { json?: boolean; ppi?: string; heldOut?: boolean; split: string; byBand?: boolean; minBandImpostors: string; kinds?: string; fitKinds?: string; bands?: string; bandBy: string; reportBy?: string; reportBands?: string; rounds: string; seed: string; set?: string[]; pairModel?: boolean; ridgeModels?: string; ownBandsBelow?: string }) => {
      if (opts.heldOut) {
        const { matching, extraction } = parameterOverrides(opts.set ?? []);
        const r = await evaluateHeldOutCalibration(dirs, {
          ...(matching ? { matching } : {}),
          ...(extraction ? { extraction } : {}),
          ...(opts.kinds !== undefined ? { kinds: opts.kinds === 'none' ? [] : opts.kinds.split(',').map((k) => k.trim()) } : {}),
          ...(opts.fitKinds !== undefined && opts.fitKinds !== 'none' ? { fitKinds: opts.fitKinds.split(',').map((k) => k.trim()) } : {}),
          ...(opts.bands !== undefined ? { bandEdges: opts.bands.split(',').map(Number) } : {}),
          bandBy: parseBandBy(opts.bandBy),
          ...(opts.reportBy !== undefined ? { reportBy: parseBandBy(opts.reportBy, '--report-by') } : {}),
          ...(opts.reportBands !== undefined ? { reportBandEdges: opts.reportBands.split(',').map(Number) } : {}),
          split: parseSplit(opts.split),
          ...(opts.pairModel ? { pairModel: true } : {}),
          ...(opts.byBand ? { byBand: true, minBandImpostors: parseNonNegativeInt('--min-band-impostors', opts.minBandImpostors) } : {}),
          ...(opts.ownBandsBelow !== undefined ? { ownBandsBelow: parseNonNegativeInt('--own-bands-below', opts.ownBandsBelow) } : {}),
          ...bootstrapRunOptions(opts, io),
        });
        if (opts.json) {
          io.stdout(JSON.stringify(r) + '\n');
          return;
        }
        io.stdout(`held out      thresholds at FMR ${HELD_OUT_LEVELS.map((l) => `${l * 100} %`).join(' / ')} (fitted on the other sets)\n`);
        for (const f of r.folds) io.stdout(`${f.heldOut}  ${f.thresholds.join(' / ')}\n`);
        const block = (name: string, levels: typeof r.clean.levels): void => {
          io.stdout(`\n${name}\nnominal FMR  realised FMR [95 %]              false/impostor  verdict         FNMR [95 %]\n`);
          for (const l of levels) {
            io.stdout(`${`${l.level * 100} %`.padEnd(12)} ${ci(l.fmr).padEnd(32)} ${`${l.falseMatches}/${l.impostor}`.padEnd(15)} ${l.verdict.padEnd(15)} ${ci(l.fnmr)}\n`);
            l.perSet.forEach((x, k) => io.stdout(`  set ${String(k + 1).padEnd(12)} ${ci(x.fmr).padEnd(32)} ${`${x.falseMatches}/${x.impostor}`.padEnd(15)} ${'at ' + x.threshold}\n`));
            for (const b of l.bands) io.stdout(`  ${(r.reportBy ?? r.bandBy) === 'minutiae' ? 'minutiae' : 'quality'} ${`${b.quality[0]}-${b.quality[1]}`.padEnd(8)} ${ci(b.fmr).padEnd(32)} ${`${b.falseMatches}/${b.impostor}`.padEnd(15)} ${b.verdict.padEnd(15)} genuine below ${b.falseNonMatches}/${b.genuine}\n`);
          }
        };
        for (const f of r.folds) {
          if (f.byBand) io.stdout(`${f.heldOut}  by band: ${f.byBand.map((b) => `${b.quality[0]}-${b.quality[1]} ${b.thresholds ? b.thresholds.join(' / ') : `single table (${b.impostorComparisons} impostor)`}`).join('; ')}\n`);
        }
        block('clean', r.clean.levels);
        if (r.clean.levelsByBand) block('clean, per-band tables', r.clean.levelsByBand);
        if (r.clean.levelsMixture) block('clean, mixture table', r.clean.levelsMixture);
        if (r.clean.levelsByBandMixture) block('clean, per-band mixture tables', r.clean.levelsByBandMixture);
        if (r.clean.levelsPair) block('clean, per-pair tail model', r.clean.levelsPair);
        for (const p of r.perturbations) {
          block(`${p.kind} (${p.failedToEnrol} failed to enrol)`, p.levels);
          if (p.levelsByBand) block(`${p.kind}, per-band tables`, p.levelsByBand);
          if (p.levelsMixture) block(`${p.kind}, mixture table`, p.levelsMixture);
          if (p.levelsByBandMixture) block(`${p.kind}, per-band mixture tables`, p.levelsByBandMixture);
          if (p.levelsPair) block(`${p.kind}, per-pair tail model`, p.levelsPair);
        }
        return;
      }
      const overrides = parameterOverrides(opts.set ?? []);
      if (overrides.extraction) throw new ConfigError('AFIS_CLI_USAGE', '--set with an extraction parameter needs --held-out: the table is fitted with the shipped extraction');
      if (opts.byBand && parseBandBy(opts.bandBy) !== 'minutiae') throw new ConfigError('AFIS_CLI_USAGE', '--by-band without --held-out fits tables by minutiae count only: add --band-by minutiae');
      const edges = opts.byBand ? (opts.bands !== undefined ? opts.bands.split(',').map(Number) : HELD_OUT_MINUTIAE_BAND_EDGES) : undefined;
      if (edges && (edges[0] !== 0 || edges.some((e, i) => !Number.isInteger(e) || e < 0 || e > 255 || (i > 0 && e <= edges[i - 1]!)))) {
        throw new ConfigError('AFIS_CLI_USAGE', `--bands: ascending minutiae-count edges 0–255 starting at 0, got ${opts.bands}`);
      }
      const r = await measureCalibrationFolders(dirs, {
        ...(opts.ppi !== undefined ? { ppi: parsePositiveInt('--ppi', opts.ppi) } : {}),
        ...(opts.ridgeModels !== undefined ? { ridgeModels: opts.ridgeModels } : {}),
        ...(edges ? { minutiaeBands: edges, minBandImpostors: parseNonNegativeInt('--min-band-impostors', opts.minBandImpostors) } : {}),
        ...(opts.pairModel ? { pairModel: true } : {}),
        ...(overrides.matching ? { matching: overrides.matching } : {}),
        ...(opts.fitKinds !== undefined && opts.fitKinds !== 'none' ? { fitKinds: opts.fitKinds.split(',').map((k) => k.trim()), seed: parseNonNegativeInt('--seed', opts.seed) } : {}),
        ...(edges && opts.ownBandsBelow !== undefined ? { ownBandsBelow: parseNonNegativeInt('--own-bands-below', opts.ownBandsBelow) } : {}),
        ...(opts.json ? {} : { progress: (line: string) => io.stderr(line) }),
      });
      if (opts.json) {
        io.stdout(JSON.stringify(r) + '\n');
        return;
      }
      if ('mixture' in r && r.mixture) io.stdout(`mixture: ${r.mixture.cleanImpostorComparisons} clean impostor comparisons plus the sets under ${r.mixture.fitKinds.join(', ')} (seed ${r.mixture.seed})\n`);
      io.stdout(`${r.impostorComparisons} impostor and ${r.genuineComparisons} genuine comparisons, ${r.failedToEnrol} failed to enrol\nFMR        score     TMR\n`);
      for (const p of r.points) io.stdout(`${String(p.fmr).padEnd(10)} ${p.score.toFixed(3).padEnd(9)} ${(p.tmr * 100).toFixed(2)} %\n`);
      for (const b of ("byMinutiae" in r ? r.byMinutiae.bands : [])) {
        io.stdout(`\nsmaller minutiae count ${b.minutiae[0]}${b.minutiae[1] === null ? '+' : `-${b.minutiae[1] - 1}`}: ${b.impostorComparisons} impostor, ${b.genuineComparisons} genuine${b.table ? '' : ' (too few: the single table)'}\n`);
        for (const p of b.table?.points ?? []) io.stdout(`${String(p.fmr).padEnd(10)} ${p.score.toFixed(3).padEnd(9)} ${(p.tmr * 100).toFixed(2)} %\n`);
      }
    });
  ev.command('cv')
    .description('all-pairs EER per set with 95 % intervals (resampling whole fingers); with --param, leave-one-set-out cross-validation of its values')
    .argument('<dirs...>', 'folders of F_I.ext images or template files; DIR@PPI declares a folder\'s resolution')
    .option('--param <name>', 'a numeric parameter of EXTRACTION_PARAMETERS or MATCHING_PARAMETERS')
    .option('--values <list>', 'comma-separated candidate values of --param (the current value is always tried first)')
    .option('--candidate <list>', 'instead of --param: a candidate of comma-separated NAME=VALUE changes that go together, repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--jitter <name=list>', 'a jitter control: every figure the mean over these values of a shipped numeric parameter, e.g. frequencySmoothingSigma=1.8,1.9,2,2.1,2.2')
    .option('--criterion <figure>', 'what the cross-validation chooses by: "eer" or "fnmr1000" (FNMR at FMR 0.1 %)', 'eer')
    .option('--rounds <n>', 'bootstrap rounds', '500')
    .option('--seed <n>', 'bootstrap seed', '1')
    .option('--ppi <n>', 'resolution of every folder without @PPI, when its files do not say')
    .option('--ridge-models <pattern>', RIDGE_MODELS_HELP)
    .option('--json', 'print one JSON object')
    .action(async (dirs: string[], opts: { param?: string; values?: string; candidate?: string[]; jitter?: string; criterion: string; rounds: string; seed: string; ppi?: string; ridgeModels?: string; json?: boolean }) => {
      if ((opts.param === undefined) !== (opts.values === undefined)) throw new ConfigError('AFIS_CLI_USAGE', '--param and --values go together');
      const values = opts.values?.split(',').map((v) => {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n)) throw new ConfigError('AFIS_CLI_USAGE', `--values: "${v}" is not a number`);
        return n;
      });
      const jitter = opts.jitter !== undefined ? parseJitter(opts.jitter) : undefined;
      if (opts.criterion !== 'eer' && opts.criterion !== 'fnmr1000') throw new ConfigError('AFIS_CLI_USAGE', `--criterion: "${opts.criterion}" is not eer or fnmr1000`);
      const r = await crossValidateFolders(dirs, {
        criterion: opts.criterion,
        ...(opts.param !== undefined ? { parameter: opts.param } : {}), ...(values ? { values } : {}), ...(jitter ? { jitter } : {}),
        ...(opts.candidate ? { candidates: opts.candidate.map((c) => c.split(',').map((x) => x.trim())) } : {}),
        ...bootstrapRunOptions(opts, io),
      });
      if (opts.json) {
        io.stdout(JSON.stringify(r) + '\n');
        return;
      }
      io.stdout('set                        all-pairs EER [95 %]           FNMR at FMR 0.1 % [95 %]\n');
      for (const s of r.sets) io.stdout(`${s.dataset.padEnd(26)} ${ci(s.eer).padEnd(30)} ${ci(s.fnmrAtFmr1000)}\n`);
      io.stdout(`${'mean'.padEnd(26)} ${ci(r.meanEer).padEnd(30)} ${ci(r.meanFnmrAtFmr1000)}\n`);
      if (r.jitter) io.stdout(`(every figure the mean over ${r.jitter.name} = ${r.jitter.values.join(', ')})\n`);
      if ('parameter' in r) {
        const p = r.parameter;
        if ('crossValidatedMeanFnmrAtFmr1000' in p) {
          io.stdout(`\n${p.name}: tuned on all sets ${p.tunedValue} (mean FNMR at FMR 0.1 % ${pct(p.tunedMeanFnmrAtFmr1000)}, EER ${pct(p.tunedMeanEer)})\n`);
          for (const f of p.folds) if ('heldOutFnmrAtFmr1000' in f) io.stdout(`  held out ${f.heldOut.padEnd(26)} chosen ${String(f.chosen).padEnd(8)} FNMR at FMR 0.1 % ${pct(f.heldOutFnmrAtFmr1000)} (current ${pct(f.currentFnmrAtFmr1000)}), EER ${pct(f.heldOutEer)}\n`);
          io.stdout(`cross-validated mean FNMR at FMR 0.1 % ${ci(p.crossValidatedMeanFnmrAtFmr1000)} (EER ${pct(p.crossValidatedMeanEer)}); change ${ci(p.change)}: ${p.improves ? 'improves' : 'no significant improvement'}\n`);
        } else {
          io.stdout(`\n${p.name}: tuned on all sets ${p.tunedValue} (mean EER ${pct(p.tunedMeanEer)})\n`);
          for (const f of p.folds) if ('currentEer' in f) io.stdout(`  held out ${f.heldOut.padEnd(26)} chosen ${String(f.chosen).padEnd(8)} EER ${pct(f.heldOutEer)} (current ${pct(f.currentEer)})\n`);
          io.stdout(`cross-validated mean EER ${ci(p.crossValidatedMeanEer)}; change ${ci(p.change)}: ${p.improves ? 'improves' : 'no significant improvement'}\n`);
        }
      }
    });
  ev.command('perturb')
    .description('the perturbation suite: EER change and false-minutia rate per failure mode (frame, low contrast, dry, clutter, resolution, crop, distortion)')
    .argument('<dirs...>', 'folders of F_I.ext images; DIR@PPI declares a folder\'s resolution')
    .option('--kinds <list>', 'comma-separated perturbations (default: all); kinds joined by + are applied in turn, e.g. dry+crop+frame')
    .option('--set <name=value>', 'use this value of a numeric extraction or matching parameter (a candidate), repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--rounds <n>', 'bootstrap rounds', '300')
    .option('--seed <n>', 'perturbation and bootstrap seed', '1')
    .option('--ppi <n>', 'resolution of every folder without @PPI, when its files do not say')
    .option('--ridge-models <pattern>', RIDGE_MODELS_HELP)
    .option('--json', 'print one JSON object')
    .action(async (dirs: string[], opts: { kinds?: string; set?: string[]; rounds: string; seed: string; ppi?: string; ridgeModels?: string; json?: boolean }) => {
      const overrides = parameterOverrides(opts.set ?? []);
      const r = await evaluatePerturbations(dirs, {
        ...overrides,
        ...(opts.kinds ? { kinds: opts.kinds.split(',').map((k) => k.trim()) } : {}),
        ...bootstrapRunOptions(opts, io),
      });
      if (opts.json) {
        io.stdout(JSON.stringify({ ...r, set: opts.set ?? [] }) + '\n');
        return;
      }
      io.stdout(`clean: mean all-pairs EER ${pct(r.clean.meanEer?.value)}\nperturbation  mean EER   change [95 %]                  false minutiae  minutiae  FTE\n`);
      for (const p of r.perturbations) {
        io.stdout(`${p.kind.padEnd(13)} ${pct(p.meanEer.value).padEnd(10)} ${`${pct(p.change.value)} [${pct(p.change.low)}, ${pct(p.change.high)}]`.padEnd(30)} ${pct(p.falseMinutiaRate).padEnd(15)} ${pct(p.minutiaeRatio).padEnd(9)} ${p.failedToEnrol}\n`);
      }
    });
  ev.command('erc')
    .description('error-versus-reject curves: FNMR after rejecting the worst 0-30 % of genuine comparisons by finger quality, against an ideal and a random ranking, and FNMR per quality band')
    .argument('<dirs...>', 'folders of F_I.ext images; DIR@PPI declares a folder\'s resolution')
    .option('--perturb <kinds>', `comma-separated perturbations (suite kinds, ${EXTRA_PERTURBATION_KINDS.join(', ')}) applied to a share of the images, one drawn per image`)
    .option('--share <f>', 'share of the images perturbed with --perturb', '0.5')
    .option('--seed <n>', 'seed of which images are perturbed and how', '1')
    .option('--ppi <n>', 'resolution of every folder without @PPI, when its files do not say')
    .option('--ridge-models <pattern>', RIDGE_MODELS_HELP)
    .option('--json', 'print one JSON object')
    .action(async (dirs: string[], opts: { perturb?: string; share: string; seed: string; ppi?: string; ridgeModels?: string; json?: boolean }) => {
      const r = await evaluateErrorVersusReject(dirs, {
        ...(opts.perturb ? { perturb: opts.perturb.split(',').map((k) => k.trim()) } : {}),
        share: Number(opts.share), seed: parseNonNegativeInt('--seed', opts.seed),
        ...folderRunOptions(opts, io),
      });
      if (opts.json) {
        io.stdout(JSON.stringify(r) + '\n');
        return;
      }
      const at = [0, 5, 10, 20, 30];
      io.stdout(`FNMR after rejecting the worst x % of genuine comparisons by pair quality (ideal ranking in brackets); gain: 1 ideal, 0 random\nset                        FMR      ${at.map((x) => `x=${x} %`.padEnd(16)).join('')}gain\n`);
      const row = (name: string, fmr: number, fnmr: readonly number[], ideal: readonly number[], gain: number | null): void =>
        io.stdout(`${name.padEnd(26)} ${`${fmr * 100} %`.padEnd(8)} ${at.map((x) => `${pct(fnmr[x])} [${(ideal[x]! * 100).toFixed(1)}]`.padEnd(16)).join('')}${gain === null ? '-' : gain.toFixed(2)}\n`);
      for (const s of r.sets) for (const c of s.curves) row(s.dataset, c.fmr, c.fnmr, c.ideal, c.gain);
      for (const m of r.mean) row('mean', m.fmr, m.fnmr, m.ideal, m.gain);
      io.stdout('\npair quality   genuine   FNMR at FMR 0.1 %   FNMR at FMR 1 %\n');
      for (const b of r.bands) io.stdout(`${`${b.quality[0]}-${b.quality[1]}`.padEnd(14)} ${String(b.genuine).padEnd(9)} ${pct(b.fnmr[0]!.value).padEnd(19)} ${pct(b.fnmr[1]!.value)}\n`);
    });
  registerEvalExtraction(ev, io);
}

function parseNonNegativeInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError('AFIS_CLI_USAGE', `${name} must be a whole number ≥ 0, got "${value}"`);
  return n;
}


function parseBandBy(value: string, flag = '--band-by'): 'quality' | 'minutiae' {
  if (value !== 'quality' && value !== 'minutiae') throw new ConfigError('AFIS_CLI_USAGE', `${flag} must be "quality" or "minutiae", got "${value}"`);
  return value;
}

function parseSplit(value: string): 'sets' | 'fingers' {
  if (value !== 'sets' && value !== 'fingers') throw new ConfigError('AFIS_CLI_USAGE', `--split must be "sets" or "fingers", got "${value}"`);
  return value;
}

/** `--jitter NAME=v1,v2,…`: the parameter and its nudges (at least two values). */
function parseJitter(value: string): { name: string; values: number[] } {
  const m = /^([A-Za-z0-9]+)=(.+)$/.exec(value);
  const values = m ? m[2]!.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))) : [];
  if (!m || values.length < 2 || values.some((v) => !Number.isFinite(v))) {
    throw new ConfigError('AFIS_CLI_USAGE', `--jitter ${value}: expected NAME=NUMBER,NUMBER[,…] (at least two values)`);
  }
  return { name: m[1]!, values };
}
