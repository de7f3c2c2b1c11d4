#!/usr/bin/env node
// Prototype (issue 12, part 5, the `resolution` perturbation): a second comparison at the scale
// the first pairing implies. After a comparison, the paired minutiae's spread about their centroid
// in the candidate over that in the probe estimates the relative scale s; when the pairing has at
// least MIN_PAIRS pairs and LO <= |ln s| <= HI, the probe is compared again rescaled by s (declared
// ppi / s) and the better score kept. Scores the clean templates and the resolution, crop and
// elastic ones of perturb-floor.mjs's cache (run that first with the same --cache file).
//
//   node bench/matching/pairing-rescale.mjs LO HI MIN_PAIRS [MATCHING_JSON]   (cache: /tmp/scale-templates.json,
//        or PERTURB_FLOOR_CACHE=FILE)
// Mean all-pairs EER per kind, per set, FNMR at FMR 0.1 % and the share of comparisons tried twice.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dist = (p) => pathToFileURL(resolve('dist', p)).href;
const { readEvalSets } = await import(dist('cli/commands/eval-sets.js'));
const { prepareTemplate, compareTemplatesDetailed, compareTemplates, allPairsErrorRates } = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS } = await import(dist('config/parameters/matching.js'));
const T = JSON.parse(readFileSync(process.env.PERTURB_FLOOR_CACHE ?? '/tmp/scale-templates.json', 'utf8'));
const D = '/work/shared/data/fvc2002';
const fingers = (await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`])).map((s) => s.fingers);
const [lo, hi, minPairs, extra] = process.argv.slice(2);
const M = { ...MATCHING_PARAMETERS, ...JSON.parse(extra || '{}') };
function fitScale(tp, tc, pairs) {
  const P = pairs.map((q) => tp.minutiae[q.probe]), C = pairs.map((q) => tc.minutiae[q.candidate]);
  const n = P.length; let px = 0, py = 0, cx = 0, cy = 0;
  for (let i = 0; i < n; i++) { px += P[i].x; py += P[i].y; cx += C[i].x; cy += C[i].y; }
  px /= n; py /= n; cx /= n; cy /= n;
  let sp = 0, sc = 0;
  for (let i = 0; i < n; i++) { sp += Math.hypot(P[i].x - px, P[i].y - py); sc += Math.hypot(C[i].x - cx, C[i].y - cy); }
  return sc / sp;
}
for (const name of ['clean', 'resolution', 'crop', 'elastic']) {
  const list = name === 'clean' ? T.clean : T.real[name];
  const e = []; let tries = 0, tot = 0;
  for (const [k, tl] of list.entries()) {
    const n = tl.length; const prep = tl.map((t) => prepareTemplate(t, M)); const scores = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
      const d = compareTemplatesDetailed(prep[a], prep[b], M); let s = d.score; tot++;
      if (d.pairs.length >= Number(minPairs)) {
        const sc = fitScale(tl[a], tl[b], d.pairs); const l = Math.abs(Math.log(sc));
        if (l >= Number(lo) && l <= Number(hi)) { tries++; s = Math.max(s, compareTemplates(prepareTemplate({ ...tl[a], ppi: tl[a].ppi / sc }, M), prep[b], M)); }
      }
      scores[a * n + b] = s;
    }
    e.push(allPairsErrorRates({ fingers: fingers[k], scores }));
  }
  console.log(`${lo}-${hi} min ${minPairs} ${extra||''} ${name}: ${(e.reduce((x, y) => x + y.eer, 0) * 25).toFixed(2)} (${e.map((x) => (x.eer * 100).toFixed(2)).join('/')}) fnmr1000 ${(e.reduce((x, y) => x + y.fmr1000, 0) * 25).toFixed(2)} tries ${(tries / tot).toFixed(3)}`);
}
