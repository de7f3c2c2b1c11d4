#!/usr/bin/env node
// The `resolution` perturbation's scale seen by the matcher (issue 12, part 5; "Re-pairing at the
// pairing's scale" in bench/RESULTS.md). Reads perturb-floor.mjs's cache of one seed made with
// `--kinds resolution` (the seeds of `afis eval perturb --kinds resolution` and of
// paired-matching-option.mjs ... resolution SEED) and reports, for the real and the floor
// templates:
//   - the mean all-pairs EER with the given matching parameters, and with every perturbed
//     template declared at its true resolution (ppi × the drawn scale: the oracle, what any
//     re-pairing at the right scale could reach at best);
//   - how well the best pairing's own scale (median ln distance ratio over its pairs of pairs at
//     least MIN_DISTANCE px apart, as `pairingRescaleBound` estimates it) follows the true
//     relative scale on genuine pairs, and its spread (median absolute deviation) on genuine and
//     impostor pairings in the score band.
//
//   node bench/matching/pairing-scale.mjs CACHE.json [MATCHING_JSON] [--min-distance 60] [--band 10,150]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
const [cacheFile, changes] = positional;
if (!cacheFile) { process.stderr.write('usage: pairing-scale.mjs CACHE.json [MATCHING_JSON] [--min-distance 60] [--band 10,150]\n'); process.exit(2); }
const minDistance = Number(option('--min-distance', '60'));
const [bandLow, bandHigh] = option('--band', '10,150').split(',').map(Number);
const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets } = await import(dist('cli/commands/eval-sets.js'));
const { prepareTemplate, compareTemplatesDetailed, allPairsErrorRates } = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS } = await import(dist('config/parameters/matching.js'));
const { PERTURBATION_PARAMETERS } = await import(dist('config/parameters.js'));
const { createRng, mixSeed } = await import(dist('synthetic/index.js'));
const T = JSON.parse(readFileSync(cacheFile, 'utf8'));
if (T.kinds.join() !== 'resolution') throw new Error('the cache must hold --kinds resolution alone');
const params = { ...MATCHING_PARAMETERS, ...JSON.parse(changes || '{}') };
const D = '/work/shared/data/fvc2002';
const fingers = (await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`])).map((s) => s.fingers);
// the scale rescaleImage drew for image i of set k (its first draw of the seed perturbImage uses)
const drawn = (k, i) => 1 + (2 * createRng(mixSeed(T.seed, 0, k, i)).next() - 1) * PERTURBATION_PARAMETERS.resolutionError;
const median = (v) => { const s = [...v].sort((a, b) => a - b); const n = s.length; return n === 0 ? NaN : n & 1 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const quantile = (v, q) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN; };

/** Median ln distance ratio (candidate / probe) and its median absolute deviation over the pairing's pairs of pairs. */
function pairingScale(tp, tc, pairs) {
  const sp = 500 / (tp.ppi || 500), sc = 500 / (tc.ppi || 500);
  const r = [];
  for (let i = 0; i < pairs.length; i++) for (let j = i + 1; j < pairs.length; j++) {
    const a = tp.minutiae[pairs[i].probe], b = tp.minutiae[pairs[j].probe];
    const c = tc.minutiae[pairs[i].candidate], d = tc.minutiae[pairs[j].candidate];
    const dp = Math.hypot(a.x - b.x, a.y - b.y) * sp, dc = Math.hypot(c.x - d.x, c.y - d.y) * sc;
    if (dp >= minDistance && dc > 0) r.push(Math.log(dc / dp));
  }
  const m = median(r);
  return { ls: m, mad: median(r.map((x) => Math.abs(x - m))), n: r.length };
}

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '-');
for (const which of ['real', 'floor']) {
  const lists = T[which].resolution;
  const eers = [], oracle = [];
  const errors = [], madG = [], madI = [], lsI = [];
  for (const [k, list] of lists.entries()) {
    const n = list.length;
    for (const [variant, out] of [['as stored', eers], ['oracle', oracle]]) {
      const ts = list.map((t, i) => (t && variant === 'oracle' ? { ...t, ppi: (t.ppi || 500) * drawn(k, i) } : t));
      const prep = ts.map((t) => (t ? prepareTemplate(t, params) : null));
      const scores = new Float64Array(n * n);
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
        if (!prep[a] || !prep[b]) continue;
        const d = compareTemplatesDetailed(prep[a], prep[b], params);
        scores[a * n + b] = d.score;
        if (variant !== 'as stored' || d.pairs.length < 2) continue;
        const raw = d.score;
        if (raw < bandLow || (bandHigh > 0 && raw > bandHigh)) continue;
        const e = pairingScale(ts[a], ts[b], d.pairs);
        if (!Number.isFinite(e.ls)) continue;
        if (fingers[k][a] === fingers[k][b]) { errors.push(e.ls - Math.log(drawn(k, b) / drawn(k, a))); madG.push(e.mad); }
        else { madI.push(e.mad); lsI.push(Math.abs(e.ls)); }
      }
      out.push(allPairsErrorRates({ fingers: fingers[k], scores }).eer * 100);
    }
  }
  const abs = errors.map(Math.abs);
  process.stdout.write(`${which}: mean EER ${mean(eers).toFixed(2)} % (${eers.map((x) => x.toFixed(2)).join('/')}), oracle ${mean(oracle).toFixed(2)} % (${oracle.map((x) => x.toFixed(2)).join('/')})\n`);
  process.stdout.write(`  genuine in band [${bandLow}, ${bandHigh}] (final score): ${errors.length}, |estimate − true ln s| median ${f2(median(abs))}, 90 % ${f2(quantile(abs, 0.9))}; MAD median ${f2(median(madG))}, 90 % ${f2(quantile(madG, 0.9))}\n`);
  process.stdout.write(`  impostors in band: ${madI.length}, MAD median ${f2(median(madI))}, 10 % ${f2(quantile(madI, 0.1))}; |ln s| median ${f2(median(lsI))}; MAD ≤ 0.03 / 0.05: ${madI.filter((x) => x <= 0.03).length} / ${madI.filter((x) => x <= 0.05).length}\n`);
}
