import { ConfigError } from '../../core/index.js';
import { EXTRACTION_PARAMETERS, MATCHING_PARAMETERS, type ExtractionParameters, type MatchingParameters } from '../../config/parameters.js';
import { allPairsErrorRates, bootstrapErrorRates, crossValidateSets, median, type ErrorRates, type Estimate, type ScoredSet } from '../../matching/index.js';
import { createRng } from '../../synthetic/index.js';
import { extractEvalSet, readEvalSets, scoreEvalSet } from './eval-sets.js';

export interface CrossValidationOptions {
  /** A parameter of EXTRACTION_PARAMETERS or MATCHING_PARAMETERS to choose by cross-validation. */
  readonly parameter?: string;
  /** Candidate values; the current value is always tried, first (it wins ties). */
  readonly values?: readonly number[];
  /**
   * Instead of one parameter: whole candidates, each a list of NAME=VALUE changes (parameters
   * that are meant to go together, e.g. a looser tolerance and the term that guards it). The
   * shipped values are tried first; each candidate is one measured change.
   */
  readonly candidates?: ReadonlyArray<readonly string[]>;
  /**
   * A jitter control: every variant is also run at these nudges of one shipped parameter, and
   * each set's figure is the mean over the nudges. A set whose EER rests on a few genuine pairs
   * at the threshold (DB3: three pairs of one finger pass at the shipped period smoothing and fail
   * at a nudge of it, with every option off) then does not read that swing as a candidate's effect.
   */
  readonly jitter?: { readonly name: string; readonly values: readonly number[] };
  /**
   * The figure the cross-validation chooses by and reports: the all-pairs EER (default) or the
   * FNMR at FMR 0.1 % (`fnmr1000`, for a change that can only act in the impostor tail, where
   * a set's EER rests on a handful of genuine pairs and every candidate ties).
   */
  readonly criterion?: 'eer' | 'fnmr1000';
  readonly rounds: number;
  readonly seed: number;
  readonly ppi?: number;
  /** Each set's ridge network, a file pattern with {set} (readEvalSets). */
  readonly ridgeModels?: string;
  readonly progress?: (line: string) => void;
}

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const r5 = (v: number): number => Math.round(v * 1e5) / 1e5;
const est = (e: Estimate) => ({ value: r5(e.value), low: r5(e.low), high: r5(e.high) });

/** Which parameter table a name belongs to, and its current value. */
export function findParameter(name: string, option = '--param'): { table: 'extraction' | 'matching'; current: number } {
  const ex = EXTRACTION_PARAMETERS as Record<string, unknown>;
  const ma = MATCHING_PARAMETERS as Record<string, unknown>;
  const table = name in ex ? 'extraction' : name in ma ? 'matching' : null;
  const current = table === 'extraction' ? ex[name] : table === 'matching' ? ma[name] : undefined;
  if (!table || typeof current !== 'number') {
    throw new ConfigError('AFIS_CLI_USAGE', `${option} ${name}: not a numeric parameter of EXTRACTION_PARAMETERS or MATCHING_PARAMETERS`);
  }
  return { table, current };
}

/** NAME=VALUE changes of numeric extraction or matching parameters, applied to the shipped values. */
export function parameterOverrides(list: readonly string[], option = '--set'): { extraction?: ExtractionParameters; matching?: MatchingParameters } {
  let extraction: ExtractionParameters | undefined;
  let matching: MatchingParameters | undefined;
  for (const item of list) {
    const m = /^([A-Za-z0-9]+)=(.+)$/.exec(item);
    const value = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(value)) throw new ConfigError('AFIS_CLI_USAGE', `${option} ${item}: expected NAME=NUMBER`);
    const { table } = findParameter(m[1]!);
    if (table === 'extraction') extraction = { ...(extraction ?? EXTRACTION_PARAMETERS), [m[1]!]: value };
    else matching = { ...(matching ?? MATCHING_PARAMETERS), [m[1]!]: value };
  }
  return { ...(extraction ? { extraction } : {}), ...(matching ? { matching } : {}) };
}

/**
 * The development protocol of issue 12 on several sets (`afis eval cv`): all-pairs error rates
 * of every set with a 95 % interval from resampling whole fingers, their mean; and, for one
 * parameter and candidate values, leave-one-set-out cross-validation: each set's figure is
 * that of the value chosen on the other sets, so the cross-validated mean is what the choice is
 * worth on a set it was not tuned on. The change (cross-validated minus current, paired on the
 * same bootstrap draws) counts as an improvement only when its whole interval is below zero.
 */
