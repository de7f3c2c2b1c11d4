// Synthetic impostors against the FVC2002 calibration (a consequence check of the generator, never
// a target for it): per sensor style, `subjects` persons × `impressions` impressions of their
// series finger (`synthesizeSubject`, the same persons in every style), our extraction and
// matcher, all pairs within the style. Reports the share of impostor pairs at or above the
// calibration table's FMR 1 % and 0.1 % thresholds (measured on real FVC2002 impostors, where
// the shares are 1 % and 0.1 % by construction) and the all-pairs genuine EER.
// `npm run build && node bench/synthetic/impostors.mjs [--seed 1301] [--subjects 20] [--impressions 4] [--fvc] [--json]`
// --fvc: the same shares on FVC2002 DB1_B, DB2_B (569 ppi), DB3_B and DB4_B (SFinGe), all
// impostor pairs of all eight impressions (2,880 per set; the calibration's own FVC-protocol
// pairs are a subset), for scale.
// AFIS_DIST=DIR runs another build's compiled code (e.g. a copy of dist/ made before a change).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { extractTemplate } = await import(`${dist}extraction/index.js`);
const { compareTemplates, prepareTemplate, computeErrorRates, SCORE_CALIBRATION } = await import(`${dist}matching/index.js`);
const { synthesizeSubject, SYNTH_STYLES } = await import(`${dist}synthetic/index.js`);

const seed = Number(arg('--seed', '1301'));
const subjects = Number(arg('--subjects', '20'));
const impressions = Number(arg('--impressions', '4'));
const t1 = SCORE_CALIBRATION.points.find((p) => p.fmr === 0.01).score;
const t01 = SCORE_CALIBRATION.points.find((p) => p.fmr === 0.001).score;
const pct = (n, d) => Math.round((1000 * n) / Math.max(1, d)) / 10;

const t0 = performance.now();
const rows = [];
const allImp = [], allGen = [];
for (const style of SYNTH_STYLES.filter((s) => s !== 'mixed')) {
  const items = [];
  for (let s = 1; s <= subjects; s++) {
    const subject = synthesizeSubject(seed, s, { impressions, style, tenPrint: false });
    for (const imp of subject.impressions) {
      try { items.push({ s, t: prepareTemplate(extractTemplate(imp.image.image)) }); } catch { /* failed to enrol */ }
    }
  }
  const gen = [], imp = [];
  for (let a = 0; a < items.length; a++) for (let b = a + 1; b < items.length; b++) (items[a].s === items[b].s ? gen : imp).push(compareTemplates(items[a].t, items[b].t));
  allImp.push(...imp); allGen.push(...gen);
  const e = computeErrorRates(gen, imp);
  rows.push({
    style, images: items.length, genuine: gen.length, impostor: imp.length,
    impostorAtFmr1Percent: pct(imp.filter((x) => x >= t1).length, imp.length),
    impostorAtFmr01Percent: pct(imp.filter((x) => x >= t01).length, imp.length),
    eerPercent: Math.round(e.eer * 10000) / 100,
  });
}
const fvc = [];
if (process.argv.includes('--fvc')) {
  const { decodeCapture } = await import(`${dist}capture/index.js`);
  const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
  for (const [set, ppi] of [['DB1_B'], ['DB2_B', 569], ['DB3_B'], ['DB4_B']]) {
    const items = [];
    for (const n of (await readdir(join(data, set))).filter((x) => x.endsWith('.tif')).sort()) {
      const image = await decodeCapture(new Uint8Array(await readFile(join(data, set, n))), ppi ? { ppi } : {});
      try { items.push({ f: n.split('_')[0], t: prepareTemplate(extractTemplate(image)) }); } catch { /* failed to enrol */ }
    }
    const imp = [];
    for (let a = 0; a < items.length; a++) for (let b = a + 1; b < items.length; b++) if (items[a].f !== items[b].f) imp.push(compareTemplates(items[a].t, items[b].t));
    fvc.push({ set, impostor: imp.length, impostorAtFmr1Percent: pct(imp.filter((x) => x >= t1).length, imp.length), impostorAtFmr01Percent: pct(imp.filter((x) => x >= t01).length, imp.length) });
  }
}
const report = {
  seed, subjects, impressions, thresholds: { fmr1: t1, fmr01: t01 }, rows, ...(fvc.length ? { fvc } : {}),
  all: { impostor: allImp.length, impostorAtFmr1Percent: pct(allImp.filter((x) => x >= t1).length, allImp.length), impostorAtFmr01Percent: pct(allImp.filter((x) => x >= t01).length, allImp.length) },
  seconds: Math.round((performance.now() - t0) / 1000),
};
console.log(JSON.stringify(report, null, process.argv.includes('--json') ? 0 : 1));
