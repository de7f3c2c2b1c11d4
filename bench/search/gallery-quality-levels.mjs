#!/usr/bin/env node
// Does the gallery's coarse minutia quality cost the matcher accuracy in 1:N? (issue 12, part 5:
// the MCC gate on by default, whose overlap share weighs each minutia by (q/100)^overlapShareQuality)
//
//   node bench/search/gallery-quality-levels.mjs DATA_DIR [BUILD] [--shipped-only] [--json]
//
// The gallery kept each minutia's quality in 4 levels (src/index/encode-compact-finger.ts before
// snapshot format afis-gallery-4: floor(q/25) → level·25 + 12; now 2 levels and 256 angle steps,
// see gallery-angle-layouts.mjs), its position to the pixel, its angle in 128 steps and the
// best `maxStoredMinutiae` minutiae of the finger; 1:N's second stage (match-shortlist.ts) reads
// the gallery finger back from that form and compares the probe's full template with it. Here
// every unordered pair (a < b) of each FVC2002 B set (our extraction, DB2 at 569 ppi) is scored
// with a as the probe (its template as extracted) and b as the candidate in three forms:
//   exact    b as extracted (what `eval cv` scores)
//   levels   b with only its minutiae's quality put into the gallery's 4 levels
//   best64   b with only its best maxStoredMinutiae (64) minutiae by quality
//   rounded  b with only its positions rounded to the pixel at 500 ppi and angles to 128 steps
//   pixels   b with only its positions rounded (at 500 ppi); angles  b with only its angles in 128 steps
//   angles256  b with only its angles in 256 steps (one more bit than the gallery keeps; a proposal)
//   gallery  b through the gallery's compact form (flattenTemplate → encodeFinger → readCompactFinger)
// each under the shipped parameters and with overlapShareQuality 0 (counts, not weights), and
// under the pre-gate matcher (the nine defaults of the MCC switch off) for reference. Figures:
// per-set all-pairs EER (genuine pairs against every pair of different fingers), the mean of the
// four, and the mean FNMR at FMR 0.1 %; the last column counts the genuine pairs whose score
// crosses the exact form's EER threshold of their set. Figures in bench/RESULTS.md ("The MCC gate
// on by default").
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const [dataDir, build = '.'] = argv.filter((a) => !a.startsWith('--'));
if (!dataDir) {
  process.stderr.write('usage: gallery-quality-levels.mjs DATA_DIR [BUILD] [--json]\n');
  process.exit(2);
}
const dist = (path) => pathToFileURL(resolve(build, 'dist', path)).href;
const m = await import(dist('matching/index.js'));
const { MATCHING_PARAMETERS } = await import(dist('config/parameters/matching.js'));
const { SEARCH_PARAMETERS } = await import(dist('config/parameters/search.js'));
const { flattenTemplate, readCompactFinger } = await import(dist('index/index.js'));
const { encodeFinger } = await import(dist('index/gallery.js'));
const { readEvalSets, extractEvalSet } = await import(dist('cli/commands/eval-sets.js'));

