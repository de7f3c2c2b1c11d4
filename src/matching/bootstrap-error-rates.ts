import { computeErrorRates, type ErrorRates } from './evaluate-fvc.js';

/**
 * All-pairs comparison scores of one set of images: which finger each image is, and a score for
 * every unordered pair (image a as probe, b as candidate, a < b).
 */
export interface ScoredSet {
  /** Finger label of each image (any integers; equal labels = the same finger). */
  readonly fingers: readonly number[];
  /** `scores[a * n + b]` for a < b (n images); the rest is unused. */
  readonly scores: Float64Array;
}

/** Images grouped by finger, the unit a bootstrap resamples. */
interface FingerGroups {
  readonly members: number[][];
}

function groupFingers(set: ScoredSet): FingerGroups {
  const byLabel = new Map<number, number[]>();
  set.fingers.forEach((f, i) => {
    const list = byLabel.get(f);
    if (list) list.push(i);
    else byLabel.set(f, [i]);
  });
  return { members: [...byLabel.keys()].sort((a, b) => a - b).map((k) => byLabel.get(k)!) };
}

/**
 * Error rates of one set on the fingers `draw` (indices into its distinct fingers, sorted by
 * label; repeats allowed): genuine = every pair of impressions within each drawn finger,
 * impostor = every pair of images of two drawn fingers that differ (two draws of the same finger
 * are neither). With every finger drawn once this is the all-pairs protocol.
 */
function errorRatesOfDraw(set: ScoredSet, groups: FingerGroups, draw: readonly number[]): ErrorRates | null {
  const n = set.fingers.length;
  const s = set.scores;
  const genuine: number[] = [];
  const impostor: number[] = [];
  const score = (a: number, b: number): number => (a < b ? s[a * n + b] : s[b * n + a]);
  for (let u = 0; u < draw.length; u++) {
    const A = groups.members[draw[u]];
    for (let i = 0; i < A.length; i++) for (let j = i + 1; j < A.length; j++) genuine.push(score(A[i], A[j]));
    for (let v = u + 1; v < draw.length; v++) {
      if (draw[v] === draw[u]) continue;
      const B = groups.members[draw[v]];
      for (const a of A) for (const b of B) impostor.push(score(a, b));
    }
  }
  return genuine.length && impostor.length ? computeErrorRates(genuine, impostor) : null;
}

/** All-pairs error rates of a set: every genuine pair against every pair of different fingers. */
export function allPairsErrorRates(set: ScoredSet): ErrorRates {
  const groups = groupFingers(set);
  const r = errorRatesOfDraw(set, groups, groups.members.map((_, i) => i));
  if (!r) throw new RangeError('error rates need two fingers and a finger with two impressions');
  return r;
}

/** A figure with its bootstrap confidence interval. */
export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Bootstrap over whole fingers (Bolle, Ratha & Pankanti's subsets bootstrap): each round draws,
 * in every set independently, as many fingers as it has, with replacement, and recomputes the
 * all-pairs error rates of every variant of that set on the same draw (so variants are compared
 * paired). `statistic` turns a table of error rates [variant][set] into figures; the result
 * gives each figure on the full data and its central `level` percentile interval over `rounds`
 * rounds. Comparisons of one finger are correlated, so resampling pairs would understate the
 * spread; fingers are the independent unit.
 *
 * `variants[v][k]` must hold the same images and fingers for every v. `random` is uniform in
 * [0, 1) (seeded by the caller, so intervals repeat). Cost: rounds × variants × sets error-rate
 * computations (≈ 0.3 ms each for 80 images).
 */
export function bootstrapErrorRates(
  variants: ReadonlyArray<readonly ScoredSet[]>,
  statistic: (rates: ErrorRates[][]) => number[],
  options: { rounds: number; random: () => number; level?: number },
): Estimate[] {
  const groups = variants[0].map(groupFingers);
  const full = statistic(variants.map((sets) => sets.map(allPairsErrorRates)));
  const samples: number[][] = full.map(() => []);
  for (let r = 0; r < options.rounds; r++) {
    // a draw without genuine pairs (no finger with two impressions drawn) or without impostors
    // (one finger drawn every time) has no error rates: draw again (rare with many fingers)
    for (let attempt = 0; attempt < 100; attempt++) {
      const draws = groups.map((g) => {
        const F = g.members.length;
        return Array.from({ length: F }, () => Math.floor(options.random() * F));
      });
      const table = variants.map((sets) => sets.map((set, k) => errorRatesOfDraw(set, groups[k], draws[k])));
      if (table.some((row) => row.some((x) => x === null))) continue;
      statistic(table as ErrorRates[][]).forEach((v, i) => samples[i].push(v));
      break;
    }
  }
  const level = options.level ?? 0.95;
  return full.map((value, i) => {
    const s = Float64Array.from(samples[i]).sort();
    const at = (q: number): number => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.floor(q * s.length)))] : value);
    return { value, low: at((1 - level) / 2), high: at(1 - (1 - level) / 2) };
  });
}
