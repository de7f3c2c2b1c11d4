import { ConfigError } from '../../core/index.js';
import type { ExtractionParameters, MatchingParameters } from '../../config/parameters.js';
import { bootstrapErrorRates, median, type ErrorRates, type ScoredSet } from '../../matching/index.js';
import { EXTRA_PERTURBATION_KINDS, parsePerturbation, perturbImage, PERTURBATION_KINDS, type PerturbedImage } from '../../perturbation/index.js';
import { createRng, mixSeed } from '../../synthetic/index.js';
import type { Template } from '../../templates/index.js';
import { extractEvalSet, readEvalSets, scoreEvalSet } from './eval-sets.js';

export interface PerturbationOptions {
  readonly kinds?: readonly string[];
  /** Parameters to use instead of the shipped ones (a candidate to judge on the suite). */
  readonly extraction?: ExtractionParameters;
  readonly matching?: MatchingParameters;
  readonly rounds: number;
  readonly seed: number;
  readonly ppi?: number;
  /** Each set's ridge network, a file pattern with {set} (readEvalSets). */
  readonly ridgeModels?: string;
  readonly progress?: (line: string) => void;
}

/** A perturbed minutia counts as the same as a clean one within this distance (pixels) and angle (radians). */
const SAME_DISTANCE = 12;
const SAME_ANGLE = Math.PI / 6;

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const r5 = (v: number): number => Math.round(v * 1e5) / 1e5;

/**
 * Minutiae of `perturbed` with no minutia of `clean` (moved where the perturbation moved the
 * print) nearby and turned alike: the minutiae the perturbation created. Returns [false, total].
 */
function countFalseMinutiae(clean: Template, perturbed: Template, map: PerturbedImage['mapPoint']): [number, number] {
  const moved: Array<{ x: number; y: number; a: number }> = [];
  for (const m of clean.minutiae) {
    const p = map(m.x, m.y);
    if (!p) continue;
    // the direction moves with a point a few pixels along it (template angles: counter-clockwise, y down)
    const q = map(m.x + 6 * Math.cos(m.angle), m.y - 6 * Math.sin(m.angle));
    moved.push({ x: p[0], y: p[1], a: q ? Math.atan2(-(q[1] - p[1]), q[0] - p[0]) : m.angle });
  }
  let bad = 0;
  for (const m of perturbed.minutiae) {
    const found = moved.some((c) => {
      if ((c.x - m.x) ** 2 + (c.y - m.y) ** 2 > SAME_DISTANCE * SAME_DISTANCE) return false;
      let d = Math.abs(c.a - m.angle) % (2 * Math.PI);
      if (d > Math.PI) d = 2 * Math.PI - d;
      return d <= SAME_ANGLE;
    });
    if (!found) bad++;
  }
  return [bad, perturbed.minutiae.length];
}

/**
 * The perturbation suite of issue 12 (`afis eval perturb`): every image of every set is
 * perturbed (independently, seeded per image) by one failure mode at a time, or by a chain of
 * them written "a+b" (a hard capture's compound: see `parsePerturbation`), and the sets are
 * evaluated again, all pairs. Per perturbation: the mean all-pairs EER and its change against
 * the clean images (paired bootstrap over whole fingers, 95 %), the false-minutia rate (share
 * of minutiae of the perturbed image with no counterpart among the clean image's minutiae,
 * moved by the perturbation's known geometry) and the minutiae count relative to clean.
 */
export async function evaluatePerturbations(specs: readonly string[], options: PerturbationOptions) {
  const kinds = (options.kinds?.length ? options.kinds : PERTURBATION_KINDS) as readonly string[];
  for (const k of kinds) {
    if (!parsePerturbation(k)) {
      throw new ConfigError('AFIS_CLI_USAGE', `--kinds: unknown perturbation "${k}" (one of ${[...PERTURBATION_KINDS, ...EXTRA_PERTURBATION_KINDS].join(', ')}, or several joined by +)`);
    }
  }
  const sets = await readEvalSets(specs, options.ppi, options.ridgeModels);
  options.progress?.('clean\n');
  const params = options.extraction ? { parameters: options.extraction } : {};
  const clean = sets.map((s) => extractEvalSet(s, params));
  const cleanScored = sets.map((s, k) => scoreEvalSet(s.fingers, clean[k].templates, options.matching));
  const rows = [];
  let cleanEer: { value: number; low: number; high: number } | undefined;
  for (const [kindIndex, kind] of kinds.entries()) {
    options.progress?.(`${kind}\n`);
    const scored: ScoredSet[] = [];
    let falseCount = 0, perturbedCount = 0, cleanCount = 0, failed = 0;
    const ms: number[] = [];
    for (const [k, set] of sets.entries()) {
      const maps: Array<PerturbedImage['mapPoint'] | undefined> = [];
      const extracted = extractEvalSet(set, {
        ...params,
        transform: (image, i) => {
          const p = perturbImage(image, kind, mixSeed(options.seed, kindIndex, k, i));
          maps[i] = p.mapPoint;
          return p.image;
        },
      });
      ms.push(...extracted.extractMs);
      extracted.templates.forEach((t, i) => {
        const c = clean[k].templates[i];
        if (!t) { failed++; return; }
        const map = maps[i];
        if (!c || !map) return;
        const [bad, total] = countFalseMinutiae(c, t, map);
        falseCount += bad;
        perturbedCount += total;
        cleanCount += c.minutiae.length;
      });
      scored.push(scoreEvalSet(set.fingers, extracted.templates, options.matching));
    }
    const statistic = (r: ErrorRates[][]): number[] => {
      const c = mean(r[0].map((x) => x.eer)), p = mean(r[1].map((x) => x.eer));
      return [c, p, p - c, ...r[1].map((x) => x.eer)];
    };
    const f = bootstrapErrorRates([cleanScored, scored], statistic, { rounds: options.rounds, random: createRng(mixSeed(options.seed, kindIndex)).next });
    cleanEer ??= { value: r5(f[0].value), low: r5(f[0].low), high: r5(f[0].high) };
    rows.push({
      kind,
      meanEer: { value: r5(f[1].value), low: r5(f[1].low), high: r5(f[1].high) },
      change: { value: r5(f[2].value), low: r5(f[2].low), high: r5(f[2].high) },
      setEer: f.slice(3).map((e) => r5(e.value)),
      falseMinutiaRate: perturbedCount ? r5(falseCount / perturbedCount) : null,
      minutiaeRatio: cleanCount ? r5(perturbedCount / cleanCount) : null,
      failedToEnrol: failed,
      extractMsMedian: ms.length ? Math.round(median(ms) * 10) / 10 : null,
    });
  }
  return {
    protocol: 'all pairs, every image perturbed; change = perturbed − clean mean EER, 95 % interval from resampling whole fingers (paired)',
    rounds: options.rounds,
    seed: options.seed,
    sets: sets.map((s) => s.label),
    clean: { meanEer: cleanEer ?? null, failedToEnrol: clean.reduce((n, c) => n + c.templates.filter((t) => !t).length, 0) },
    perturbations: rows,
  };
}