const PRE_GATE = { mccWeight: 0, mccShortlist: 0, overlapShareExponent: 0, mccBandLow: 0, mccBandHigh: 0, overlapBandLow: 0, overlapBandHigh: 0, mccRelaxDistance: 5, overlapShareQuality: 0 };
const only = argv.includes('--shipped-only');
const variants = [
  ['shipped', { ...MATCHING_PARAMETERS }],
  ['shipped, overlapShareQuality 0', { ...MATCHING_PARAMETERS, overlapShareQuality: 0 }],
  ['pre-gate matcher', { ...MATCHING_PARAMETERS, ...PRE_GATE }],
].filter((v, k) => !only || k === 0);
const level = (q) => Math.min(3, Math.max(0, Math.floor(q / 25))) * 25 + 12;
const forms = {
  exact: (t) => t,
  levels: (t) => ({ ...t, minutiae: t.minutiae.map((x) => ({ ...x, quality: level(x.quality) })) }),
  // the compact form's other two losses, each alone: the best maxStoredMinutiae minutiae (as
  // flattenTemplate orders them), and positions to the pixel with angles in 128 steps
  best64: (t) => {
    const order = t.minutiae.map((_, i) => i).sort((a, b) => t.minutiae[b].quality - t.minutiae[a].quality || a - b);
    return { ...t, minutiae: order.slice(0, SEARCH_PARAMETERS.maxStoredMinutiae).map((i) => t.minutiae[i]) };
  },
  rounded: (t) => {
    const s = t.ppi > 0 ? 500 / t.ppi : 1;
    const step = (2 * Math.PI) / 128;
    return { ...t, width: Math.max(1, Math.round(t.width * s)), height: Math.max(1, Math.round(t.height * s)), ppi: 500, minutiae: t.minutiae.map((x) => ({ ...x, x: Math.round(x.x * s), y: Math.round(x.y * s), angle: (Math.round(x.angle / step) & 127) * step })) };
  },
  // the rounding's two halves alone: positions to the pixel; angles to 128 steps
  pixels: (t) => {
    const s = t.ppi > 0 ? 500 / t.ppi : 1;
    return { ...t, width: Math.max(1, Math.round(t.width * s)), height: Math.max(1, Math.round(t.height * s)), ppi: 500, minutiae: t.minutiae.map((x) => ({ ...x, x: Math.round(x.x * s), y: Math.round(x.y * s) })) };
  },
  angles: (t) => {
    const step = (2 * Math.PI) / 128;
    return { ...t, minutiae: t.minutiae.map((x) => ({ ...x, angle: (Math.round(x.angle / step) & 127) * step })) };
  },
  // what one more bit of angle would give (not the gallery's layout: a proposal)
  angles256: (t) => {
    const step = (2 * Math.PI) / 256;
    return { ...t, minutiae: t.minutiae.map((x) => ({ ...x, angle: (Math.round(x.angle / step) & 255) * step })) };
  },
  gallery: (t) => {
    const e = encodeFinger(flattenTemplate(t), SEARCH_PARAMETERS);
    return readCompactFinger(e.words, 0, e.count, e.quality, !e.minutiaQualityNotReported);
  },
};

const sets = [];
for (const name of ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B']) {
  const [s] = await readEvalSets([`${dataDir}/fvc2002/${name}`]);
  const { templates } = extractEvalSet(s);
  if (templates.some((t) => !t)) throw new Error(`${name}: a failure to enrol`);
  sets.push({ name, fingers: s.fingers, templates });
}

const rows = [];
for (const [label, params] of variants) {
  const thresholds = [];
  for (const [form, f] of Object.entries(forms)) {
    const per = [];
    let crossed = 0, genuineTotal = 0;
    sets.forEach((s, k) => {
      const probes = s.templates.map((t) => m.prepareTemplate(t, params));
      const cands = s.templates.map((t) => m.prepareTemplate(f(t), params));
      const genuine = [], impostor = [];
      const n = s.templates.length;
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (s.fingers[a] === s.fingers[b] ? genuine : impostor).push(m.compareTemplates(probes[a], cands[b], params));
      const r = m.computeErrorRates(genuine, impostor);
      if (form === 'exact') {
        // the score at the EER: the highest impostor score below which FMR ≥ FNMR
        const im = [...impostor].sort((x, y) => y - x);
        thresholds[k] = im[Math.max(0, Math.round(r.eer * im.length) - 1)];
        s[`genuine:${label}`] = genuine;
      } else {
        const ref = s[`genuine:${label}`];
        genuine.forEach((g, i) => { if ((g >= thresholds[k]) !== (ref[i] >= thresholds[k])) crossed++; });
      }
      genuineTotal += genuine.length;
      per.push({ eer: r.eer, fnmrAtFmr1000: r.fmr1000 });
    });
    const mean = (key) => per.reduce((a, p) => a + p[key], 0) / per.length;
    rows.push({ matcher: label, form, eer: per.map((p) => p.eer), meanEer: mean('eer'), meanFnmrAtFmr1000: mean('fnmrAtFmr1000'), genuineCrossingExactEerThreshold: form === 'exact' ? null : crossed, genuine: genuineTotal });
  }
}
if (json) process.stdout.write(JSON.stringify({ build, rows }, null, 1) + '\n');
else {
  const pc = (v) => (100 * v).toFixed(2);
  console.log('| matcher | candidate form | EER % DB1 / DB2 / DB3 / DB4 | mean EER % | mean FNMR at FMR 0.1 % | genuine pairs crossing the exact EER threshold |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.matcher} | ${r.form} | ${r.eer.map(pc).join(' / ')} | ${pc(r.meanEer)} | ${pc(r.meanFnmrAtFmr1000)} | ${r.genuineCrossingExactEerThreshold ?? '–'} of ${r.genuine} |`);
}
