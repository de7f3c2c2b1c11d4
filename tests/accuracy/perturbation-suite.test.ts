import { expect, it } from 'vitest';
import { evaluatePerturbations } from '../../src/cli/commands/eval-perturbation.js';
import { describeWithData, sharedPath } from '../helpers/data.js';

/**
 * Regression guard of robustness: the perturbation suite of `afis eval perturb` (one failure mode
 * of hard prints at a time: a sensor frame, partial low contrast, dry ridges, a second phalanx,
 * residue, ±10 % resolution, a 330 × 360 crop, elastic distortion) on two of the shared sets,
 * with generous ceilings on each perturbation's EER change and false-minutia rate, a little
 * above what was measured (bench/RESULTS.md, "Robustness"). No bootstrap here (rounds 0): the
 * guard needs the figures, not their intervals.
 * Cost: 160 images extracted 9 times (≈ 40–50 s on one quiet core).
 */
describeWithData('perturbation suite on FVC2002 DB1_B and DB4_B (data folder)', () => {
  it('keeps every perturbation under its ceilings', async () => {
    const r = await evaluatePerturbations([sharedPath('fvc2002', 'DB1_B'), sharedPath('fvc2002', 'DB4_B')], { rounds: 0, seed: 1 });
    expect(r.clean.failedToEnrol).toBe(0);
    expect(r.perturbations.map((p) => p.kind)).toEqual(Object.keys(CEILINGS));
    for (const p of r.perturbations) {
      const c = CEILINGS[p.kind as keyof typeof CEILINGS];
      expect(p.change.value, `${p.kind}: EER change`).toBeLessThan(c.change);
      expect(p.falseMinutiaRate ?? 1, `${p.kind}: false-minutia rate`).toBeLessThan(c.falseRate);
    }
  }, 900_000);
});

// measured with `afis eval perturb` on the four sets at commit d4b374a (bench/RESULTS.md): the change
// of the DB1_B + DB4_B mean EER was frame +11.2, low contrast +9.7, dry +2.2, residue +4.4,
// phalanx, resolution, crop and elastic +0.5 to +0.8 points; false-minutia rates (four sets)
// 59, 12, 15, 17, 23, 15, 5 and 21 %. This guard uses other perturbation seeds for DB4_B (the
// seed mixes the set's position), so its ceilings are wide: they catch a pipeline that falls
// apart under a failure mode, not a point of EER (lower them as the suite's figures improve).
const CEILINGS = {
  frame: { change: 0.25, falseRate: 0.9 },
  'low-contrast': { change: 0.22, falseRate: 0.5 },
  dry: { change: 0.12, falseRate: 0.5 },
  phalanx: { change: 0.08, falseRate: 0.5 },
  residue: { change: 0.14, falseRate: 0.6 },
  resolution: { change: 0.08, falseRate: 0.5 },
  crop: { change: 0.08, falseRate: 0.4 },
  elastic: { change: 0.08, falseRate: 0.5 },
};
