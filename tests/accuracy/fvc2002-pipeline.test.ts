import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import {
  allPairsErrorRates, bootstrapErrorRates, compareTemplates, computeErrorRates, fmrToThreshold, listFvcComparisons, measureCalibration,
  parseFvcName, prepareTemplate, SCORE_CALIBRATION, type PreparedTemplate, type ScoredSet,
} from '../../src/matching/index.js';
import { createRng } from '../../src/synthetic/index.js';
import { readEvalSets } from '../../src/cli/commands/eval-sets.js';
import { fitKindBlocks, rawScoring } from '../../src/cli/commands/eval-calibration.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters.js';
import { SHIPPED_FIT_KINDS } from '../helpers/calibration.js';
import { describeWithData, sharedPath } from '../helpers/data.js';

/**
 * Regression guard of the whole recognition core (capture decoding → extraction → matching) on
 * the FVC2002 B sets: EER ceilings a little above what the pipeline reaches (so a regression
 * fails CI), and the shipped score calibration recomputed in its mixture form (so a change that
 * moves scores without re-measuring the table fails too: re-run `afis eval calibration … --fit-kinds`
 * and replace src/matching/calibration-table.ts).
 * Cost: 320 extractions and ~105,000 comparisons, then 1,600 perturbed extractions and ~115,000
 * comparisons for the calibration (≈ 1–2 min on one core).
 */
const FVC = `${sharedPath('fvc2002')}/`;
const SETS = ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B'];

interface LoadedSet { names: string[]; t: Array<PreparedTemplate | null> }
const sets: LoadedSet[] = [];
let failed = 0;

async function loadSets(): Promise<void> {
  for (const set of SETS) {
    const names = readdirSync(`${FVC}${set}`).filter((n) => parseFvcName(n)).sort();
    const t: Array<PreparedTemplate | null> = [];
    for (const n of names) {
      try {
        t.push(prepareTemplate(extractTemplate(await decodeCapture(readFileSync(`${FVC}${set}/${n}`), set === 'DB2_B' ? { ppi: 569 } : {}))));
      } catch {
        failed++;
        t.push(null);
      }
    }
    sets.push({ names, t });
  }
}

const score = (s: LoadedSet, a: number, b: number): number => {
  const x = s.t[a], y = s.t[b];
  return x && y ? compareTemplates(x, y) : 0;
};

