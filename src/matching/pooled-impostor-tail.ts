import type { Estimate } from './bootstrap-error-rates.js';
import type { OrderedScores } from './held-out-calibration.js';

/**
 * FNMR at a false match rate finer than one set's impostors resolve: the threshold is set on
 * every ordered impostor pair of several sets pooled (across sets too, as the calibration table
 * is fitted), and the interval resamples whole fingers, every set on its own (as
 * {@link bootstrapErrorRates} does within a set, which cannot see cross-set pairs). Figures of one
 * draw are weighted sums, so a bootstrap round costs a walk down the top of the impostor list.
 */

/** Which ordered impostor pairs set the threshold: every pair, two images of one set, or of two sets. */
export type ImpostorScope = 'all' | 'within' | 'across';

/** One FMR level's operating point on the pooled impostors. */
export interface PooledTailPoint {
  /** Nominal FMR (fraction). */
  readonly level: number;
  /**
   * The highest impostor score the level must reject (accept when score > this): the
   * (⌊level · impostors⌋ + 1)-th highest, as `measureCalibration` places its threshold just above it.
   */
  readonly excluded: number;
  /** Share of genuine ordered pairs at or below `excluded` (rejected). */
  readonly fnmr: number;
  /** Impostor ordered pairs in scope (weighted under a bootstrap draw). */
  readonly impostor: number;
}

/** One variant's pairs, sorted once: impostors by descending score, genuine pairs with their finger. */
interface TailTable {
  readonly impostorScore: Float64Array;
  readonly impostorA: Int32Array;
  readonly impostorB: Int32Array;
  readonly genuineScore: Float64Array;
  readonly genuineFinger: Int32Array;
}

/** Fingers of the images: global index per image, images per finger, set per finger. */
interface FingerIndex {
  readonly ofImage: Int32Array;
  readonly images: Float64Array;
  readonly set: Int32Array;
  /** Finger indices of each set (the unit a draw resamples). */
  readonly bySet: number[][];
}

function indexFingers(all: OrderedScores): FingerIndex {
  const keys = new Map<string, number>();
  const ofImage = new Int32Array(all.sets.length);
  const setOf: number[] = [];
  all.sets.forEach((s, a) => {
    const key = `${s}:${all.fingers[a]}`;
    let f = keys.get(key);
    if (f === undefined) { f = keys.size; keys.set(key, f); setOf.push(s); }
    ofImage[a] = f;
  });
  const images = new Float64Array(keys.size);
  for (const f of ofImage) images[f]++;
  const setIds = [...new Set(setOf)].sort((a, b) => a - b);
  const bySet = setIds.map((s) => setOf.flatMap((t, f) => (t === s ? [f] : [])));
  return { ofImage, images, set: Int32Array.from(setOf), bySet };
}

function tabulate(all: OrderedScores, fi: FingerIndex, scope: ImpostorScope): TailTable {
  const n = all.sets.length;
  if (all.scores.length !== n * n) throw new RangeError('ordered scores need n × n entries');
  const imp: number[] = [], gen: number[] = [], genF: number[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const fa = fi.ofImage[a]!, fb = fi.ofImage[b]!;
      if (fa === fb) { gen.push(all.scores[a * n + b]!); genF.push(fa); continue; }
      const within = all.sets[a] === all.sets[b];
      if (scope === 'all' || (scope === 'within') === within) imp.push(a * n + b);
    }
  }
  imp.sort((x, y) => all.scores[y]! - all.scores[x]!);
  return {
    impostorScore: Float64Array.from(imp, (i) => all.scores[i]!),
    impostorA: Int32Array.from(imp, (i) => fi.ofImage[Math.floor(i / n)]!),
    impostorB: Int32Array.from(imp, (i) => fi.ofImage[i % n]!),
    genuineScore: Float64Array.from(gen),
    genuineFinger: Int32Array.from(genF),
  };
}

/** Weighted impostor ordered pairs in scope when finger f is drawn c[f] times. */
function impostorWeight(fi: FingerIndex, c: Float64Array, scope: ImpostorScope): number {
  let total = 0, self = 0, within = 0;
  for (const fingers of fi.bySet) {
    let t = 0, s = 0;
    for (const f of fingers) { const w = c[f]! * fi.images[f]!; t += w; s += w * w; }
    within += t * t - s;
    total += t;
    self += s;
  }
  const all = total * total - self;
  return scope === 'all' ? all : scope === 'within' ? within : all - within;
}

