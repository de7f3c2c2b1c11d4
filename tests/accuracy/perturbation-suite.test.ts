import { expect, it } from 'vitest';
import { evaluatePerturbations } from '../../src/cli/commands/eval-perturbation.js';
import { describeWithData, sharedPath } from '../helpers/data.js';

/**
 * Regression guard of robustness: the perturbation suite of `afis eval perturb` (one failure mode
 * of hard prints at a time: a sensor frame, partial low contrast, dry ridges, a second phalanx,
 * residue, ±10 % resolution, a 330 × 360 crop, elastic distortion) on two of the shared sets,
 * with ceilings on each perturbation's EER change and false-minutia rate, 2–2.5 points
 * above what was measured (the figures below). No bootstrap here (rounds 0): the
 * guard needs the figures, not their intervals.
 * Then the suite's four capture faults at once (a dry, faint finger on a small, framed sensor:
 * the hidden set where afis does worst), whose cost is not the sum of its parts, and last a wet
 * print (the suite's ninth kind; the costliest single fault), and a print turned 15–30° and a finger
 * that slid (outside the suite).
 * Cost: 160 images extracted 13 times (98 s on an AMD EPYC with AVX-512 VNNI, 7 December 2026).
 */
describeWithData('perturbation suite on FVC2002 DB1_B and DB4_B (data folder)', () => {
  it('keeps every perturbation under its ceilings', async () => {
    const r = await evaluatePerturbations([sharedPath('fvc2002', 'DB1_B'), sharedPath('fvc2002', 'DB4_B')], { rounds: 0, seed: 1, kinds: Object.keys(CEILINGS) });
    expect(r.clean.failedToEnrol).toBe(0);
    expect(r.perturbations.map((p) => p.kind)).toEqual(Object.keys(CEILINGS));
    for (const p of r.perturbations) {
      const c = CEILINGS[p.kind as keyof typeof CEILINGS];
      expect(p.change.value, `${p.kind}: EER change`).toBeLessThan(c.change);
      expect(p.falseMinutiaRate ?? 1, `${p.kind}: false-minutia rate`).toBeLessThan(c.falseRate);
    }
  }, 900_000);
});

// The DB1_B + DB4_B figures of this guard (rounds 0, seed 1), measured at commit 2b8b215 (3 December
// 2026, `evaluatePerturbations` as below): clean mean EER 1.48 %; EER change frame +1.73, low
// contrast +2.09, dry +2.09, phalanx +0.12, residue +2.09, resolution +1.01, crop +1.41, elastic
// +1.11 points; false-minutia rates 5.5, 8.8, 12.1, 7.9, 11.0, 11.4, 6.9 and 15.0 %. The ceilings
// sit about 2–2.5 points and 7–15 % above them: wide enough for an honest parameter change, too
// low for a pipeline that falls apart under a failure mode. The pipeline of commit d4b374a, before
// the frame lines, the residue test and the faded-print test, had frame +11.2, low contrast +9.7,
// residue +4.4 points and frame 59 %, residue 23 % false minutiae (four sets): it would fail.
// Lower them again as the suite's figures improve (bench/RESULTS.md, "Where issue 12 stands").
// The compound (kind index 8, seed 1) measured at commit 6c8c907 (4 December 2026): +5.37 points,
// false-minutia rate 20.2 % (the singles then: +1.07, +1.79, +1.51, −0.35, +2.03, +0.90, +0.71,
// +0.43; false 5.4–15.1 %); ceiling ≈ 3.5 points and 10 % above.
// The wet print (kind index 9, seed 1), added 4 December 2026, measured at commit a3e37fc: +4.30
// points, false-minutia rate 24.3 % (the other kinds as above to the digit); ceiling ≈ 2.7 points
// and 10 % above.
// Lowered on 5 December 2026 (nineteenth session) from the figures of main fde9674 + the counting
// octave flag (same templates), measured on the CI machine with `evaluatePerturbations` as above:
// clean 0.74 %; changes frame +1.04, low contrast +1.06, dry +0.68, phalanx −0.39, residue +1.95,
// resolution +0.86, crop +0.68, elastic +0.18, compound +5.15, wet +3.36 points; false-minutia
// rates 5.7, 9.7, 12.0, 1.6, 11.5, 11.3, 7.4, 14.8, 21.5, 21.4 %. Ceilings about 2 points above the
// singles and 2.5 above the compound and wet (were 3–4.5, 9 and 7); false-minutia rates as before
// except phalanx (0.2 → 0.12), elastic (0.3 → 0.25) and wet (0.34 → 0.3).
// A finger turned 15–30° on the platen (kind index 10, seed 1; outside the suite), added 7 December
// 2026 (thirty-ninth session), measured on main c71cf9c: −0.25 points, false-minutia rate 14.5 %
// (clean 0.61 %; every kind above as the guard reads it today: frame +1.00, low contrast +0.10,
// dry −0.25, phalanx −0.25, residue +0.18, resolution +0.30, crop +0.10, elastic −0.24, compound
// +2.25, wet +0.27). Ceiling 2 points and 0.3: an extraction that leans on an upright print fails.
// The other ceilings lowered with it to about 2 points above those figures (frame kept at 3; the
// compound 7.5 → 4.5, wet 6 → 2.5, residue 4 → 2, the rest 2.5–3 → 2) and the false-minutia rates
// to 5–12 % above them (low contrast, residue and crop 0.2 → 0.15, dry and resolution 0.25 → 0.2,
// phalanx 0.12 → 0.1, the compound and wet 0.3 → 0.25).
const CEILINGS = {
  frame: { change: 0.03, falseRate: 0.15 },
  'low-contrast': { change: 0.02, falseRate: 0.15 },
  dry: { change: 0.02, falseRate: 0.2 },
  phalanx: { change: 0.02, falseRate: 0.1 },
  residue: { change: 0.02, falseRate: 0.15 },
  resolution: { change: 0.02, falseRate: 0.2 },
  crop: { change: 0.02, falseRate: 0.15 },
  elastic: { change: 0.02, falseRate: 0.25 },
  'dry+low-contrast+crop+frame': { change: 0.045, falseRate: 0.25 },
  wet: { change: 0.025, falseRate: 0.25 },
  rotate: { change: 0.02, falseRate: 0.3 },
  smear: { change: 0.1, falseRate: 0.26 },
};
// A finger that slid (`smear`, outside the suite), guarding its undoing (undo-smear.ts and the learned
// gate, models/smear-gate.onnx): measured at commit 76507cd (7 December 2026, `afis eval perturb DB1_B
// DB4_B --kinds smear --seed 1 --rounds 0`) +7.65 points and a false-minutia rate of 21.2 %; with the
// undoing off (`--set smearUndoMinCorrelation=0`) +14.60 and 34.1 %. Ceiling 10 points and 0.26.