export async function crossValidateFolders(specs: readonly string[], options: CrossValidationOptions) {
  if (options.parameter !== undefined && options.candidates !== undefined) throw new ConfigError('AFIS_CLI_USAGE', '--param and --candidate do not go together');
  const param = options.parameter !== undefined ? findParameter(options.parameter) : null;
  const criterion = options.criterion ?? 'eer';
  const byCandidates = options.candidates !== undefined;
  if (byCandidates && options.candidates!.length === 0) throw new ConfigError('AFIS_CLI_USAGE', '--candidate: give at least one candidate');
  // every variant: its label and parameters (the shipped ones first: they win ties)
  const specsOf: Array<{ label: number | string; extraction: ExtractionParameters; matching: MatchingParameters }> = [];
  if (param) {
    for (const value of [param.current, ...(options.values ?? []).filter((v) => v !== param.current)]) {
      specsOf.push({
        label: value,
        extraction: param.table === 'extraction' ? { ...EXTRACTION_PARAMETERS, [options.parameter!]: value } : EXTRACTION_PARAMETERS,
        matching: param.table === 'matching' ? { ...MATCHING_PARAMETERS, [options.parameter!]: value } : MATCHING_PARAMETERS,
      });
    }
    if (specsOf.length < 2) throw new ConfigError('AFIS_CLI_USAGE', '--values: give at least one value other than the current one');
  } else {
    specsOf.push({ label: byCandidates ? 'current' : NaN, extraction: EXTRACTION_PARAMETERS, matching: MATCHING_PARAMETERS });
    for (const c of options.candidates ?? []) {
      const o = parameterOverrides(c, '--candidate');
      specsOf.push({ label: c.join(','), extraction: o.extraction ?? EXTRACTION_PARAMETERS, matching: o.matching ?? MATCHING_PARAMETERS });
    }
  }
  const candidates = specsOf.map((v) => v.label);
  // with a jitter control, every candidate at every nudge (candidate-major); without, one run each
  const jitter = options.jitter;
  if (jitter && jitter.values.length === 0) throw new ConfigError('AFIS_CLI_USAGE', '--jitter: give at least one value');
  const nudge = jitter ? findParameter(jitter.name, '--jitter') : null;
  const J = jitter ? jitter.values.length : 1;
  // each run's name for the progress lines: the candidate (when there are candidates) and the nudge
  const nameOf = (v: (typeof specsOf)[number]): string => (param ? `${options.parameter}=${v.label}` : byCandidates ? String(v.label) : '');
  const runs = specsOf.flatMap((v) => (jitter ? jitter.values.map((value) => ({
    label: [nameOf(v), `${jitter.name}=${value}`].filter(Boolean).join(' '),
    extraction: nudge!.table === 'extraction' ? { ...v.extraction, [jitter.name]: value } : v.extraction,
    matching: nudge!.table === 'matching' ? { ...v.matching, [jitter.name]: value } : v.matching,
  })) : [{ ...v, label: nameOf(v) }]));
  const sets = await readEvalSets(specs, options.ppi, options.ridgeModels);
  const variants: ScoredSet[][] = [];
  const failed: number[][] = [];
  const extractMs: number[] = [];
  // templates per extraction parameters: matching parameters do not change them, so each
  // extraction variant is extracted once
  const cachedTemplates = new Map<ExtractionParameters, Array<ReturnType<typeof extractEvalSet>>>();
  for (const { label, extraction, matching } of runs) {
    const cached = cachedTemplates.get(extraction) ?? [];
    cachedTemplates.set(extraction, cached);
    const scored: ScoredSet[] = [];
    const fails: number[] = [];
    for (const [k, set] of sets.entries()) {
      options.progress?.(`${label ? `${label} ` : ''}${set.label}\n`);
      const templates = cached[k] ?? extractEvalSet(set, { parameters: extraction });
      cached[k] = templates;
      if (variants.length === 0) extractMs.push(...templates.extractMs);
      fails.push(templates.templates.filter((t) => !t).length);
      scored.push(scoreEvalSet(set.fingers, templates.templates, matching));
    }
    variants.push(scored);
    failed.push(fails);
  }
  const S = sets.length;
  // per candidate and set, the mean over the nudges (one run each without a jitter control)
  const overNudges = (table: ReadonlyArray<readonly number[]>): number[][] =>
    specsOf.map((_, c) => sets.map((__, k) => mean(Array.from({ length: J }, (___, j) => table[c * J + j]![k]!))));
  // figures: per set EER and FNMR at FMR 0.1 % (current), their means, then the cross-validation
  const statistic = (rates: ErrorRates[][]): number[] => {
    const eer = overNudges(rates.map((row) => row.map((r) => r.eer)));
    const fmr1000 = overNudges(rates.map((row) => row.map((r) => r.fmr1000)));
    const out = [...eer[0]!, mean(eer[0]!), ...fmr1000[0]!, mean(fmr1000[0]!)];
    if ((param || byCandidates) && S >= 2) {
      const cv = crossValidateSets(criterion === 'eer' ? eer : fmr1000);
      out.push(cv.mean, cv.mean - (criterion === 'eer' ? out[S] : out[2 * S + 1]));
    }
    return out;
  };
  const random = createRng(options.seed).next;
  const figures = bootstrapErrorRates(variants, statistic, { rounds: options.rounds, random });
  const result = {
    protocol: 'all pairs (every genuine pair against every pair of different fingers); 95 % intervals from resampling whole fingers',
    rounds: options.rounds,
    seed: options.seed,
    sets: sets.map((s, k) => ({
      dataset: s.label, images: s.names.length, failedToEnrol: failed[0][k],
      eer: est(figures[k]), fnmrAtFmr1000: est(figures[S + 1 + k]),
    })),
    meanEer: est(figures[S]),
    meanFnmrAtFmr1000: est(figures[2 * S + 1]),
    extractMsMedian: extractMs.length ? Math.round(median(extractMs) * 10) / 10 : null,
    ...(jitter ? { jitter: { name: jitter.name, values: [...jitter.values], note: 'every figure is the mean over these values of the parameter' } } : {}),
  };
  if (!param && !byCandidates) return result;
  {
    const rates = variants.map((sets2) => sets2.map((s) => allPairsErrorRates(s)));
    const eerTable = overNudges(rates.map((row) => row.map((r) => r.eer)));
    const fmr1000Table = overNudges(rates.map((row) => row.map((r) => r.fmr1000)));
    const table = criterion === 'eer' ? eerTable : fmr1000Table;
    const cv = crossValidateSets(table);
    const cvMean = figures[2 * S + 2], change = figures[2 * S + 3];
    // the current value's figure on a set, in the criterion's figure
    const currentOf = (k: number): number => est(figures[criterion === 'eer' ? k : S + 1 + k]).value;
    const tuned = argMin(table.map(mean));
    const parameter = {
      name: options.parameter ?? 'candidates', table: param?.table ?? 'both', current: param ? param.current : 'current', candidates, criterion,
      folds: cv.folds.map((f) => ({
        heldOut: sets[f.heldOut].label, chosen: candidates[f.chosen],
        // with criterion eer, the fields under the names they have always had
        ...(criterion === 'eer'
          ? { trainingMeanEer: r5(f.trainingMean), heldOutEer: r5(f.heldOutValue), currentEer: currentOf(f.heldOut) }
          : { trainingMeanFnmrAtFmr1000: r5(f.trainingMean), heldOutFnmrAtFmr1000: r5(f.heldOutValue), currentFnmrAtFmr1000: currentOf(f.heldOut), heldOutEer: r5(eerTable[f.chosen]![f.heldOut]!) }),
      })),
      perCandidate: eerTable.map((v, c) => ({
        value: candidates[c], setEer: v.map(r5), meanEer: r5(mean(v)),
        ...(criterion === 'eer' ? {} : { setFnmrAtFmr1000: fmr1000Table[c]!.map(r5), meanFnmrAtFmr1000: r5(mean(fmr1000Table[c]!)) }),
      })),
      ...(criterion === 'eer'
        ? { tunedMeanEer: r5(Math.min(...eerTable.map(mean))), tunedValue: candidates[tuned], crossValidatedMeanEer: est(cvMean) }
        : { tunedMeanFnmrAtFmr1000: r5(mean(table[tuned]!)), tunedMeanEer: r5(mean(eerTable[tuned]!)), tunedValue: candidates[tuned], crossValidatedMeanFnmrAtFmr1000: est(cvMean), crossValidatedMeanEer: r5(mean(cv.folds.map((f) => eerTable[f.chosen]![f.heldOut]!))) }),
      change: est(change),
      improves: change.high < 0,
    };
    return { ...result, parameter };
  }
}

function argMin(v: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < v[k]) k = i;
  return k;
}
