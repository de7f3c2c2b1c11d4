// The statistic the oracle benches report (dry-oracle, dry-check-oracle, smudge-oracle): for
// variants 0…n−1 of one extraction, each scored on the four FVC2002 B sets (all pairs), variant 0's
// mean EER and every other variant's change against it, with 95 % intervals from resampling whole
// fingers (300 rounds, the same draws for every variant, seeded like `afis eval perturb`).
import { bootstrapErrorRates } from '../../dist/matching/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;

/** scored[variant][set]: the per-set error rates; returns [{ value, low, high }] per variant. */
export function changesAgainstFirst(scored, seed) {
  return bootstrapErrorRates(scored, (r) => {
    const m = r.map((x) => mean(x.map((e) => e.eer)));
    return m.map((v, i) => (i === 0 ? v : v - m[0]));
  }, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
}
