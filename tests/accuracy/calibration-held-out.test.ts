import { expect, it } from 'vitest';
import { evaluateHeldOutCalibration } from '../../src/cli/commands/eval-calibration.js';
import { SCORE_CALIBRATION_BY_MINUTIAE } from '../../src/matching/index.js';
import { SHIPPED_FIT_KINDS } from '../helpers/calibration.js';
import { describeWithData, sharedPath } from '../helpers/data.js';

/**
 * Regression guard of the FMR claim on prints the table did not see (issue 12, part 6): the shipped
 * tables' form (clean pairs plus the sets under the five fit kinds, and the pairs below 23 minutiae
 * at their band's own table of that mixture: calibration-table.ts, `calibrationByMinutiae`) fitted
 * leave one set out on the three real sensors of FVC2002 B, and its FMR 1 % and 0.1 % thresholds
 * judged on the held-out set's clean pairs and on its images under the compound a small, framed
 * sensor gives a dry, faint finger (never in the fit). The README quotes these figures; ceilings a
 * little above what was measured, so that an extraction or matcher change that breaks the claim
 * fails CI even when its EER does not move. The point figures only: they do not depend on the
 * bootstrap rounds (kept few here).
 * Cost: 240 images extracted 7 times and ≈ 170,000 comparisons (≈ 1–2 min on one core).
 */
describeWithData('the FMR claim held out on the real sensors (data folder)', () => {
  it('keeps the realised FMR of the 1 % and 0.1 % thresholds under their ceilings, clean and compounded', async () => {
    const specs = [sharedPath('fvc2002', 'DB1_B'), `${sharedPath('fvc2002', 'DB2_B')}@569`, sharedPath('fvc2002', 'DB3_B')];
    // the shipped form: the mixture table, and the band below 23 minutiae at its own mixture table (calibrationByMinutiae)
    const r = await evaluateHeldOutCalibration(specs, {
      kinds: [COMPOUND], fitKinds: SHIPPED_FIT_KINDS, rounds: 20, seed: 1,
      byBand: true, bandBy: 'minutiae', bandEdges: SCORE_CALIBRATION_BY_MINUTIAE.edges, ownBandsBelow: SCORE_CALIBRATION_BY_MINUTIAE.edges[1],
    });
    expect(r.clean.failedToEnrol).toBe(0);
    const realised = (levels: ReadonlyArray<{ level: number; fmr: { value: number | null } }> | undefined, level: number): number =>
      levels!.find((l) => l.level === level)!.fmr.value!;
    for (const [name, levels, ceilings] of [
      ['clean', r.clean.levelsByBandMixture, CLEAN_CEILINGS],
      [COMPOUND, r.perturbations[0]!.levelsByBandMixture, COMPOUND_CEILINGS],
    ] as const) {
      for (const [level, ceiling] of ceilings) expect(realised(levels, level), `${name}, realised FMR at the ${level * 100} % threshold`).toBeLessThan(ceiling);
    }
  }, 900_000);
});

const COMPOUND = 'dry+low-contrast+crop+frame';
// Measured 2026-12-06 (thirty-first session; `node bin/afis.js eval calibration DB1_B DB2_B@569 DB3_B --held-out
// --fit-kinds dry,low-contrast,crop,frame,wet --band-by minutiae --by-band --bands 0,23 --own-bands-below 23 --kinds
// dry+low-contrast+crop+frame --seed 1 --json`, `levelsByBandMixture`, the shipped form since lowband): clean 0.82 %
// and 0.069 % at the 1 % and 0.1 % thresholds, the compound 1.79 % and 0.32 % (the mixture table alone 0.91 / 0.075 %
// and 2.15 / 0.49 %, the table fitted on clean pairs only 1.16 / 0.10 % and 2.53 / 0.63 % on the same draws;
// bench/RESULTS.md "calmix", "lowband"). The ceilings sit about half as high again or more.
const CLEAN_CEILINGS = [[0.01, 0.015], [0.001, 0.002]] as const;
const COMPOUND_CEILINGS = [[0.01, 0.03], [0.001, 0.006]] as const;
