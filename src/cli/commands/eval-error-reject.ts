import { ConfigError } from '../../core/index.js';
import { EXTRA_PERTURBATION_KINDS, parsePerturbation, perturbImage, PERTURBATION_KINDS } from '../../perturbation/index.js';
import { errorVersusReject, type ErrorVersusReject } from '../../quality/index.js';
import { createRng, mixSeed } from '../../synthetic/index.js';
import { extractEvalSet, readEvalSets, scoreEvalSet } from './eval-sets.js';

/** Shares of genuine comparisons rejected, 0 … 30 % by 1 %. */
export const ERC_REJECTED: readonly number[] = Array.from({ length: 31 }, (_, k) => k / 100);
/** The operating points: FMR 0.1 % and 1 % on each set's own impostors. */
export const ERC_FMRS: readonly number[] = [0.001, 0.01];
/** Pair-quality bands of the per-band FNMR (lower bound inclusive, upper exclusive). */
export const ERC_BANDS: ReadonlyArray<readonly [number, number]> = [[0, 10], [10, 20], [20, 30], [30, 40], [40, 50], [50, 60], [60, 70], [70, 80], [80, 90], [90, 101]];

const r5 = (v: number): number => Math.round(v * 1e5) / 1e5;

function curveJson(c: ErrorVersusReject) {
  return {
    fmr: c.fmr, threshold: Number.isFinite(c.threshold) ? Math.round(c.threshold * 1000) / 1000 : null, falseNonMatches: c.falseNonMatches,
    fnmr: c.points.map((p) => r5(p.fnmr)), ideal: c.points.map((p) => r5(p.ideal)), random: r5(c.falseNonMatches / c.genuine),
    area: r5(c.area), idealArea: r5(c.idealArea), randomArea: r5(c.randomArea), gain: c.gain === null ? null : Math.round(c.gain * 1000) / 1000,
  };
}

export interface ErcOptions {
  readonly ppi?: number;
  /** Each set's ridge network, a file pattern with {set} (readEvalSets). */
  readonly ridgeModels?: string;
  /** Perturbations (suite kinds, `washed-out` or `blurred`) applied to a share of the images, one drawn per image. */
  readonly perturb?: readonly string[];
  /** Share 0–1 of the images perturbed when `perturb` is given (default 0.5). */
  readonly share?: number;
  /** Seed of which images are perturbed and how (default 1). */
  readonly seed?: number;
  readonly progress?: (line: string) => void;
}

/**
 * `afis eval erc`: how well the finger quality ranks prints by how well they match. Per set,
 * every image is extracted (its quality is the template's), all pairs are compared, and at FMR
 * 0.1 % and 1 % (thresholds on the set's own impostor pairs) the error-versus-reject curve is
 * drawn: FNMR after rejecting the worst 0 … 30 % of genuine comparisons by pair quality (the
 * lower of the two fingers' qualities), beside the ideal ranking and a random one; `gain` is
 * the share of the ideal's area reduction the quality achieves (1 ideal, 0 random). Also FNMR per
 * pair-quality band (where the desk's thresholds come from). A file that fails to enrol has
 * quality 0 and scores 0. With `perturb`, a share of the images is first taken under a bad
 * capture condition (one of the kinds, drawn per image, seeded), so the sets span the quality
 * range a desk sees; the clean FVC2002 sets hold almost no print below quality 60.
 */