function pointsOf(t: TailTable, fi: FingerIndex, c: Float64Array, levels: readonly number[], scope: ImpostorScope): PooledTailPoint[] | null {
  const W = impostorWeight(fi, c, scope);
  let G = 0;
  for (let i = 0; i < t.genuineFinger.length; i++) G += c[t.genuineFinger[i]!]!;
  if (!(W > 0) || !(G > 0)) return null;
  return levels.map((level) => {
    const allowed = Math.floor(level * W + 1e-9);
    // walk down the impostors by distinct score until more than `allowed` reach it
    let excluded = -Infinity, cum = 0;
    for (let i = 0; i < t.impostorScore.length;) {
      const s = t.impostorScore[i]!;
      for (; i < t.impostorScore.length && t.impostorScore[i] === s; i++) cum += c[t.impostorA[i]!]! * c[t.impostorB[i]!]!;
      if (cum > allowed) { excluded = s; break; }
    }
    let miss = 0;
    for (let i = 0; i < t.genuineScore.length; i++) if (t.genuineScore[i]! <= excluded) miss += c[t.genuineFinger[i]!]!;
    return { level, excluded, fnmr: miss / G, impostor: W };
  });
}

/** The pooled operating points of one run's ordered scores at `levels` (no resampling). */
export function pooledImpostorTail(all: OrderedScores, levels: readonly number[], scope: ImpostorScope = 'all'): PooledTailPoint[] {
  const fi = indexFingers(all);
  const points = pointsOf(tabulate(all, fi, scope), fi, new Float64Array(fi.images.length).fill(1), levels, scope);
  if (!points) throw new RangeError('the pooled tail needs impostor and genuine pairs');
  return points;
}

/**
 * Bootstrap over whole fingers of {@link pooledImpostorTail}: each round draws, in every set
 * independently, as many of its fingers as it has, with replacement (a finger drawn twice counts
 * its genuine pairs twice; pairs of two draws of one finger are neither genuine nor impostor), and
 * recomputes every variant's points on that draw, so variants are compared paired. `variants` must
 * hold the same images (sets and fingers) in the same order. `statistic` turns the points
 * [variant][level] into figures; the result gives each on the full data with its central `level`
 * percentile interval. `random` is uniform in [0, 1), seeded by the caller.
 */
export function bootstrapPooledImpostorTail(
  variants: readonly OrderedScores[],
  levels: readonly number[],
  statistic: (points: PooledTailPoint[][]) => number[],
  options: { rounds: number; random: () => number; level?: number; scope?: ImpostorScope },
): Estimate[] {
  if (variants.length === 0) throw new RangeError('no variant');
  const scope = options.scope ?? 'all';
  const fi = indexFingers(variants[0]!);
  for (const v of variants) {
    if (v.sets.length !== variants[0]!.sets.length || v.sets.some((s, a) => s !== variants[0]!.sets[a] || v.fingers[a] !== variants[0]!.fingers[a])) {
      throw new RangeError('every variant must hold the same images');
    }
  }
  const tables = variants.map((v) => tabulate(v, fi, scope));
  const F = fi.images.length;
  const full = statistic(tables.map((t) => pointsOf(t, fi, new Float64Array(F).fill(1), levels, scope)!));
  const samples: number[][] = full.map(() => []);
  for (let r = 0; r < options.rounds; r++) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const c = new Float64Array(F);
      for (const fingers of fi.bySet) for (let i = 0; i < fingers.length; i++) c[fingers[Math.floor(options.random() * fingers.length)]!]++;
      const points = tables.map((t) => pointsOf(t, fi, c, levels, scope));
      if (points.some((p) => p === null)) continue;
      statistic(points as PooledTailPoint[][]).forEach((v, i) => samples[i]!.push(v));
      break;
    }
  }
  const q = options.level ?? 0.95;
  return full.map((value, i) => {
    const s = Float64Array.from(samples[i]!.filter(Number.isFinite)).sort();
    const at = (p: number): number => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.floor(p * s.length)))]! : value);
    return { value, low: at((1 - q) / 2), high: at(1 - (1 - q) / 2) };
  });
}
