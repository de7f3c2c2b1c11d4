#!/usr/bin/env node
// Could the print's mean ridge period tell the matcher the relative scale of two prints (issue 12,
// part 5, the `resolution` perturbation)? Per image of the four FVC2002 B sets: the median period
// of the blocks whose ridge period was measured (analyzeFingerprint's frequency field), of the
// clean image and of the image rescaled by `afis eval perturb`'s resolution perturbation (same
// seeds as `--kinds resolution,...`). Prints how well the period ratio follows the applied scale
// and how much it varies between impressions of one finger, then scores clean and resolution
// templates with the probe rescaled by the two prints' period ratio r = period(C) / period(P) (by
// declaring its resolution ppi / r) whenever |ln r| > T:
//   max     - the better of the comparison as it is and the rescaled one,
//   replace - the rescaled comparison only,
// with the ratio shrunk to r^SHRINK. A prototype in the bench: nothing in src reads the period.
//
//   node bench/matching/period-rescale.mjs DATA_DIR [T,MODE,SHRINK ...]     e.g. 0.05,max,1 0.05,replace,0.5
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { medianPeriodOf } from './median-period.mjs';

const [dataDir, ...variantSpecs] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: period-rescale.mjs DATA_DIR [T,MODE,SHRINK ...]\n');
  process.exit(2);
}
const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets } = await import(dist('cli/commands/eval-sets.js'));
const { analyzeFingerprint, extractTemplate, withHeldOutRidgeNet } = await import(dist('extraction/index.js'));
const { EXTRACTION_PARAMETERS } = await import(dist('config/parameters.js'));
const { perturbImage } = await import(dist('perturbation/index.js'));
const { mixSeed } = await import(dist('synthetic/index.js'));
const { prepareTemplate, compareTemplates, allPairsErrorRates } = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS: M } = await import(dist('config/parameters/matching.js'));

const sets = await readEvalSets(['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => `${dataDir}/fvc2002/${s}`));
const medianPeriod = medianPeriodOf(analyzeFingerprint, EXTRACTION_PARAMETERS);
// per set: fingers, clean and perturbed templates and periods, applied scale
const data = sets.map((s, k) => {
  // (each set read with the ridge network fold that never saw it when the shipped network was trained on it: withHeldOutRidgeNet)
  const rows = withHeldOutRidgeNet(s.heldOutModel, () => s.items.map((it, i) => {
    const p = perturbImage(it.image, 'resolution', mixSeed(1, 0, k, i));
    return {
      clean: extractTemplate(it.image), real: extractTemplate(p.image),
      c: medianPeriod(it.image), r: medianPeriod(p.image), s: p.mapPoint(1000, 0)[0] / 1000,
    };
  }));
  process.stderr.write(`${s.label}\n`);
  return { fingers: s.fingers, rows };
});

const q = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(p * (s.length - 1))]; };
const f3 = (v) => v.toFixed(3);
const track = [], genuine = [], impostor = [], pertTrue = [], pertErr = [];
for (const d of data) {
  const n = d.rows.length;
  for (const x of d.rows) if (x.c && x.r) track.push(Math.abs(Math.log(x.r / x.c) - Math.log(x.s)));
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    const A = d.rows[a], B = d.rows[b];
    const l = Math.abs(Math.log(A.c / B.c));
    if (d.fingers[a] !== d.fingers[b]) { impostor.push(l); continue; }
    genuine.push(l);
    const t = Math.log(A.s / B.s);
    pertTrue.push(Math.abs(t));
    pertErr.push(Math.abs(Math.log(A.r / B.r) - t));
  }
}
console.log(`|ln(period ratio) - ln(applied scale)| per image: median ${f3(q(track, 0.5))}, 95 % ${f3(q(track, 0.95))}`);
console.log(`clean genuine pairs |ln period ratio|: median ${f3(q(genuine, 0.5))}, 90 % ${f3(q(genuine, 0.9))}; impostor pairs: median ${f3(q(impostor, 0.5))}, 90 % ${f3(q(impostor, 0.9))}`);
console.log(`resolution genuine pairs: |ln true scale| median ${f3(q(pertTrue, 0.5))}, 90 % ${f3(q(pertTrue, 0.9))}; error of the period ratio median ${f3(q(pertErr, 0.5))}, 90 % ${f3(q(pertErr, 0.9))}`);

function score(which, T, mode, shrink) {
  const out = [];
  for (const d of data) {
    const list = d.rows.map((x) => x[which]);
    const period = d.rows.map((x) => (which === 'clean' ? x.c : x.r));
    const n = list.length;
    const prep = list.map((t) => prepareTemplate(t, M));
    const scaled = new Map();
    const scores = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
      let s = compareTemplates(prep[a], prep[b], M);
      const lr = Math.log(period[b] / period[a]);
      if (T > 0 && Math.abs(lr) > T) {
        const r = Math.exp(lr * shrink);
        const key = `${a}:${r.toFixed(3)}`;
        let pa = scaled.get(key);
        if (!pa) { pa = prepareTemplate({ ...list[a], ppi: list[a].ppi / r }, M); scaled.set(key, pa); }
        const s2 = compareTemplates(pa, prep[b], M);
        s = mode === 'replace' ? s2 : Math.max(s, s2);
      }
      scores[a * n + b] = s;
    }
    out.push(allPairsErrorRates({ fingers: d.fingers, scores }));
  }
  const m = (k) => (100 * out.reduce((a, x) => a + x[k], 0)) / out.length;
  return `${m('eer').toFixed(2)} % (${out.map((x) => (100 * x.eer).toFixed(2)).join('/')}), FNMR at FMR 0.1 % ${m('fmr1000').toFixed(2)} %`;
}
for (const spec of ['0,max,1', ...variantSpecs]) {
  const [T, mode, shrink] = spec.split(',');
  console.log(`T ${T} ${mode} shrink ${shrink}: clean ${score('clean', Number(T), mode, Number(shrink))}; resolution ${score('real', Number(T), mode, Number(shrink))}`);
}