describeWithData('FVC2002 B sets through extraction and matching (data folder)', () => {
  beforeAll(loadSets, 900_000);

  it('enrols every image', () => {
    expect(failed).toBe(0);
  });

  it('stays under the EER ceilings (FVC protocol and all pairs)', () => {
    const fvc: number[] = [];
    const all: number[] = [];
    for (const s of sets) {
      const cmp = listFvcComparisons(s.names.map((n) => parseFvcName(n)!));
      const gen = cmp.genuine.map(([a, b]) => score(s, a, b));
      fvc.push(computeErrorRates(gen, cmp.impostor.map(([a, b]) => score(s, a, b))).eer);
      all.push(computeErrorRates(gen, cmp.allPairsImpostor.map(([a, b]) => score(s, a, b))).eer);
    }
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    // ceilings: see bench/RESULTS.md for the figures measured when they were set
    expect(Math.max(...all)).toBeLessThan(ALL_PAIRS_MAX_SET_EER);
    expect(mean(all)).toBeLessThan(ALL_PAIRS_MEAN_EER);
    expect(mean(fvc)).toBeLessThan(FVC_MEAN_EER);
  });

  it('stays under the ceilings of the development protocol (all pairs, intervals from resampling fingers)', () => {
    // `afis eval cv`: each set is the held-out fold of a leave-one-set-out cross-validation, so
    // these ceilings guard the cross-validated figures of the shipped parameters
    const scored: ScoredSet[] = sets.map((s) => {
      const n = s.t.length;
      const scores = new Float64Array(n * n);
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) scores[a * n + b] = score(s, a, b);
      return { fingers: s.names.map((nm) => parseFvcName(nm)!.finger), scores };
    });
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const [meanEer, meanFnmr] = bootstrapErrorRates([scored], (r) => [mean(r[0].map((e) => e.eer)), mean(r[0].map((e) => e.fmr1000))], {
      rounds: 100, random: createRng(1).next,
    });
    expect(meanEer.value).toBe(mean(scored.map((s) => allPairsErrorRates(s).eer)));
    expect(meanEer.high).toBeLessThan(CV_MEAN_EER_HIGH);
    expect(meanFnmr.value).toBeLessThan(CV_MEAN_FNMR_AT_FMR1000);
  });

  it('matches the shipped calibration (FMR 1 % and 0.1 % thresholds within 20 %)', async () => {
    // the shipped table's form (calibration-table.ts): every ordered pair of the clean images, within
    // and across sets, plus every ordered pair within each set under the five fit kinds on the fit's
    // seed stream, pooled unweighted (the blocks come from the same function the fit command uses)
    const flat: Array<{ finger: string; t: PreparedTemplate | null }> = [];
    sets.forEach((s, k) => s.names.forEach((n, i) => flat.push({ finger: `${k}:${parseFvcName(n)!.finger}`, t: s.t[i] })));
    const genuine: number[] = [];
    const impostor: number[] = [];
    // the raw scores, as the table is fitted on them (not equated through the band table)
    const raw = rawScoring(MATCHING_PARAMETERS);
    for (let a = 0; a < flat.length; a++) {
      for (let b = 0; b < flat.length; b++) {
        if (a === b) continue;
        const x = flat[a].t, y = flat[b].t;
        const v = x && y ? compareTemplates(x, y, raw) : 0;
        (flat[a].finger === flat[b].finger ? genuine : impostor).push(v);
      }
    }
    expect(impostor.length).toBe(99_840);
    const evalSets = await readEvalSets(SETS.map((s) => `${FVC}${s}${s === 'DB2_B' ? '@569' : ''}`));
    for (const block of fitKindBlocks(evalSets, SHIPPED_FIT_KINDS, 1, raw)) {
      const m = block.fingers.length;
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) if (a !== b) (block.fingers[a] === block.fingers[b] ? genuine : impostor).push(block.scores[a * m + b]!);
    }
    expect(impostor.length).toBe(SCORE_CALIBRATION.impostorComparisons);
    const cal = measureCalibration(genuine, impostor, [0.01, 0.001]);
    for (const p of cal.points) {
      const shipped = fmrToThreshold(p.fmr, SCORE_CALIBRATION);
      expect(
        Math.abs(p.score - shipped) / shipped,
        `FMR ${p.fmr}: threshold now ${p.score.toFixed(1)}, table says ${shipped.toFixed(1)}; scores moved: re-measure with ` +
          '`afis eval calibration ../shared/data/fvc2002/DB{1,2@569,3,4}_B --fit-kinds dry,low-contrast,crop,frame,wet --seed 1 --json` and replace src/matching/calibration-table.ts',
      ).toBeLessThan(0.2);
    }
  }, 900_000);
});

// measured (commit 7f90978): all pairs 1.3–3.3 % per set, mean 2.21 %; FVC protocol mean 1.45 %.
// With the MCC gate on by default (3 December 2026, `afis eval cv`, 300 rounds): all pairs 1.06 /
// 1.78 / 1.57 / 0.46 %, mean 1.21 % [0.26, 2.17], FNMR at FMR 0.1 % 3.39 % [0.89, 5.89]; the
// pre-gate matcher's 1.96 % mean (2.50 % on DB3) would now fail the all-pairs ceilings
// (bench/RESULTS.md, "The MCC gate on by default")
// Since 5 December 2026 (nineteenth session) the ceilings are issue 12's targets where it sets one
// (every fold ≤ 3 %, mean ≤ 1.5 %, FNMR at FMR 0.1 % ≤ 5 %), so CI fails a change that gives up a
// met target: then all pairs 1.06 / 1.06 / 1.43 / 0.42 %, mean 0.99 % [0.21, 1.66], FNMR at FMR
// 0.1 % 2.95 %, FVC protocol mean 0.81 % (DB3 2.18 %: one impostor pair of 45 is a 2.2 % step,
// hence the FVC ceiling's margin)
const ALL_PAIRS_MAX_SET_EER = 0.03;
const ALL_PAIRS_MEAN_EER = 0.015;
const FVC_MEAN_EER = 0.02;
// measured before the gate (commit 3f6d552, `afis eval cv`, 300 rounds): mean all-pairs EER 2.13 %
// [0.92, 3.45], FNMR at FMR 0.1 % 5.71 % [2.14, 8.84]
const CV_MEAN_EER_HIGH = 0.025;
const CV_MEAN_FNMR_AT_FMR1000 = 0.05;
