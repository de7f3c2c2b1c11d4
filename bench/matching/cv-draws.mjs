#!/usr/bin/env node
// Which fingers push `eval cv`'s change interval up (issue 12 part 5, mccq): the same statistic as
// `afis eval cv --candidate …` (shipped + the candidates, leave-one-set-out choice in every
// bootstrap draw, the same seed and draws), and per draw the cross-validated change, the per-set
// EER change of each candidate against shipped, and how often each finger was drawn. Reports the
// interval, the draws above zero, and per set and finger the mean change of the set's EER in draws
// that took the finger at least twice minus that in draws that did not take it (which fingers
// decide a set), for the last candidate.
//
//   node bench/matching/cv-draws.mjs SET_DIR[@PPI] … --candidate N=V,… [--candidate …] [--rounds 300] [--seed 1] [--base N=V,…]
//
// --base: the parameters everything is compared with (and that win ties) instead of the shipped
// ones, e.g. a candidate the new option goes on top of.
//
// Figures in bench/RESULTS.md ("Minutia quality in the MCC gate").
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { parameterOverrides } from '../../dist/cli/commands/eval-cross-validation.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { bootstrapErrorRates, crossValidateSets } from '../../dist/matching/index.js';
import { createRng } from '../../dist/synthetic/create-rng.js';

const args = process.argv.slice(2);
const candidates = [];
let rounds = 300, seed = 1, base = null;
const specs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--candidate') candidates.push(args[++i].split(','));
  else if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (args[i] === '--seed') seed = Number(args[++i]);
  else if (args[i] === '--base') base = args[++i].split(',');
  else specs.push(args[i]);
}
if (!specs.length || !candidates.length) { process.stderr.write('usage: cv-draws.mjs SET… --candidate N=V,… [--rounds R] [--seed S]\n'); process.exit(2); }
const sets = await readEvalSets(specs);
const templates = sets.map((s) => extractEvalSet(s).templates);
const variants = [base ? parameterOverrides(base, '--base').matching ?? MATCHING_PARAMETERS : MATCHING_PARAMETERS, ...candidates.map((c) => parameterOverrides(c, '--candidate').matching ?? MATCHING_PARAMETERS)]
  .map((p) => sets.map((s, k) => scoreEvalSet(s.fingers, templates[k], p)));
const S = sets.length;
const fingerLabels = sets.map((s) => [...new Set(s.fingers)].sort((a, b) => a - b));
const rng = createRng(seed).next;
const recent = [];
const random = () => { const r = rng(); recent.push(r); if (recent.length > 1000) recent.splice(0, recent.length - 1000); return r; };
const draws = [];
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const statistic = (rates) => {
  const eer = rates.map((row) => row.map((r) => r.eer));
  const cv = crossValidateSets(eer);
  const change = cv.mean - mean(eer[0]);
  // the randoms of this draw: the last F per set, sets in order
  const total = fingerLabels.reduce((a, f) => a + f.length, 0);
  const rs = recent.slice(-total);
  let at = 0;
  const counts = fingerLabels.map((f) => { const c = new Array(f.length).fill(0); for (let i = 0; i < f.length; i++) c[Math.floor(rs[at++] * f.length)]++; return c; });
  draws.push({ change, setChange: eer[eer.length - 1].map((e, k) => e - eer[0][k]), shippedFolds: cv.folds.filter((f) => f.chosen === 0).length, counts });
  return [change];
};
const [est] = bootstrapErrorRates(variants, statistic, { rounds, random });
draws.shift(); // the full-data statistic, not a draw
const r2 = (x) => +(100 * x).toFixed(2);
const above = draws.filter((d) => d.change > 0);
const fingers = sets.map((s, k) => fingerLabels[k].map((f, i) => {
  const twice = draws.filter((d) => d.counts[k][i] >= 2), none = draws.filter((d) => d.counts[k][i] === 0);
  return { finger: f, effect: twice.length && none.length ? r2(mean(twice.map((d) => d.setChange[k])) - mean(none.map((d) => d.setChange[k]))) : null };
}).sort((a, b) => (b.effect ?? 0) - (a.effect ?? 0)).slice(0, 3));
process.stdout.write(`${JSON.stringify({
  base: base ? base.join(',') : 'shipped', candidates: candidates.map((c) => c.join(',')), rounds, seed,
  change: { value: r2(est.value), low: r2(est.low), high: r2(est.high) },
  drawsAboveZero: above.length, drawsKeepingShippedOnAFold: draws.filter((d) => d.shippedFolds > 0).length,
  setChangeInDrawsAboveZero: sets.map((s, k) => ({ set: s.label, mean: above.length ? r2(mean(above.map((d) => d.setChange[k]))) : null, overall: r2(mean(draws.map((d) => d.setChange[k]))) })),
  fingersThatRaiseTheChange: sets.map((s, k) => ({ set: s.label, top: fingers[k] })),
})}\n`);