export async function evaluateErrorVersusReject(specs: readonly string[], options: ErcOptions = {}) {
  const known: readonly string[] = [...PERTURBATION_KINDS, ...EXTRA_PERTURBATION_KINDS];
  const kinds = options.perturb ?? [];
  for (const k of kinds) if (!parsePerturbation(k)) throw new ConfigError('AFIS_CLI_USAGE', `--perturb: unknown perturbation "${k}" (one of ${known.join(', ')}, or several joined by +)`);
  const share = options.share ?? 0.5;
  if (!(share >= 0 && share <= 1)) throw new ConfigError('AFIS_CLI_USAGE', `--share must be a fraction 0…1, got ${share}`);
  const seed = options.seed ?? 1;
  const sets = await readEvalSets(specs, options.ppi, options.ridgeModels);
  const setResult = (label: string, n: number, failedToEnrol: number, genuine: ReadonlyArray<{ score: number; quality: number }>, impostor: number, quality: number[], curves: ErrorVersusReject[]) => {
    const sortedQ = Float64Array.from(quality).sort();
    return {
      dataset: label, images: n, failedToEnrol, genuine: genuine.length, impostor,
      quality: { p5: sortedQ[Math.floor(0.05 * (n - 1))]!, median: sortedQ[Math.floor(0.5 * (n - 1))]!, p95: sortedQ[Math.floor(0.95 * (n - 1))]! },
      curves: curves.map(curveJson),
      bands: ERC_BANDS.map(([lo, hi]) => {
        const inBand = genuine.filter((g) => g.quality >= lo && g.quality < hi);
        return { quality: [lo, Math.min(100, hi)] as const, genuine: inBand.length, falseNonMatches: curves.map((c) => inBand.filter((g) => g.score < c.threshold).length) };
      }),
      /** Quality of every image (file order), so a reader can redraw the curve with other bands. */
      qualities: quality,
    };
  };
  const out: Array<ReturnType<typeof setResult> & { perturbation?: Array<string | null> }> = [];
  for (const [k, set] of sets.entries()) {
    options.progress?.(`${set.label}\n`);
    // a share of the images taken under a bad capture condition (seeded per image), so the
    // set spans the quality range a desk sees; the perturbation of each image is reported
    const perturbation: Array<string | null> = set.items.map(() => null);
    const { templates } = extractEvalSet(set, kinds.length === 0 ? {} : {
      transform: (image, i) => {
        const rng = createRng(mixSeed(seed, k, i));
        if (rng.next() >= share) return image;
        const kind = kinds[rng.int(kinds.length)]!;
        perturbation[i] = kind;
        return perturbImage(image, kind, mixSeed(seed, k, i, 1)).image;
      },
    });
    const scored = scoreEvalSet(set.fingers, templates);
    const n = templates.length;
    const quality = templates.map((t) => (t ? t.quality : 0));
    const genuine: Array<{ score: number; quality: number }> = [];
    const impostor: number[] = [];
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const score = scored.scores[a * n + b];
        if (set.fingers[a] === set.fingers[b]) genuine.push({ score, quality: Math.min(quality[a], quality[b]) });
        else impostor.push(score);
      }
    }
    const curves = ERC_FMRS.map((fmr) => errorVersusReject(genuine, impostor, { fmr, rejected: ERC_REJECTED }));
    out.push({ ...setResult(set.label, n, templates.filter((t) => !t).length, genuine, impostor.length, quality, curves), ...(kinds.length ? { perturbation } : {}) });
  }
  const meanOf = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const mean = ERC_FMRS.map((fmr, k) => {
    const gains = out.map((s) => s.curves[k]!.gain).filter((g): g is number => g !== null);
    return {
      fmr,
      fnmr: ERC_REJECTED.map((_, x) => r5(meanOf(out.map((s) => s.curves[k]!.fnmr[x]!)))),
      ideal: ERC_REJECTED.map((_, x) => r5(meanOf(out.map((s) => s.curves[k]!.ideal[x]!)))),
      gain: gains.length ? Math.round(meanOf(gains) * 1000) / 1000 : null,
    };
  });
  // pooled per band: every set's comparisons at its own thresholds
  const bands = ERC_BANDS.map(([lo, hi], b) => {
    const genuine = out.reduce((a, s) => a + s.bands[b]!.genuine, 0);
    return {
      quality: [lo, Math.min(100, hi)] as const, genuine,
      fnmr: ERC_FMRS.map((fmr, k) => ({ fmr, value: genuine ? r5(out.reduce((a, s) => a + s.bands[b]!.falseNonMatches[k]!, 0) / genuine) : null })),
    };
  });
  return {
    ...(kinds.length ? { perturb: kinds, share, seed } : {}),
    protocol: 'all pairs per set; thresholds at FMR 0.1 % and 1 % of the set\'s impostor pairs; genuine comparisons rejected lowest pair quality (min of the two) first, ties in proportion',
    rejected: ERC_REJECTED, sets: out, mean, bands,
  };
}
